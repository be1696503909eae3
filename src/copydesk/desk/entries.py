"""What people type into the desk: segment texts, comments and written reasons.

Every text is Unicode-normalised (NFC) before it is checked or stored.
Control characters (NUL included, which PostgreSQL cannot store) are refused
in texts and comments; tabs and line breaks are allowed in comments only.

A *written reason* (for an override, a correction, a withdrawal) must be
something a person wrote: after NFKC normalisation, with format, control,
separator and combining characters taken out, it must still hold at least
``MIN_REASON_LETTERS`` letters (blank letters such as the Hangul fillers do
not count). Zero-width spaces, a lone combining accent, a
row of punctuation or digits are not a reason. The reason is stored as typed
(NFC, with invisible characters removed and runs of spaces collapsed).
"""

from __future__ import annotations

import unicodedata

from copydesk.errors import InputError, WorkflowError

MIN_REASON_LETTERS = 4
MAX_REASON_CHARS = 2_000
MAX_COMMENT_CHARS = 5_000
_INVISIBLE = ("Cc", "Cf", "Cs", "Co", "Cn")  # control, format, surrogate, private, unassigned
_SPACES = ("Zs", "Zl", "Zp")
_COMMENT_CONTROLS = frozenset("\t\n\r")
# Letters by category that render as nothing (Hangul fillers): not words a person wrote.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")


def segment_text(text: str) -> str:
    """An editor's translation of one segment, normalised, or ``InputError``."""
    normal = unicodedata.normalize("NFC", text)
    _refuse_controls(normal, allowed=frozenset(), what="The text")
    return normal


def comment_text(text: str) -> str:
    """A comment, normalised and trimmed; empty or invisible comments are refused."""
    normal = unicodedata.normalize("NFC", text)
    _refuse_controls(normal, allowed=_COMMENT_CONTROLS, what="The comment")
    if len(normal) > MAX_COMMENT_CHARS:
        raise InputError(f"The comment is longer than {MAX_COMMENT_CHARS} characters; "
                         "shorten it.")
    if not _letters_or_digits(normal):
        raise WorkflowError("A comment cannot be empty; write what the other editors should "
                            "know.")
    return normal.strip()


def written_reason(text: str, what: str) -> str:
    """The reason as stored, or ``WorkflowError`` when it is not text a person wrote."""
    normal = unicodedata.normalize("NFC", text or "")
    if len(normal) > MAX_REASON_CHARS:
        raise InputError(f"The reason for {what} is longer than {MAX_REASON_CHARS} characters; "
                         "shorten it.")
    visible = "".join(" " if _category(c) in _SPACES or c in _COMMENT_CONTROLS else c
                      for c in normal if _category(c) not in _INVISIBLE)
    stored = " ".join(visible.split())
    letters = sum(1 for c in unicodedata.normalize("NFKC", stored)
                  if _category(c).startswith("L") and c not in _BLANK_LETTERS)
    if letters < MIN_REASON_LETTERS:
        raise WorkflowError(f"Give a written reason for {what}, in words (at least "
                            f"{MIN_REASON_LETTERS} letters); it goes into the audit trail.")
    return stored


def _category(char: str) -> str:
    return unicodedata.category(char)


def _letters_or_digits(text: str) -> bool:
    return any(_category(c)[0] in "LN" for c in text)


def _refuse_controls(text: str, *, allowed: frozenset[str], what: str) -> None:
    bad = next((c for c in text if _category(c) in ("Cc", "Cs") and c not in allowed), None)
    if bad is not None:
        raise InputError(f"{what} contains an invisible control character (U+{ord(bad):04X}); "
                         "remove it (retype the text, or paste it as plain text).")
