"""What changed between two source versions of an article, sentence by sentence.

Both versions are cut into the units their translations are made of (the
headline, the standfirst and each block's sentences, keyed as the review
screen keys its segments: ``title.s1``, ``b3.s2``) and aligned in reading
order. Sentences that are the same in both (the same words and the same link
targets, as ``segments.source_digest`` sees them, so "changed" here means
what "changed in source" means on the review screen) anchor the alignment:
the common start and end first, then the sentences that occur once in each
version, in the longest order both share. Between two anchors an old and a
new sentence with most of their words in common are one changed sentence;
the others were removed or added. Within a changed sentence the changed
words are marked (``difflib`` on word tokens).

Every step is linear, or n log n, in the length of the articles: anchors by a
longest increasing subsequence, a few levels deep at most; the sentences
between anchors paired with a bounded look-ahead; and the word diff of a
very long sentence cut down to its changed middle and, past a bound, marked
as a whole.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from copydesk import segment
from copydesk.article import ARTICLE_FIELDS, BlockKind, InlineTag, escape_tags, plain_text
from copydesk.article import Article as SourceArticle
from copydesk.desk.segments import source_digest
from copydesk.desk.word_changes import word_opcodes
from copydesk.errors import CopydeskError
from copydesk.pipeline import source_language_of

SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"
SIMILAR = 0.5  # share of words two sentences must have in common to be one changed sentence
LOOKAHEAD = 3  # sentences looked ahead for a partner before calling one added or removed
ANCHOR_DEPTH = 4  # levels of anchoring between anchors
_WORDS = re.compile(r"\w+")
FALLBACK_LANGUAGE = "en"  # sentence rules for a version whose language cannot be told


@dataclass(frozen=True)
class Unit:
    """One sentence of a source version, as a translation's segment is keyed."""

    key: str  # "b3.s1"
    label: str  # "Paragraph 3", the block it is in
    text: str  # tagged text
    digest: str
    tags: Mapping[str, str] = field(default_factory=dict)  # tag id -> what it stands for

    @property
    def plain(self) -> str:
        return plain_text(self.text)


@dataclass(frozen=True)
class Piece:
    """A run of a changed sentence's text; ``marked`` when it is not in the other version."""

    text: str
    marked: bool


@dataclass(frozen=True)
class Row:
    """One aligned line of the comparison: a sentence in either version or both."""

    kind: str  # SAME, CHANGED, ADDED, REMOVED
    old: Unit | None
    new: Unit | None
    old_pieces: tuple[Piece, ...] = ()  # for CHANGED: the old text, changed words marked
    new_pieces: tuple[Piece, ...] = ()

    @property
    def markup_only(self) -> bool:
        """A changed sentence whose words are the same: a link target or format changed."""
        return (self.kind == CHANGED and self.old is not None and self.new is not None
                and self.old.plain == self.new.plain)


@dataclass(frozen=True)
class Comparison:
    rows: tuple[Row, ...]
    fields: tuple[str, ...] = ()  # article fields other than the text that changed (byline...)

    def count(self, kind: str) -> int:
        return sum(1 for row in self.rows if row.kind == kind)

    @property
    def changed_keys(self) -> tuple[str, ...]:
        """The new version's keys of the sentences that were changed or added."""
        return tuple(row.new.key for row in self.rows
                     if row.new is not None and row.kind in (CHANGED, ADDED))

    def summary(self) -> str:
        """``3 sentences changed, 1 added``; or what else changed when no sentence did."""
        counts = [(n, kind) for kind in (CHANGED, ADDED, REMOVED) if (n := self.count(kind))]
        if counts:
            first, kind = counts[0]
            parts = [f"{first} sentence{'s' if first != 1 else ''} {kind}"]
            parts += [f"{n} {kind}" for n, kind in counts[1:]]
            return ", ".join(parts)
        if self.fields:
            return f"no sentence changed; the {_listed(self.fields)} did"
        return "no sentence changed"


