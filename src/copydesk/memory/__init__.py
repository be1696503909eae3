"""Translation memory: what editors confirmed, reused so nobody fixes it twice.

::

    memory = TranslationMemory.in_home(settings.home_path)
    memory.add("The minister resigned.", "Der Minister trat zurück.", "en", "de",
               editor="anna")
    memory.lookup("The minister resigned on Monday.", "en", "de")
    # [Match(kind='fuzzy', score=0.8148, target='Der Minister trat zurück.', ...)]

Matching rules (normalisation, tags, the score) are in ``normalize``; the
fuzzy index in ``index``; TMX 1.4 in and out in ``tmx``. ``reuse`` is the
pipeline's memory-first step: ``copydesk.pipeline.translate_article(...,
memory=memory)`` looks every segment up with its neighbours, uses exact and
in-context matches as the translation (origin ``memory``) and keeps fuzzy
ones as suggestions for the editor. It is a pipeline step, not an engine
wrapper, because only the pipeline knows each segment's tagged source and its
neighbours across blocks.
"""

from copydesk.memory.normalize import NEAR_EXACT
from copydesk.memory.store import (
    FILE_NAME,
    ORIGINS,
    Match,
    MatchKind,
    MemoryEntry,
    PairStats,
    Provenance,
    TranslationMemory,
)
from copydesk.memory.tmx import ImportReport, export_tmx, import_tmx, read_tmx

__all__ = [
    "FILE_NAME",
    "NEAR_EXACT",
    "ORIGINS",
    "ImportReport",
    "Match",
    "MatchKind",
    "MemoryEntry",
    "PairStats",
    "Provenance",
    "TranslationMemory",
    "export_tmx",
    "import_tmx",
    "read_tmx",
]
