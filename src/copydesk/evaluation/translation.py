"""A test set's sources through an engine, in batches, timed.

Test sets are scored on the engine alone: the translation memory and house
style are left out, since they would score what editors wrote. Source lines
are plain text, so anything in them that reads as a protected tag is escaped
before the engine sees it and given back afterwards. A translation stays one
line, as the scores and a hypotheses file need: line breaks become spaces and
trailing white space goes, as sacrebleu drops it when it reads a file.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from copydesk.article import LOOKALIKE_LT, escape_tags
from copydesk.engines.base import Engine
from copydesk.errors import BadResponseError

_ESCAPED = re.compile(LOOKALIKE_LT + r"(?=g\d+>|/g\d+>|x\d+/>)")


@dataclass(frozen=True)
class Translation:
    hypotheses: list[str]
    signatures: tuple[str, ...]  # every engine signature seen, in order of first use
    seconds: float


def translate_all(engine: Engine, sources: Sequence[str], source_language: str,
                  target_language: str, batch_size: int,
                  progress: Callable[[int], None] | None = None) -> Translation:
    """Translate ``sources`` ``batch_size`` at a time (at most the engine's ``max_batch``);
    ``progress`` hears how many segments each batch finished."""
    size = max(1, min(batch_size, engine.max_batch))
    hypotheses: list[str] = []
    signatures: dict[str, None] = {}
    started = time.perf_counter()
    for start in range(0, len(sources), size):
        batch = [escape_tags(text) for text in sources[start:start + size]]
        candidates = engine.translate(batch, source_language, target_language)
        if len(candidates) != len(batch):
            raise BadResponseError(f"Engine '{engine.name}' returned {len(candidates)} "
                                   f"translations for {len(batch)} segments.")
        hypotheses += [_ESCAPED.sub("<", c.text).replace("\n", " ").rstrip() for c in candidates]
        signatures.update(dict.fromkeys(str(c.signature) for c in candidates))
        if progress is not None:
            progress(len(batch))
    return Translation(hypotheses, tuple(signatures), time.perf_counter() - started)
