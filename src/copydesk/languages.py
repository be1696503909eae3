"""Language codes copydesk knows, and their validation.

Codes are ISO 639-1 (``de``, ``en``) as newsrooms use them for editions.
Region subtags (``de-CH``, ``pt_BR``) are accepted and kept.
"""

from __future__ import annotations

import re

from copydesk.errors import LanguageError

LANGUAGES: dict[str, str] = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "da": "Danish",
    "de": "German", "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian",
    "fi": "Finnish", "fr": "French", "ga": "Irish", "hr": "Croatian", "hu": "Hungarian",
    "id": "Indonesian", "it": "Italian", "ja": "Japanese", "ko": "Korean", "lt": "Lithuanian",
    "lv": "Latvian", "mt": "Maltese", "nb": "Norwegian Bokmål", "nl": "Dutch", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian",
    "sv": "Swedish", "tr": "Turkish", "uk": "Ukrainian", "zh": "Chinese",
}

_CODE_RE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z0-9]{2,8}))?$")


def normalize(code: str | None) -> str:
    """Return the canonical form of a language code, or raise LanguageError."""
    if not code or not isinstance(code, str):
        raise LanguageError("No language given; pass an ISO 639-1 code such as 'en' or 'de'.")
    m = _CODE_RE.match(code.strip())
    if not m or m.group(1).lower() not in LANGUAGES:
        known = ", ".join(sorted(LANGUAGES))
        raise LanguageError(f"Unknown language {code!r}; use an ISO 639-1 code, one of: {known}.")
    base = m.group(1).lower()
    return f"{base}-{m.group(2).upper()}" if m.group(2) else base


def base(code: str) -> str:
    """``de-CH`` -> ``de``."""
    return normalize(code).split("-")[0]


def name(code: str) -> str:
    return LANGUAGES[base(code)]
