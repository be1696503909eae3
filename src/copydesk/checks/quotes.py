"""Quotes check: every direct quotation in the source is still a quotation.

Quotations are first counted. Marks are paired left to right: an opening
mark („ “ " » « ‹ › ‚ ‘ ' 「) opens a quotation only where a quotation can start (after a
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
pull quote), whose marks the layout may carry instead; when a source with
several quotations keeps at least one; and when the translation renders the speech
indirectly (a colon, a verb of saying, Konjunktiv I, "so der Sprecher": "Er sagte,
sie würden gewinnen"), since the words still have their speaker and translators,
German ones above all, recast quotations as reported speech all the time. Major is
left for a quotation whose words now stand in the translation with no sign that
anyone said them.

When the counts match, the quotations are aligned in order and each pair is asked
whether the marks still enclose the source's quoted words (``placement``): names
and numbers kept verbatim, dictionary translations (``checks.bilingual``) and, for
words the dictionary does not pair, cognates (the same first six letters:
"transcript", "transcription"), found inside the source's quotation but only outside
the target's, or the other way round. No quoted word found inside, some found
outside: the quotation moved onto words nobody said ("a disaster for Berlin" ->
„den Plan“ eine Katastrophe für Berlin), major. So are marks that now hold only
function words where the source quoted a number or a less common word ("anarchy" ->
«de» anarquía). A translator's word order does not count, only the side of the marks
a word stands on; a quotation the translator widened keeps its words and passes. With
less evidence (one word, only function words quoted for plain ones, or the
quotation's share of the text or its place changed a lot) the issue is minor, and
with none at all there is none. A segment left as a CSV field (``"Er sagte: ""Nein""."``)
is read as its contents.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from copydesk.article import mask_tags
from copydesk.checks import bilingual
from copydesk.checks import lexicon as freq
from copydesk.checks.attribution import markers
from copydesk.checks.base import Check, Issue, SegmentContext, Severity

# Which marks may close a quotation opened by each mark.
_CLOSERS = {
    "„": '“”"',
    "“": '”“"',
    '"': '"“”',
    "»": "«",
    "«": "»",
    "‚": "‘’'",
    "‘": "’‘",
    "'": "'’",
    "‹": "›",
    "›": "‹",
    "「": "」",
    "『": "』",
}
_MARKS = set("„“”\"»«‚‘’'‹›「」『』")
_OPEN_BEFORE = set(" \t\n([{/–—-:") | _MARKS
# Guillemets may stand apart from the words they enclose (French « … », often with a
# no-break space); CJK corner brackets need no space around them.
_SPACED = set("«»‹›")
_CJK = set("「」『』")
# A quotation the translation must keep has this many words; shorter ones are
# often scare quotes ("furious") that translators may drop.
MIN_WORDS = 3
# A word, with the combining marks of decomposed (NFD) text.
_WORD = re.compile(r"[\w\u0300-\u036f]+")
# The same with contractions kept whole ("didn't"), for word frequencies.
_WHOLE_WORD = re.compile(r"[\w\u0300-\u036f]+(?:['’][\w\u0300-\u036f]+)*")
# Moved marks without word evidence: the quotation's share of the sentence changed by
# this much, or its middle moved this far (both as fractions of the text's length).
SHARE_SHIFT = 0.3
CENTRE_SHIFT = 0.5
# Stems that share this many first letters are taken for cognates ("transcript",
# "transcripción", "transcriptie") where the dictionary knows no translation.
COGNATE = 6
# A content word less frequent than this (Zipf) is not rendered by function words
# alone, as "only" or "just one" may be ("tan solo un", "slechts één").
PLAIN_ZIPF = 5.0


def _can_open(text: str, i: int) -> bool:
    if text[i] in _CJK:
        return True
    after = text[i + 1 : i + 2]
    if text[i] in _SPACED and after.isspace():
        after = text[i + 2 : i + 3]
    if not after or after.isspace():
        return False
    if text[i] in "'‘’" and not after.isalpha():  # '60s
        return False
    return i == 0 or text[i - 1] in _OPEN_BEFORE


def _can_close(text: str, i: int) -> bool:
    if text[i] in _CJK:
        return True
    before, after = text[i - 1 : i], text[i + 1 : i + 2]
    if text[i] in _SPACED and before.isspace() and i >= 2:
        before = text[i - 2 : i - 1]
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
        elif mark in '"„“”»«‹›「」『』':
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
    return [(a, b) for a, b in _pair(text)[0] if len(text[a + 1 : b - 1].split()) >= min_words]


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


def _outer(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The outermost of sorted quotation spans (quotes inside quotes left out)."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if not out or a >= out[-1][1]:
            out.append((a, b))
    return out


@dataclass
class Placement:
    """Word evidence on whether a target quotation encloses the source quotation's words.

    ``kept``: words of the source quotation found inside the target's; ``lost``: found
    only outside it; ``added``: words outside the source quotation found only inside
    the target's; ``quoted``: names, numbers and content words inside the target's.
    Words are names and numbers kept verbatim, dictionary translations and, for words
    the dictionary does not pair, cognates.
    """

    kept: int = 0
    lost: int = 0
    added: int = 0
    quoted: int = 0


def _verbatim(word: str, first: bool) -> str | None:
    """The key of a word a translation keeps as it is: a number, or a capitalised name."""
    digits = "".join(c for c in word if c.isdigit())
    if digits:
        return digits
    return word.casefold() if len(word) > 1 and word[0].isupper() and not first else None


@lru_cache(maxsize=65536)
def _keys(word: str, lang: str, first: bool) -> tuple[str | None, str | None]:
    """A word's verbatim key and, for a content word, its dictionary stem."""
    word = unicodedata.normalize("NFC", word)
    content = not word[0].isdigit() and not bilingual.is_function_word(word, lang)
    return _verbatim(word, first), bilingual.stem(word, lang) if content else None


