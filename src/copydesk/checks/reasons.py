"""Why an article is risky: its issues grouped by check, the weightiest first.

``risk_reasons(segments)`` takes an article's segments as (segment risk, issues)
pairs, the issues as ``Issue`` objects or as the dictionaries ``Issue.to_dict``
makes (what the desk stores), and returns up to ``limit`` ``RiskReason``: one per
check and severity, with how many segments it concerns, the message of its first
issue and the share of the article risk (``registry.article_risk``, the mean of the
segment risks) that those segments carry. An article none of whose checks fired
gets one reason without a check: its risk comes from the segments themselves
(length, numbers, names, clauses). The inbox shows these beside the risk.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from copydesk.checks.base import Issue, Severity

_RANK = {Severity.BLOCKER.value: 0, Severity.MAJOR.value: 1, Severity.MINOR.value: 2}
NO_ISSUE = ("No check found a problem; the risk comes from the segments themselves: their "
            "length and their numbers, names and clauses.")


@dataclass(frozen=True)
class RiskReason:
    check: str | None  # None: no check fired, the risk is the segments' own
    severity: str | None
    message: str  # the first such issue's message
    segments: tuple[int, ...]  # indexes of the segments concerned, in order
    share: float  # part of the article risk those segments carry, in [0, 1]

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.check, "severity": self.severity, "message": self.message,
                "segments": list(self.segments), "share": self.share}


def _fields(issue: Issue | Mapping[str, Any]) -> tuple[str, str, str]:
    if isinstance(issue, Issue):
        return issue.check, Severity(issue.severity).value, issue.message
    return (str(issue.get("check", "")), str(issue.get("severity", "")),
            str(issue.get("message", "")))


def risk_reasons(segments: Sequence[tuple[float, Sequence[Issue | Mapping[str, Any]]]],
                 limit: int = 3) -> list[RiskReason]:
    """The main reasons for an article's risk, blockers first, then by weight."""
    total = sum(max(risk, 0.0) for risk, _ in segments)
    groups: dict[tuple[str, str], tuple[str, list[int]]] = {}
    for index, (_, issues) in enumerate(segments):
        for issue in issues:
            check, severity, message = _fields(issue)
            _, where = groups.setdefault((check, severity), (message, []))
            if not where or where[-1] != index:
                where.append(index)
    if not groups:
        if not segments:
            return []
        return [RiskReason(None, None, NO_ISSUE, tuple(range(len(segments))), 1.0)]
    reasons = []
    for (check, severity), (message, where) in groups.items():
        carried = sum(max(segments[i][0], 0.0) for i in where)
        reasons.append(RiskReason(check, severity, message, tuple(where),
                                  round(carried / total, 4) if total else 0.0))
    reasons.sort(key=lambda r: (_RANK.get(r.severity or "", 3), -r.share, -len(r.segments),
                                r.check or ""))
    return reasons[:max(limit, 0)]


# What each check's reasons are called where space is short (the inbox), in an
# editor's words; a check not listed here is named by its id.
LABELS = {
    "numbers": "number mismatch", "dates": "date changed", "names": "names changed",
    "quotes": "quotation changed", "attribution": "attribution lost",
    "negation": "negation lost", "untranslated": "left untranslated",
    "wrong-language": "wrong language", "length": "length off", "markup": "formatting lost",
    "glossary": "glossary term", "consistency": "inconsistent wording",
    "house-style": "house style", "spelling": "spelling", "engine": "engine note",
    "quality-estimate": "language model's flags",
}
NO_ISSUE_LABEL = "no check fired (length, names, numbers)"


def label(reason: RiskReason) -> str:
    """The reason in two or three words, e.g. "names changed"."""
    if reason.check is None:
        return NO_ISSUE_LABEL
    return LABELS.get(reason.check, reason.check.replace("-", " "))


def summary(reasons: Sequence[RiskReason]) -> str:
    """The reasons on one line, e.g. "number mismatch (blocker), names changed ×3": × the
    segments concerned; a check named once, at its weightiest severity."""
    parts, named = [], set()
    for reason in reasons:
        name = label(reason)
        if name in named:
            continue
        named.add(name)
        count = len(reason.segments) if reason.check is not None else 1
        blocker = " (blocker)" if reason.severity == Severity.BLOCKER.value else ""
        parts.append(name + (f" ×{count}" if count > 1 else "") + blocker)
    return ", ".join(parts)
