"""Dates check: weekdays, months and relative days ("yesterday") survive translation.

Month and weekday names come from Babel (CLDR) for every language; relative day
words are in ``data/dates_relative.json``. A weekday or month of the source that is
missing from the translation is an issue; so is a relative day that turns into
another ("yesterday" -> "morgen"). Names left in the source language count as
kept ("Sunday Times"). Day numbers are the numbers check's business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from babel.core import UnknownLocaleError
from babel.dates import get_day_names, get_month_names

from copydesk.article import mask_tags
from copydesk.checks.base import Check, Issue, SegmentContext, Severity
from copydesk.checks.tables import table

Concept = tuple[str, str]  # ("month", "10"), ("weekday", "1"), ("day", "yesterday")


@dataclass(frozen=True)
class DateLexicon:
    """Date words of one language: their pattern and the concept each stands for."""

    pattern: re.Pattern[str]
    concepts: dict[str, Concept]  # lower-case word -> concept
    ambiguous: frozenset[str] = frozenset()


_DATE_CONTEXT_BEFORE = re.compile(r"(?:\b(?:in|of|since|until|by|from|early|late|last|next|this)"
                                  r"\s|mid-)$", re.IGNORECASE)
_DATE_CONTEXT_AFTER = re.compile(r"^\s\d")


def _babel_names(lang: str) -> Iterator[tuple[str, Concept, bool]]:
    """(word, concept, is_compound_prefix) for month and weekday names from CLDR."""
    for number, name in get_month_names("wide", locale=lang).items():
        # German compounds ("Septembertagen"); short names would match "Mainz", "Junior".
        yield name, ("month", str(number)), lang == "de" and len(name) > 6
    for number, name in get_month_names("abbreviated", locale=lang).items():
        short = name.rstrip(".")
        if len(short) >= 3 and short.lower() not in {"mai", "may", "juni", "juli"}:
            yield short + ".", ("month", str(number)), False
    for number, name in get_day_names("wide", locale=lang).items():
        yield name, ("weekday", str(number)), lang == "de"


@cache
def lexicon(lang: str) -> DateLexicon | None:
    """The date words of a language, or None when there is no relative-day table for it."""
    base = lang.split("-")[0].lower()
    relative = table("dates_relative.json").get(base)
    if relative is None:
        return None
    try:
        names = list(_babel_names(base))
    except (UnknownLocaleError, ValueError):
        return None
    concepts: dict[str, Concept] = {}
    parts: list[str] = []
    for word, concept, compound in names:
        concepts[word.lower()] = concept
        # Plural "-s" ("Saturdays"), except in French, where "mai" + "s" is "mais" (but).
        tail = r"\w*" if compound else (r"\b" if base == "fr" else r"s?\b")
        # English and German names are capitalised, so "may" and "march" stay verbs.
        case = "" if word[:1].isupper() else "(?i:"
        parts.append(f"{case}{re.escape(word)}{')' if case else ''}{tail}")
    for word, meaning in relative["words"].items():
        concepts[word.lower()] = ("day", meaning)
        esc = re.escape(word)
        parts.append(esc + r"\b" if word in relative["case_sensitive"] else f"(?i:{esc})\\b")
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(sorted(parts, key=len, reverse=True)) + ")")
    return DateLexicon(pattern, concepts, frozenset(relative.get("ambiguous", ())))


def _is_date_use(m: re.Match[str], lex: DateLexicon) -> bool:
    """False for a name that is also a word ("May") with no date around it."""
    if m.group(0) not in lex.ambiguous:
        return True
    before = m.string[max(0, m.start() - 8):m.start()]
    after = m.string[m.end():m.end() + 3]
    return bool(_DATE_CONTEXT_BEFORE.search(before) or _DATE_CONTEXT_AFTER.search(after))


def _concept(word: str, lex: DateLexicon) -> Concept | None:
    lowered = word.lower()
    while lowered and lowered not in lex.concepts:
        lowered = lowered[:-1]  # "Samstagmorgen" -> "samstag", "Saturdays" -> "saturday"
    return lex.concepts.get(lowered)


def find_dates(text: str, lex: DateLexicon) -> dict[Concept, tuple[int, int]]:
    """Each date concept in the text with the span of its first mention."""
    found: dict[Concept, tuple[int, int]] = {}
    for m in lex.pattern.finditer(text):
        concept = _concept(m.group(0), lex)
        if concept is not None and _is_date_use(m, lex):
            found.setdefault(concept, m.span())
    return found


class DatesCheck(Check):
    check_id = "dates"
    severity = Severity.MAJOR
    description = ("Weekdays, months and words like 'yesterday' must stay the same in the "
                   "translation: a changed day misinforms readers.")
    example = "on Tuesday -> am Donnerstag"

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        src_lex, tgt_lex = lexicon(context.source_lang), lexicon(context.target_lang)
        if src_lex is None or tgt_lex is None:
            return []
        masked_source, masked_target = mask_tags(source), mask_tags(target)
        src = find_dates(masked_source, src_lex)
        tgt = find_dates(masked_target, tgt_lex)
        tgt.update({c: s for c, s in find_dates(masked_target, src_lex).items() if c not in tgt})
        missing = [c for c in src if c not in tgt]
        extra = [c for c in tgt if c not in src]
        issues = []
        for concept in missing:
            said = masked_source[slice(*src[concept])]
            other = next((c for c in extra if c[0] == concept[0]), None)
            if other is not None:
                extra.remove(other)
                written = masked_target[slice(*tgt[other])]
                issues.append(self.issue(f"“{said}” in the source became “{written}”.",
                                         tgt[other], source_span=src[concept]))
            elif concept[0] != "day":
                issues.append(self.issue(f"The {concept[0]} “{said}” in the source is missing "
                                         "from the translation.", source_span=src[concept]))
        return issues
