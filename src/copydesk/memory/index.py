"""The fuzzy index: which stored segments are worth scoring for a query.

A word inverted index per language pair, kept in the memory's SQLite file:

* ``postings`` holds, for each word of the scoring forms, the sorted ids of
  the segments that contain it (a blob of little-endian int32);
* ``fresh_postings`` holds one row per (word, segment) for segments added
  one at a time; once it passes :data:`FRESH_LIMIT` rows it is merged into
  ``postings`` (a bulk add merges directly).

A lookup weighs each word by its length plus one: the weight a stored
segment shares with the query, doubled and divided by both lengths,
estimates their Indel similarity, and a match at threshold ``t`` must share
at least ``t / (2 - t)`` of the query's length. Words are read rarest first;
once ``budget`` ids are read, reading stops as soon as the words left unread
weigh less than ``safety`` times that minimum (no match can rest on them
alone), and never goes past ``max_budget`` ids. So "the" and "of" cost
nothing on a large memory, while a short query made only of common words
still finds its matches. Only segments whose length allows the threshold (the
shorter text at least ``t / (2 - t)`` of the longer) are ranked, the best
:attr:`FuzzyIndex.candidates` by the estimate are scored exactly with
rapidfuzz, and those at or above the threshold come back.

Postings read from the file are cached in the process; a counter in the
``meta`` table tells other processes when a merge made their cache stale.
"""

from __future__ import annotations

import math
import sqlite3
from array import array
from collections.abc import Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from copydesk.memory.normalize import scoring_form, words

FRESH_LIMIT = 20_000
_GENERATION = "index_generation"
_POSTING = np.dtype("<i4")

SCHEMA = """
CREATE TABLE IF NOT EXISTS postings (
    pair_id INTEGER NOT NULL, word TEXT NOT NULL, df INTEGER NOT NULL, ids BLOB NOT NULL,
    PRIMARY KEY (pair_id, word)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fresh_postings (
    pair_id INTEGER NOT NULL, word TEXT NOT NULL, segment_id INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS fresh_by_word ON fresh_postings (pair_id, word);
"""


