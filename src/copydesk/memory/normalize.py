"""The forms of a segment the memory compares, and the match score.

Two forms are derived from a source segment:

* the **exact form** decides exact matches: Unicode NFC, every run of
  whitespace (spaces, tabs, line breaks, no-break spaces) made one space,
  leading and trailing whitespace removed, and protected tags renumbered by
  order of appearance (``<g3>a</g3> <x5/>`` and ``<g1>a</g1> <x2/>`` have the
  same exact form). Case, punctuation and tag placement all count.
* the **scoring form** decides fuzzy matches: the exact form without its
  tags (a ``<x/>`` break counts as a space), lower-cased with Unicode case
  folding, typographic quotes, apostrophes and dashes made plain
  (``’`` -> ``'``, ``„“`` -> ``"``, ``–`` -> ``-``), whitespace collapsed again.

The **score** of a stored segment for a query is the normalised Indel
similarity of their scoring forms, ``1 - (insertions + deletions) / (len(a) +
len(b))``, which is ``rapidfuzz.fuzz.ratio / 100`` (the "fuzzy %" of CAT
tools). An exact match scores 1.0; any other match scores at most
:data:`NEAR_EXACT` = 0.99, so a segment that differs from the query only in
case, typography or tags comes back as a fuzzy match at 0.99.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rapidfuzz import fuzz

from copydesk.article import TAG_RE, plain_text

NEAR_EXACT = 0.99

_SPACE_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"\w+")
_TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
})


def exact_form(text: str) -> str:
    """The form exact matches compare (see the module docstring)."""
    collapsed = _SPACE_RE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return renumber_tags(collapsed, tag_numbers(collapsed))


def scoring_form(text: str) -> str:
    """The form fuzzy scores compare (see the module docstring)."""
    plain = plain_text(text)
    folded = unicodedata.normalize("NFC", plain).casefold().translate(_TYPOGRAPHY)
    return _SPACE_RE.sub(" ", folded).strip()


def context_form(text: str | None) -> str:
    """The form previous/next segments are compared in (exact form; none is empty)."""
    return exact_form(text) if text else ""


def words(scoring: str) -> set[str]:
    """The distinct words of a scoring form: what the fuzzy index looks up."""
    return set(_WORD_RE.findall(scoring))


def score(query_scoring: str, stored_scoring: str) -> float:
    """Normalised Indel similarity of two scoring forms, 0..1 (not capped)."""
    return fuzz.ratio(query_scoring, stored_scoring) / 100.0


def key_hash(*parts: str) -> int:
    """A stable signed 64-bit hash of text (for SQLite integer columns)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def tag_numbers(text: str) -> dict[str, str]:
    """Each tag number in ``text`` mapped to its rank of first appearance (``"1"``, ``"2"``...)."""
    ranks: dict[str, str] = {}
    for m in TAG_RE.finditer(text):
        number = m.group(1) or m.group(2) or m.group(3)
        ranks.setdefault(number, str(len(ranks) + 1))
    return ranks


def tag_shape(text: str) -> list[str]:
    """The tags of ``text`` in order with their numbers ranked: the structure exact
    matches require to be identical."""
    return [m.group(0) for m in TAG_RE.finditer(exact_form(text))]


def renumber_tags(text: str, mapping: dict[str, str]) -> str:
    """``text`` with tag numbers replaced by ``mapping`` (numbers not in it are kept)."""
    def swap(m: re.Match[str]) -> str:
        if m.group(1):
            return f"<g{mapping.get(m.group(1), m.group(1))}>"
        if m.group(2):
            return f"</g{mapping.get(m.group(2), m.group(2))}>"
        return f"<x{mapping.get(m.group(3), m.group(3))}/>"

    return TAG_RE.sub(swap, text)


def carry_tags(target: str, stored_source: str, query_source: str) -> str:
    """The stored ``target`` with its tags renumbered as the query numbers the same tags.

    Only done when the two sources have the same tag structure; otherwise the
    target comes back as stored and the editor places the tags.
    """
    if tag_shape(stored_source) != tag_shape(query_source):
        return target
    to_rank = tag_numbers(stored_source)
    from_rank = {rank: number for number, rank in tag_numbers(query_source).items()}
    return renumber_tags(target, {n: from_rank[r] for n, r in to_rank.items()})