class _Words:
    """The words of a text, each with its offset, verbatim key and dictionary stem."""

    def __init__(self, text: str, lang: str) -> None:
        self.starts: list[int] = []
        self.keys: list[tuple[str | None, str | None]] = []
        for i, m in enumerate(_WORD.finditer(text)):
            self.starts.append(m.start())
            self.keys.append(_keys(m.group(), lang, i == 0))

    def sides(
        self, quote: tuple[int, int], window: tuple[int, int]
    ) -> tuple[dict[str, set[bool]], dict[str, set[bool]], dict[str, set[bool]]]:
        """Verbatim keys, stems and cognate keys (``COGNATE`` first letters of a stem)
        of the words in ``window``: inside the quote or not."""
        names: dict[str, set[bool]] = {}
        stems: dict[str, set[bool]] = {}
        cognates: dict[str, set[bool]] = {}
        lo, hi = bisect_left(self.starts, window[0]), bisect_left(self.starts, window[1])
        for start, (name, stem) in zip(self.starts[lo:hi], self.keys[lo:hi], strict=True):
            inside = quote[0] <= start < quote[1]
            if name:
                names.setdefault(name, set()).add(inside)
            if stem:
                stems.setdefault(stem, set()).add(inside)
                if len(stem) >= COGNATE:
                    cognates.setdefault(stem[:COGNATE], set()).add(inside)
        return names, stems, cognates


def _tally(found: Placement, sides: set[bool], where: set[bool] | None) -> None:
    if where and len(sides) == len(where) == 1:
        if sides != where:
            found.lost += True in sides
            found.added += True in where
        elif True in sides:
            found.kept += 1


def placement(
    source: _Words,
    s: tuple[int, int],
    s_window: tuple[int, int],
    target: _Words,
    t: tuple[int, int],
    t_window: tuple[int, int],
    lex: bilingual.Lexicon | None,
) -> Placement:
    """How the words of source quotation ``s`` sit against target quotation ``t``.

    Only the words of each window (the stretch between the neighbouring quotations)
    are compared, so a text with many quotations stays linear.
    """
    src_names, src_stems, _ = source.sides(s, s_window)
    tgt_names, tgt_stems, tgt_cognates = target.sides(t, t_window)
    found = Placement(
        quoted=sum(True in sides for table in (tgt_names, tgt_stems) for sides in table.values())
    )
    for name, sides in src_names.items():
        _tally(found, sides, tgt_names.get(name))
    for stem, sides in src_stems.items():
        candidates = {stem} | set((lex.targets(stem) if lex else None) or ())
        where = set().union(*(tgt_stems.get(c, set()) for c in candidates))
        if not where and len(stem) >= COGNATE:
            where = tgt_cognates.get(stem[:COGNATE], set())
        _tally(found, sides, where)
    return found


def _said(quoted: str, lang: str) -> bool:
    """Whether a source quotation holds a number or a content word rarer than
    ``PLAIN_ZIPF``: words a translation cannot quote as function words only."""
    return any(
        w[0].isdigit()
        or (not bilingual.is_function_word(w, lang) and freq.zipf(w, lang) < PLAIN_ZIPF)
        for w in _WHOLE_WORD.findall(unicodedata.normalize("NFC", quoted))
    )


def _carried_title(quoted: str, source_words: set[str], lang: str) -> bool:
    """A title the translation sets in quotation marks and keeps in the source's words
    ("The Sunday Times"), which translators may quote where the source does not. A
    title does not end on a function word ("Pamela Ferguson von der")."""
    words = _WORD.findall(quoted)
    return (
        _is_title(quoted)
        and not bilingual.is_function_word(words[-1], lang)
        and all(w in source_words for w in words if len(w) > 3)
    )


