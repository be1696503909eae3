"""Glossaries: preferred, forbidden and do-not-translate terms per language pair.

``load(path, source_lang, target_lang)`` reads CSV/TSV or TBX (``parse`` the
same from bytes); ``make_term`` checks one term typed by hand and
``dump_csv`` writes terms as a CSV glossary that reads back the same; a ``Glossary``
answers ``entries_for(source_lang, target_lang)``,
``target_terms(source_term)`` and ``find_in_source(text)``. ``protect``
carries the terms through an engine: a mapping for engines that take a
glossary, placeholders for do-not-translate terms for the others.
"""

from copydesk.glossary.loaders import dump_csv, for_edition, load, make_term, parse
from copydesk.glossary.model import Glossary, Term, TermMatch, TermType, find_term
from copydesk.glossary.protect import GlossaryTerms, Protected, protect, restore

__all__ = [
    "Glossary",
    "GlossaryTerms",
    "Protected",
    "Term",
    "TermMatch",
    "TermType",
    "dump_csv",
    "find_term",
    "for_edition",
    "load",
    "make_term",
    "parse",
    "protect",
    "restore",
]
