"""Quotes check: every direct quotation in the source is still a quotation.

Quotations are counted, not aligned. Marks are paired left to right: an opening
mark („ “ " » « ‚ ‘ ') opens a quotation only where a quotation can start (after a
space, a bracket or a dash, before a word), and a mark closes the open quotation
only where one can end (after a word, before a space or punctuation). So straight
marks used as apostrophes or inch signs (``workers" protest``, ``'60s``,
``don't``) are not read as quotations, and quotes inside quotes are counted too.
Which marks a language uses is house style (the ``house-style`` check).

A quotation set in title case is a title ("People Swimming in the Pool"), which
translators may leave unquoted; it is not counted. Severity: a lost quotation that
stands on its own (at the start of the segment or after a colon or comma) is
major. It is minor when the lost quotation is a fragment woven into a sentence
(``promised to "never use the military"``), which translators often render as
reported speech; when the quotation is the whole segment (a line of dialogue, a
pull quote), whose marks the layout may carry instead; and when a source with
several quotations keeps at least one or renders the others as reported speech
(a colon, Konjunktiv I, "so der Sprecher"): translators legitimately recast one
quotation of many.
"""

from __future__ import annotations

from copydesk.article import mask_tags
from copydesk.checks.attribution import markers
from copydesk.checks.base import Check, Issue, SegmentContext, Severity

# Which marks may close a quotation opened by each mark.
_CLOSERS = {"„": "“”\"", "“": "”“\"", "\"": "\"“”", "»": "«", "«": "»", "‚": "‘’'",
            "‘": "’‘", "'": "'’"}
_MARKS = set("„“”\"»«‚‘’'")
_OPEN_BEFORE = set(" \t\n([{/–—-:") | _MARKS
# A quotation the translation must keep has this many words; shorter ones are
# often scare quotes ("furious") that translators may drop.
MIN_WORDS = 3


def _can_open(text: str, i: int) -> bool:
    after = text[i + 1:i + 2]
    if not after or after.isspace():
        return False
    if text[i] in "'‘’" and not after.isalpha():  # '60s
        return False
    return i == 0 or text[i - 1] in _OPEN_BEFORE


def _can_close(text: str, i: int) -> bool:
    before, after = text[i - 1:i], text[i + 1:i + 2]
    return bool(before) and not before.isspace() and not after.isalnum()


def _pair(text: str) -> tuple[list[tuple[int, int]], int]:
    """Spans of the closed quotations (outer and inner) and the number of lone marks."""
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    lone = 0
    for i, mark in enumerate(text):
        if mark not in _MARKS:
            continue
        if stack and mark in _CLOSERS[text[stack[-1]]] and _can_close(text, i):
            spans.append((stack.pop(), i + 1))
        elif mark in _CLOSERS and _can_open(text, i):
            stack.append(i)
        elif mark in "\"„“”»«":
            lone += 1
    return sorted(spans), lone + len(stack)


def _is_title(quoted: str) -> bool:
    words = [w for w in quoted.split() if len(w) > 3 and w[0].isalpha()]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def quotations(text: str, min_words: int = 1) -> list[tuple[int, int]]:
    """Spans of the closed quotations in a text with at least ``min_words`` words.

    A quotation cut by the segment boundary (a lone mark) is not counted: the
    segment alone cannot show whether it survived.
    """
    return [(a, b) for a, b in _pair(text)[0] if len(text[a + 1:b - 1].split()) >= min_words]


def _woven_in(text: str, start: int) -> bool:
    """Whether the quotation opening at ``start`` continues a sentence ("said it was "…")."""
    before = text[:start].rstrip()
    return bool(before) and before[-1].isalpha()


def _whole(text: str, start: int, end: int) -> bool:
    """Whether the quotation is all the segment holds."""
    return not text[:start].strip() and not text[end:].strip(" .!?")


def _reported(target: str, lang: str) -> bool:
    """Whether the translation renders speech indirectly: a colon or reported-speech forms."""
    found = markers(lang)
    return ": " in target or bool(found and found.any_marker.search(target))


class QuotesCheck(Check):
    check_id = "quotes"
    severity = Severity.MAJOR
    description = ("Each direct quotation in the source must stay a quotation in the "
                   "translation: none dropped, none merged with another.")
    example = 'He said: "We will win." -> Er sagte, sie würden gewinnen.'

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        masked_source = mask_tags(source)
        src = [(a, b) for a, b in quotations(masked_source, MIN_WORDS)
               if not _is_title(masked_source[a + 1:b - 1])]
        masked_target = mask_tags(target)
        spans, lone = _pair(masked_target)
        # Stray marks still show a quotation, only in the wrong form (house style's business).
        kept = len(spans) + (lone + 1) // 2
        if kept >= len(src):
            return []
        severity = self.severity
        lost = src[kept:]
        recast = all(_woven_in(masked_source, a) or _whole(masked_source, a, b)
                     for a, b in lost)
        if recast or (len(src) > 1 and (kept or _reported(masked_target, context.target_lang))):
            severity = Severity.MINOR
        return [self.issue(f"The source has {len(src)} quotation(s), the translation "
                           f"{kept}: a quotation was dropped or merged with another.",
                           source_span=src[kept], severity=severity)]