def _windows(spans: Sequence[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    """For each quotation, the stretch from the end of the one before to the next."""
    ends = [0] + [b for _, b in spans[:-1]]
    starts = [a for a, _ in spans[1:]] + [size]
    return list(zip(ends, starts, strict=True))


def _shifted(source: str, s: tuple[int, int], target: str, t: tuple[int, int]) -> bool:
    """Whether the quotation's share of the text or its place in it changed a lot."""
    ls, lt = max(1, len(source.strip())), max(1, len(target.strip()))
    share = abs((s[1] - s[0]) / ls - (t[1] - t[0]) / lt)
    centre = abs((s[0] + s[1]) / 2 / max(1, len(source)) - (t[0] + t[1]) / 2 / max(1, len(target)))
    return share >= SHARE_SHIFT or centre >= CENTRE_SHIFT


def _csv_field(text: str) -> str:
    """A segment left as a CSV field (``"Er sagte: ""Nein""."``) read as its contents.

    The outer marks become spaces and each doubled mark one mark and a space (on the
    side away from the word it touches), so offsets in the text stay the same.
    """
    inner = text.strip()
    if len(inner) < 2 or inner[0] != '"' or inner[-1] != '"' or '""' not in inner[1:-1]:
        return text
    start = text.index('"')
    end = text.rindex('"')
    body = re.sub(
        '""', lambda m: ' "' if _WORD.match(m.string, m.end()) else '" ', text[start + 1 : end]
    )
    return text[:start] + " " + body + " " + text[end + 1 :]


class QuotesCheck(Check):
    check_id = "quotes"
    severity = Severity.MAJOR
    description = (
        "Each direct quotation in the source must stay a quotation in the "
        "translation: none dropped, none merged with another."
    )
    example = 'He said: "We will win." -> Wir werden gewinnen.'

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        masked_source = _csv_field(mask_tags(source))
        src = [
            (a, b)
            for a, b in quotations(masked_source, MIN_WORDS)
            if not _is_title(masked_source[a + 1 : b - 1])
        ]
        masked_target = _csv_field(mask_tags(target))
        spans, lone = _pair(masked_target)
        # Stray marks still show a quotation, only in the wrong form (house style's business).
        kept = len(spans) + (lone + 1) // 2
        if kept >= len(src):
            if lone:
                return []  # a quotation cut in two: which words it covers is unclear
            return self._moved(masked_source, masked_target, _outer(spans), context)
        severity = self.severity
        lost = src[kept:]
        recast = all(_woven_in(masked_source, a) or _whole(masked_source, a, b) for a, b in lost)
        if recast or (len(src) > 1 and kept) or _reported(masked_target, context.target_lang):
            severity = Severity.MINOR
        return [
            self.issue(
                f"The source has {len(src)} quotation(s), the translation "
                f"{kept}: a quotation was dropped or merged with another.",
                source_span=src[kept],
                severity=severity,
            )
        ]

    def _moved(
        self, source: str, target: str, spans: list[tuple[int, int]], context: SegmentContext
    ) -> list[Issue]:
        """Quotations aligned in order whose marks enclose other words than the source's.

        Major when word evidence says so: no quoted word of the source inside the
        target's quotation, some outside it, and two or more words on the wrong side or
        none but function words left inside ("que era"), or function words only where
        the source quoted a number or a word rarer than ``PLAIN_ZIPF``; a quotation
        widened over the words around it loses none. Minor when one word says so, when
        only function words are quoted for plain ones ("tan solo un" -> "just one"), or
        when no word is known and the quotation's share or place changed a lot. Titles
        the translation quotes in the source's words (not ending on a function word)
        and CSV escapes left in the text ('""') are left alone.
        """
        src = _outer(_pair(source)[0])
        if not src or len(src) != len(spans) or '""' in source or '""' in target:
            return []
        words = (_Words(source, context.source_lang), _Words(target, context.target_lang))
        lex = bilingual.lexicon(context.source_lang, context.target_lang)
        src_win, tgt_win = _windows(src, len(source)), _windows(spans, len(target))
        vocabulary = set(_WORD.findall(source))
        issues = []
        for i, (s, t) in enumerate(zip(src, spans, strict=True)):
            if _carried_title(target[t[0] + 1 : t[1] - 1], vocabulary, context.target_lang):
                continue
            found = placement(words[0], s, src_win[i], words[1], t, tgt_win[i], lex)
            # Quotations the translator put in another order: a neighbour's words fit.
            if found.kept or any(
                placement(words[0], src[j], src_win[j], words[1], t, tgt_win[i], lex).kept
                for j in (i - 1, i + 1)
                if 0 <= j < len(src)
            ):
                continue
            if (found.lost and found.lost + found.added >= 2) or (
                not found.quoted and (found.lost or _said(source[s[0] : s[1]], context.source_lang))
            ):
                severity = Severity.MAJOR
            elif found.lost or found.added or not found.quoted or _shifted(source, s, target, t):
                severity = Severity.MINOR
            else:
                continue
            claim = "enclose" if severity == Severity.MAJOR else "may enclose"
            issues.append(
                self.issue(
                    f"The quotation marks {claim} other words than the source's quotation: "
                    "a quotation moved onto words nobody said.",
                    t,
                    source_span=s,
                    severity=severity,
                )
            )
        return issues
