"""Numbers check: every number in the source has the same value in the translation.

Numbers are read with each language's conventions ("3.5 million" = "3,5 Millionen"
= "3,5 Mio."; "1,000" = "1.000"; "$5bn" = "5 Mrd. Dollar"), times of day are
compared on a 12-hour clock ("3 p.m." = "15 Uhr"), and spelled-out numbers
("two" = "zwei", "a dozen" = "12") excuse a digit on the other side without being
required themselves, since translators restate them freely. A number the translation
adds is minor: translators add them to explain ("Formel-1", "Downing Street 10"),
and on annotated MT output such flags were not errors. A decade ("the '60s")
matches its year ("1960er"). Word lists live in
``data/numbers_words.json`` (one entry per language; add one to support a language).

What translators legitimately do is let through by construct (``number_words``): both
texts are folded first (no-break, narrow and thin spaces, fullwidth digits, the minus
sign); numbers in words come from num2words as well ("doscientos", "quinto",
"siebtgrößte"); an ordinal or a century may be a Roman numeral ("15th century" =
"siglo XV" = "XVe siècle", "the 1800s" = "el siglo XIX") or an ordinal in digits before
the word for century ("the 1900s" = "das 20. Jahrhundert"); a time may be written
"1200 GMT", "12:00", "12 h 00" or "12.00", and four digits with a leading zero
("0430") or three digits ("603", as broadcasters say 6:03) may read as one; a number
that opens a range of times may be an hour ("6-8 p.m." = "18 und 20 Uhr"); a date in
digits matches with day and month in either order ("5/11/2024" = "11.05.2024" =
"2024-05-11"); a fraction may stand apart from its number ("14 ½"); "35m" without a
currency may be 35 million (or 35 metres); an ISO currency code may stand on the amount
("CDF500"); a value the source repeats may be said once (minor).

An imperial measure may be converted or left out, unless the translation keeps the
unit ("6 inches" -> "9 Zoll" is a blocker); a unit switched to the other system around
the same number ("200 feet" -> "200 Meter") is a blocker, unless the unit names no
system ("degrees" -> "Grad") or the source gives both ("100 yards/meters"); yards and
metres differ by less than a tenth, so "30 yards" -> "30 Meter" is only minor (a
rounded figure).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict, deque
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from babel.numbers import get_decimal_symbol, list_currencies

from copydesk.article import mask_tags
from copydesk.checks.base import Check, Issue, SegmentContext, Severity
from copydesk.checks.number_words import fold, roman_values, spelled_values
from copydesk.checks.tables import table

_NUMBER = r"\d{1,3}(?:[,.\u00a0\u202f' ]\d{3}(?!\d))+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
# Scale letters written onto the number ("$5bn", "£125m"); one letter only after a currency.
_SUFFIXES = {"bn": 1e9, "mn": 1e6, "tn": 1e12, "m": 1e6, "k": 1e3}
# Ordinal endings after digits: "5th", "5e"/"5ème"/"5er", "5º"/"5ª", "5de"/"5ste".
_ORDINAL_SUFFIXES = {"st", "nd", "rd", "th", "e", "er", "re", "ème", "eme", "º", "ª", "de",
                     "ste"}
# Four digits with a leading zero, or three, may be a 24-hour time ("0430", "at 0500",
# "603 right now"): counts and years with four digits are not written so.
_HHMM = re.compile(r"(0\d|[1-9])([0-5]\d)")
# Between the two ends of a range ("6-8 p.m.", "zwischen 18 und 20 Uhr", "de 6 à 8 h").
_RANGE_WORD = re.compile(r"\s?(?:-|–|to|and|or|till|until|bis|und|oder|à|et|a|y|e|al|tot|en)\s?",
                         re.IGNORECASE)
_HOURS = frozenset(float(h) for h in range(25))
# A date in digits, day and month in either order ("5/11/2024", "11.05.2024", "2024-05-11").
_DATE = re.compile(r"(?<![\w.,/])(?:(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)"
                   r"(?P<y>\d{2,4})|(?P<y2>\d{4})-(?P<a2>\d{1,2})-(?P<b2>\d{1,2}))"
                   r"(?![\w/-]|[.,]\d)")
# A 24-hour time written as four digits before a time zone: "1200 GMT", "0930 UTC".
_ZONES = r"(?-i:GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|Z)"


@dataclass(frozen=True)
class Mention:
    """A number found in a text: its comparable value, where it is, and its words."""

    key: tuple[str, float]
    span: tuple[int, int]
    text: str
    loose: frozenset[tuple[str, float]] = frozenset()
    unit: str = ""  # "imperial" or "metric" when a convertible unit follows
    unit_word: str = ""  # that unit as written ("feet", "Meter")
    ordinals: frozenset[float] = frozenset()  # what a Roman numeral may write it as


@dataclass(frozen=True)
class NumberLexicon:
    """The compiled number vocabulary of one language."""

    decimal: str
    digits: re.Pattern[str]
    spelled: re.Pattern[str]
    words: dict[str, float]
    prefixes: dict[str, float]
    scales: dict[str, float]
    points: re.Pattern[str]
    percent: re.Pattern[str]
    imperial: re.Pattern[str] | None
    metric: re.Pattern[str] | None
    bare_units: frozenset[str] = frozenset()
    near_metric: frozenset[str] = frozenset()  # within a tenth of a metric unit ("yards")
    century: re.Pattern[str] | None = None  # a number in digits before a word for century


def _alternation(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def lexicon(lang: str) -> NumberLexicon | None:
    """The number vocabulary for a language code (``de-CH`` uses ``de``), or None."""
    base = lang.split("-")[0].lower()
    entry = table("numbers_words.json").get(base)
    if entry is None:
        return None
    scales = _alternation(entry["scales"])
    clock = _alternation(entry["clock"])
    scale_tail = rf"(?:[\s\u00a0-](?P<scale>(?:{scales})(?:\s(?:{scales}))?)(?!\w))?"
    digits = (
        rf"(?<![\w.,:])(?P<h>\d{{1,2}}):(?P<m>\d{{2}})(?!\d)(?:\s?(?:{clock})(?!\w))?"
        rf"|(?<![\w.,:])(?P<h3>[01]\d|2[0-3])(?P<m3>[0-5]\d)\s?{_ZONES}(?!\w)"
        rf"|(?<![\w.,:])(?P<h4>\d{{1,2}})\s?h\s?(?P<m4>[0-5]\d)(?!\d)"
        rf"|(?<![\w.,:])(?P<h2>\d{{1,2}})(?:[.:](?P<m2>\d{{2}}))?\s?(?:{clock})(?!\w)"
        rf"|(?:(?P<cur>[$€£¥])\s?|(?<![^\W\d_])(?P<code>{_currency_codes()}))?"
        rf"(?(code)|(?<![\w.,]))(?P<n>{_NUMBER})(?:\s?(?P<frac>[\u00bc-\u00be\u2150-\u215e]))?(?P<suf>[^\W\d_]*){scale_tail}"
    )
    words = {k.lower(): float(v) for k, v in entry["words"].items()}
    prefixes = {k.lower(): float(v) for k, v in entry["prefixes"].items()}
    spelled = (
        rf"\b(?P<one>{_alternation(entry['one'])})\s(?P<oscale>{scales})(?!\w)"
        rf"|\b(?P<w>{_alternation(words)})\b{scale_tail}"
    )
    if prefixes:
        spelled += rf"|\b(?P<p>{_alternation(prefixes)})\w+"
    return NumberLexicon(
        decimal=get_decimal_symbol(base),
        digits=re.compile(digits, re.IGNORECASE),
        spelled=re.compile(spelled, re.IGNORECASE),
        words=words,
        prefixes=prefixes,
        scales={k.lower(): float(v) for k, v in entry["scales"].items()},
        points=re.compile(rf"\d\s?(?:{_alternation(entry['points'])})", re.IGNORECASE),
        percent=re.compile(rf"\d\s?(?:{_alternation(entry['percent'])})", re.IGNORECASE),
        imperial=_unit_pattern(entry.get("imperial")),
        metric=_unit_pattern(entry.get("metric")),
        bare_units=frozenset(entry.get("bare_units", ())),
        near_metric=frozenset(entry.get("near_metric", ())),
        century=re.compile(rf"(?<![\d.,])(\d{{1,2}})(?:\.|e|ème|er|th|st|nd|rd|º|°|ste|de)?\s?"
                           rf"(?:{_alternation(entry['centuries'])})(?!\w)", re.IGNORECASE)
        if entry.get("centuries") else None,
    )


@cache
def _currency_codes() -> str:
    """ISO 4217 codes written onto an amount ("CDF500"), upper case only."""
    return "(?-i:" + _alternation(c for c in list_currencies() if re.fullmatch("[A-Z]{3}", c)) + ")"


def _unit_pattern(units: list[str] | None) -> re.Pattern[str] | None:
    if not units:
        return None
    names = _alternation(units)
    range_end = r"(?:\s?(?:-|–|to|and|or|bis|und|oder)\s?\d[\d.,]*)?"
    return re.compile(rf"^{range_end}[\s\u00a0-]?(?P<unit>{names})(?!\w)|(?P<unit2>{names})-$")


def parse_number(text: str, decimal: str) -> float:
    """The value of a digit string written with ``decimal`` as decimal mark.

    A lone separator that is not the language's decimal mark still reads as a
    decimal mark unless exactly three digits follow it ("1.5" in a German text).
    """
    text = re.sub(r"[\s\u00a0\u202f']", "", text)
    marks = [c for c in text if c in ".,"]
    if not marks:
        return float(text)
    last = text.rfind(marks[-1])
    if len(set(marks)) == 2:
        is_decimal = True
    elif len(marks) > 1:
        is_decimal = False
    else:
        is_decimal = marks[0] == decimal or len(text) - last - 1 != 3
    if is_decimal:
        return float(re.sub(r"[.,]", "", text[:last]) + "." + text[last + 1:])
    return float(re.sub(r"[.,]", "", text))


def _scaled(value: float, scale: str | None, lex: NumberLexicon) -> float:
    for word in (scale or "").lower().split():
        value *= lex.scales.get(word, 1.0)
    return value


def _key(value: float) -> tuple[str, float]:
    return ("n", float(f"{value:.9g}"))


def _digit_mention(m: re.Match[str], lex: NumberLexicon) -> Mention:
    hour = m.group("h") or m.group("h2") or m.group("h3") or m.group("h4")
    if hour is not None:
        h = int(hour)
        minutes = int(m.group("m") or m.group("m2") or m.group("m3") or m.group("m4") or 0)
        hours = frozenset({_key(h), _key(h % 12), _key(h % 12 + 12)})
        return Mention(("t", (h % 12) * 60 + minutes), m.span(), m.group(0), hours)
    value = parse_number(m.group("n"), lex.decimal)
    if m.group("frac"):  # "29¾" = "29,75"
        value += unicodedata.numeric(m.group("frac"))
    suffix = (m.group("suf") or "").lower()
    if suffix in _SUFFIXES and (len(suffix) > 1 or m.group("cur")):
        value *= _SUFFIXES[suffix]
    elif suffix in lex.scales:  # "£11million"
        value *= lex.scales[suffix]
    key = _key(_scaled(value, m.group("scale"), lex))
    loose: frozenset[tuple[str, float]] = frozenset()
    ordinals: frozenset[float] = frozenset()
    if suffix == "s" and value % 10 == 0:  # "the '60s" = "die 1960er", "1970s" = "70ern"
        loose = frozenset({_key(1900 + value), _key(2000 + value)} if value < 100
                          else {_key(value % 100)})
        if value >= 1000 and value % 100 == 0:  # "the 1800s" = "el siglo XIX"
            ordinals = frozenset({value // 100 + 1})
    elif suffix in ("k", "m") and not m.group("cur"):  # "5K" may be 5,000 (or a 5-km
        loose = frozenset({_key(value * _SUFFIXES[suffix])})  # race), "35m" 35 million
    elif clock := _HHMM.fullmatch(m.group(0)):  # "0430" = "4:30"
        loose = frozenset({("t", (int(clock.group(1)) % 12) * 60 + int(clock.group(2)))})
    elif suffix in _ORDINAL_SUFFIXES and value == int(value):  # "15th" = "XV", "XVe"
        ordinals = frozenset({value})
    elif clock := re.fullmatch(r"(\d{1,2})\.([0-5]\d)", m.group("n")):  # "6.30" = "06:30"
        h = int(clock.group(1))
        if h <= 24:
            loose = frozenset({("t", (h % 12) * 60 + int(clock.group(2)))})
    unit, unit_word = _unit(m, lex)
    return Mention(key, m.span(), m.group(0).strip(), loose, unit=unit, unit_word=unit_word,
                   ordinals=ordinals)


def _date_mention(m: re.Match[str]) -> Mention:
    """A date in digits: its day and month in either order, so "5/11/648" (month first)
    matches "11.05.648" (day first); the year as written."""
    a, b = int(m.group("a") or m.group("a2")), int(m.group("b") or m.group("b2"))
    year = int(m.group("y") or m.group("y2"))
    return Mention(("d", year * 10000 + min(a, b) * 100 + max(a, b)), m.span(), m.group(0))


def _unit(m: re.Match[str], lex: NumberLexicon) -> tuple[str, str]:
    """"imperial" or "metric" when such a unit stands right after the number (or joined
    before it: "km-40"), with the unit as written. A number given in both systems
    ("100 yards/meters") is of neither."""
    after = m.string[m.end():m.end() + 24]
    before = m.string[max(0, m.start() - 8):m.start()]
    for name, pattern, other in (("imperial", lex.imperial, lex.metric),
                                 ("metric", lex.metric, lex.imperial)):
        if not pattern:
            continue
        found = pattern.match(after)
        if found and found.group("unit"):
            rest = after[found.end():]
            if other and rest[:1] == "/" and other.match(rest[1:]):
                return "", ""
            return name, found.group("unit")
        found = pattern.search(before)
        if found and found.group("unit2") and found.end() == len(before):
            return name, found.group("unit2")
    return "", ""


def _spelled_value(m: re.Match[str], lex: NumberLexicon) -> float:
    if m.group("one"):
        return _scaled(1.0, m.group("oscale"), lex)
    if m.group("w"):
        return _scaled(lex.words[m.group("w").lower()], m.group("scale"), lex)
    return lex.prefixes[m.group("p").lower()]


def mentions(text: str, lex: NumberLexicon, lang: str = ""
             ) -> tuple[list[Mention], set[tuple[str, float]]]:
    """Digit numbers (must match) and the values of spelled-out numbers (may excuse).

    ``text`` is read as ``fold`` writes it; with ``lang``, the words of num2words
    for that language count as spelled-out numbers too.
    """
    dates: list[Mention] = []

    def blank(m: re.Match[str]) -> str:  # the rest is read without the dates, same length
        dates.append(_date_mention(m))
        return " " * len(m.group(0))

    text = _DATE.sub(blank, text)
    digits = _hours_of_ranges(text, [_digit_mention(m, lex) for m in lex.digits.finditer(text)])
    digits += dates
    spelled = {_key(_spelled_value(m, lex)) for m in lex.spelled.finditer(text)}
    if lang:
        spelled |= {_key(v) for v in spelled_values(text, lang)}
    return digits, spelled


def _hours_of_ranges(text: str, found: list[Mention]) -> list[Mention]:
    """A number that opens a range of times ("6-8 p.m.", "18 und 20 Uhr") may be read as
    an hour too ("6" = "18"), as the time that closes the range is."""
    out = list(found)
    for i, (first, then) in enumerate(itertools.pairwise(found)):
        if first.key[0] == "n" and then.key[0] == "t" and first.key[1] in _HOURS \
                and _RANGE_WORD.fullmatch(text[first.span[1]:then.span[0]]):
            h = int(first.key[1])
            out[i] = replace(first, loose=first.loose | {_key(h), _key(h % 12),
                                                         _key(h % 12 + 12)})
    return out


def _pair_off(left: list[Mention], right: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Remove matching mentions from both lists: exact values first, then loose ones.

    Each mention of ``left`` in turn takes the first unpaired one of ``right`` that
    matches; the candidates are looked up by value, so this is linear in the mentions.
    Returns the pairs of equal value.
    """
    used: set[int] = set()
    pairs: list[tuple[Mention, Mention]] = []
    for strict in (True, False):
        by_key: dict[tuple[str, float], deque[int]] = defaultdict(deque)
        by_loose: dict[tuple[str, float], deque[int]] = defaultdict(deque)
        for i, b in enumerate(right):
            if i not in used:
                by_key[b.key].append(i)
                for key in () if strict else b.loose:
                    by_loose[key].append(i)
        kept = []
        for a in left:
            queues = [by_key[a.key]] if strict else [by_loose[a.key]] + [
                by_key[k] for k in a.loose]
            found = [_first_unused(q, used) for q in queues]
            choice = min((i for i in found if i is not None), default=None)
            if choice is None:
                kept.append(a)
            else:
                used.add(choice)
                if strict:
                    pairs.append((a, right[choice]))
        left[:] = kept
    right[:] = [b for i, b in enumerate(right) if i not in used]
    return pairs


