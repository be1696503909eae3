"""Hunspell dictionaries of the target languages, found where Debian installs them.

The spelling check looks words up in the Hunspell dictionaries that the Debian
packages ``hunspell-de-de``, ``hunspell-es``, ``hunspell-fr``, ``hunspell-nl`` and
``hunspell-it`` (and any other ``hunspell-*``) put in ``/usr/share/hunspell`` as
``<locale>.dic``/``<locale>.aff``. ``find(lang)`` picks the file pair for a language
tag: its own region first (``de-AT`` -> ``de_AT``), then the language's main region
(``de_DE``, ``es_ES``, ``fr_FR``, ``nl_NL``, ``it_IT``), then the bare language
(``nl``), then any region of it. ``speller(lang)`` loads it once per process through
the ``chunspell`` binding (libhunspell in its wheel, imported as ``hunspell``) and
remembers every word it has looked up, so a word costs one call per process.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

DIRECTORIES: tuple[Path, ...] = (Path("/usr/share/hunspell"), Path("/usr/share/myspell"),
                                 Path("/usr/share/myspell/dicts"))
MAIN_REGION = {"de": "DE", "en": "US", "es": "ES", "fr": "FR", "it": "IT", "nl": "NL",
               "pt": "PT", "da": "DK", "sv": "SE", "pl": "PL", "cs": "CZ", "el": "GR"}
# The Debian package that brings a language's dictionary, for the note when it is missing.
PACKAGES = {"de": "hunspell-de-de", "es": "hunspell-es", "fr": "hunspell-fr",
            "nl": "hunspell-nl", "it": "hunspell-it", "en": "hunspell-en-us",
            "pt": "hunspell-pt-pt"}
MAX_REMEMBERED = 200_000  # looked-up words kept per dictionary before the memory starts over


def _parts(lang: str) -> tuple[str, str]:
    pieces = lang.replace("_", "-").split("-")
    base = pieces[0].lower()
    region = next((p.upper() for p in pieces[1:] if len(p) == 2 and p.isalpha()), "")
    return base, region


def _candidates(lang: str) -> list[str]:
    base, region = _parts(lang)
    names = [f"{base}_{region}"] if region else []
    if base in MAIN_REGION:
        names.append(f"{base}_{MAIN_REGION[base]}")
    names.append(base)
    return names


def find(lang: str, directories: Sequence[Path] = DIRECTORIES) -> Path | None:
    """The dictionary for ``lang`` as a path without suffix (``.../de_DE``), or None."""
    base, _ = _parts(lang)
    for directory in directories:
        for name in _candidates(lang):
            if _complete(directory / name):
                return directory / name
        others = sorted(directory.glob(f"{base}_*.dic")) if directory.is_dir() else []
        for dic in others:
            if _complete(dic.with_suffix("")):
                return dic.with_suffix("")
    return None


def _complete(stem: Path) -> bool:
    return stem.with_suffix(".dic").is_file() and stem.with_suffix(".aff").is_file()


def missing_note(lang: str) -> str:
    """What to tell the user when no dictionary for ``lang`` is installed."""
    base, _ = _parts(lang)
    package = PACKAGES.get(base, f"hunspell-{base}")
    return (f"spelling: no Hunspell dictionary for '{lang}' in "
            f"{', '.join(str(d) for d in DIRECTORIES)}; the spelling check is skipped "
            f"(on Debian: apt-get install {package}).")


class Speller:
    """One loaded dictionary; ``knows(word)`` is safe to call from several threads."""

    def __init__(self, stem: Path) -> None:
        import hunspell  # the chunspell binding; imported on first use

        self.stem = stem
        self._dictionary = hunspell.Hunspell(stem.name, hunspell_data_dir=str(stem.parent))
        self._lock = threading.Lock()
        self._known: dict[str, bool] = {}
        self.alphabet = _alphabet(stem.with_suffix(".aff"))

    def knows(self, word: str) -> bool:
        found = self._known.get(word)
        if found is None:
            with self._lock:
                found = bool(self._dictionary.spell(word))
            if len(self._known) >= MAX_REMEMBERED:
                self._known.clear()
            self._known[word] = found
        return found


def _alphabet(aff: Path) -> str:
    """The lower-case letters of the dictionary's TRY line (its letters, commonest first),
    which the spelling check tries when it looks for the word a typo was meant to be."""
    try:
        with aff.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("TRY "):
                    letters = dict.fromkeys(c for c in line[4:].strip().lower() if c.isalpha())
                    return "".join(letters)
    except OSError:
        pass
    return "abcdefghijklmnopqrstuvwxyz"


@cache
def _load(stem: Path) -> Speller | None:
    try:
        return Speller(stem)
    except Exception as exc:  # a broken dictionary file or binding: no spelling check
        log.warning("Hunspell dictionary %s could not be loaded: %r", stem, exc)
        return None


@cache
def speller(lang: str, directories: tuple[Path, ...] = DIRECTORIES) -> Speller | None:
    """The dictionary for ``lang``, found and loaded once per process; None when none is
    installed."""
    stem = find(lang, directories)
    return _load(stem) if stem is not None else None
