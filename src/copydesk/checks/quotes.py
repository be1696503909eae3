"""Quotes check: every direct quotation in the source is still a quotation.

Quotations are counted, not aligned: a closed pair of marks ("…", “…”, „…“, »…«,
«…», ‚…‘) is one quotation. Fewer quotations in the translation means
one was dropped or two were merged. Which marks a language uses is house style
(the ``house-style`` check); this check only counts them, so it works for any
pair of languages.
"""

from __future__ import annotations

import re

from copydesk.article import mask_tags
from copydesk.checks.base import Check, Issue, SegmentContext, Severity

# Closed quotations, German „…“ / ‚…‘ before English “…” so the shared “ is read right.
_CLOSED = re.compile(r"„[^„“”\"]*[“”\"]|“[^“”„]*”|\"[^\"„“”]*[\"“]|»[^»«]*«|«[^«»]*»"
                     r"|‚[^‚‘]*[‘']|(?<!\w)'[^'\n]+'(?!\w)")
_LONE = re.compile(r"[„“”\"»«]")
# A quotation the translation must keep has this many words; shorter ones are
# often scare quotes ("furious") that translators may drop.
MIN_WORDS = 3


def quotations(text: str, min_words: int = 1) -> list[tuple[int, int]]:
    """Spans of the closed quotations in a text with at least ``min_words`` words.

    A quotation cut by the segment boundary (a lone mark) is not counted: the
    segment alone cannot show whether it survived.
    """
    return [m.span() for m in _CLOSED.finditer(text)
            if len(m.group(0)[1:-1].split()) >= min_words]


class QuotesCheck(Check):
    check_id = "quotes"
    severity = Severity.MAJOR
    description = ("Each direct quotation in the source must stay a quotation in the "
                   "translation: none dropped, none merged with another.")
    example = 'He said: "We will win." -> Er sagte, sie würden gewinnen.'

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        src = quotations(mask_tags(source), MIN_WORDS)
        masked_target = mask_tags(target)
        kept = len(quotations(masked_target))
        # Stray marks still show a quotation, only in the wrong form (house style's business).
        kept += (len(_LONE.findall(_CLOSED.sub("", masked_target))) + 1) // 2
        if kept >= len(src):
            return []
        return [self.issue(f"The source has {len(src)} quotation(s), the translation "
                           f"{kept}: a quotation was dropped or merged with another.",
                           source_span=src[kept])]
