"""Find the names in a source text that a translation has to keep.

A name is a token a translation keeps as written, or renders by a known exonym:

* ``code``: letters with digits or inner capitals ("GTG-1002", "COVID-19",
  "iPhone", "McKinsey");
* ``acronym``: two or more capitals ("FT", "AFP", "FAST"). An acronym that is
  also a common word of the source language ("FAST", "VERY") counts only where it
  is used as a name: defined in brackets in the segment or the article ("Spherical
  Telescope (FAST)"), or written in capitals in three or more segments of the
  article; else it is emphasis ("a LOT", "VERY");
* ``name``: a capitalised word, off sentence start (or anywhere if it is a country
  or language name), that is rare in the source language or about as common in the
  target language as in the source ("China", "Messenger", "Danius"), judged by
  wordfreq's frequencies (``lexicon.lean``). Common source words in a run of
  capitalised words ("Supreme Court", "National Park") are titles that
  translations render, so a run keeps only its name-like words;
* ``used-name``: a common word of the source language, capitalised inside a
  sentence, standing alone without an article before it ("published in
  Nature"): a title or brand that the engine may have translated as a word. Only
  for languages that do not capitalise every noun.

Month and weekday names are the dates check's business and never names here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from copydesk.checks import exonyms, lexicon
from copydesk.checks.tables import table

TOKEN = regex.compile(r"[\p{L}\p{N}](?:[\p{L}\p{N}’'.-]*[\p{L}\p{N}])?")
_SENTENCE_START = regex.compile(r"(?:^|[.!?:;\"“„«(\[]\s*|\s[-–—]\s|^\W*)$")
_SENTENCE_BREAK = regex.compile(r"(?:[.!?:;\"“„«(\[]\s*|\s[-–—]\s)$")
WINDOW = 40  # characters before a word that decide its context (kept short: linear time)
_NUMBER_UNIT = regex.compile(r"\d+(?:[.,]\d+)?\p{L}{1,4}|\d+(?:st|nd|rd|th|s)")
_ROMAN = regex.compile(r"(?=[IVXLC]{2,})C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_STRETCHED = regex.compile(r"(\p{L})\1\1", regex.IGNORECASE)
_INNER_CAPS = regex.compile(r"\p{Ll}+\p{Lu}[\p{L}\p{N}]*|\p{Lu}\p{Ll}+\p{Lu}\p{Ll}[\p{L}\p{N}]*")
_POSSESSIVE = regex.compile(r"['’]s?$")
_AFTER_NUMBER = regex.compile(r"\d\s?$")
_BRACKETED = regex.compile(r"\(([^()\s]{2,12})\)")
_ABBREVIATION = regex.compile(r"\p{Lu}\p{Ll}{1,2}\.(?=\s)")
LEAN_MAX = 1.0  # a word this much more frequent in the source language is an ordinary word
# Words this common in the source language ("King", "River", "Park") are ordinary words
# even where the target language has the same string; names this common are in CLDR.
INTERNATIONAL_MAX = 4.5
NOUN_CAPITALISING = frozenset({"de", "lb"})
REPEATED_ACRONYM = 3  # segments of an article that write a common word in capitals as a name
COMPOUNDING = frozenset({"de", "nl", "lb", "da", "sv", "nb", "fi"})
NAME_KINDS = ("code", "acronym", "name", "derived", "used-name")
_ROMAN_ORDINAL = regex.compile(r"[IVXLC]+(?:-[IVXLC]+)?(?:e|er|ème|o|a|th|st|nd|rd)?")


@dataclass(frozen=True)
class Name:
    """One name of the source: what it says, where, and the words that must appear."""

    text: str
    span: tuple[int, int]
    needed: tuple[str, ...]  # any one of these in the target keeps the name
    kind: str  # one of NAME_KINDS


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


def _base(lang: str) -> str:
    return lang.split("-")[0].lower()


@cache
def _link_words(lang: str) -> frozenset[str]:
    links = table("names_words.json")["link"]
    return frozenset([*links.get(_base(lang), ()), *links.get("any", ())])


@cache
def _determiners(lang: str) -> frozenset[str]:
    return frozenset(table("names_words.json")["determiners"].get(_base(lang), ()))


@cache
def title_words(lang: str) -> frozenset[str]:
    """Titles that stand before a person's name ("President", "Dr"), lower-cased."""
    return frozenset(table("names_words.json")["titles"].get(_base(lang), ()))


