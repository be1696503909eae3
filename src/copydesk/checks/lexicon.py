"""How common a word is in a language, from wordfreq's lists (shipped in its wheel).

The names and untranslated checks ask two questions of a word: is it a common
word of this language, and does it belong to the source language more than to
the target language? Both come from the Zipf frequency (log10 of occurrences per
billion words) in wordfreq's "small" lists: every word used at least once per
million words, about 35,000 per language, a few megabytes in memory. A word
missing from a list is rarer than that and gets ``RARE``.

Words are compared case-folded and with the list's own apostrophe and accent
forms, so "Ningún", "ningún" and "NINGÚN" are one word.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from functools import cache

RARE = 2.5  # Zipf given to a word below the list's floor of 3.0 (once per million words)
COMMON = 3.5  # a word this frequent is an ordinary word of the language, not a name


@cache
def _frequencies(lang: str) -> dict[str, float] | None:
    """The word -> frequency list of a language, or None when wordfreq has none."""
    from wordfreq import available_languages, get_frequency_dict  # import on first use

    base = lang.split("-")[0].lower()
    if base not in available_languages("small"):
        return None
    return dict(get_frequency_dict(base, "small"))


def table(lang: str) -> Mapping[str, float]:
    """The whole list of a language as word -> frequency (occurrences per word), keys in
    ``key`` form; empty when wordfreq has none. For callers that look up many forms."""
    return _frequencies(lang) or {}


def known(lang: str) -> bool:
    """Whether word frequencies exist for the language (``de-AT`` uses ``de``)."""
    return _frequencies(lang) is not None


def key(word: str) -> str:
    """The form a word is looked up in: NFC, case-folded, curly apostrophe made straight."""
    return unicodedata.normalize("NFC", word).casefold().replace("’", "'")


def zipf(word: str, lang: str) -> float:
    """Zipf frequency of ``word`` in ``lang`` (``RARE`` below the list's floor)."""
    table = _frequencies(lang)
    if table is None:
        return RARE
    freq = table.get(key(word))
    if freq is None and "'" in word:  # "Brandt's": the list has "brandt" and "'s" apart
        freq = table.get(key(word).split("'")[0])
    return max(math.log10(freq * 1e9), RARE) if freq else RARE


def common(word: str, lang: str) -> bool:
    """An ordinary word of the language (whatever its case in the text)."""
    return zipf(word, lang) >= COMMON


def lean(word: str, source_lang: str, target_lang: str) -> float:
    """How much more a word belongs to the source language than to the target language:
    the difference of its Zipf frequencies. Names and international words ("China",
    "Internet") lean little; "Council" leans to English by about two orders of magnitude."""
    return zipf(word, source_lang) - zipf(word, target_lang)


def fold(text: str) -> str:
    """Case-folded, accents removed, ß as ss: "París" and "Paris" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
