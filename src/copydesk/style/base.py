"""The contract of a house-style pack, the quotation-mark rule shared by packs, and fixes.

A pack reviews a target text and returns ``Issue`` objects (check
``house-style``, severity minor) whose ``fix`` is set only when the change is
mechanical and safe. ``apply_fixes`` applies the non-overlapping fixes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from copydesk.checks.base import Fix, Issue, Severity

CHECK_ID = "house-style"
DOUBLE_QUOTES = "\"“”„«»"
SINGLE_QUOTES = "'‘’‚‹›"
OPENING_CONTEXT = " \t\n([{–—/" + DOUBLE_QUOTES + SINGLE_QUOTES


def style_issue(message: str, start: int, end: int, replacement: str | None = None) -> Issue:
    fix = Fix(start, end, replacement) if replacement is not None else None
    return Issue(CHECK_ID, Severity.MINOR, message, (start, end), None, fix)


class StylePack(ABC):
    """House style of one target language."""

    language: ClassVar[str]

    @abstractmethod
    def review(self, text: str, edition: Mapping[str, Any]) -> list[Issue]:
        """Issues in ``text`` (a target segment, protected tags blanked by the caller)."""


@dataclass(frozen=True)
class QuoteStyle:
    """Quotation marks of a language; ``inner_space`` goes inside the marks (French)."""

    double_open: str
    double_close: str
    single_open: str = ""
    single_close: str = ""
    inner_space: str = ""


def _is_opening(text: str, at: int) -> bool | None:
    """True for an opening mark, False for a closing one, None when the position is unclear."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    if before in OPENING_CONTEXT and not after.isspace():
        return True
    if not before.isspace():
        return False
    return None


def quote_issues(text: str, style: QuoteStyle) -> list[Issue]:
    """Double (and single) quotation marks that are not the language's own."""
    issues = _marks(text, DOUBLE_QUOTES, style.double_open, style.double_close, style.inner_space)
    if style.single_open:
        issues += _marks(text, "‘‚‹›", style.single_open, style.single_close, "")
        issues += _straight_singles(text, style)
    return issues


def _role(text: str, at: int, opening: str, closing: str) -> bool | None:
    """Opening or closing, from the position; a mark the style owns decides when unclear."""
    role = _is_opening(text, at)
    if role is None and text[at] in (opening, closing) and opening != closing:
        return text[at] == opening
    return role


def _marks(text: str, chars: str, opening: str, closing: str, space: str) -> list[Issue]:
    found = [(i, _role(text, i, opening, closing)) for i, c in enumerate(text) if c in chars]
    roles = [role for _, role in found]
    alternating = all(r is (n % 2 == 0) for n, r in enumerate(roles)) and len(roles) % 2 == 0
    issues = []
    for at, role in found:
        wanted = opening if role else closing
        start, end = at, at + 1
        if space and role:
            end = _skip_space(text, end, forward=True)
            wanted += space
        elif space and role is False:
            start = _skip_space(text, start, forward=False)
            wanted = space + wanted
        if text[start:end] != wanted:
            fix = wanted if alternating else None
            issues.append(style_issue(f"Use the edition's quotation marks {opening}…{closing}.",
                                      start, end, fix))
    return issues


def _skip_space(text: str, at: int, *, forward: bool) -> int:
    spaces = " \u00a0\u202f"
    if forward:
        while at < len(text) and text[at] in spaces:
            at += 1
        return at
    while at > 0 and text[at - 1] in spaces:
        at -= 1
    return at


def _straight_singles(text: str, style: QuoteStyle) -> list[Issue]:
    """Straight ' as apostrophe (between letters) -> ’; as a quotation mark, paired -> ‚…‘."""
    issues = []
    quote_marks = []
    for i, c in enumerate(text):
        if c != "'":
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if before.isalpha() and after.isalpha():
            issues.append(style_issue("Use the typographic apostrophe ’.", i, i + 1, "’"))
        else:
            quote_marks.append(i)
    for n, at in enumerate(quote_marks):
        role = _is_opening(text, at)
        paired = len(quote_marks) % 2 == 0 and role is (n % 2 == 0)
        wanted = style.single_open if role else style.single_close
        issues.append(style_issue(f"Use {style.single_open}…{style.single_close} for quotes "
                                  "inside quotes.", at, at + 1, wanted if paired else None))
    return issues


def apply_fixes(text: str, issues: Sequence[Issue]) -> tuple[str, list[Issue]]:
    """Apply the safe fixes of ``issues`` that do not overlap; return the text and those applied.

    Fixes are applied from the end of the text backwards so earlier offsets stay valid;
    of two overlapping fixes the first (by position) wins.
    """
    chosen: list[tuple[Issue, Fix]] = []
    last_end = -1
    with_fix = [(i, i.fix) for i in issues if i.fix is not None]
    for issue, fix in sorted(with_fix, key=lambda pair: (pair[1].start, pair[1].end)):
        if fix.start < last_end or fix.start < 0 or fix.end > len(text) or fix.start > fix.end:
            continue
        chosen.append((issue, fix))
        last_end = max(fix.end, fix.start + 1) if fix.start == fix.end else fix.end
    for _, fix in reversed(chosen):
        text = text[:fix.start] + fix.replacement + text[fix.end:]
    return text, [issue for issue, _ in chosen]
