"""Attribution check: hedges ("allegedly") and attributions ("said") survive translation.

A news sentence that keeps a claim at a distance ("reportedly", "according to",
"is said to") must not turn it into a statement of fact. Markers per language are
in ``data/attribution_markers.json``. A hedge in the source needs some hedge or
attribution in the translation (German: "angeblich", "laut", "zufolge", "soll",
Konjunktiv I "sei"/"habe"); a plain speech verb ("said") needs a speech verb,
a hedge, reported speech or a quotation mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from copydesk.article import mask_tags
from copydesk.checks.base import Check, Issue, SegmentContext, Severity
from copydesk.checks.tables import alternatives, table

_QUOTE_MARKS = re.compile("[\"„“”«»‚‘’]|:\\s")


@dataclass(frozen=True)
class AttributionMarkers:
    hedges: re.Pattern[str]
    speech: re.Pattern[str]
    any_marker: re.Pattern[str]  # hedges, speech verbs and reported-speech forms


@cache
def markers(lang: str) -> AttributionMarkers | None:
    """The attribution markers of a language, or None without a table."""
    entry = table("attribution_markers.json").get(lang.split("-")[0].lower())
    if entry is None:
        return None
    everything = entry["hedges"] + entry["speech"] + entry["reported"]
    return AttributionMarkers(alternatives(entry["hedges"]), alternatives(entry["speech"]),
                              alternatives(everything))


class AttributionCheck(Check):
    check_id = "attribution"
    severity = Severity.MAJOR
    description = ("Hedges and attributions ('allegedly', 'according to', 'said') must "
                   "survive: without them a claim reads as a fact the newsroom vouches for.")
    example = "The minister allegedly took bribes. -> Der Minister nahm Bestechungsgelder an."

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        src, tgt = markers(context.source_lang), markers(context.target_lang)
        if src is None or tgt is None:
            return []
        source, target = mask_tags(source), mask_tags(target)
        if tgt.any_marker.search(target):
            return []
        hedge = src.hedges.search(source)
        if hedge:
            return [self.issue(f"The source attributes or hedges (“{hedge.group(0)}”); the "
                               "translation states it as a fact.", source_span=hedge.span())]
        speech = src.speech.search(source)
        if speech and not _QUOTE_MARKS.search(target):
            return [self.issue(f"The source attributes the words (“{speech.group(0)}”); the "
                               "translation does not say who said them.",
                               source_span=speech.span())]
        return []