@cache
def _date_words(lang: str) -> frozenset[str]:
    from babel.dates import get_day_names, get_month_names

    try:
        names = [*get_month_names("wide", locale=_base(lang)).values(),
                 *get_day_names("wide", locale=_base(lang)).values()]
    except Exception:  # no CLDR data for the language
        return frozenset()
    return frozenset(lexicon.fold(n) for n in names)


def _is_shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 8 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def is_title_case(text: str) -> bool:
    words = [w for w in text.split() if w[:1].isalpha() and len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) > 0.7 * len(words)


def _before(text: str, start: int) -> str:
    """The few characters before ``start``; the whole prefix when it is short, so "^"
    in a pattern still means the start of the text."""
    return text[max(0, start - WINDOW):start]


def _sentence_start(text: str, start: int) -> bool:
    """Whether a word at ``start`` opens a sentence (or the text)."""
    if start <= WINDOW:
        return bool(_SENTENCE_START.search(text[:start]))
    return bool(_SENTENCE_BREAK.search(text[start - WINDOW:start]))


def _bare(word: str) -> str:
    """The word without a possessive ("USOC's") or a lower-case compound tail
    ("Daesh-militair", "PALM-proef")."""
    word = _POSSESSIVE.sub("", word)
    head, _, tail = word.partition("-")
    return head if tail and tail[:1].islower() and head[-1:].isalpha() else word


def _shape(word: str) -> str:
    """code, acronym, capitalised or other."""
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return "other"
    if any(c.isdigit() for c in word):
        if any(c.isupper() for c in letters) and not _NUMBER_UNIT.fullmatch(word) \
                and not _STRETCHED.search(word):
            return "code"
        return "other"
    if _INNER_CAPS.fullmatch(word) and not word.isupper():
        return "code" if not _STRETCHED.search(word) else "other"
    core = word[:-1] if len(letters) > 2 and word.endswith("s") else word
    if len([c for c in core if c.isalpha()]) >= 2 and all(c.isupper() for c in core
                                                           if c.isalpha()):
        return "acronym"
    if word[0].isupper():
        return "capitalised"
    return "other"