def _first_unused(queue: deque[int], used: set[int]) -> int | None:
    while queue and queue[0] in used:
        queue.popleft()
    return queue[0] if queue else None


class NumbersCheck(Check):
    check_id = "numbers"
    severity = Severity.BLOCKER
    description = ("Numbers, amounts, percentages and times must have the same value in the "
                   "translation, whatever the local way of writing them.")
    example = "3.5 million -> 35 Millionen"

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        src_lex, tgt_lex = lexicon(context.source_lang), lexicon(context.target_lang)
        if src_lex is None or tgt_lex is None:
            return []
        src_text, tgt_text = fold(mask_tags(source)), fold(mask_tags(target))
        missing, src_words = mentions(src_text, src_lex, context.source_lang)
        extra, tgt_words = mentions(tgt_text, tgt_lex, context.target_lang)
        tgt_keys = {m.key for m in extra}
        unconverted = [self._unconverted(a, b, src_lex, tgt_lex)
                       for a, b in _pair_off(missing, extra)
                       if _unit_switched(a, b, src_lex, tgt_lex)]
        if (any(m.unit == "imperial" for m in missing)
                and not any(m.unit == "imperial" for m in extra)):  # "6 inches" -> "9 Zoll"
            missing = [m for m in missing if m.unit != "imperial"]
            extra = [m for m in extra if m.unit != "metric"]
        elif (any(m.unit == "metric" for m in missing)
                and any(m.unit == "imperial" for m in extra)):  # "30 mètres" -> "100 feet"
            missing = [m for m in missing if m.unit != "metric"]
            extra = [m for m in extra if m.unit != "imperial"]
        romans = roman_values(tgt_text) if any(m.ordinals for m in missing) else set()
        missing, extra = _as_centuries(missing, extra, tgt_text, tgt_lex)
        extra, missing = _as_centuries(extra, missing, src_text, src_lex)
        missing = [m for m in missing if m.key not in tgt_words and not m.loose & tgt_words
                   and not m.ordinals & romans]
        extra = [m for m in extra if m.key not in src_words and not m.loose & src_words]
        missing.sort(key=lambda m: m.key in tgt_keys)  # a value said again last
        issues = [self._changed(a, b) for a, b in zip(missing, extra, strict=False)]
        issues += [self._missing(m, repeated=m.key in tgt_keys) for m in missing[len(extra):]]
        issues += [self.issue(f"The translation has the number “{m.text}”, which is not in "
                              "the source; check it.", m.span, severity=Severity.MINOR)
                   for m in extra[len(missing):]]
        return unconverted + issues + self._points(src_text, tgt_text, src_lex, tgt_lex)

    def _unconverted(self, src: Mention, tgt: Mention, src_lex: NumberLexicon,
                     tgt_lex: NumberLexicon) -> Issue:
        said = f"“{src.text} {src.unit_word}” became “{tgt.text} {tgt.unit_word}”"
        if src.unit_word in src_lex.near_metric or tgt.unit_word in tgt_lex.near_metric:
            return self.issue(f"{said}: the units differ by about a tenth, so the figure is "
                              "rounded; convert it if it must be exact.", tgt.span,
                              source_span=src.span, severity=Severity.MINOR)
        return self.issue(f"{said}: the unit changed but the number did not; convert the "
                          "number or keep the unit.", tgt.span, source_span=src.span)

    def _missing(self, src: Mention, *, repeated: bool) -> Issue:
        if repeated:  # "in 1978 ... in 1979 ... in 1979" -> "in 1978 ... in 1979"
            return self.issue(f"The number “{src.text}” comes up more often in the source "
                              "than in the translation; check that none was lost.",
                              source_span=src.span, severity=Severity.MINOR)
        return self.issue(f"The number “{src.text}” in the source is missing from the "
                          "translation.", source_span=src.span)

    def _changed(self, src: Mention, tgt: Mention) -> Issue:
        if src.text.strip() == tgt.text.strip():  # same digits, other locale: 5,000 vs 5,000
            return self.issue(
                f"“{tgt.text}” means {_plain(src.key[1])} in the source but reads as "
                f"{_plain(tgt.key[1])} in the translation's language; write it the local way.",
                tgt.span, source_span=src.span)
        return self.issue(f"“{src.text}” in the source became “{tgt.text}”; the value "
                          "differs.", tgt.span, source_span=src.span)

    def _points(self, source: str, target: str, src_lex: NumberLexicon,
                tgt_lex: NumberLexicon) -> list[Issue]:
        src_points = src_lex.points.search(source)
        tgt_points = tgt_lex.points.search(target)
        if src_points and not tgt_points and (found := tgt_lex.percent.search(target)):
            return [self.issue("The source speaks of percentage points; the translation says "
                               "per cent.", found.span(), severity=Severity.MAJOR)]
        if tgt_points and not src_points and src_lex.percent.search(source):
            return [self.issue("The translation says percentage points where the source says "
                               "per cent.", tgt_points.span(), severity=Severity.MAJOR)]
        return []


