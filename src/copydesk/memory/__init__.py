"""Translation memory: what editors confirmed, reused so nobody fixes it twice.

::

    memory = TranslationMemory.in_home(settings.home_path)
    memory.add("The minister resigned.", "Der Minister trat zurück.", "en", "de",
               editor="anna")
    memory.lookup("The minister resigned on Monday.", "en", "de")
    # [Match(kind='fuzzy', score=0.8148, target='Der Minister trat zurück.', ...)]

Matching rules (normalisation, tags, the score) are in ``normalize``; the
fuzzy index in ``index``; TMX 1.4 in and out in ``tmx``; the engine wrapper
that reuses exact matches before machine translation in ``engine``.
"""

from copydesk.memory.engine import MemoryFirstEngine
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
    "MemoryFirstEngine",
    "PairStats",
    "Provenance",
    "TranslationMemory",
    "export_tmx",
    "import_tmx",
    "read_tmx",
]
