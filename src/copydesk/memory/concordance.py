"""Concordance: where a word or phrase occurs in stored translations, source and target.

A phrase matches a text when its *folded* form occurs in the text's folded
form, covering whole characters: both are made NFC, each character then
decomposed (NFKD) and case folded (``STRASSE`` matches ``Straße``, full-width
letters their plain forms, composed or decomposed accents alike, the dotted
capital ``İ`` a plain ``i``), every run of whitespace (no-break spaces
included) one space, invisible format characters dropped and protected tags
left out (``<x1/>`` as a space). Accents count: ``cafe`` does not match
``café``. The spans of each match are
given in the plain text (tags removed), so a page can highlight them.

In the memory, only sources are indexed: ``lookup`` reads the fuzzy index's
postings for the phrase's words (rarest first, see ``FuzzyIndex.containing``),
checks at most ``scan`` of those segments, newest first, and returns at most
``limit`` matches: the cost is bounded whatever the memory's size.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from copydesk.article import TAG_RE
from copydesk.memory.normalize import scoring_form, words
from copydesk.memory.store import TranslationMemory

MAX_SPANS = 5  # highlighted matches per text
_INVISIBLE = ("Cc", "Cf", "Cs", "Co", "Cn")


@dataclass(frozen=True)
class Folded:
    """A text's plain form, its folded form, and for each folded character the offset of
    the plain character it came from (one more entry: the plain text's length)."""

    plain: str
    folded: str
    owner: list[int]

    def spans(self, needle: str, limit: int = MAX_SPANS) -> list[tuple[int, int]]:
        """Where the folded ``needle`` occurs, as (start, end) in ``plain``."""
        out: list[tuple[int, int]] = []
        at = self.folded.find(needle) if needle else -1
        while at != -1 and len(out) < limit:
            end = at + len(needle)
            if self._whole(at, end):
                out.append((self.owner[at], self.owner[end - 1] + 1))
                at = self.folded.find(needle, end)
            else:
                at = self.folded.find(needle, at + 1)
        return out

    def _whole(self, start: int, end: int) -> bool:
        """Whether folded[start:end] covers whole characters of the plain text, and no accent
        follows it (``cafe`` is not in ``café``)."""
        owner = self.owner
        return ((start == 0 or owner[start - 1] != owner[start]) and owner[end - 1] != owner[end]
                and not (end < len(self.folded)
                         and unicodedata.category(self.folded[end]).startswith("M")))


def _fold_char(char: str) -> str:
    if char.isspace():
        return " "
    if unicodedata.category(char) in _INVISIBLE:
        return ""
    if char == "\u0130":
        return "i"
    return unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", char).casefold())


def fold(tagged: str) -> Folded:
    """``tagged`` as a concordance compares it (see the module docstring)."""
    plain = TAG_RE.sub(lambda m: " " if m.group(3) else "", unicodedata.normalize("NFC", tagged))
    pieces: list[str] = []
    owner: list[int] = []
    for at, char in enumerate(plain):
        folded = _fold_char(char)
        if folded == " " and (not pieces or pieces[-1] == " "):
            continue  # one space for a run, none at the start
        pieces.append(folded)
        owner.extend([at] * len(folded))
    while pieces and pieces[-1] == " ":
        pieces.pop()
        owner.pop()
    owner.append(len(plain))
    return Folded(plain, "".join(pieces), owner)


def needle(phrase: str) -> str:
    """The folded form a phrase is looked for in."""
    return fold(phrase).folded


@dataclass(frozen=True)
class Occurrence:
    source: str  # plain text
    target: str
    source_spans: list[tuple[int, int]]
    target_spans: list[tuple[int, int]]
    editor: str
    changed_at: str


def lookup(memory: TranslationMemory, phrase: str, source_lang: str, target_lang: str, *,
           limit: int, scan: int = 2_000) -> list[Occurrence]:
    """The memory's entries whose source holds ``phrase`` (see the module docstring)."""
    pair_id = memory.pair_id(source_lang, target_lang)
    wanted = needle(phrase)
    query_words = words(scoring_form(unicodedata.normalize("NFKC", phrase)))
    if pair_id is None or not wanted or not query_words:
        return []
    ids = [int(i) for i in memory.index.containing(pair_id, query_words)[:scan]]
    found: list[Occurrence] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = memory.db.execute(
            f"SELECT id, source, target, editor, changed_at FROM segments WHERE id IN "
            f"({','.join('?' * len(chunk))})", chunk).fetchall()
        by_id = {row[0]: row for row in rows}
        for segment_id in chunk:
            row = by_id.get(segment_id)
            if row is None:
                continue
            source = fold(row[1])
            spans = source.spans(wanted)
            if not spans:
                continue
            target = fold(row[2])
            found.append(Occurrence(source.plain, target.plain, spans, [], row[3] or "",
                                    row[4] or ""))
            if len(found) >= limit:
                return found
    return found
