"""The quality-estimate check's answers, kept in a SQLite file so no pair is asked twice.

The key is the SHA-256 of everything the answer depends on: source, target,
both languages, the model and the prompt version (``fingerprint``). Only
answers that were read (``quality_answer.Reading``) are kept; a timeout or a
server failure is asked again next time. The file is shared by threads and
processes: SQLite serialises the writes (WAL journal, busy timeout), and each
process opens its own connection, so one opened before a web server forks is
never used by the children.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
from pathlib import Path

from copydesk.checks.quality_answer import PROMPT_VERSION, ErrorSpan, Reading

log = logging.getLogger(__name__)
BUSY_TIMEOUT = 10.0


def fingerprint(source: str, target: str, source_lang: str, target_lang: str,
                model: str) -> str:
    described = json.dumps([PROMPT_VERSION, model, source_lang, target_lang, source, target],
                           ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(described.encode("utf-8")).hexdigest()


class QualityCache:
    """Readings by fingerprint in ``path``; a file that cannot be used means no caching."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._failed_in = 0  # the process that could not open the file: it stops trying

    def get(self, key: str) -> Reading | None:
        with self._lock:
            db = self._connection()
            if db is None:
                return None
            try:
                row = db.execute("SELECT reading FROM readings WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error as exc:
                log.warning("The quality-estimate cache %s cannot be read: %s", self.path, exc)
                return None
        return _reading(row[0]) if row else None

    def put(self, key: str, reading: Reading) -> None:
        stored = json.dumps({"errors": [e.to_dict() for e in reading.errors],
                             "set_aside": list(reading.set_aside)}, ensure_ascii=False)
        with self._lock:
            db = self._connection()
            if db is None:
                return
            try:
                with db:
                    db.execute("INSERT OR REPLACE INTO readings VALUES (?, ?)", (key, stored))
            except sqlite3.Error as exc:
                log.warning("The quality-estimate cache %s cannot be written: %s", self.path, exc)

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is not None and self._pid == os.getpid():
            return self._db
        if self._failed_in == os.getpid():
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE IF NOT EXISTS readings "
                       "(key TEXT PRIMARY KEY, reading TEXT NOT NULL)")
        except (OSError, sqlite3.Error) as exc:
            log.warning("The quality-estimate cache %s cannot be opened (%s); answers are "
                        "not kept.", self.path, exc)
            self._failed_in = os.getpid()
            return None
        self._db, self._pid = db, os.getpid()
        return db


def _reading(raw: str) -> Reading | None:
    try:
        data = json.loads(raw)
        return Reading(tuple(ErrorSpan.from_dict(e) for e in data["errors"]),
                       tuple(str(s) for s in data["set_aside"]))
    except (ValueError, KeyError, TypeError):
        return None  # an entry from an older format: ask again
