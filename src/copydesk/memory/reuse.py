"""Translation memory first: what the pipeline takes from the memory before any engine.

Each segment is looked up with its neighbours in reading order (the previous
and next segment that has text, across blocks), the context the desk stores
when an editor confirms a segment. An in-context or exact match is the
segment's translation (origin ``memory``, with a ``memory`` signature that
carries the entry's provenance) and the engine never sees the segment. Fuzzy
matches at or above the threshold become suggestions for the editor; the
segment still goes to the engine.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from copydesk.article import Segment
from copydesk.engines.base import Signature
from copydesk.errors import ConfigError
from copydesk.memory.store import FILE_NAME, Match, MatchKind, TranslationMemory
from copydesk.settings import Settings

SUGGESTIONS_PER_SEGMENT = 3


@dataclass(frozen=True)
class Suggestion:
    """A fuzzy memory match offered to the editor for one segment."""

    score: float
    kind: str
    source: str
    target: str
    origin: str
    editor: str | None
    signature: str | None
    created_at: str
    changed_at: str

    @classmethod
    def from_match(cls, match: Match) -> Suggestion:
        p = match.provenance
        return cls(score=match.score, kind=match.kind.value, source=match.source,
                   target=match.target, origin=match.origin, editor=p.editor,
                   signature=p.signature, created_at=p.created_at, changed_at=p.changed_at)

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "kind": self.kind, "source": self.source,
                "target": self.target,
                "provenance": {"origin": self.origin, "editor": self.editor,
                               "signature": self.signature, "created_at": self.created_at,
                               "changed_at": self.changed_at}}


@dataclass
class Reuse:
    """What the memory had for a list of segments, by segment id."""

    matches: dict[str, Match] = field(default_factory=dict)  # exact or in-context: used
    suggestions: dict[str, list[Suggestion]] = field(default_factory=dict)  # fuzzy: offered


def configured_memory(settings: Settings, *, create: bool = False) -> TranslationMemory | None:
    """The data directory's memory when the ``memory`` setting is on.

    ``None`` when it is off, or when nothing was ever stored and ``create`` is
    false (reading must not leave an empty file behind).
    """
    path = settings.home_path / FILE_NAME
    if settings.memory != "on" or not (create or path.exists()):
        return None
    return TranslationMemory(path)


def look_up(memory: TranslationMemory, segments: Sequence[Segment], source_lang: str,
            target_lang: str, *, threshold: float) -> Reuse:
    """Look every segment up with its neighbours in ``segments`` as context."""
    if not 0 < threshold <= 1:
        raise ConfigError(f"The memory threshold must be above 0 and at most 1 (got "
                          f"{threshold}); 0.75 is usual, 1 turns fuzzy suggestions off.")
    found = Reuse()
    for i, seg in enumerate(segments):
        previous = segments[i - 1].source if i > 0 else None
        following = segments[i + 1].source if i + 1 < len(segments) else None
        try:
            matches = memory.lookup(seg.source, source_lang, target_lang, previous=previous,
                                    next=following, limit=SUGGESTIONS_PER_SEGMENT,
                                    threshold=threshold)
        except sqlite3.Error as exc:
            raise ConfigError(f"The translation memory {memory.path} cannot be read ({exc}); "
                              "check the file, or set memory = \"off\".") from None
        if matches and matches[0].kind is not MatchKind.FUZZY:
            found.matches[seg.id] = matches[0]
        elif matches:
            found.suggestions[seg.id] = [Suggestion.from_match(m) for m in matches]
    return found


def memory_signature(match: Match) -> Signature:
    """``engine:memory|match:in-context|origin:editor|editor:anna|changed:…|from:…``.

    ``from`` names the engine (and model) of the stored translation when it
    had one, so a reused machine translation can still be traced to it.
    """
    options = [("match", match.kind.value), ("origin", match.origin)]
    if match.provenance.editor:
        options.append(("editor", _clean(match.provenance.editor)))
    options.append(("changed", match.provenance.changed_at))
    if match.provenance.signature:
        earlier = Signature.parse(match.provenance.signature)
        options.append(("from", "/".join(filter(None, [earlier.engine, earlier.model]))))
    return Signature(engine="memory", options=tuple(options))


def _clean(value: str) -> str:
    """A value that cannot break the signature's ``key:value|…`` form."""
    return value.replace("|", "/").strip()
