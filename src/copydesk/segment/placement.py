"""Finding where a tagged piece of the source went in a translation.

Each search works inside a *region* of the translation (the whole sentence,
or the span already found for the surrounding tag) and avoids spans already
given to sibling tags. Among several matches the one nearest the expected
position wins (where the piece sat in the source, scaled to the
translation's length), preferring matches that start and end on word
boundaries.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

Span = tuple[int, int]

# Below this similarity (0-100) a fuzzy match is not trusted and the tag is
# placed by position instead.
FUZZY_THRESHOLD = 70.0

EDGE = string.whitespace + "\u00a0\u202f.,:;!?…\"'„“”‘‚’«»()[]{}¿¡-–—"
_WORDS = re.compile(r"\w+(?:[^\w\s]+\w+)*")


@dataclass(frozen=True)
class Region:
    """Where to search: ``target[lo:hi]``, expecting the piece near ``expected``."""

    target: str
    lo: int
    hi: int
    expected: float
    taken: tuple[Span, ...] = ()

    def is_free(self, span: Span) -> bool:
        start, end = span
        return self.lo <= start <= end <= self.hi and not any(
            start < t_end and t_start < end for t_start, t_end in self.taken
        )

    def on_word_edges(self, span: Span) -> bool:
        start, end = span
        text = self.target
        starts_clean = start == 0 or not (text[start - 1].isalnum() and text[start].isalnum())
        ends_clean = end == len(text) or not (text[end - 1].isalnum() and text[end].isalnum())
        return starts_clean and ends_clean

    def closest(self, spans: Iterable[Span]) -> Span | None:
        free = [s for s in spans if self.is_free(s)]
        if not free:
            return None
        return min(free, key=lambda s: (not self.on_word_edges(s), abs(s[0] - self.expected)))

    def words(self) -> list[Span]:
        """Word spans inside the region that no sibling holds."""
        found = (m.span() for m in _WORDS.finditer(self.target, self.lo, self.hi))
        return [span for span in found if self.is_free(span)]


def needles(wanted: str) -> list[str]:
    """The translated piece as given, trimmed of spaces, and trimmed of edge punctuation."""
    out: list[str] = []
    for needle in (wanted, wanted.strip(), wanted.strip(EDGE)):
        if needle and needle not in out:
            out.append(needle)
    return out


def find_exact(
    region: Region, needle: str, ignore_case: bool = False, whole_words: bool = True
) -> Span | None:
    """The occurrence of ``needle`` nearest the expected position (whole words only, if asked)."""
    pattern = re.compile(re.escape(needle), re.IGNORECASE if ignore_case else 0)
    matches = [m.span() for m in _overlapping(pattern, region)]
    if whole_words:
        matches = [span for span in matches if region.on_word_edges(span)]
    return region.closest(matches)


def widen_to_words(region: Region, span: Span) -> Span:
    """``span`` grown to the edges of the words it touches, within the region."""
    start, end = span
    text = region.target
    while start > region.lo and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < region.hi and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return (start, end) if region.is_free((start, end)) else span


def _overlapping(pattern: re.Pattern[str], region: Region) -> Iterable[re.Match[str]]:
    position = region.lo
    while match := pattern.search(region.target, position, region.hi):
        yield match
        position = match.start() + 1


def find_fuzzy(region: Region, needle: str) -> tuple[Span, float] | None:
    """The run of whole words most like ``needle``, if any is similar enough."""
    words = region.words()
    size = max(1, len(_WORDS.findall(needle)))
    wanted = needle.strip(EDGE).casefold()
    best: tuple[float, float, Span] | None = None
    for width in range(max(1, size - 2), size + 3):
        for first in range(len(words) - width + 1):
            span = (words[first][0], words[first + width - 1][1])
            if not region.is_free(span):
                continue
            score = fuzz.ratio(wanted, region.target[span[0] : span[1]].casefold())
            key = (score, -abs(span[0] - region.expected), span)
            if best is None or key[:2] > best[:2]:
                best = key
    if best is None or best[0] < FUZZY_THRESHOLD:
        return None
    return best[2], best[0]


def guess(region: Region, source_piece: str) -> Span:
    """As many words as the source piece had, at its proportional position.

    Only used when nothing matches; the tag then still wraps visible words,
    so a link is never lost, and the placement is reported as uncertain.
    """
    words = region.words()
    size = max(1, len(_WORDS.findall(source_piece)))
    for width in range(min(size, len(words)), 0, -1):
        spans = [
            (words[first][0], words[first + width - 1][1])
            for first in range(len(words) - width + 1)
        ]
        found = region.closest(spans)
        if found:
            return found
    position = snap(region, spaced=False)
    return position, position


def snap(region: Region, spaced: bool) -> int:
    """The word boundary nearest the expected position (a space, if ``spaced``)."""
    text = region.target
    positions = range(region.lo, region.hi + 1)
    if spaced:
        spaces = [
            p
            for p in positions
            if p < region.hi and text[p].isspace() and region.is_free((p, p + 1))
        ]
        if spaces:
            return min(spaces, key=lambda p: abs(p - region.expected))
    edges = [
        p
        for p in positions
        if (p in (region.lo, region.hi) or text[p - 1].isspace() or text[p].isspace())
        and region.is_free((p, p))
    ]
    if not edges:
        return region.lo
    return min(edges, key=lambda p: abs(p - region.expected))