def _as_centuries(decades: list[Mention], others: list[Mention], text: str,
                  lex: NumberLexicon) -> tuple[list[Mention], list[Mention]]:
    """``decades`` ("the 1900s") that ``text`` writes as a century's ordinal in digits
    ("20. Jahrhundert", "20e siècle") taken out of both lists: the decade, and the
    ordinal among ``others`` (mentions of ``text``)."""
    if not lex.century or not any(m.ordinals for m in decades):
        return decades, others
    centuries: dict[float, set[int]] = {}
    for m in lex.century.finditer(text):
        centuries.setdefault(float(m.group(1)), set()).add(m.start(1))
    said = {o for m in decades for o in m.ordinals & centuries.keys()}
    return ([m for m in decades if not m.ordinals & centuries.keys()],
            [m for m in others if not any(m.span[0] in centuries[o] for o in said)])


def _unit_switched(src: Mention, tgt: Mention, src_lex: NumberLexicon,
                   tgt_lex: NumberLexicon) -> bool:
    """An imperial unit on one side and a metric one on the other around the same value
    ("200 feet" -> "200 Meter"); "degrees" -> "Grad" names no system and passes."""
    return ({src.unit, tgt.unit} == {"imperial", "metric"}
            and src.unit_word not in src_lex.bare_units
            and tgt.unit_word not in tgt_lex.bare_units)


def _plain(value: float) -> str:
    """A value without locale grouping, for messages: 5000, 3.5."""
    return f"{value:.0f}" if value == int(value) else f"{value:g}"
