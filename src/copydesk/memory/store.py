"""The translation memory: confirmed segments per language pair, in one SQLite file.

Every entry keeps its source and target (with protected tags), the source
segments before and after it (its context) and its provenance (origin,
editor, engine signature, when it was created and last changed). Storing the
same source again in the same context replaces the target: the latest
confirmed translation wins. Language pairs are kept by base code, so
``de-CH`` entries serve ``de`` lookups and the other way round.

The file uses SQLite's write-ahead log, so the desk, workers and the command
line can read it while one of them writes. One ``TranslationMemory`` object
belongs to one thread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Any

from copydesk import languages
from copydesk.errors import ConfigError, InputError, LanguageError
from copydesk.memory.index import SCHEMA as INDEX_SCHEMA
from copydesk.memory.index import FuzzyIndex
from copydesk.memory.normalize import (
    NEAR_EXACT,
    carry_tags,
    context_form,
    exact_form,
    key_hash,
    scoring_form,
)

FILE_NAME = "memory.sqlite3"
SCHEMA_VERSION = "1"
ORIGINS = ("editor", "mt", "memory", "style-fix", "import")
_CHUNK = 50_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pairs (
    id INTEGER PRIMARY KEY, source_lang TEXT NOT NULL, target_lang TEXT NOT NULL,
    UNIQUE (source_lang, target_lang));
CREATE TABLE IF NOT EXISTS segments (
    id INTEGER PRIMARY KEY, pair_id INTEGER NOT NULL REFERENCES pairs (id),
    exact_hash INTEGER NOT NULL, context_hash INTEGER NOT NULL, length INTEGER NOT NULL,
    source TEXT NOT NULL, target TEXT NOT NULL, previous TEXT, next TEXT,
    origin TEXT NOT NULL, signature TEXT, editor TEXT,
    created_at TEXT NOT NULL, changed_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS segments_by_source ON segments (pair_id, exact_hash);
"""
_COLUMNS = ("id, source, target, previous, next, origin, signature, editor, created_at, "
            "changed_at")


class MatchKind(StrEnum):
    IN_CONTEXT = "in-context"  # exact, and the previous and next source segments match too
    EXACT = "exact"
    FUZZY = "fuzzy"


@dataclass(frozen=True)
class Provenance:
    """Who confirmed a memory entry, with what, and when (ISO 8601 times)."""

    editor: str | None
    signature: str | None
    created_at: str
    changed_at: str


@dataclass(frozen=True)
class Match:
    """A stored translation offered for a query segment.

    ``target`` carries the query's tag numbers when both sources have the same
    tags; ``score`` is 1.0 for exact matches, else the fuzzy score (at most 0.99).
    """

    source: str
    target: str
    score: float
    kind: MatchKind
    origin: str
    provenance: Provenance
    previous: str | None = None
    next: str | None = None


