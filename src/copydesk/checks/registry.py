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
``risk(issues)`` is ``1 - prod(1 - weight)``, so it grows with every issue but
never passes 1, and one blocker outweighs several minor issues.

``segment_risk(source, target, issues, context)`` is the chance that a segment has
a serious error, ``sigmoid(PRIOR_BIAS + sum(weight * feature))`` over four
features: ``issues`` (the issue score above), ``length`` (|z| of the length ratio
against the pair's norm, continuous, capped at 6), ``words`` (log of the source's
word count) and ``hotspots`` (log of its numbers, names inside sentences and
clause breaks): longer, denser sentences give an error more chances, the usual
prior of quality estimation. A fifth, ``spelling`` (the spelling check's clusters of
unknown words), is kept out of ``issues`` with a weight of its own (see
``PRIOR_WEIGHTS``). A blocker puts the segment at ``BLOCKER_FLOOR`` at
least. The weights were fitted by logistic regression on "has a Major accuracy
error" in the MQM TED en-de annotations, on every other talk (sorted by name), and
rounded; the other half was held out. ``benchmarks/checks_eval.py`` refits them and
reports the AUC of each feature alone, of the fitted model on the held-out half and
of the shipped weights, so a change of checks shows whether they need refitting.

``article_risk(segment_risks)`` is their mean: the share of an article's segments
expected to need a fix, comparable across long and short articles; an article with
a blocker ranks at least as high as its blocker segment
(``benchmarks/checks_languages.py`` reports the spread). ``copydesk.checks.reasons``
says which issues carry it.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from functools import cache
from importlib.metadata import entry_points

from copydesk.article import mask_tags
from copydesk.checks.base import Check, Issue, SegmentContext, Severity
from copydesk.checks.length import length_z
from copydesk.checks.normal_form import NormalForm, restore

log = logging.getLogger(__name__)

GROUP = "copydesk.checks"
WEIGHTS: dict[Severity, float] = {Severity.BLOCKER: 0.9, Severity.MAJOR: 0.5, Severity.MINOR: 0.1}
# Logistic prior of ``segment_risk``; see the module docstring for how these were set.
PRIOR_BIAS = -3.83
PRIOR_WEIGHTS: dict[str, float] = {"issues": 0.86, "length": 0.11, "words": 0.58, "hotspots": 0.23}
# The spelling check's clusters (``spelling``, capped at MAX_SPELLING) have a weight of
# their own, kept out of ``issues``; fitted as above it comes out at -0.04 (22 of 7,406
# MQM TED segments flagged, AUC alone 0.50: those annotations hold almost no misspelt
# words), so it stays 0 until annotated data with typos says otherwise.
PRIOR_WEIGHTS["spelling"] = 0.0
MAX_SPELLING = 3
BLOCKER_FLOOR = 0.9


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


def notes(context: SegmentContext, *, enabled: Collection[str] | None = None,
          disabled: Collection[str] = ()) -> list[str]:
    """What the selected checks cannot do for the context's languages (a dictionary not
    installed, say): one line each, to show once before a run, not per segment."""
    found = []
    for check_id in selected_checks(context, enabled=enabled, disabled=disabled):
        try:
            note = _instance(check_id).unavailable(context)
        except Exception as exc:  # a faulty check must not stop the run
            log.warning("Check %r could not say whether it runs: %r", check_id, exc)
            continue
        if note:
            found.append(note)
    return found


def run_checks(source: str, target: str, context: SegmentContext, *,
               enabled: Collection[str] | None = None,
               disabled: Collection[str] = ()) -> list[Issue]:
    """Run the selected checks on one segment and return all their issues.

    The checks read both texts in NFC; the issues' spans are those of the texts as
    given (``normal_form``)."""
    issues: list[Issue] = []
    src, tgt = NormalForm.of(source), NormalForm.of(target)
    for check_id in selected_checks(context, enabled=enabled, disabled=disabled):
        try:
            issues.extend(restore(issue, src, tgt) for issue in
                          _instance(check_id).run(src.text, tgt.text, context))
        except Exception as exc:  # checks must not raise; contain the ones that do
            log.warning("Check %r failed on a segment and reported nothing: %r", check_id, exc)
    return issues


