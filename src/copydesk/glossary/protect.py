"""Glossary terms on their way through an engine.

Engines that take a glossary (``supports_glossary``: DeepL, OpenAI-compatible
chat models) get the language pair's preferred and do-not-translate terms as
one mapping, source term -> target term (``GlossaryTerms.mapping``).

Engines that cannot (local neural models, Apertium, pseudo) would translate,
inflect or re-case a brand name, so its do-not-translate terms are swapped for
placeholders before the engine sees the text and put back afterwards:
``protect`` replaces each occurrence with ``DNT0``, ``DNT1``... (capitals and
a digit, which neural models copy through like a product code) and
``restore`` writes the exact term back. Restoring tolerates what models do to
such tokens (another case, a space or hyphen inside: ``dnt 0``, ``DNT-0``). A
placeholder the engine dropped stays missing: the translation is kept and the
glossary check flags the term in review.

A preferred term whose target is its source ("Copydesk" -> "Copydesk") is a
brand name too and is protected the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from copydesk.glossary.model import Glossary, Term, TermType

PLACEHOLDER = "DNT{}"
_PLACED = re.compile(r"(?<!\w)D[\s-]?N[\s-]?T[\s-]?(\d+)(?!\d)", re.IGNORECASE)


@dataclass(frozen=True)
class GlossaryTerms:
    """What a glossary asks of the engines for one language pair."""

    mapping: dict[str, str] = field(default_factory=dict)  # for engines with a glossary
    protected: tuple[Term, ...] = ()  # kept verbatim by placeholders for the others

    @classmethod
    def of(cls, glossary: Glossary | None, source_lang: str,
           target_lang: str) -> GlossaryTerms:
        if glossary is None:
            return cls()
        mapping: dict[str, str] = {}
        protected = []
        for term in glossary.entries_for(source_lang, target_lang):
            if term.type is TermType.FORBIDDEN or not term.source.strip():
                continue
            mapping.setdefault(term.source, term.target)
            if term.type is TermType.DNT or term.target == term.source:
                protected.append(term)
        return cls(mapping=mapping, protected=tuple(protected))


@dataclass(frozen=True)
class Protected:
    """A text with its protected terms replaced: ``terms[i]`` belongs at ``DNT<i>``."""

    text: str
    terms: tuple[str, ...] = ()


def protect(text: str, terms: Sequence[Term]) -> Protected:
    """``text`` with each occurrence of ``terms`` replaced by a placeholder.

    Longer terms win over the shorter terms inside them. A text that already
    has something looking like a placeholder is left alone (restoring could
    not tell the two apart).
    """
    if not terms or _PLACED.search(text):
        return Protected(text)
    spans: list[tuple[int, int, str]] = []
    for term in sorted(terms, key=lambda t: -len(t.source)):
        for m in _pattern(term.source, term.case_sensitive).finditer(text):
            if not any(m.start() < end and start < m.end() for start, end, _ in spans):
                spans.append((m.start(), m.end(), term.target))
    if not spans:
        return Protected(text)
    pieces, at = [], 0
    for number, (start, end, _) in enumerate(sorted(spans)):
        pieces += [text[at:start], PLACEHOLDER.format(number)]
        at = end
    pieces.append(text[at:])
    return Protected("".join(pieces), tuple(target for _, _, target in sorted(spans)))


def restore(translation: str, protected: Protected) -> str:
    """The engine's ``translation`` with the protected terms written back exactly."""
    if not protected.terms:
        return translation

    def put_back(m: re.Match[str]) -> str:
        number = int(m.group(1))
        return protected.terms[number] if number < len(protected.terms) else m.group(0)

    return _PLACED.sub(put_back, translation)


@lru_cache(maxsize=1024)
def _pattern(term: str, case_sensitive: bool) -> re.Pattern[str]:
    """``term`` as whole words; any run of whitespace between its words."""
    body = r"\s+".join(re.escape(word) for word in term.split())
    return re.compile(rf"(?<![\w-]){body}(?!\w)", 0 if case_sensitive else re.IGNORECASE)
