"""How translators write numbers without digits, for the numbers check.

- ``fold``: one character for one character (so spans stay valid), every space
  separator (no-break, narrow no-break, thin, figure space) becomes a space, every
  decimal digit of any script (fullwidth "１２") an ASCII digit, the minus sign and
  figure dash a hyphen, and the superscript letters of French ordinals ("XVᵉ") plain
  letters. Superscript digits stay what they are (exponents, footnote marks).
- ``spelled_values``: cardinals and ordinals in words, from ``num2words`` (0 to 100,
  the hundreds and a thousand, in every gender and number the language inflects:
  "quinto", "quintas", "siebte", "millième", "zestien"), besides the words of
  ``data/numbers_words.json``; German and Dutch compounds that start with a number
  ("siebtgrößte", "zweieinhalb").
- ``roman_values``: upper-case Roman numerals ("siglo XV", "XVIᵉ siècle", "l'XI"),
  which stand for an ordinal or a century and nothing else.

Every scan is one pass over the words of the text, so a long segment costs time in
proportion to its length.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from copydesk.checks.tables import table

_FOLDED_MARKS = {"\u2212": "-", "\u2012": "-", "\ufe63": "-", "\uff0d": "-",
                 "\u1d49": "e", "\u02b3": "r", "\u1d48": "d", "\u02e2": "s", "\u1d57": "t"}


class _Folding(dict[int, str]):
    """A ``str.translate`` table that works out (and remembers) each character once."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in _FOLDED_MARKS:
            out = _FOLDED_MARKS[char]
        elif unicodedata.category(char) == "Zs":
            out = " "
        elif unicodedata.category(char) == "Nd":
            out = str(unicodedata.digit(char))
        elif 0xFF01 <= code <= 0xFF5E:  # fullwidth ASCII
            out = chr(code - 0xFEE0)
        else:
            out = char
        self[code] = out
        return out


_FOLDING = _Folding()


def fold(text: str) -> str:
    """The text with digits, spaces and minus signs in their plain forms, same length."""
    return text if text.isascii() else text.translate(_FOLDING)


_WORD = re.compile(r"[^\W\d_]+")
_VALUES = [*range(0, 101), *range(200, 1000, 100), 1000]
_MAX_PHRASE = 4
_STEM_MIN = 4


def _inflections(text: str, lang: str, ordinal: bool) -> set[str]:
    """The forms a spelled number takes in running text (gender, number, case)."""
    forms = {text}
    if ordinal and lang in ("es", "it", "en") and text.endswith("o"):
        forms |= {text[:-1] + end for end in ("a", "os", "as", "i", "e")}
    if ordinal and lang == "de" and text.endswith("e"):
        forms |= {text + end for end in ("n", "r", "s", "m")}
    if ordinal and lang == "nl" and text.endswith("e"):
        forms.add(text + "n")
    return forms


@cache
def _vocabulary(lang: str
                ) -> tuple[dict[tuple[str, ...], float], dict[str, float], dict[str, float]]:
    """(phrases of words -> value, compound stems -> value, scale words) for a language."""
    from num2words import num2words  # 0.16 s to import: only when a check first runs

    phrases: dict[tuple[str, ...], float] = {}
    stems: dict[str, float] = {}
    entry = table("numbers_words.json").get(lang, {})
    scales = {k.lower(): float(v) for k, v in entry.get("scales", {}).items()
              if _WORD.fullmatch(k)}
    for word, value in {**entry.get("words", {}), **entry.get("prefixes", {})}.items():
        phrases.setdefault(tuple(_WORD.findall(word.lower())), float(value))
    stems.update({k.lower(): float(v) for k, v in entry.get("prefixes", {}).items()
                  if len(k) >= _STEM_MIN})
    for value in _VALUES:
        for ordinal in (False, True):
            try:
                text = num2words(value, lang=lang, to="ordinal" if ordinal else "cardinal")
            except (RuntimeError, KeyError, TypeError, ValueError, OverflowError):
                continue  # a form num2words does not make for this language
            for form in _inflections(text.lower(), lang, ordinal):
                phrases.setdefault(tuple(_WORD.findall(form)), float(value))
            if lang in ("de", "nl") and value >= 2:
                stem = text.lower().rstrip("e") if ordinal else text.lower()
                if len(stem) >= _STEM_MIN and " " not in stem:
                    stems.setdefault(stem, float(value))
    phrases.pop((), None)
    return phrases, stems, scales


def spelled_values(text: str, lang: str) -> set[float]:
    """The values of the numbers written in words in ``text`` (a language code as ``de``)."""
    base = lang.split("-")[0].lower()
    phrases, stems, scales = _vocabulary(base)
    words = [w.lower() for w in _WORD.findall(text)]
    found: set[float] = set()
    i = 0
    while i < len(words):
        values: set[float] = set()
        for size in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
            value = phrases.get(tuple(words[i:i + size]))
            if value is not None:
                values, i = {value}, i + size
                break
        else:
            values, i = _word_value(words[i], base, phrases, stems), i + 1
        found |= values
        if values and i < len(words) and words[i] in scales:  # "zweieinhalb Millionen"
            found |= {v * scales[words[i]] for v in values}
    return found


def _word_value(word: str, lang: str, phrases: dict[tuple[str, ...], float],
                stems: dict[str, float]) -> set[float]:
    """A plural ("veintes", "cinquièmes") or a compound ("siebtgrößte", "zweieinhalb")."""
    if word.endswith("s") and (word[:-1],) in phrases:
        return {phrases[(word[:-1],)]}
    if not stems:
        return set()
    if word.endswith("einhalb") and (value := stems.get(word[:-7])) is not None:
        return {value + 0.5}
    for end in range(min(len(word) - 1, 20), _STEM_MIN - 1, -1):
        if (value := stems.get(word[:end])) is not None:
            return {value}
    return set()


_ROMAN = re.compile(r"(?<![^\W_])(?P<r>[MDCLXVI]+)(?:e|er|re|ème|eme|º|ª)?(?![^\W_])")
_VALID_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(numeral: str) -> int | None:
    """The value of a well-formed upper-case Roman numeral, or None."""
    if not numeral or not _VALID_ROMAN.fullmatch(numeral):
        return None
    total = 0
    for char, following in zip(numeral, [*numeral[1:], ""], strict=True):
        value = _ROMAN_DIGITS[char]
        total += -value if following and _ROMAN_DIGITS[following] > value else value
    return total


def roman_values(text: str) -> set[float]:
    """The values of the Roman numerals in ``text``: "siglos XI, XII y XIII" -> 11, 12, 13."""
    return {float(v) for m in _ROMAN.finditer(text) if (v := roman_value(m.group("r")))}
