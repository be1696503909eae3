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

A run of ``MIN_RUN`` or more counting words is an untranslated stretch (major);
a month or weekday name of the source language is major too, since it reads as a
date the reader cannot parse; a single common source word capitalised as a noun
("Bricks" for "bricks") is minor.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from copydesk.checks import lexicon

MIN_LEAN = 1.5  # Zipf points: the word is at least ~30 times more frequent in the source language
MIN_RUN = 3
MIN_SOURCE_ZIPF = 3.0  # a real word of the source language, not a rare name


@dataclass(frozen=True)
class Leftover:
    words: tuple[str, ...]
    span: tuple[int, int]
    kind: str  # "run", "date" or "word"


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


def _kind(word: str, source_lang: str, target_lang: str, lower_in_source: frozenset[str],
          in_source: frozenset[str]) -> str:
    """"count", "date", "neutral" or "break" for one target word."""
    folded = lexicon.key(word)
    if folded not in in_source or word.isupper() or any(c.isdigit() for c in word):
        return "break"
    if folded in _date_names(source_lang) and folded not in _date_names(target_lang):
        return "date"
    if word[:1].isupper() and folded not in lower_in_source:
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
    in_source = frozenset(lexicon.key(w) for w in source_words)
    lower_in_source = frozenset(lexicon.key(w) for w in source_words if w[:1].islower())
    run: list[tuple[str, int, int, str]] = []
    for i, (word, start, end) in enumerate(target):
        kind = _kind(word, source_lang, target_lang, lower_in_source, in_source)
        if kind == "date" and not _in_name(target, i, in_source) and \
                _read_as_date(target, i, target_lang):
            yield Leftover((word,), (start, end), "date")
        if kind in ("count", "name") or (kind == "neutral" and run):
            run.append((word, start, end, kind))
            continue
        yield from _close(run, target_lang)
        run = []
    yield from _close(run, target_lang)


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


def _close(run: list[tuple[str, int, int, str]], target_lang: str) -> Iterator[Leftover]:
    while run and run[-1][3] == "neutral":
        run.pop()
    kinds = [kind for *_, kind in run]
    names = [i for i, kind in enumerate(kinds) if kind == "name"]
    # Lower-case words between two capitalised ones belong to a name left in the
    # original ("Institute for the Assessment of ..."), not to a stretch of prose.
    inside = set(range(names[0], names[-1])) if len(names) > 1 else set()
    counted = sum(kind == "count" and i not in inside for i, kind in enumerate(kinds))
    if counted >= MIN_RUN:
        yield Leftover(tuple(w for w, *_ in run), (run[0][1], run[-1][2]), "run")
    elif counted == 1 and len(run) == 1 and target_lang.split("-")[0] in ("de", "lb") \
            and run[0][0][:1].isupper():
        yield Leftover((run[0][0],), (run[0][1], run[0][2]), "word")
