"""Translation memory first, machine translation for the rest.

``MemoryFirstEngine`` follows the engine contract, so the pipeline cannot
tell it from a plain engine: segments with an exact or in-context memory
match come back as the stored translation with a ``memory`` signature and
the match score; all the others go to the wrapped engine in one batch.

The previous and next segment of each one, for in-context matches, are its
neighbours in the batch (and ``Context.previous[-1]`` / ``Context.following[0]``
at the batch's edges): the pipeline sends segments in reading order.

The wrapper carries tags exactly when the wrapped engine does. Around an
engine that cannot, the pipeline strips tags before calling it, so tagged
segments are looked up without their tags and come back as fuzzy matches
(0.99), which only a threshold under 1.0 reuses.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

from copydesk.engines.base import Candidate, Context, Engine, Signature
from copydesk.engines.wrappers import Wrapper
from copydesk.errors import BadResponseError, ConfigError, EngineUnavailableError
from copydesk.memory.store import Match, MatchKind, TranslationMemory

LOWEST_THRESHOLD = 0.7


class MemoryFirstEngine(Wrapper):
    """Reuses memory matches scoring at least ``threshold`` (default: exact only).

    A threshold under 1.0 also reuses fuzzy matches; they carry a note asking
    the editor to compare them with the source.
    """

    def __init__(self, engine: Engine, memory: TranslationMemory, threshold: float = 1.0) -> None:
        if not LOWEST_THRESHOLD <= threshold <= 1.0:
            raise ConfigError(f"The memory-first threshold must be between {LOWEST_THRESHOLD} "
                              f"and 1.0 (got {threshold}); 1.0 reuses exact matches only.")
        super().__init__([engine])
        self.engine = engine
        self.memory = memory
        self.threshold = threshold

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"memory+{self.engine.name}"

    def translate(
        self,
        segments: Sequence[str],
        source_lang: str,
        target_lang: str,
        *,
        glossary: Mapping[str, str] | None = None,
        context: Context | None = None,
    ) -> list[Candidate]:
        found = [self._reuse(segments, i, source_lang, target_lang, context)
                 for i in range(len(segments))]
        misses = [i for i, candidate in enumerate(found) if candidate is None]
        translated: dict[int, Candidate] = {}
        if misses:
            batch = [segments[i] for i in misses]
            answers = self.engine.translate(batch, source_lang, target_lang,
                                            glossary=glossary, context=context)
            if len(answers) != len(batch):
                raise BadResponseError(
                    f"Engine '{self.engine.name}' returned {len(answers)} translations for "
                    f"{len(batch)} segments; report this to the engine's maintainer.")
            translated = dict(zip(misses, answers, strict=True))
        return [candidate or translated[i] for i, candidate in enumerate(found)]

    def _reuse(self, segments: Sequence[str], i: int, source_lang: str, target_lang: str,
               context: Context | None) -> Candidate | None:
        previous = segments[i - 1] if i > 0 else _last(context.previous if context else ())
        following = (segments[i + 1] if i + 1 < len(segments)
                     else _first(context.following if context else ()))
        try:
            matches = self.memory.lookup(segments[i], source_lang, target_lang,
                                         previous=previous, next=following, limit=1,
                                         threshold=self.threshold)
        except sqlite3.Error as exc:
            raise EngineUnavailableError(
                f"The translation memory {self.memory.path} cannot be read ({exc}); check the "
                "file or translate without the memory.") from None
        return memory_candidate(matches[0]) if matches else None


def memory_candidate(match: Match) -> Candidate:
    """A memory match as an engine candidate: signature ``engine:memory|match:…|origin:…``."""
    options = [("match", match.kind.value), ("origin", match.origin)]
    if match.provenance.editor:
        options.append(("editor", match.provenance.editor))
    notes: tuple[str, ...] = ()
    if match.kind is MatchKind.FUZZY:
        notes = (f"fuzzy memory match ({match.score:.0%}): compare it with the source",)
    return Candidate(text=match.target, signature=Signature(engine="memory",
                                                            options=tuple(options)),
                     score=match.score, notes=notes)


def _last(items: Sequence[str]) -> str | None:
    return items[-1] if items else None


def _first(items: Sequence[str]) -> str | None:
    return items[0] if items else None