@dataclass(frozen=True)
class MemoryEntry:
    """One confirmed segment to store (``add_many``) or as stored (``entries``)."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    previous: str | None = None
    next: str | None = None
    origin: str = "editor"
    signature: str | None = None
    editor: str | None = None
    created_at: str | None = None
    changed_at: str | None = None


@dataclass(frozen=True)
class PairStats:
    source_lang: str
    target_lang: str
    segments: int
    last_changed: str | None


class TranslationMemory:
    """Confirmed translations with exact, in-context and fuzzy lookup."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._pairs: dict[tuple[str, str], int] = {}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.execute("PRAGMA busy_timeout = 10000")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.executescript(SCHEMA + INDEX_SCHEMA)
            self._check_version()
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(
                f"Cannot open the translation memory {self.path} ({exc}); check that the data "
                "directory is writable and that the file is a copydesk memory.") from None
        self.index = FuzzyIndex(self.db)

    @classmethod
    def in_home(cls, home: str | Path) -> TranslationMemory:
        """The memory of a data directory (``<home>/memory.sqlite3``)."""
        return cls(Path(home).expanduser() / FILE_NAME)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- adding -----------------------------------------------------------------------------

    def add(self, source: str, target: str, source_lang: str, target_lang: str, *,
            previous: str | None = None, next: str | None = None, origin: str = "editor",
            signature: str | None = None, editor: str | None = None,
            created_at: str | None = None) -> None:
        """Store one confirmed segment (replacing the target stored for the same
        source in the same context)."""
        self.add_many([MemoryEntry(source, target, source_lang, target_lang, previous=previous,
                                   next=next, origin=origin, signature=signature, editor=editor,
                                   created_at=created_at)])

    def add_many(self, entries: Iterable[MemoryEntry]) -> int:
        """Store many segments in one transaction (all or nothing); returns how many.

        Bad entries raise ``InputError`` or ``LanguageError`` and nothing is stored.
        """
        count = 0
        iterator = iter(entries)
        with self._transaction():
            while chunk := list(islice(iterator, _CHUNK)):
                new: dict[int, list[tuple[int, str]]] = {}
                for entry in chunk:
                    pair_id, added = self._store(entry)
                    if added:
                        new.setdefault(pair_id, []).append(added)
                for pair_id, segments in new.items():
                    self.index.add(pair_id, segments)
                count += len(chunk)
        return count

    def _store(self, entry: MemoryEntry) -> tuple[int, tuple[int, str] | None]:
        """Insert or update one entry; the new segment's id and scoring form if inserted."""
        pair_id = self._new_pair_id(entry.source_lang, entry.target_lang)
        exact, target = _checked_texts(entry)
        context = (context_form(entry.previous), context_form(entry.next))
        exact_hash, context_hash = key_hash(exact), key_hash(*context)
        created = _timestamp(entry.created_at)
        changed = _timestamp(entry.changed_at) if entry.changed_at else created
        provenance = (target, entry.origin, entry.signature, entry.editor)
        for sid, source, previous, following in self.db.execute(
                "SELECT id, source, previous, next FROM segments WHERE pair_id = ? AND "
                "exact_hash = ? AND context_hash = ?", (pair_id, exact_hash, context_hash)):
            if exact_form(source) == exact and (context_form(previous),
                                                context_form(following)) == context:
                self.db.execute("UPDATE segments SET target = ?, origin = ?, signature = ?, "
                                "editor = ?, changed_at = ? WHERE id = ?",
                                (*provenance, changed, sid))
                return pair_id, None
        scoring = scoring_form(entry.source)
        cursor = self.db.execute(
            "INSERT INTO segments (pair_id, exact_hash, context_hash, length, source, target, "
            "previous, next, origin, signature, editor, created_at, changed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (pair_id, exact_hash, context_hash, len(scoring), entry.source, target,
             entry.previous, entry.next, entry.origin, entry.signature, entry.editor,
             created, changed))
        return pair_id, (int(cursor.lastrowid or 0), scoring)

    # -- looking up -------------------------------------------------------------------------

    def lookup(self, source: str, source_lang: str, target_lang: str, *,
               previous: str | None = None, next: str | None = None, limit: int = 5,
               threshold: float = 0.70) -> list[Match]:
        """The best stored translations for ``source``: in-context and exact matches
        first (newest first), then fuzzy matches scoring at least ``threshold``."""
        if not 0 < threshold <= 1 or limit < 1:
            raise InputError(f"A memory lookup needs a threshold between 0 and 1 and a limit of "
                             f"at least 1 (got {threshold} and {limit}).")
        pair_id = self.pair_id(source_lang, target_lang)
        exact = exact_form(source)
        if pair_id is None or not exact:
            return []
        context = (context_form(previous), context_form(next))
        found = self._exact_matches(pair_id, source, exact, context)
        taken = {row_id for row_id, _ in found}
        hits = [] if threshold > NEAR_EXACT else self.index.search(
            pair_id, scoring_form(source), limit=limit * 3 + len(taken), threshold=threshold)
        fuzzy = {sid: min(score, NEAR_EXACT) for sid, score in hits if sid not in taken}
        rows = self._rows(list(fuzzy))
        ranked = sorted(fuzzy, key=lambda sid: (-fuzzy[sid], -sid))
        found += [(sid, _match(rows[sid], source, fuzzy[sid], MatchKind.FUZZY))
                  for sid in ranked if fuzzy[sid] >= threshold]
        return _distinct(match for _, match in found)[:limit]

    def _exact_matches(self, pair_id: int, source: str, exact: str,
                       context: tuple[str, str]) -> list[tuple[int, Match]]:
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM segments WHERE pair_id = ? AND "
                               "exact_hash = ?", (pair_id, key_hash(exact))).fetchall()
        found = []
        for row in rows:
            if exact_form(row[1]) != exact:
                continue
            stored_context = (context_form(row[3]), context_form(row[4]))
            in_context = any(context) and stored_context == context
            kind = MatchKind.IN_CONTEXT if in_context else MatchKind.EXACT
            found.append((row[0], _match(row, source, 1.0, kind)))
        found.sort(key=lambda item: (item[1].provenance.changed_at, item[0]), reverse=True)
        found.sort(key=lambda item: item[1].kind != MatchKind.IN_CONTEXT)  # stable: newest first
        return found

    def _rows(self, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM segments WHERE id IN ({marks})", ids)
        return {row[0]: row for row in rows}

    # -- reading back -----------------------------------------------------------------------

    def entries(self, source_lang: str, target_lang: str) -> Iterator[MemoryEntry]:
        """Every entry of a language pair, oldest first."""
        pair_id = self.pair_id(source_lang, target_lang)
        if pair_id is None:
            return
        src, tgt = languages.base(source_lang), languages.base(target_lang)
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM segments WHERE pair_id = ? ORDER BY id",
                               (pair_id,))
        for row in rows:
            yield MemoryEntry(row[1], row[2], src, tgt, previous=row[3], next=row[4],
                              origin=row[5], signature=row[6], editor=row[7],
                              created_at=row[8], changed_at=row[9])

    def stats(self) -> list[PairStats]:
        """Entries and last change per language pair."""
        rows = self.db.execute(
            "SELECT p.source_lang, p.target_lang, count(s.id), max(s.changed_at) FROM pairs p "
            "LEFT JOIN segments s ON s.pair_id = p.id GROUP BY p.id ORDER BY 1, 2")
        return [PairStats(*row) for row in rows]

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM segments").fetchone()[0])

    # -- internals --------------------------------------------------------------------------

    def pair_id(self, source_lang: str, target_lang: str) -> int | None:
        """The id of a language pair in the file and its index (``None``: nothing stored)."""
        pair = _pair(source_lang, target_lang)
        if pair not in self._pairs:
            row = self.db.execute("SELECT id FROM pairs WHERE source_lang = ? AND target_lang = ?",
                                  pair).fetchone()
            if row is None:
                return None
            self._pairs[pair] = int(row[0])
        return self._pairs[pair]

    def _new_pair_id(self, source_lang: str, target_lang: str) -> int:
        found = self.pair_id(source_lang, target_lang)
        if found is not None:
            return found
        pair = _pair(source_lang, target_lang)
        cursor = self.db.execute("INSERT INTO pairs (source_lang, target_lang) VALUES (?, ?)",
                                 pair)
        self._pairs[pair] = int(cursor.lastrowid or 0)
        return self._pairs[pair]

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            self._pairs.clear()  # a pair created in the transaction is gone
            raise
        self.db.execute("COMMIT")

    def _check_version(self) -> None:
        self.db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)",
                        (SCHEMA_VERSION,))
        (version,) = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if version != SCHEMA_VERSION:
            raise ConfigError(f"The translation memory {self.path} has schema version {version}; "
                              f"this copydesk reads version {SCHEMA_VERSION}. Upgrade copydesk.")


