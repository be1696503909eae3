"""German house style.

Edition options (``settings.edition("de")`` mapping), with defaults:

``quotes``: ``"german"`` („…“ and ‚…‘) or ``"guillemets"`` (»…« and ›…‹).
    Straight "…" and English “…” are replaced; straight apostrophes in words
    become ’.
``gender``: ``"colon"`` (Nutzer:innen, the default), ``"star"`` (Nutzer*innen)
    or ``"none"`` (no gender check). Other inclusive spellings (NutzerInnen,
    Nutzer_innen, Nutzer/-innen) are fixed to the chosen one; masculine plurals
    of common role nouns ("die Nutzer", "den Nutzern") are flagged with a fix.
``gender_wordlist``: path of a CSV word list (``id,masculine,alternative``,
    e.g. the GeniuS catalogue) that adds role nouns to the built-in list.
``thousands_separator``: ``"."`` (default, 12.500) or ``"narrow"`` (12 500).
``percent_space``: true (default, DIN 5008: "10 %") or false ("10%").
``nbsp``: true (default): no-break spaces between number and unit or percent
    sign and inside abbreviations such as "z. B."; false: plain spaces pass.

Numbers written the English way ("3.5 Millionen", "1,000,000") get a fix only
when the reading is unambiguous: never for dates ("3.5."), times ("14.30 Uhr")
or versions ("iOS 13.1"). Dates in English order ("Oktober 3, 2020") are
flagged, with a fix for German month names.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import regex
from babel.dates import get_month_names

from copydesk.checks.base import Issue
from copydesk.style.base import QuoteStyle, StylePack, quote_issues, style_issue
from copydesk.style.gender import (
    ALWAYS_PLURAL,
    INCLUSIVE_RE,
    SEPARATORS,
    has_plural_cue,
    inclusive,
    role_nouns,
)

NBSP, NARROW_NBSP = "\u00a0", "\u202f"
QUOTES = {"german": QuoteStyle("„", "“", "‚", "‘"), "guillemets": QuoteStyle("»", "«", "›", "‹")}
DECIMAL_RE = regex.compile(r"(?<![\w.,:/-])(\d+)\.(\d{1,2})(?![\w.,:/-])(?!\s*(?:Uhr|h)\b)")
VERSION_RE = regex.compile(r"(?:Version|Vers\.|v|iOS|Android|Windows|macOS|Python|Firefox|"
                           r"Chrome|Update|Release|Bluetooth|USB|Wi-?Fi|am|vom|bis|zum)\s*$",
                           regex.IGNORECASE)
ENGLISH_THOUSANDS_RE = regex.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3}){2,}(?![\w,])|"
                                     r"(?<![\w.,])\d{1,3}(?:,\d{3})+\.\d+(?![\w.,])")
DOT_GROUPS_RE = regex.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?![\w.,]|\.\d)")
SPACE_GROUPS_RE = regex.compile(r"(?<![\w.,])\d{1,3}(?:[\u00a0\u202f]\d{3})+(?![\w.,])")
PERCENT_RE = regex.compile(r"(\d)([ \u00a0\u202f]?)%")
UNIT_RE = regex.compile(r"(\d) ((?:€|\$|£|km/h|kWh|km|kg|cm|mm|ml|MW|GW|°C|Mio\.|Mrd\.)"
                        r"(?![\w]))")
ABBREVIATION_RE = regex.compile(r"\b(z|d|u|v|o)\.([ \u00a0\u202f]?)(B|h|a|U|Ä)\.")
ABBREVIATIONS = {("z", "B"), ("d", "h"), ("u", "a"), ("v", "a"), ("u", "U"), ("o", "Ä")}


@lru_cache(maxsize=1)
def _month_pattern() -> tuple[regex.Pattern, frozenset[str]]:
    german = frozenset(get_month_names("wide", locale="de").values())
    names = german | set(get_month_names("wide", locale="en").values())
    alternatives = "|".join(sorted(names, key=len, reverse=True))
    pattern = regex.compile(rf"\b({alternatives}) (\d{{1,2}})(?:st|nd|rd|th)?"
                            rf"(?:(,? (\d{{4}}))|(?=[,;.)](?:\s|$)|$))")
    return pattern, german


class GermanStyle(StylePack):
    language = "de"

    def review(self, text: str, edition: Mapping[str, Any]) -> list[Issue]:
        quotes = QUOTES.get(str(edition.get("quotes", "german")), QUOTES["german"])
        issues = quote_issues(text, quotes)
        issues += gender_issues(text, edition)
        issues += number_issues(text, edition)
        issues += date_issues(text)
        issues += spacing_issues(text, edition)
        return issues


def gender_issues(text: str, edition: Mapping[str, Any]) -> list[Issue]:
    form = str(edition.get("gender", "colon"))
    if form not in SEPARATORS:
        return []
    wanted = SEPARATORS[form]
    issues = []
    for m in INCLUSIVE_RE.finditer(text):
        stem = m.group(1) or m.group(4)
        if (m.group(2) or m.group(5)) != wanted:
            issues.append(style_issue(f"The edition writes inclusive forms as "
                                      f"“{inclusive(stem, form)}”.", m.start(), m.end(),
                                      inclusive(stem, form)))
    nouns = role_nouns(edition.get("gender_wordlist"))
    for m in regex.finditer(r"(?<![\w:*_/-])(\p{Lu}\p{L}+)(?![\w:*_/-])", text):
        word = m.group(1)
        stem, certain = _role_stem(word, nouns)
        if stem is None or regex.search(rf"{regex.escape(stem)}innen", text, regex.IGNORECASE):
            continue  # "Nutzerinnen und Nutzer" is already inclusive
        if certain or has_plural_cue(text, m.start()):
            replacement = inclusive(stem, form)
            issues.append(style_issue(f"Generic masculine “{word}”: the edition writes "
                                      f"“{replacement}”.", m.start(), m.end(), replacement))
    return issues


def _role_stem(word: str, nouns: Mapping[str, str]) -> tuple[str | None, bool]:
    """The inclusive stem of a masculine plural (or its dative in -n), and whether it is
    certainly plural."""
    if word in nouns:
        return nouns[word], word in ALWAYS_PLURAL
    if word.endswith("n") and word[:-1] in nouns and word[:-1].endswith(("er", "e")):
        return nouns[word[:-1]], True
    return None, False


def number_issues(text: str, edition: Mapping[str, Any]) -> list[Issue]:
    issues = []
    for m in DECIMAL_RE.finditer(text):
        if VERSION_RE.search(text[max(0, m.start() - 12):m.start()]):
            continue
        issues.append(style_issue("German uses a decimal comma.", m.start(), m.end(),
                                  f"{m.group(1)},{m.group(2)}"))
    narrow = edition.get("thousands_separator", ".") in ("narrow", NARROW_NBSP)
    separator = NARROW_NBSP if narrow else "."
    for m in ENGLISH_THOUSANDS_RE.finditer(text):
        whole, _, fraction = m.group(0).partition(".")
        replacement = whole.replace(",", separator) + ("," + fraction if fraction else "")
        issues.append(style_issue("German groups thousands differently.", m.start(), m.end(),
                                  replacement))
    wrong = DOT_GROUPS_RE if narrow else SPACE_GROUPS_RE
    for m in wrong.finditer(text):
        if narrow and len(m.group(0).replace(".", "")) < 5:
            continue  # 1.000 may stay; DIN 5008 groups from five digits
        replacement = regex.sub(r"[.\u00a0\u202f]", separator, m.group(0))
        issues.append(style_issue("The edition groups thousands with "
                                  f"“{'narrow space' if narrow else '.'}”.",
                                  m.start(), m.end(), replacement))
    return issues


def date_issues(text: str) -> list[Issue]:
    pattern, german = _month_pattern()
    issues = []
    for m in pattern.finditer(text):
        month, day, year = m.group(1), m.group(2), m.group(4)
        fix = f"{int(day)}. {month}" + (f" {year}" if year else "") if month in german else None
        issues.append(style_issue("German dates put the day first: “3. Oktober 2020”.",
                                  m.start(), m.end(), fix))
    return issues


def spacing_issues(text: str, edition: Mapping[str, Any]) -> list[Issue]:
    space = NBSP if edition.get("nbsp", True) else " "
    percent_space = edition.get("percent_space", True)
    issues = []
    for m in PERCENT_RE.finditer(text):
        gap = m.group(2)
        if percent_space and (not gap or (space == NBSP and gap == " ")):
            issues.append(style_issue("Write a (no-break) space before %: “10 %”.",
                                      m.start(), m.end(), f"{m.group(1)}{space}%"))
        elif not percent_space and gap:
            issues.append(style_issue("The edition writes “10%” without a space.",
                                      m.start(), m.end(), f"{m.group(1)}%"))
    if space == NBSP:
        for m in UNIT_RE.finditer(text):
            issues.append(style_issue("Use a no-break space between number and unit.",
                                      m.start(), m.end(), f"{m.group(1)}{NBSP}{m.group(2)}"))
    for m in ABBREVIATION_RE.finditer(text):
        if (m.group(1), m.group(3)) not in ABBREVIATIONS:
            continue
        if not m.group(2) or (space == NBSP and m.group(2) == " "):
            issues.append(style_issue(f"Write “{m.group(1)}. {m.group(3)}.” with a (no-break) "
                                      "space.", m.start(), m.end(),
                                      f"{m.group(1)}.{space}{m.group(3)}."))
    return issues