class FuzzyIndex:
    """Candidate generation and exact scoring over one memory file."""

    def __init__(self, db: sqlite3.Connection, *, candidates: int = 200, budget: int = 100_000,
                 max_budget: int = 1_500_000, safety: float = 0.5) -> None:
        self.db = db
        self.candidates = candidates  # how many best estimates are scored exactly
        self.budget = budget  # posting ids always worth reading
        self.max_budget = max_budget  # posting ids never read beyond
        self.safety = safety  # share of a match's least word mass that may stay unread
        self._cache: dict[tuple[int, str], np.ndarray] = {}
        self._generation: str | None = None
        self._lengths = np.zeros(1, dtype=np.int32)  # scoring-form length by segment id

    # -- adding -----------------------------------------------------------------------------

    def add(self, pair_id: int, segments: Sequence[tuple[int, str]]) -> None:
        """Index ``(segment id, scoring form)`` pairs of one language pair.

        Runs inside the caller's transaction, so a failed import indexes nothing.
        """
        grouped = _group_by_word(segments)
        size = sum(len(ids) for ids in grouped.values())
        if size >= FRESH_LIMIT:
            self._merge(pair_id, grouped)
            return
        self.db.executemany(
            "INSERT INTO fresh_postings (pair_id, word, segment_id) VALUES (?, ?, ?)",
            ((pair_id, word, int(sid)) for word, ids in grouped.items() for sid in ids))
        (waiting,) = self.db.execute("SELECT count(*) FROM fresh_postings WHERE pair_id = ?",
                                     (pair_id,)).fetchone()
        if waiting >= FRESH_LIMIT:
            self._merge(pair_id, {})

    def _merge(self, pair_id: int, grouped: dict[str, np.ndarray]) -> None:
        """Fold ``grouped`` and the pair's fresh postings into the postings blobs."""
        fresh = _group_rows(self.db.execute(
            "SELECT word, segment_id FROM fresh_postings WHERE pair_id = ?", (pair_id,)))
        for word, ids in fresh.items():
            grouped[word] = np.concatenate([grouped[word], ids]) if word in grouped else ids
        for word, ids in grouped.items():
            row = self.db.execute("SELECT ids FROM postings WHERE pair_id = ? AND word = ?",
                                  (pair_id, word)).fetchone()
            merged = np.concatenate([np.frombuffer(row[0], _POSTING), ids]) if row else ids
            merged = np.unique(merged).astype(_POSTING)
            self.db.execute("INSERT OR REPLACE INTO postings (pair_id, word, df, ids) "
                            "VALUES (?, ?, ?, ?)", (pair_id, word, len(merged), merged.tobytes()))
        self.db.execute("DELETE FROM fresh_postings WHERE pair_id = ?", (pair_id,))
        self.db.execute("INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key) "
                        "DO UPDATE SET value = CAST(value AS INTEGER) + 1", (_GENERATION,))

    # -- searching --------------------------------------------------------------------------

    def containing(self, pair_id: int, query_words: Iterable[str], *,
                   common: int = 200_000) -> np.ndarray:
        """The ids of the segments whose source holds every one of ``query_words`` (words of
        a scoring form), newest first. Words held by more than ``common`` segments are left
        to the caller's own check of each text, except the rarest word, which is always read."""
        self._check_generation()
        wanted = sorted(set(query_words))
        if not wanted:
            return np.zeros(0, dtype=np.int64)
        fresh = _group_rows(self.db.execute(
            f"SELECT word, segment_id FROM fresh_postings WHERE pair_id = ? AND word IN "
            f"({','.join('?' * len(wanted))})", (pair_id, *wanted)))
        counts = self._document_counts(pair_id, wanted)
        ranked = sorted(wanted, key=lambda w: counts[w] + len(fresh.get(w, ())))
        found: np.ndarray | None = None
        for word in ranked:
            if found is not None and counts[word] > common:
                break
            ids = np.union1d(self._ids(pair_id, word), fresh.get(word, np.zeros(0, _POSTING)))
            found = ids if found is None else np.intersect1d(found, ids, assume_unique=True)
            if not len(found):
                break
        return (found if found is not None else np.zeros(0, dtype=np.int64))[::-1]

    def search(self, pair_id: int, scoring: str, *, limit: int,
               threshold: float) -> list[tuple[int, float]]:
        """Segment ids whose scoring form scores at least ``threshold`` against
        ``scoring``, best first (newest first among equals), at most ``limit``."""
        query_words = words(scoring)
        if not query_words or limit < 1:
            return []
        self._check_generation()
        needed = self.safety * len(scoring) * threshold / (2.0 - threshold)
        ids, weights = self._postings(pair_id, query_words, needed)
        self._load_lengths()  # after the postings, so every id read has its length
        if ids.size == 0:
            return []
        shortlist = self._shortlist(ids, weights, len(scoring), threshold)
        return self._score(scoring, shortlist, limit, threshold)

    def _shortlist(self, ids: np.ndarray, weights: np.ndarray, length: int,
                   threshold: float) -> np.ndarray:
        """The best ``candidates`` ids by estimated similarity, inside the length window."""
        mass = np.bincount(ids, weights=weights, minlength=len(self._lengths))
        found = np.flatnonzero(mass)
        sizes = self._lengths[found]
        low, high = length_window(length, threshold)
        keep = (sizes >= low) & (sizes <= high)
        found, sizes = found[keep], sizes[keep]
        estimate = 2.0 * mass[found] / (length + sizes)
        if found.size > self.candidates:
            best = np.argpartition(-estimate, self.candidates - 1)[: self.candidates]
            found = found[best]
        return found

    def _score(self, scoring: str, shortlist: np.ndarray, limit: int,
               threshold: float) -> list[tuple[int, float]]:
        if shortlist.size == 0:
            return []
        wanted = [int(i) for i in shortlist]
        marks = ",".join("?" * len(wanted))
        rows = self.db.execute(f"SELECT id, source FROM segments WHERE id IN ({marks})", wanted)
        choices = {sid: scoring_form(source) for sid, source in rows}
        hits = process.extract(scoring, choices, scorer=fuzz.ratio, limit=None,
                               score_cutoff=threshold * 100)
        ranked = sorted(((sid, score / 100.0) for _, score, sid in hits),
                        key=lambda hit: (-hit[1], -hit[0]))
        return ranked[:limit]

    def _postings(self, pair_id: int, query_words: Iterable[str],
                  needed: float) -> tuple[np.ndarray, np.ndarray]:
        """The ids of the query's words worth reading, and the weight of each id."""
        wanted = sorted(query_words)
        fresh = _group_rows(self.db.execute(
            f"SELECT word, segment_id FROM fresh_postings WHERE pair_id = ? AND word IN "
            f"({','.join('?' * len(wanted))})", (pair_id, *wanted)))
        chosen = self._worth_reading(self._document_counts(pair_id, wanted), needed)
        arrays = [self._ids(pair_id, word) for word in chosen]
        arrays += [fresh[word] for word in chosen if word in fresh]
        sizes = [len(a) for a in arrays]
        weight_of = [len(word) + 1.0 for word in chosen]
        weight_of += [len(word) + 1.0 for word in chosen if word in fresh]
        if not arrays:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(arrays), np.repeat(np.array(weight_of), sizes)

    def _worth_reading(self, counts: dict[str, int], needed: float) -> list[str]:
        """Words rarest first: past ``budget`` ids, stop once the words left unread
        weigh less than ``needed`` (so a match cannot rest on them alone); never
        read past ``max_budget``."""
        unread = sum(len(word) + 1 for word in counts)
        chosen: list[str] = []
        spent = 0
        for word in sorted(counts, key=lambda w: counts[w]):
            after = spent + counts[word]
            if chosen and (after > self.max_budget or (after > self.budget and unread < needed)):
                break
            chosen.append(word)
            spent, unread = after, unread - len(word) - 1
        return chosen

    def _document_counts(self, pair_id: int, wanted: list[str]) -> dict[str, int]:
        counts = {w: len(self._cache[(pair_id, w)]) for w in wanted if (pair_id, w) in self._cache}
        missing = [w for w in wanted if w not in counts]
        if missing:
            rows = self.db.execute(
                f"SELECT word, df FROM postings WHERE pair_id = ? AND word IN "
                f"({','.join('?' * len(missing))})", (pair_id, *missing))
            counts.update({w: 0 for w in missing})
            counts.update(dict(rows))
        return counts

    def _ids(self, pair_id: int, word: str) -> np.ndarray:
        key = (pair_id, word)
        if key not in self._cache:
            row = self.db.execute("SELECT ids FROM postings WHERE pair_id = ? AND word = ?",
                                  key).fetchone()
            self._cache[key] = (np.frombuffer(row[0], _POSTING) if row
                                else np.zeros(0, dtype=_POSTING))
        return self._cache[key]

    def _check_generation(self) -> None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (_GENERATION,)).fetchone()
        generation = row[0] if row else None
        if generation != self._generation:
            self._cache.clear()
            self._generation = generation

    def _load_lengths(self) -> None:
        """Read the lengths of segments added since the last lookup (by any process)."""
        known = len(self._lengths) - 1
        rows = self.db.execute("SELECT id, length FROM segments WHERE id > ? ORDER BY id",
                               (known,)).fetchall()
        if not rows:
            return
        top = rows[-1][0]
        grown = np.zeros(top + 1, dtype=np.int32)
        grown[: len(self._lengths)] = self._lengths
        new = np.array(rows, dtype=np.int64)
        grown[new[:, 0]] = new[:, 1]
        self._lengths = grown