def units(content: Mapping[str, Any]) -> list[Unit]:
    """A stored version's sentences in reading order, keyed as the translations key them."""
    article = SourceArticle.from_dict(dict(content))
    try:
        language = source_language_of(article)
    except CopydeskError:
        language = FALLBACK_LANGUAGE
    found = _block_units("title", "Headline", escape_tags(article.title), {}, language)
    if article.standfirst:
        found += _block_units("standfirst", "Standfirst", escape_tags(article.standfirst), {},
                              language)
    for number, block in enumerate(article.blocks, 1):
        label = f"{BlockKind(block.kind).value.replace('_', ' ').capitalize()} {number}"
        found += _block_units(f"b{number}", label, block.text, block.tags, language)
    return found


def compare_versions(old: Mapping[str, Any], new: Mapping[str, Any]) -> Comparison:
    """The comparison of two stored versions' contents (``SourceVersion.content``)."""
    fields = tuple(name for name in (*ARTICLE_FIELDS, "metadata")
                   if name not in ("title", "standfirst") and old.get(name) != new.get(name))
    return Comparison(compare(units(old), units(new)).rows, fields)


def compare(old: Sequence[Unit], new: Sequence[Unit]) -> Comparison:
    """``old`` and ``new`` aligned: every unit of each in exactly one row, in order."""
    anchors = _anchors([u.digest for u in old], [u.digest for u in new])
    rows: list[Row] = []
    at_old = at_new = 0
    for i, j in [*anchors, (len(old), len(new))]:
        rows += _pair_gap(old[at_old:i], new[at_new:j])
        if i < len(old):
            rows.append(Row(SAME, old[i], new[j]))
        at_old, at_new = i + 1, j + 1
    return Comparison(tuple(rows))


def word_pieces(before: str, after: str) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    """The two texts cut into runs, the words only one of them has marked."""
    old, new, ops = word_opcodes(before, after)
    old_out = [Piece("".join(old[a1:a2]), op != "equal") for op, a1, a2, _, _ in ops]
    new_out = [Piece("".join(new[b1:b2]), op != "equal") for op, _, _, b1, b2 in ops]
    return _merged(old_out), _merged(new_out)


def _block_units(prefix: str, label: str, text: str, tags: Mapping[str, InlineTag],
                 language: str) -> list[Unit]:
    try:
        sentences = segment.split(text, language) if text.strip() else []
    except CopydeskError:  # stored before today's rules: the block as one sentence
        sentences = [text.strip()]
    shown = {tid: " ".join([tag.kind, *tag.attrs.values()]) for tid, tag in tags.items()}
    return [Unit(key=f"{prefix}.s{n}", label=label, text=s, digest=source_digest(s, tags),
                 tags=shown) for n, s in enumerate(sentences, 1) if s.strip()]


