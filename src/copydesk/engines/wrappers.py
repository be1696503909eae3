"""Engines that wrap engines: a cache of earlier translations and a fallback chain.

Both follow the ``Engine`` contract, so they nest and the pipeline cannot tell
them from a plain engine. Translation memory is not a wrapper: it is a step of
the pipeline (``copydesk.memory.reuse``), which alone knows each segment's
tagged source and its neighbours.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Protocol

from copydesk.engines.base import Candidate, Context, Engine, Signature
from copydesk.errors import ConfigError, EngineError, EngineUnavailableError
from copydesk.settings import Settings


class TranslationCache(Protocol):
    def get(self, key: str) -> Candidate | None: ...

    def put(self, key: str, candidate: Candidate) -> None: ...


class MemoryCache:
    """The most recently used ``max_entries`` translations, in this process."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[str, Candidate] = OrderedDict()

    def get(self, key: str) -> Candidate | None:
        candidate = self._entries.get(key)
        if candidate is not None:
            self._entries.move_to_end(key)
        return candidate

    def put(self, key: str, candidate: Candidate) -> None:
        self._entries[key] = candidate
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


class FileCache:
    """Translations kept in a SQLite file (shared by runs and processes), with a
    ``MemoryCache`` in front."""

    def __init__(self, path: Path, max_memory_entries: int = 10_000) -> None:
        self.path = Path(path)
        self._memory = MemoryCache(max_memory_entries)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS translations "
                             "(key TEXT PRIMARY KEY, candidate TEXT NOT NULL)")
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"Cannot open the translation cache {self.path} ({exc}); check "
                              "the data directory or set engine_cache = 'memory'.") from None

    def get(self, key: str) -> Candidate | None:
        found = self._memory.get(key)
        if found is not None:
            return found
        row = self._db.execute("SELECT candidate FROM translations WHERE key = ?",
                               (key,)).fetchone()
        if row is None:
            return None
        candidate = _candidate_from_json(row[0])
        self._memory.put(key, candidate)
        return candidate

    def put(self, key: str, candidate: Candidate) -> None:
        self._memory.put(key, candidate)
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO translations VALUES (?, ?)",
                             (key, _candidate_to_json(candidate)))

    def close(self) -> None:
        self._db.close()


def _candidate_to_json(candidate: Candidate) -> str:
    return json.dumps({"text": candidate.text, "signature": str(candidate.signature),
                       "score": candidate.score, "notes": list(candidate.notes)},
                      ensure_ascii=False)


def _candidate_from_json(raw: str) -> Candidate:
    data = json.loads(raw)
    return Candidate(text=data["text"], signature=Signature.parse(data["signature"]),
                     score=data["score"], notes=tuple(data["notes"]))


def cache_key(signature: Signature, glossary: Mapping[str, str] | None, source_lang: str,
              target_lang: str, text: str) -> str:
    """What identifies one translation: engine signature, glossary, pair and text."""
    parts = [asdict(signature), sorted((glossary or {}).items()), source_lang, target_lang, text]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


class Wrapper(Engine):
    """An engine around other engines: name and capabilities come from them."""

    def __init__(self, engines: Sequence[Engine]) -> None:
        if not engines:
            raise ConfigError("A wrapper needs at least one engine; check the 'engine' setting.")
        self.engines = list(engines)

    # Capabilities come from the wrapped engines, so they are read per instance.
    @property
    def name(self) -> str:  # type: ignore[override]
        return "+".join(e.name for e in self.engines)

    @property
    def description(self) -> str:  # type: ignore[override]
        return ", then ".join(e.description or e.name for e in self.engines)

    @property
    def sends_data_offsite(self) -> bool:  # type: ignore[override]
        return any(e.sends_data_offsite for e in self.engines)

    @property
    def supports_glossary(self) -> bool:  # type: ignore[override]
        return all(e.supports_glossary for e in self.engines)

    @property
    def supports_context(self) -> bool:  # type: ignore[override]
        return all(e.supports_context for e in self.engines)

    @property
    def is_real_translation(self) -> bool:  # type: ignore[override]
        return all(e.is_real_translation for e in self.engines)

    @property
    def preserves_tags(self) -> bool:  # type: ignore[override]
        """Tagged text only when every engine carries tags; else the pipeline strips them."""
        return all(e.preserves_tags for e in self.engines)

    @property
    def max_batch(self) -> int:  # type: ignore[override]
        return min(e.max_batch for e in self.engines)

    def supports(self, source_lang: str, target_lang: str) -> bool:
        return any(_supports(e, source_lang, target_lang) for e in self.engines)

    def availability(self) -> str | None:
        problems = [e.availability() for e in self.engines]
        if all(problems):
            return "; ".join(f"{e.name}: {p}" for e, p in zip(self.engines, problems, strict=True))
        return None


