"""The checks framework: one class per check, each with a stable id.

A check looks at one segment (source and target, tagged text as in
``copydesk.article``) and returns the issues it finds. ``run`` never raises:
a check that cannot decide returns no issue. Spans are character offsets into
the strings the check was given.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar


class Severity(StrEnum):
    BLOCKER = "blocker"  # must be fixed or overridden with a reason before publishing
    MAJOR = "major"  # likely changes the meaning; look first
    MINOR = "minor"  # style and form


@dataclass(frozen=True)
class Fix:
    """A safe, mechanical replacement in the target: ``target[start:end] = replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Issue:
    check: str
    severity: Severity
    message: str
    target_span: tuple[int, int] | None = None
    source_span: tuple[int, int] | None = None
    fix: Fix | None = None
    provenance: str | None = None  # what produced it, for a model's judgement: its signature

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "check": self.check,
            "severity": self.severity.value,
            "message": self.message,
        }
        if self.target_span is not None:
            data["target_span"] = list(self.target_span)
        if self.source_span is not None:
            data["source_span"] = list(self.source_span)
        if self.fix is not None:
            data["fix"] = {"start": self.fix.start, "end": self.fix.end,
                           "replacement": self.fix.replacement}
        if self.provenance is not None:
            data["provenance"] = self.provenance
        return data


@dataclass(frozen=True)
class SegmentContext:
    """What a check may know beyond the two strings."""

    source_lang: str
    target_lang: str
    glossary: Any = None  # copydesk.glossary.Glossary when configured
    edition: Mapping[str, Any] = field(default_factory=dict)  # per-edition check options
    article: Sequence[tuple[str, str]] = ()  # all (source, target) pairs, for consistency


class Check(ABC):
    """One check. Subclasses set the class attributes and implement ``run``."""

    check_id: ClassVar[str]
    severity: ClassVar[Severity]
    description: ClassVar[str]
    example: ClassVar[str] = ""  # one line for the docs: source -> target that fails

    @abstractmethod
    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        """Return the issues found in ``target`` given ``source``; never raise."""

    def unavailable(self, context: SegmentContext) -> str | None:
        """Why the check cannot run for the context's languages (a note to show once, such
        as a missing dictionary), or None when it can."""
        return None

    def issue(self, message: str, target_span: tuple[int, int] | None = None, *,
              source_span: tuple[int, int] | None = None, fix: Fix | None = None,
              severity: Severity | None = None) -> Issue:
        return Issue(self.check_id, severity or self.severity, message, target_span,
                     source_span, fix)
