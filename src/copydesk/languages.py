"""Language codes copydesk knows, and their validation.

Codes are ISO 639-1 (``de``, ``en``) as newsrooms use them for editions.
Region subtags (``de-CH``, ``pt_BR``) are accepted and kept.
"""

from __future__ import annotations

import copy
import functools
import re
import threading
from typing import Any

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

# Our codes in ISO 639-3, as Apertium's mode names and multilingual OPUS-MT tokens spell them.
ISO_639_3: dict[str, str] = {
    "ar": "ara", "bg": "bul", "ca": "cat", "cs": "ces", "da": "dan", "de": "deu", "el": "ell",
    "en": "eng", "es": "spa", "et": "est", "fi": "fin", "fr": "fra", "ga": "gle", "hr": "hrv",
    "hu": "hun", "id": "ind", "it": "ita", "ja": "jpn", "ko": "kor", "lt": "lit", "lv": "lav",
    "mt": "mlt", "nb": "nob", "nl": "nld", "pl": "pol", "pt": "por", "ro": "ron", "ru": "rus",
    "sk": "slk", "sl": "slv", "sv": "swe", "tr": "tur", "uk": "ukr", "zh": "zho",
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


# Fewest letters of text that language identification is trusted with.
MIN_DETECT_LETTERS = 20
MIN_DETECT_CONFIDENCE = 0.8
# py3langid labels that differ from our codes.
_LANGID_ALIASES = {"no": "nb"}


_IDENTIFIER_LOCK = threading.Lock()


def identifier(labels: tuple[str, ...] | None = None) -> Any:
    """py3langid's model, restricted to ``labels`` (py3langid's codes) when given.

    The model is read once per process (about half a second) and the restricted
    views share it; the lock keeps concurrent first callers (desk threads) from
    reading it several times.
    """
    with _IDENTIFIER_LOCK:
        return _restricted(labels)


@functools.lru_cache(maxsize=32)
def _restricted(labels: tuple[str, ...] | None) -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    if labels is None:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    restricted = copy.copy(_restricted(None))  # set_languages replaces arrays, never edits them
    restricted.set_languages(list(labels))
    return restricted


def _identifier() -> Any:
    """The model restricted to the languages copydesk knows."""
    wanted = {_LANGID_ALIASES.get(label, label): label for label in identifier().labels}
    return identifier(tuple(wanted[code] for code in LANGUAGES if code in wanted))


def detect(text: str) -> str:
    """The language of ``text`` as one of :data:`LANGUAGES`, or raise LanguageError."""
    letters = sum(1 for char in text if char.isalpha())
    if letters < MIN_DETECT_LETTERS:
        raise LanguageError(
            f"The text is too short to tell its language ({letters} letters); "
            "set the source language explicitly (an ISO 639-1 code such as 'de')."
        )
    label, confidence = _identifier().classify(text)
    code = _LANGID_ALIASES.get(label, label)
    if confidence < MIN_DETECT_CONFIDENCE or code not in LANGUAGES:
        raise LanguageError(
            f"Could not tell the language of the text with confidence (best guess "
            f"{code!r} at {confidence:.0%}); set the source language explicitly "
            "(an ISO 639-1 code such as 'de')."
        )
    return code