def _supports(engine: Engine, source_lang: str, target_lang: str) -> bool:
    try:
        return engine.supports(source_lang, target_lang)
    except EngineError:
        return False


class CachedEngine(Wrapper):
    """Reuses earlier candidates for the same signature, glossary, pair and text;
    only the misses go to the engine (once per distinct text)."""

    def __init__(self, engine: Engine, cache: TranslationCache) -> None:
        super().__init__([engine])
        self.engine = engine
        self.cache = cache

    def signature_for(self, source_lang: str, target_lang: str) -> Signature | None:
        return self.engine.signature_for(source_lang, target_lang)

    def translate(
        self,
        segments: Sequence[str],
        source_lang: str,
        target_lang: str,
        *,
        glossary: Mapping[str, str] | None = None,
        context: Context | None = None,
    ) -> list[Candidate]:
        signature = self.engine.signature_for(source_lang, target_lang)
        if signature is None:  # the engine cannot name its output in advance
            return self.engine.translate(segments, source_lang, target_lang,
                                         glossary=glossary, context=context)
        keys = [cache_key(signature, glossary, source_lang, target_lang, t) for t in segments]
        found: dict[str, Candidate] = {}
        for key in keys:
            hit = self.cache.get(key)
            if hit is not None:
                found[key] = hit
        missing = list(dict.fromkeys(t for t, k in zip(segments, keys, strict=True)
                                     if k not in found))
        if missing:
            fresh = self.engine.translate(missing, source_lang, target_lang,
                                          glossary=glossary, context=context)
            for text, candidate in zip(missing, fresh, strict=True):
                key = cache_key(signature, glossary, source_lang, target_lang, text)
                self.cache.put(key, candidate)
                found[key] = candidate
        return [found[key] for key in keys]


class FallbackEngine(Wrapper):
    """Tries each engine in turn for a batch; the next one takes over when one
    raises an ``EngineError``. Each candidate's signature names the engine that
    produced it, and a note says which engines failed before."""

    def translate(
        self,
        segments: Sequence[str],
        source_lang: str,
        target_lang: str,
        *,
        glossary: Mapping[str, str] | None = None,
        context: Context | None = None,
    ) -> list[Candidate]:
        failures: list[tuple[Engine, EngineError]] = []
        for engine in self.engines:
            try:
                candidates = engine.translate(segments, source_lang, target_lang,
                                              glossary=glossary, context=context)
            except EngineError as error:
                failures.append((engine, error))
                continue
            if not failures:
                return candidates
            note = "; ".join(f"{e.name} failed: {err}" for e, err in failures)
            return [Candidate(text=c.text, signature=c.signature, score=c.score,
                              notes=(*c.notes, note)) for c in candidates]
        raise _all_failed(failures)


def _all_failed(failures: list[tuple[Engine, EngineError]]) -> EngineError:
    """One error for a chain where every engine failed: the common kind if all
    failed the same way, otherwise 'unavailable', listing each engine's reason."""
    kinds = {type(error) for _, error in failures}
    kind: type[EngineError] = kinds.pop() if len(kinds) == 1 else EngineUnavailableError
    reasons = " | ".join(f"{engine.name}: {error}" for engine, error in failures)
    return kind(f"Every engine of the fallback chain failed: {reasons}")


def cached(engine: Engine, settings: Settings) -> Engine:
    """``engine`` wrapped in the cache the ``engine_cache`` setting asks for."""
    mode = settings.engine_cache
    if mode == "memory":
        return CachedEngine(engine, MemoryCache())
    if mode == "file":
        return CachedEngine(engine, FileCache(settings.home_path / "cache" / "translations.db"))
    return engine
