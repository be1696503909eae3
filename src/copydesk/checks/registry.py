"""Find the installed checks, run them on segments and turn issues into a risk score.

Checks register as entry points in the group ``copydesk.checks`` (built-ins and
plugins alike). A check that fails to import is skipped with a logged warning,
and a check that raises while running counts as "no issue" plus a warning, so
one faulty check never stops a run over thousands of segments.

Edition options read here (``SegmentContext.edition``, from ``settings.edition(lang)``):

``checks.disabled``
    list of check ids never run for this edition, e.g. ``["length"]``;
``checks.enabled``
    if given, only these check ids run for this edition.

Risk: each issue has a weight by severity (blocker 0.9, major 0.5, minor 0.1);
a segment's risk is ``1 - prod(1 - weight)``, so it grows with every issue but
never passes 1, and one blocker outweighs several minor issues.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from functools import cache
from importlib.metadata import entry_points

from copydesk.checks.base import Check, Issue, SegmentContext, Severity

log = logging.getLogger(__name__)

GROUP = "copydesk.checks"
WEIGHTS: dict[Severity, float] = {Severity.BLOCKER: 0.9, Severity.MAJOR: 0.5, Severity.MINOR: 0.1}


@cache
def check_classes() -> dict[str, type[Check]]:
    """All installed checks by id, in id order; ones that fail to import are skipped."""
    found: dict[str, type[Check]] = {}
    for point in entry_points(group=GROUP):
        try:
            cls = point.load()
        except Exception as exc:  # a broken plugin must not stop the others
            log.warning("Check %r could not be loaded and is skipped: %s", point.name, exc)
            continue
        found[point.name] = cls
    return dict(sorted(found.items()))


@cache
def _instance(check_id: str) -> Check:
    return check_classes()[check_id]()


def selected_checks(context: SegmentContext, *, enabled: Collection[str] | None = None,
                    disabled: Collection[str] = ()) -> list[str]:
    """The ids of the checks to run, after the caller's and the edition's choices."""
    options = (context.edition or {}).get("checks") or {}
    if not isinstance(options, Mapping):
        options = {}
    ids = list(check_classes())
    for allowed in (enabled, options.get("enabled")):
        if allowed is not None:
            ids = [i for i in ids if i in set(allowed)]
    blocked = set(disabled) | set(options.get("disabled") or ())
    return [i for i in ids if i not in blocked]


def run_checks(source: str, target: str, context: SegmentContext, *,
               enabled: Collection[str] | None = None,
               disabled: Collection[str] = ()) -> list[Issue]:
    """Run the selected checks on one segment and return all their issues."""
    issues: list[Issue] = []
    for check_id in selected_checks(context, enabled=enabled, disabled=disabled):
        try:
            issues.extend(_instance(check_id).run(source, target, context))
        except Exception as exc:  # checks must not raise; contain the ones that do
            log.warning("Check %r failed on a segment and reported nothing: %r", check_id, exc)
    return issues


def check_article(pairs: Sequence[tuple[str, str]], context: SegmentContext, *,
                  enabled: Collection[str] | None = None,
                  disabled: Collection[str] = ()) -> list[list[Issue]]:
    """Run the checks on every (source, target) pair, with the whole article in context."""
    article_context = replace(context, article=tuple(pairs))
    return [run_checks(s, t, article_context, enabled=enabled, disabled=disabled)
            for s, t in pairs]


def risk(issues: Sequence[Issue]) -> float:
    """Risk of one segment in [0, 1]: ``1 - prod(1 - weight)`` over its issues."""
    safe = 1.0
    for issue in issues:
        safe *= 1.0 - WEIGHTS.get(Severity(issue.severity), 0.0)
    return round(1.0 - safe, 4)


def article_risk(segment_risks: Sequence[float]) -> float:
    """Risk of a whole article in [0, 1]: its riskiest segment, raised by the others.

    ``top + (1 - top) * mean(rest)``: one blocker makes an article risky, and many
    medium-risk segments rank it above an article with a single one.
    """
    if not segment_risks:
        return 0.0
    ordered = sorted(segment_risks, reverse=True)
    top, rest = ordered[0], ordered[1:]
    mean_rest = sum(rest) / len(rest) if rest else 0.0
    return round(top + (1.0 - top) * mean_rest, 4)
