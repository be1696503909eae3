"""The desk's narrow seam to the automatic checks (``copydesk.checks.registry``).

The desk stores issues as JSON on each segment, each with an ``id`` (a digest
of the issue: check, severity, message and spans), so an editor's override
names the one issue it covers; a segment's risk and the translation's risk
order the review queue.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from copydesk import glossary
from copydesk.checks import registry
from copydesk.checks.base import SegmentContext, Severity
from copydesk.glossary import Glossary

BLOCKER = Severity.BLOCKER.value
# A pair long enough for every check to run, the language identifier included.
WARM_UP_PAIR = ("The council said on Monday that the new bridge would cost 3.5 million euros.",
                "Der Rat sagte am Montag, die neue Brücke werde 3,5 Millionen Euro kosten.")


@dataclass(frozen=True)
class Verdict:
    """What the checks found on one segment."""

    issues: list[dict[str, Any]] = field(default_factory=list)
    risk: float = 0.0


def issue_id(issue: Mapping[str, Any]) -> str:
    """The issue's id: stored with it, or (for issues stored before ids) computed alike."""
    stored = issue.get("id")
    if isinstance(stored, str) and stored:
        return stored
    described = {k: v for k, v in issue.items() if k != "id"}
    text = json.dumps(described, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def identified(issues: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The issues as the desk stores them: each with its ``id``."""
    return [{**issue, "id": issue_id(issue)} for issue in issues]


def check_pairs(pairs: Sequence[tuple[str, str]], *, source_language: str,
                target_language: str, edition: Mapping[str, Any]) -> list[Verdict]:
    """Run the checks on every (source, target) pair of one translation, in order."""
    context = SegmentContext(source_lang=source_language, target_lang=target_language,
                             edition=edition, glossary=_glossary(edition, source_language,
                                                                 target_language))
    found = registry.check_article(list(pairs), context)
    return [Verdict(identified(issue.to_dict() for issue in issues),
                    registry.segment_risk(source, target, issues, context))
            for (source, target), issues in zip(pairs, found, strict=True)]


def translation_risk(segment_risks: Sequence[float]) -> float:
    return registry.article_risk(list(segment_risks))


def check_one(index: int, pairs: Sequence[tuple[str, str]], *, source_language: str,
              target_language: str, edition: Mapping[str, Any]) -> Verdict:
    """Check ``pairs[index]`` alone, with the whole translation as context."""
    context = SegmentContext(source_lang=source_language, target_lang=target_language,
                             edition=edition, article=tuple(pairs),
                             glossary=_glossary(edition, source_language, target_language))
    source, target = pairs[index]
    issues = registry.run_checks(source, target, context)
    return Verdict(identified(issue.to_dict() for issue in issues),
                   registry.segment_risk(source, target, issues, context))


def warm_up() -> None:
    """Run the checks once, so what they load on first use (the language identifier's
    model, locale data) is in memory before a web server forks its processes."""
    check_pairs([WARM_UP_PAIR], source_language="en", target_language="de", edition={})


def _glossary(edition: Mapping[str, Any], source_language: str,
              target_language: str) -> Glossary | None:
    return glossary.for_edition(edition, source_language or None, target_language)
