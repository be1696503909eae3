"""Glossaries: preferred, forbidden and do-not-translate terms per language pair.

``load(path, source_lang, target_lang)`` reads CSV/TSV or TBX; a ``Glossary``
answers ``entries_for(source_lang, target_lang)``,
``target_terms(source_term)`` and ``find_in_source(text)``.
"""

from copydesk.glossary.loaders import load
from copydesk.glossary.model import Glossary, Term, TermMatch, TermType, find_term

__all__ = ["Glossary", "Term", "TermMatch", "TermType", "find_term", "load"]