class NameFinder:
    """Finds the names of source texts in one language pair (and one article)."""

    def __init__(self, source_lang: str, target_lang: str,
                 article_sources: Sequence[str] = ()) -> None:
        self.source_lang, self.target_lang = source_lang, target_lang
        self.article_caps = _caps_in_article(tuple(article_sources))

    def find(self, text: str) -> Iterator[Name]:
        tokens = [_Token(_bare(m.group()), m.start(), m.start() + len(_bare(m.group())))
                  for m in TOKEN.finditer(text)]
        taken = self._multiword_spans(text)
        for span, name in taken:
            yield Name(name, span, (name,), "name")
        shouting = _is_shouting(text)
        title_case = is_title_case(text) and _base(self.source_lang) not in NOUN_CAPITALISING
        bracketed = frozenset(m.group(1) for m in _BRACKETED.finditer(text))
        group: list[_Token] = []
        for token in _outside(tokens, sorted(span for span, _ in taken)):
            shape = self._shape_here(text, token)
            if shape == "code" and _code_core(token.text):
                yield Name(token.text, (token.start, token.end), (_code_core(token.text),),
                           "code")
            elif shape == "acronym" and not shouting and self._acronym(token, bracketed) \
                    and not self._after_number(text, token):
                bare = token.text[:-1] if token.text.endswith("s") else token.text
                yield Name(token.text, (token.start, token.end), (bare,), "acronym")
            if shape == "capitalised" and not title_case:
                if group and not self._joined(text, group[-1], token):
                    yield from self._run(text, group)
                    group = []
                group.append(token)
            elif group and (shape != "other" or not self._is_link(token)):
                yield from self._run(text, group)
                group = []
        if group:
            yield from self._run(text, group)

    @staticmethod
    def _shape_here(text: str, token: _Token) -> str:
        shape = _shape(token.text)
        if shape == "capitalised" and (_AFTER_NUMBER.search(_before(text, token.start))
                                       or _ROMAN_ORDINAL.fullmatch(token.text)
                                       or _ABBREVIATION.match(text, token.start)):
            return "other"  # a unit ("600 Mbps"), a century ("XIVe"), a title ("Rev.")
        return shape

    def _after_number(self, text: str, token: _Token) -> bool:
        """A common word in capitals right after a number: a time or a unit ("7 AM")."""
        return bool(_AFTER_NUMBER.search(_before(text, token.start))) and \
            lexicon.common(token.text, self.source_lang)

    def _multiword_spans(self, text: str) -> list[tuple[tuple[int, int], str]]:
        pattern = _multiword_pattern(self.source_lang, self.target_lang)
        if pattern is None:
            return []
        return [(m.span(), m.group()) for m in pattern.finditer(text)]

    def _is_link(self, token: _Token) -> bool:
        return token.text.lower() in _link_words(self.source_lang)

    def _joined(self, text: str, left: _Token, right: _Token) -> bool:
        """Two capitalised words of one run: a space, or a link word ("of", "de"), between."""
        gap = text[left.end:right.start]
        if gap == " ":
            return True
        words = gap.split()
        return len(words) == 1 and gap.startswith(" ") and gap.endswith(" ") and \
            words[0].lower() in _link_words(self.source_lang)

    def _acronym(self, token: _Token, bracketed: frozenset[str]) -> bool:
        bare = token.text.rstrip("s") if len(token.text) > 2 else token.text
        if _ROMAN.fullmatch(bare) or len(bare.replace(".", "")) > 10 or \
                bare in _currency_codes():
            return False
        if not lexicon.common(bare, self.source_lang) or \
                exonyms.listed(bare, self.source_lang, self.target_lang):
            return True
        return token.text in bracketed or token.text in self.article_caps.defined or \
            self.article_caps.segments.get(token.text, 0) >= REPEATED_ACRONYM

    def _run(self, text: str, group: list[_Token]) -> Iterator[Name]:
        """The names in a run of capitalised words (a single word is a run of one)."""
        words = list(group)
        kinds = [self._word_kind(w) for w in words]
        dropped = False
        if _sentence_start(text, words[0].start) and not self._named_anyway(words[0]):
            dropped = len(words) > 1 and words[0].text.lower() not in _determiners(
                self.source_lang)  # "New Kingdom" is one title; "The Messenger" is not
            if dropped and kinds[0] == "ordinary":
                kinds[1:] = ["ordinary" if k == "name" and lexicon.zipf(
                    w.text, self.source_lang) >= lexicon.COMMON else k
                    for w, k in zip(words[1:], kinds[1:], strict=True)]  # "New Kingdom"
            words, kinds = words[1:], kinds[1:]
        if not words:
            return
        if len(words) == 1:
            kind = kinds[0]
            if kind == "ordinary" and not dropped and self._used_as_name(text, words[0]):
                kind = "used-name"
            if kind == "name" and derived(words[0].text, self.source_lang):
                kind = "derived"
            if kind == "name" and _base(self.source_lang) in COMPOUNDING:
                head = self._compound_head(words[0].text)
                if head is not None:  # "Jordaanvallei": the name is "Jordaan", minor
                    if head and self._part_kind(head) == "name":
                        yield Name(words[0].text, (words[0].start, words[0].end), (head,),
                                   "derived")
                    return
            if kind in ("name", "used-name", "derived"):
                parts = tuple(p for p in words[0].text.split("-") if p) or (words[0].text,)
                yield Name(words[0].text, (words[0].start, words[0].end), parts, kind)
            return
        all_names = all(k == "name" for k in kinds)
        if not all_names and _base(self.source_lang) in NOUN_CAPITALISING:
            return
        needed = tuple(w.text for w, k in zip(words, kinds, strict=True)
                       if k == "name" and (all_names or lexicon.zipf(w.text, self.source_lang)
                                           < lexicon.COMMON))
        if needed:
            span = (words[0].start, words[-1].end)
            yield Name(text[span[0]:span[1]], span, needed, "name")

    def _named_anyway(self, token: _Token) -> bool:
        """A sentence's first word that is a name all the same: a country or language."""
        return lexicon.fold(token.text) in exonyms.cldr_words(self.source_lang)

    def _word_kind(self, token: _Token) -> str:
        """"name" (keep it), "ordinary" (a common word of the source) or "skip" (a month,
        a weekday, an abbreviation such as "St" or "Dr")."""
        word = token.text
        if len(word) < 3 or lexicon.fold(word) in _date_words(self.source_lang):
            return "skip"
        parts = [p for p in word.split("-") if p]
        if len(parts) > 1:  # "Jean-Luc" is a name; "Midden-Oosten", "Saint-Pierre" are not
            kinds = [self._part_kind(p) for p in parts]
            return "name" if all(k == "name" for k in kinds) else "ordinary"
        return self._part_kind(word)

    def _compound_head(self, word: str) -> str | None:
        """For a compound ending in a common word ("Minnesotagletsjer", "Oostzee"): its
        first part, "" when that is a common word too; None for a word that is no such
        compound."""
        lowered = word.lower()
        for cut in range(3, len(word) - 2):
            tail = lowered[cut:]
            if lexicon.zipf(tail, self.source_lang) >= lexicon.COMMON:
                head = word[:cut]
                stripped = head[:-1] if head[-1:] in "s" and len(head) > 3 else head
                if lexicon.common(head, self.source_lang) or \
                        lexicon.common(stripped, self.source_lang):
                    return ""
                return stripped
        return None

    def _part_kind(self, word: str) -> str:
        if exonyms.listed(word, self.source_lang, self.target_lang):
            return "name"
        src = lexicon.zipf(word, self.source_lang)
        if _base(self.source_lang) in NOUN_CAPITALISING:
            # Every noun is capitalised and compounds are rare: only a word that is not
            # a common word here but one the target language uses counts ("Siminoff"
            # does not, "Danius" neither; "Gift", "Probe", "Seen" are German nouns).
            tgt = lexicon.zipf(word, self.target_lang)
            return "name" if src < lexicon.COMMON and tgt > lexicon.RARE and \
                src - tgt < LEAN_MAX else "ordinary"
        if src < lexicon.COMMON:
            return "name"
        international = src - lexicon.zipf(word, self.target_lang) < LEAN_MAX
        return "name" if international and src < INTERNATIONAL_MAX else "ordinary"

    def _used_as_name(self, text: str, token: _Token) -> bool:
        """A common word capitalised inside a sentence with no article before it."""
        if _base(self.source_lang) in NOUN_CAPITALISING:
            return False
        before = _before(text, token.start).split()
        previous = before[-1].lower() if before else ""
        return previous not in _determiners(self.source_lang) and not previous.endswith(
            ("'s", "’s")) and not _sentence_start(text, token.start)