def check_article(pairs: Sequence[tuple[str, str]], context: SegmentContext, *,
                  enabled: Collection[str] | None = None,
                  disabled: Collection[str] = ()) -> list[list[Issue]]:
    """Run the checks on every (source, target) pair, with the whole article in context
    (in NFC, as the checks read the segment itself)."""
    article_context = replace(context, article=tuple(
        (NormalForm.of(s).text, NormalForm.of(t).text) for s, t in pairs))
    return [run_checks(s, t, article_context, enabled=enabled, disabled=disabled)
            for s, t in pairs]


def risk(issues: Sequence[Issue]) -> float:
    """Risk of one segment in [0, 1]: ``1 - prod(1 - weight)`` over its issues."""
    safe = 1.0
    for issue in issues:
        safe *= 1.0 - WEIGHTS.get(Severity(issue.severity), 0.0)
    return round(1.0 - safe, 4)


def article_risk(segment_risks: Sequence[float]) -> float:
    """Risk of a whole article in [0, 1]: the share of its segments expected to need a fix.

    The mean of the segment risks (each a calibrated chance of a serious error), so
    long and short articles compare fairly and no article reaches 1 by being long.
    A blocker (a segment at ``BLOCKER_FLOOR`` or above) stops publication, so an
    article with one ranks at least as high as that segment: ``1 - (1 - mean) * (1 -
    top)``.
    """
    if not segment_risks:
        return 0.0
    mean = sum(segment_risks) / len(segment_risks)
    top = max(segment_risks)
    if top >= BLOCKER_FLOOR:
        mean = 1.0 - (1.0 - mean) * (1.0 - top)
    return round(mean, 4)


# A number, a capitalised word inside a sentence, or a clause break: places where a
# translation can go wrong.
_HOTSPOT = re.compile(r"\d+(?:[.,]\d+)*|(?<=[a-z,;] )[A-Z][\w-]+|[,;:()]")
MAX_Z = 6.0


def risk_features(source: str, target: str, issues: Sequence[Issue],
                  context: SegmentContext) -> dict[str, float]:
    """The signals the segment risk combines, each a plain number."""
    plain = mask_tags(source)
    z = length_z(source, target, context.source_lang, context.target_lang)
    spelling = [i for i in issues if i.check == "spelling"]
    return {
        "issues": risk([i for i in issues if i.check != "spelling"]),
        "spelling": float(min(len(spelling), MAX_SPELLING)),
        "length": min(abs(z), MAX_Z) if z is not None else 0.0,
        "words": math.log1p(len(plain.split())),
        "hotspots": math.log1p(len(_HOTSPOT.findall(plain))),
    }


def segment_risk(source: str, target: str, issues: Sequence[Issue],
                 context: SegmentContext) -> float:
    """Risk of one segment in [0, 1]: the chance that it has a serious error.

    ``sigmoid(PRIOR_BIAS + sum(weight * feature))`` over its issues (the issue score)
    and what needs no check to fire: how far the length ratio lies from the norm,
    and how much there is to get wrong (words, numbers, names, clauses). A blocker
    puts the segment at ``BLOCKER_FLOOR`` at least, since it stops publication.
    """
    features = risk_features(source, target, issues, context)
    logit = PRIOR_BIAS + sum(PRIOR_WEIGHTS[k] * features[k] for k in PRIOR_WEIGHTS)
    chance = 1.0 / (1.0 + math.exp(-logit))
    if any(Severity(i.severity) == Severity.BLOCKER for i in issues):
        chance = max(chance, BLOCKER_FLOOR)
    return round(chance, 4)
