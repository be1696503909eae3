"""The engine contract.

An engine translates a batch of segments and returns a same-length list of
candidates, each carrying a provenance signature of everything that produced
it. Engines raise only ``EngineError`` subclasses. Capabilities are class
attributes so the desk can show and filter them without instantiating.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from copydesk import __version__
from copydesk.article import TAG_RE
from copydesk.settings import Settings


@dataclass(frozen=True)
class Signature:
    """Everything that produced a machine output, as one stable string.

    ``engine:ctranslate2|model:opus-mt-en-de|version:2020-02-26|quant:int8|v:0.1.0``
    """

    engine: str
    model: str | None = None
    version: str | None = None
    options: tuple[tuple[str, str], ...] = ()
    copydesk: str = __version__

    def __str__(self) -> str:
        parts = [f"engine:{self.engine}"]
        if self.model:
            parts.append(f"model:{self.model}")
        if self.version:
            parts.append(f"version:{self.version}")
        parts += [f"{k}:{v}" for k, v in self.options]
        parts.append(f"v:{self.copydesk}")
        return "|".join(parts)

    def public(self) -> Signature:
        """The signature as outputs show it: without who confirmed a reused translation
        (``editor:``, a desk login), which stays in the desk's own records."""
        return dataclasses.replace(self, options=tuple(
            (k, v) for k, v in self.options if k not in PRIVATE_OPTIONS))

    @classmethod
    def parse(cls, text: str) -> Signature:
        fields = dict(part.split(":", 1) for part in text.split("|") if ":" in part)
        known = {"engine", "model", "version", "v"}
        options = tuple((k, v) for k, v in fields.items() if k not in known)
        return cls(
            engine=fields.get("engine", "unknown"),
            model=fields.get("model"),
            version=fields.get("version"),
            options=options,
            copydesk=fields.get("v", ""),
        )


PSEUDO_ENGINE = "pseudo"
PRIVATE_OPTIONS = ("editor",)
MACHINE_ORIGINS = ("mt", "style-fix")  # texts an engine wrote (a house-style fix keeps its words)


def public_signature(text: str) -> str:
    """``text`` as outputs show it (see ``Signature.public``); unchanged when it names no one."""
    parsed = Signature.parse(text)
    if not any(key in PRIVATE_OPTIONS for key, _ in parsed.options):
        return text
    return str(parsed.public())


def is_pseudo_output(origin: str | None, signature: str | None) -> bool:
    """Whether a segment's text is the pseudo engine's output that nobody replaced.

    True for the pseudo engine's own text (origin ``mt`` or ``style-fix``) and
    for a memory match that reused such a text (``origin:mt|...|from:pseudo``).
    An editor's text is never pseudo output, whatever it started from.
    """
    if not signature or origin not in (*MACHINE_ORIGINS, "memory"):
        return False
    parsed = Signature.parse(signature)
    if origin != "memory":
        return parsed.engine == PSEUDO_ENGINE
    options = dict(parsed.options)
    return (options.get("origin") in MACHINE_ORIGINS
            and options.get("from", "").split("/")[0] == PSEUDO_ENGINE)


@dataclass(frozen=True)
class Candidate:
    """One machine translation of one segment."""

    text: str
    signature: Signature
    score: float | None = None
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Context:
    """What surrounds a batch: the article title and neighbouring sentences."""

    title: str | None = None
    previous: Sequence[str] = ()
    following: Sequence[str] = ()


def keeps_tags(source: str, translation: str) -> bool:
    """Whether ``translation`` carries exactly the inline tags of ``source`` (in any
    order): what engines with ``preserves_tags`` promise."""
    def tags(text: str) -> list[str]:
        return sorted(m.group(0) for m in TAG_RE.finditer(text))

    return tags(source) == tags(translation)


class Engine(ABC):
    """A translation engine. Subclasses set ``name`` and the capability flags."""

    name: ClassVar[str]
    description: ClassVar[str] = ""
    sends_data_offsite: ClassVar[bool] = False
    supports_glossary: ClassVar[bool] = False
    supports_context: ClassVar[bool] = False
    is_real_translation: ClassVar[bool] = True  # False only for pseudo
    preserves_tags: ClassVar[bool] = False
    max_batch: ClassVar[int] = 32

    @classmethod
    def from_settings(cls, settings: Settings) -> Engine:
        """Build the engine from resolved settings (engines read what they need)."""
        return cls()

    @abstractmethod
    def supports(self, source_lang: str, target_lang: str) -> bool:
        """Whether this engine, as configured, can translate the pair."""

    @abstractmethod
    def translate(
        self,
        segments: Sequence[str],
        source_lang: str,
        target_lang: str,
        *,
        glossary: Mapping[str, str] | None = None,
        context: Context | None = None,
    ) -> list[Candidate]:
        """Translate ``segments`` (tagged text) and return one candidate each, in order."""

    def signature_for(self, source_lang: str, target_lang: str) -> Signature | None:
        """The signature this engine's output for the pair will carry, known before
        translating; ``None`` when it cannot say (such engines are never cached)."""
        return None

    def availability(self) -> str | None:
        """``None`` when usable, otherwise a sentence saying what is missing."""
        return None
