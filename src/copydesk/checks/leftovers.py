"""Source-language words left in a translation, found by the two languages' word frequencies.

A word of the target counts as left untranslated when the source has it too and
it belongs to the source language far more than to the target language
(``lexicon.lean`` at least ``MIN_LEAN``: "the", "government", "resigned" in a German
text; not "Internet", "Team" or "online", which German uses as much). Words that
both languages use ("in", "a", "die", "Bridge") neither count nor break a run;
anything else ends it. Lower-case words between capitalised ones are part of a
name left in the original ("Institute for the Assessment of ..."). Quoted
stretches are skipped (titles, quotes kept in the original), and capitalised
words that the source does not write in lower case (names, "Big Bang") never
count, except month and weekday names of the source language ("En August").

A run of ``MIN_RUN`` or more counting words is an untranslated stretch (major), and so
is a whole target of ``MIN_WHOLE`` or more ("Thank you.");
a month or weekday name of the source language is major too, since it reads as a
date the reader cannot parse; so is a source word that the target writes in
capitals and the source does not ("IT ist überall" for "It's everywhere"): the
engine took it for an abbreviation, and the reader takes it for one. A single
common source word capitalised as a noun ("Bricks" for "bricks") is minor.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import regex

from copydesk.checks import lexicon

MIN_LEAN = 1.5  # Zipf points: the word is at least ~30 times more frequent in the source language
MIN_RUN = 3
MIN_WHOLE = 2  # counting words in a run that is the whole target
MIN_SOURCE_ZIPF = 3.0  # a real word of the source language, not a rare name
MAX_ENCLITIC = 2  # letters after an apostrophe that are an enclitic ("'s", "'re", "n't")


@dataclass(frozen=True)
class Leftover:
    words: tuple[str, ...]
    span: tuple[int, int]
    kind: str  # "run", "date", "caps" or "word"


@dataclass(frozen=True)
class _Source:
    """The source's words, case-folded: all, those written in lower case, those in
    capitals, and all with an enclitic cut off ("it" of "It's"). A common word that opens
    the source counts as lower case: its capital is the sentence's, not a name's."""

    words: frozenset[str]
    lower: frozenset[str]
    upper: frozenset[str]
    heads: frozenset[str]

    @classmethod
    def of(cls, words: list[str], lang: str) -> _Source:
        folded = frozenset(lexicon.key(w) for w in words)
        heads = {w: _head(w) for w in folded}
        lower = {lexicon.key(w) for w in words if w[:1].islower()}
        if words and lexicon.common(words[0], lang):
            lower.add(lexicon.key(words[0]))
        # "GOP" of "GOP's", "ONU" of "dell'ONU"
        upper = {lexicon.key(part) for w in words for part in regex.split("['’]", w)
                 if part.isupper()}
        return cls(folded, frozenset(lower), frozenset(upper), folded | set(heads.values()))


def _head(word: str) -> str:
    """The word before an enclitic ("GOP" of "GOP's", "we" of "we're"); not the article of
    an elided word ("un" of "un'esperta")."""
    head, _, tail = word.replace("’", "'").partition("'")
    return head if len(tail) <= MAX_ENCLITIC else word


@cache
def _date_names(lang: str) -> frozenset[str]:
    from babel.dates import get_day_names, get_month_names

    base = lang.split("-")[0].lower()
    try:
        names = [*get_month_names("wide", locale=base).values(),
                 *get_day_names("wide", locale=base).values()]
    except Exception:  # no CLDR data for the language
        return frozenset()
    return frozenset(lexicon.key(n) for n in names)


def _kind(word: str, source_lang: str, target_lang: str, source: _Source) -> str:
    """"count", "date", "caps", "name", "neutral" or "break" for one target word."""
    folded = lexicon.key(word)
    if word.isupper() and folded in source.heads:
        return "caps" if _acronym_of_a_word(word, folded, source_lang, target_lang, source) \
            else "break"
    if folded not in source.words or word.isupper() or any(c.isdigit() for c in word):
        return "break"
    if folded in _date_names(source_lang) and folded not in _date_names(target_lang):
        return "date"
    if word[:1].isupper() and folded not in source.lower:
        return "name"
    src = lexicon.zipf(word, source_lang)
    if src < MIN_SOURCE_ZIPF:
        return "break"
    return "count" if src - lexicon.zipf(word, target_lang) >= MIN_LEAN else "neutral"


def leftovers(source_words: list[str], target: list[tuple[str, int, int]],
              source_lang: str, target_lang: str) -> Iterator[Leftover]:
    """Untranslated stretches of ``target`` (words with their spans), in one pass."""
    if not (lexicon.known(source_lang) and lexicon.known(target_lang)):
        return
    source = _Source.of(source_words, source_lang)
    # An abbreviation of the source missing from the target may be rendered by one of
    # the target's ("ONU" -> "UN"): then no capitals are judged.
    renamed = bool(source.upper - {lexicon.key(w) for w, _, _ in target})
    run: list[tuple[str, int, int, str]] = []
    for i, (word, start, end) in enumerate(target):
        kind = _kind(word, source_lang, target_lang, source)
        if kind == "caps" and renamed:
            kind = "break"
        if kind == "date" and not _in_name(target, i, source.words) and \
                _read_as_date(target, i, target_lang):
            yield Leftover((word,), (start, end), "date")
        if kind == "caps":
            yield Leftover((word,), (start, end), "caps")
        if kind in ("count", "name") or (kind == "neutral" and run):
            run.append((word, start, end, kind))
            continue
        yield from _close(run, target, target_lang)
        run = []
    yield from _close(run, target, target_lang)


def _acronym_of_a_word(word: str, folded: str, source_lang: str, target_lang: str,
                       source: _Source) -> bool:
    """A common source word in capitals that the source never writes so ("IT" for "It"):
    not an abbreviation of both texts ("NATO", "IT" in "the IT department"), and one that
    leans to the source language, so not "AI", "LOL" or "PS", which the target uses too."""
    return len(word) > 1 and folded not in source.upper \
        and lexicon.zipf(word, source_lang) >= MIN_SOURCE_ZIPF \
        and lexicon.lean(word, source_lang, target_lang) >= MIN_LEAN


def _in_name(target: list[tuple[str, int, int]], i: int, in_source: frozenset[str]) -> bool:
    """A month or weekday name inside a name that the source has too ("August
    Landmesser", "Black Friday", "Sunday Times")."""
    return any(target[j][0][:1].isupper() and lexicon.key(target[j][0]) in in_source
               for j in (i - 1, i + 1) if 0 <= j < len(target))


FUNCTION_WORD = 6.0  # Zipf of "en", "im", "de", "à": a preposition or article before a date


def _read_as_date(target: list[tuple[str, int, int]], i: int, target_lang: str) -> bool:
    """A date word used as a date: after a preposition or article of the target language
    ("En August"), or next to a number ("5 August"); not "Frau May"."""
    neighbours = [target[j][0] for j in (i - 1, i + 1) if 0 <= j < len(target)]
    if any(w.isdigit() for w in neighbours):
        return True
    return i > 0 and lexicon.zipf(target[i - 1][0], target_lang) >= FUNCTION_WORD


def _close(run: list[tuple[str, int, int, str]], target: list[tuple[str, int, int]],
           target_lang: str) -> Iterator[Leftover]:
    while run and run[-1][3] == "neutral":
        run.pop()
    kinds = [kind for *_, kind in run]
    names = [i for i, kind in enumerate(kinds) if kind == "name"]
    # Lower-case words between two capitalised ones belong to a name left in the
    # original ("Institute for the Assessment of ..."), not to a stretch of prose.
    inside = set(range(names[0], names[-1])) if len(names) > 1 else set()
    counted = sum(kind == "count" and i not in inside for i, kind in enumerate(kinds))
    # A target that is all one run is a sentence left in the source language, however
    # short ("Thank you.", "Why not?").
    whole = len(run) == len(target) and counted >= MIN_WHOLE
    if counted >= MIN_RUN or whole:
        yield Leftover(tuple(w for w, *_ in run), (run[0][1], run[-1][2]), "run")
    elif counted == 1 and len(run) == 1 and _noun_cased(run[0], target, target_lang):
        yield Leftover((run[0][0],), (run[0][1], run[0][2]), "word")


def _noun_cased(word: tuple[str, int, int, str], target: list[tuple[str, int, int]],
                target_lang: str) -> bool:
    """A word capitalised inside a German sentence, as a noun: not its first word, whose
    capital is the sentence's."""
    return target_lang.split("-")[0] in ("de", "lb") and word[0][:1].isupper() \
        and word[1] != target[0][1]
