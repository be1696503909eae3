"""The checks read text in Unicode NFC; issues point back into the text as it was given.

An engine, a file or a paste may hand over decomposed text ("ningún" as "u" and a combining
acute), and a cue table, a dictionary or a regular expression written in NFC
would not see the word. ``run_checks`` therefore runs every check on the NFC form
of both texts and maps each issue's spans (and a fix's range) back to offsets of
the original, so an editor's screen marks the same characters either way.

The mapping works per cluster (a character and the combining marks after it),
which is where NFC composes; text whose composition crosses clusters (Hangul jamo,
some Indic vowel signs) is left as it was given, which is what the checks saw before.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from copydesk.checks.base import Fix, Issue


@dataclass(frozen=True)
class NormalForm:
    """``text`` in NFC, and for each of its offsets the cluster of the original it
    falls in (``starts``/``ends``; None when the text was NFC already)."""

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    @classmethod
    def of(cls, original: str) -> NormalForm:
        if unicodedata.is_normalized("NFC", original):
            return cls(original)
        starts: list[int] = []
        ends: list[int] = []
        pieces: list[str] = []
        begin = 0
        for at in range(1, len(original) + 1):
            if at < len(original) and unicodedata.combining(original[at]):
                continue
            piece = unicodedata.normalize("NFC", original[begin:at])
            pieces.append(piece)
            starts.extend([begin] * len(piece))
            ends.extend([at] * len(piece))
            begin = at
        text = "".join(pieces)
        if text != unicodedata.normalize("NFC", original):
            return cls(original)  # composition across clusters: keep the original
        starts.append(len(original))
        return cls(text, tuple(starts), tuple(ends))

    def span(self, span: tuple[int, int] | None) -> tuple[int, int] | None:
        """``span`` of the NFC text as a span of the original."""
        return None if span is None else self.range(*span)

    def range(self, start: int, end: int) -> tuple[int, int]:
        if self.starts is None or self.ends is None:
            return start, end
        start, end = (max(0, min(v, len(self.text))) for v in (start, end))
        if end <= start:
            return self.starts[start], self.starts[start]
        return self.starts[start], self.ends[end - 1]


def restore(issue: Issue, source: NormalForm, target: NormalForm) -> Issue:
    """``issue`` found on the NFC forms, with its spans in the original texts."""
    if source.starts is None and target.starts is None:
        return issue
    fix = issue.fix
    if fix is not None:
        fix = Fix(*target.range(fix.start, fix.end), fix.replacement)
    return replace(issue, target_span=target.span(issue.target_span),
                   source_span=source.span(issue.source_span), fix=fix)