def _code_core(code: str) -> str:
    """The part of a code a translation keeps: without word parts ("M16-Gewehr" -> "M16")
    or a plural ending ("iPods" -> "iPod"); "" when no letters are left ("Typ-1")."""
    parts = [p for p in code.split("-") if not (p.isalpha() and p[1:].islower())]
    core = "-".join(parts)
    if core.endswith("s") and len(core) > 4 and not core[:-1].isdigit():
        core = core[:-1]
    return core if any(c.isalpha() for c in core) else ""


def _outside(tokens: list[_Token], spans: list[tuple[int, int]]) -> Iterator[_Token]:
    """The tokens outside the known names' spans (and not their capitalised tail, as in
    "Milky Way Galaxy"); one pass over both sorted lists."""
    at = 0
    for token in tokens:
        while at < len(spans) and spans[at][1] + 1 < token.start:
            at += 1
        if at < len(spans) and (spans[at][0] <= token.start < spans[at][1] or (
                spans[at][1] + 1 == token.start and token.text[:1].isupper())):
            continue
        yield token


@cache
def _derived_pattern(lang: str) -> regex.Pattern[str] | None:
    ending = table("names_words.json")["derived"].get(_base(lang))
    return regex.compile(rf"\p{{L}}{{2,}}{ending}") if ending else None


def derived(word: str, lang: str) -> bool:
    """A word derived from a name ("Moroccan", "Egyptenaren"), by its ending."""
    pattern = _derived_pattern(lang)
    return pattern is not None and pattern.fullmatch(word) is not None


@cache
def _currency_codes() -> frozenset[str]:
    """ISO 4217 codes ("AUD", "EUR"): amounts are the numbers check's business."""
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


@dataclass(frozen=True)
class _ArticleCaps:
    segments: dict[str, int]  # acronym-shaped word -> source segments that write it
    defined: frozenset[str]  # acronym-shaped words the article defines in brackets


@lru_cache(maxsize=16)
def _caps_in_article(sources: tuple[str, ...]) -> _ArticleCaps:
    """The acronym-shaped words of an article's sources, read once per article."""
    counts: dict[str, int] = {}
    defined: set[str] = set()
    for source in sources:
        for word in {m.group() for m in TOKEN.finditer(source)}:
            if _shape(word) == "acronym":
                counts[word] = counts.get(word, 0) + 1
        defined.update(m.group(1) for m in _BRACKETED.finditer(source))
    return _ArticleCaps(counts, frozenset(defined))


@cache
def _multiword_pattern(source_lang: str, target_lang: str) -> regex.Pattern[str] | None:
    names = exonyms.multiword(source_lang, target_lang)
    if not names:
        return None
    alternatives = "|".join(regex.escape(n) for n in names)
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alternatives})(?![\p{{L}}\p{{N}}])")