def _pair(source_lang: str, target_lang: str) -> tuple[str, str]:
    """Base codes of a language pair, or a LanguageError."""
    pair = (languages.base(source_lang), languages.base(target_lang))
    if pair[0] == pair[1]:
        raise LanguageError(f"Source and target are both {languages.name(pair[0])}; a "
                            "memory pair needs two different languages.")
    return pair


def _checked_texts(entry: MemoryEntry) -> tuple[str, str]:
    """The entry's exact source form and its target, or an InputError."""
    if not isinstance(entry.source, str) or not isinstance(entry.target, str):
        raise InputError("A memory entry needs a source and a target string.")
    exact = exact_form(entry.source)
    if not exact or not entry.target.strip():
        raise InputError(f"A memory entry has an empty source or target (source {entry.source!r})"
                         "; store only segments that have both.")
    if entry.origin not in ORIGINS:
        raise InputError(f"Unknown memory origin {entry.origin!r}; use one of "
                         f"{', '.join(ORIGINS)}.")
    return exact, entry.target


def _timestamp(value: str | None) -> str:
    if value is None:
        return datetime.now(UTC).isoformat(timespec="seconds")
    try:
        return datetime.fromisoformat(value).isoformat(timespec="seconds")
    except (TypeError, ValueError):
        raise InputError(f"The time {value!r} is not an ISO 8601 date or date-time; write it "
                         "like 2024-05-01T12:00:00+00:00.") from None


def _match(row: tuple[Any, ...], query: str, score: float, kind: MatchKind) -> Match:
    _, source, target, previous, following, origin, signature, editor, created, changed = row
    return Match(source=source, target=carry_tags(target, source, query), score=round(score, 4),
                 kind=kind, origin=origin,
                 provenance=Provenance(editor, signature, created, changed),
                 previous=previous, next=following)


def _distinct(matches: Iterable[Match]) -> list[Match]:
    """The matches with each target once (the best-ranked occurrence)."""
    seen: set[str] = set()
    out = []
    for match in matches:
        if match.target not in seen:
            seen.add(match.target)
            out.append(match)
    return out
