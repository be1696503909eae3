"""Glossary terms per language pair and how they are found in text.

Three kinds of entry:

* ``preferred``: when the source has ``source``, the target should say ``target``;
* ``forbidden``: ``target`` must not appear in the target text; ``replacements``
  are the preferred target terms for the same source term (may be empty);
* ``dnt`` (do not translate): ``target`` (usually equal to ``source``: a brand
  or product name) must appear unchanged in the target.

Matching is case-insensitive unless the entry says otherwise (do-not-translate
entries are case-sensitive by default) and tolerates simple inflection
endings per language (German "Tarif" also matches "Tarife", "Tarifen",
"Tarifs"). Compounds joined with a hyphen ("Alibaba-Konzern") count as a match.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

import regex

# Optional endings a term may carry in running text, per language.
INFLECTIONS: dict[str, str] = {
    "de": "(?:e|en|er|es|em|n|s|ns)?",
    "en": "(?:s|es|'s|’s)?",
    "nl": "(?:s|en|'s)?",
    "fr": "(?:s|x)?",
    "es": "(?:s|es)?",
    "it": "",
}
# Endings a do-not-translate name may carry (German genitive "Alibabas").
DNT_ENDINGS = "(?:s|'s|’s)?"
UMLAUTS = {"a": "ä", "o": "ö", "u": "ü", "au": "äu"}


class TermType(StrEnum):
    PREFERRED = "preferred"
    FORBIDDEN = "forbidden"
    DNT = "dnt"


@dataclass(frozen=True)
class Term:
    source: str
    target: str
    type: TermType
    source_lang: str
    target_lang: str
    case_sensitive: bool = False
    note: str = ""
    replacements: tuple[str, ...] = ()


@dataclass(frozen=True)
class TermMatch:
    """Where a term occurs in a text: ``text[start:end]``."""

    start: int
    end: int
    term: Term
    text: str


def _lang(code: str) -> str:
    return code.lower().replace("_", "-").split("-")[0]


@lru_cache(maxsize=4096)
def term_pattern(term: str, lang: str, case_sensitive: bool, dnt: bool = False) -> regex.Pattern:
    """A pattern for ``term`` as whole words, with the language's inflection endings."""
    ending = DNT_ENDINGS if dnt else INFLECTIONS.get(_lang(lang), "")
    umlaut = not dnt and _lang(lang) == "de"
    words = term.split()
    body = r"\s+".join(_word_pattern(w, ending if w[-1:].isalpha() else "", umlaut)
                       for w in words)
    flags = regex.V1 if case_sensitive else regex.V1 | regex.IGNORECASE
    return regex.compile(rf"(?<![\w-]){body}(?=-|(?!\w))", flags)


def _word_pattern(word: str, ending: str, umlaut: bool) -> str:
    """One word with its endings; German plurals may also umlaut the last vowel (Zoll, Zölle)."""
    plain = regex.escape(word) + ending
    m = regex.search(r"(au|a|o|u)([^aeiouäöü]*)$", word) if umlaut else None
    if not m:
        return plain
    changed = word[:m.start()] + UMLAUTS[m.group(1)] + m.group(2)
    return f"(?:{plain}|{regex.escape(changed)}(?:e|en|er|ern))"


def find_term(text: str, term: str, lang: str, case_sensitive: bool,
              dnt: bool = False) -> list[tuple[int, int]]:
    if not term.strip():
        return []
    return [m.span() for m in term_pattern(term, lang, case_sensitive, dnt).finditer(text)]


@dataclass
class Glossary:
    """Terms for one or more language pairs."""

    terms: list[Term] = field(default_factory=list)
    name: str = ""

    def __len__(self) -> int:
        return len(self.terms)

    def pairs(self) -> set[tuple[str, str]]:
        return {(t.source_lang, t.target_lang) for t in self.terms}

    def entries_for(self, source_lang: str, target_lang: str) -> list[Term]:
        """All entries of one language pair (region subtags ignored)."""
        src, tgt = _lang(source_lang), _lang(target_lang)
        return [t for t in self.terms
                if _lang(t.source_lang) == src and _lang(t.target_lang) == tgt]

    def _select(self, source_lang: str | None, target_lang: str | None) -> Iterable[Term]:
        if source_lang and target_lang:
            return self.entries_for(source_lang, target_lang)
        return self.terms

    def target_terms(self, source_term: str, source_lang: str | None = None,
                     target_lang: str | None = None) -> list[str]:
        """Preferred and do-not-translate target terms for ``source_term``.

        Without languages, entries of every pair in the glossary count.
        """
        wanted = source_term.strip().casefold()
        out: list[str] = []
        for t in self._select(source_lang, target_lang):
            if t.type is not TermType.FORBIDDEN and t.source.casefold() == wanted \
                    and t.target not in out:
                out.append(t.target)
        return out

    def forbidden(self, source_lang: str | None = None,
                  target_lang: str | None = None) -> list[Term]:
        return [t for t in self._select(source_lang, target_lang)
                if t.type is TermType.FORBIDDEN]

    def find_in_source(self, text: str, source_lang: str | None = None,
                       target_lang: str | None = None) -> list[TermMatch]:
        """Preferred and do-not-translate source terms in ``text``, longest first, no overlaps."""
        found: list[TermMatch] = []
        for t in self._select(source_lang, target_lang):
            if t.type is TermType.FORBIDDEN or not t.source:
                continue
            for start, end in find_term(text, t.source, t.source_lang, t.case_sensitive,
                                        t.type is TermType.DNT):
                found.append(TermMatch(start, end, t, text[start:end]))
        found.sort(key=lambda m: (-(m.end - m.start), m.start))
        kept: list[TermMatch] = []
        for m in found:
            overlaps = any(m.start < k.end and k.start < m.end for k in kept)
            same_term = any((k.start, k.end, k.term.source) == (m.start, m.end, m.term.source)
                            for k in kept)
            if not overlaps or same_term:
                kept.append(m)
        return sorted(kept, key=lambda m: m.start)

    def find_in_target(self, text: str, term: Term) -> list[tuple[int, int]]:
        """Spans of ``term.target`` in a target text (inflection-tolerant unless dnt)."""
        return find_term(text, term.target, term.target_lang, term.case_sensitive,
                         term.type is TermType.DNT)