def length_window(length: int, threshold: float) -> tuple[int, int]:
    """Shortest and longest stored scoring form that can reach ``threshold``
    against a query of ``length`` characters."""
    if threshold <= 0:
        return 0, 2**31 - 1
    ratio = threshold / (2.0 - threshold)
    return math.ceil(length * ratio - 1e-9), math.floor(length / ratio + 1e-9)


def _group_by_word(segments: Sequence[tuple[int, str]]) -> dict[str, np.ndarray]:
    """``{word: sorted ids of segments containing it}`` for a batch."""
    vocabulary: dict[str, int] = {}
    word_ix, segment_ids = array("i"), array("q")
    for sid, scoring in segments:
        for word in words(scoring):
            word_ix.append(vocabulary.setdefault(word, len(vocabulary)))
            segment_ids.append(sid)
    if not vocabulary:
        return {}
    wix = np.frombuffer(word_ix, dtype=np.int32)
    sids = np.frombuffer(segment_ids, dtype=np.int64)
    order = np.argsort(wix, kind="stable")
    bounds = np.cumsum(np.bincount(wix, minlength=len(vocabulary)))
    split = np.split(sids[order].astype(_POSTING), bounds[:-1])
    return dict(zip(vocabulary, split, strict=True))


def _group_rows(rows: Iterable[tuple[str, int]]) -> dict[str, np.ndarray]:
    grouped: dict[str, list[int]] = {}
    for word, sid in rows:
        grouped.setdefault(word, []).append(sid)
    return {word: np.array(ids, dtype=_POSTING) for word, ids in grouped.items()}