def _anchors(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs (i, j), increasing in both, of equal sentences to align the rest around."""
    found: list[tuple[int, int]] = []
    _anchor_range(old, new, 0, len(old), 0, len(new), ANCHOR_DEPTH, found)
    return found


def _anchor_range(old: Sequence[str], new: Sequence[str], a1: int, a2: int, b1: int, b2: int,
                  depth: int, found: list[tuple[int, int]]) -> None:
    while a1 < a2 and b1 < b2 and old[a1] == new[b1]:  # the common start
        found.append((a1, b1))
        a1, b1 = a1 + 1, b1 + 1
    ends: list[tuple[int, int]] = []
    while a1 < a2 and b1 < b2 and old[a2 - 1] == new[b2 - 1]:  # the common end
        a2, b2 = a2 - 1, b2 - 1
        ends.append((a2, b2))
    unique = _unique_pairs(old, new, a1, a2, b1, b2) if depth > 0 else []
    for i, j in unique:
        _anchor_range(old, new, a1, i, b1, j, depth - 1, found)
        found.append((i, j))
        a1, b1 = i + 1, j + 1
    if unique:
        _anchor_range(old, new, a1, a2, b1, b2, depth - 1, found)
    found += reversed(ends)


def _unique_pairs(old: Sequence[str], new: Sequence[str], a1: int, a2: int, b1: int,
                  b2: int) -> list[tuple[int, int]]:
    """Sentences once in each range, the longest run of them in the same order in both."""
    in_old = Counter(old[a1:a2])
    in_new = Counter(new[b1:b2])
    where = {new[j]: j for j in range(b1, b2) if in_new[new[j]] == 1}
    pairs = [(i, where[old[i]]) for i in range(a1, a2)
             if in_old[old[i]] == 1 and old[i] in where]
    return _increasing(pairs)


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (sorted by i) whose j increase (n log n)."""
    tails: list[int] = []  # j at the end of the best run of each length
    ends: list[int] = []  # index into pairs of that run's end
    before = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        length = bisect.bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            ends.append(index)
        else:
            tails[length], ends[length] = j, index
        before[index] = ends[length - 1] if length else -1
    run, index = [], ends[-1] if ends else -1
    while index >= 0:
        run.append(pairs[index])
        index = before[index]
    return run[::-1]


def _pair_gap(old: Sequence[Unit], new: Sequence[Unit]) -> list[Row]:
    """Rows for the sentences between two anchors: same, changed, removed or added."""
    rows: list[Row] = []
    words: dict[int, Counter[str]] = {}
    i = j = 0
    while i < len(old) and j < len(new):
        if old[i].digest == new[j].digest:
            rows.append(Row(SAME, old[i], new[j]))
        elif _similar(old[i], new[j], words):
            rows.append(_changed(old[i], new[j]))
        else:
            ahead_new = _partner(old[i], new, j, words)
            ahead_old = _partner(new[j], old, i, words)
            if ahead_new is not None and (ahead_old is None or ahead_new - j <= ahead_old - i):
                rows += [Row(ADDED, None, unit) for unit in new[j:ahead_new]]
                j = ahead_new
                continue
            if ahead_old is not None:
                rows += [Row(REMOVED, unit, None) for unit in old[i:ahead_old]]
                i = ahead_old
                continue
            rows += [Row(REMOVED, old[i], None), Row(ADDED, None, new[j])]
        i, j = i + 1, j + 1
    rows += [Row(REMOVED, unit, None) for unit in old[i:]]
    rows += [Row(ADDED, None, unit) for unit in new[j:]]
    return rows


def _partner(unit: Unit, others: Sequence[Unit], start: int,
             words: dict[int, Counter[str]]) -> int | None:
    """The first of the next few ``others`` after ``start`` that ``unit`` matches."""
    for k in range(start + 1, min(start + 1 + LOOKAHEAD, len(others))):
        if others[k].digest == unit.digest or _similar(unit, others[k], words):
            return k
    return None


def _similar(a: Unit, b: Unit, words: dict[int, Counter[str]]) -> bool:
    first, second = _words_of(a, words), _words_of(b, words)
    total = sum(first.values()) + sum(second.values())
    if not total:
        return True  # both without words (a lone dash): the same place in the text
    return 2 * sum((first & second).values()) / total >= SIMILAR


def _words_of(unit: Unit, words: dict[int, Counter[str]]) -> Counter[str]:
    key = id(unit)
    if key not in words:
        words[key] = Counter(w.casefold() for w in _WORDS.findall(unit.plain))
    return words[key]


def _changed(old: Unit, new: Unit) -> Row:
    before, after = word_pieces(old.text, new.text)
    return Row(CHANGED, old, new, before, after)


def _merged(pieces: list[Piece]) -> tuple[Piece, ...]:
    out: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if out and out[-1].marked == piece.marked:
            out[-1] = Piece(out[-1].text + piece.text, piece.marked)
        else:
            out.append(piece)
    return tuple(out)


def _listed(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
