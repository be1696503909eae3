"""Attribution check: hedges ("allegedly") and attributions ("said") survive translation.

A news sentence that keeps a claim at a distance ("reportedly", "according to",
"is said to") must not turn it into a statement of fact. Markers per language are
in ``data/attribution_markers.json``. A hedge in the source needs some hedge or
attribution in the translation (German: "angeblich", "laut", "zufolge", "soll",
Konjunktiv I "sei"/"habe"); a plain speech verb ("said") needs a speech verb,
a hedge, reported speech or a quotation mark. The source side reads a narrow
list (words that attribute in every use: "soll", not "sollte"); the translation
side a wide one (any verb of saying, reporting or supposing: "informaron",
"manifestó", "stated"), so a free rendering is not a false alarm.
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
    hedges: re.Pattern[str]  # hedges that raise an issue when missing from the translation
    speech: re.Pattern[str]  # speech verbs that do
    any_marker: re.Pattern[str]  # everything that keeps an attribution in a translation


@cache
def markers(lang: str) -> AttributionMarkers | None:
    """The attribution markers of a language, or None without a table."""
    entry = table("attribution_markers.json").get(lang.split("-")[0].lower())
    if entry is None:
        return None
    everything = entry["hedges"] + entry["speech"] + entry["reported"] + \
        entry.get("source_hedges", []) + entry.get("source_speech", [])
    return AttributionMarkers(alternatives(entry.get("source_hedges", entry["hedges"])),
                              alternatives(entry.get("source_speech", entry["speech"])),
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
