"""Untranslated and wrong-language text.

``untranslated``: the target repeats the source (ignoring case, punctuation
and tags), or copies a long run of source words verbatim, or leaves words of
the source language in it, judged by the two languages' word frequencies
(``leftovers``: "En August", "IT" for "It", an English sentence in a German paragraph).
Segments that are only names, numbers or URLs, and very short ones, are skipped
by the first two rules: "Donald Trump" stays "Donald Trump".

``wrong-language``: a language identifier (py3langid, which ships its model)
says the target is written in another language. It only decides on texts of
at least six words, chooses among a few candidate languages, and wants a
clear margin, since news quotes names and titles in other languages.

Edition options read: ``language_candidates`` (list of codes the identifier
may choose from; default the source and target languages plus en, de, fr,
nl, es, it).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import regex

from copydesk import languages
from copydesk.article import mask_tags
from copydesk.checks.base import Check, Issue, SegmentContext, Severity
from copydesk.checks.leftovers import leftovers

# An e-mail address only starts after a space, "@", "<" or ">", and its parts are
# possessive, so a long word without "@" is scanned once, not once per letter.
URL_RE = regex.compile(r"(?:https?://|www\.)\S+|(?<![^\s@<>])[^\s@<>]++@[^\s@<>]*?\.\w+"
                       r"|[#@]\w+|<[^<>]*>", regex.IGNORECASE)
WORD_RE = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’-]*")
QUOTED_RE = regex.compile(r"[\"“„«»‚‘›‹][^\"“”„«»‚‘’›‹]{2,}[\"”“«»‘’‹›]")
MIN_COPY_RUN = 7  # source words copied in a row before a run counts as untranslated
MIN_COPY_COMMON = 5  # of which lower-case (not names)
MIN_ID_WORDS = 6  # words needed before the language identifier is trusted
MIN_MARGIN = 0.9  # normalised probability the detected language needs
DEFAULT_CANDIDATES = ("en", "de", "fr", "nl", "es", "it")


def _words(text: str) -> list[str]:
    return [m.group() for m in _word_matches(text)]


def _word_matches(text: str) -> list[regex.Match[str]]:
    """Words with their spans in ``text``: URLs, addresses and tags are blanked, not removed."""
    return list(WORD_RE.finditer(URL_RE.sub(_blank, mask_tags(text))))


def _blank(match: regex.Match[str]) -> str:
    return " " * len(match.group())


def _common_words(words: Iterable[str]) -> int:
    """Words that are not names or numbers: lower-case words."""
    return sum(1 for w in words if w[:1].islower())


def longest_copied_run(source_words: list[str], target_words: list[str]) -> list[str]:
    """The longest run of consecutive words that source and target share (case-insensitive).

    A suffix automaton of the source words, walked along the target: linear in
    the number of words (a long paragraph is not a quadratic table). Among
    runs of the same length, the one that ends first in the source wins.
    """
    length, source_end, _ = _longest_common_run([w.casefold() for w in source_words],
                                                [w.casefold() for w in target_words])
    return source_words[source_end - length:source_end]


def _longest_common_run(src: list[str], tgt: list[str]) -> tuple[int, int, int]:
    """(length, end in ``src``, end in ``tgt``) of the longest common run of words."""
    automaton = _SuffixAutomaton(src)
    best = (0, 0, 0)
    state, length = 0, 0
    for j, word in enumerate(tgt, start=1):
        while state and word not in automaton.next[state]:
            state = automaton.link[state]
            length = automaton.length[state]
        if word in automaton.next[state]:
            state, length = automaton.next[state][word], length + 1
        end = automaton.first_end[state]
        if length > best[0] or (length == best[0] and length and end < best[1]):
            best = (length, end, j)
    return best


class _SuffixAutomaton:
    """The suffix automaton of a word sequence (each state: its transitions, suffix link,
    longest length and first end position in the sequence)."""

    def __init__(self, words: list[str]) -> None:
        self.next: list[dict[str, int]] = [{}]
        self.link, self.length, self.first_end = [0], [0], [0]
        last = 0
        for position, word in enumerate(words, start=1):
            last = self._extend(last, word, position)

    def _add(self, length: int, link: int, first_end: int, moves: dict[str, int]) -> int:
        self.next.append(moves)
        self.link.append(link)
        self.length.append(length)
        self.first_end.append(first_end)
        return len(self.next) - 1

    def _extend(self, last: int, word: str, position: int) -> int:
        current = self._add(self.length[last] + 1, 0, position, {})
        state = last
        while state != -1 and word not in self.next[state]:
            self.next[state][word] = current
            state = self.link[state] if state else -1
        if state == -1:
            return current
        target = self.next[state][word]
        if self.length[state] + 1 == self.length[target]:
            self.link[current] = target
            return current
        clone = self._add(self.length[state] + 1, self.link[target], self.first_end[target],
                          dict(self.next[target]))
        while state != -1 and self.next[state].get(word) == target:
            self.next[state][word] = clone
            state = self.link[state] if state else -1
        self.link[target] = self.link[current] = clone
        return current


class UntranslatedCheck(Check):
    check_id = "untranslated"
    severity = Severity.MAJOR
    description = "The target repeats the source, or copies a long stretch of it untranslated."
    example = "The government resigned on Monday. -> The government resigned on Monday."

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        src_words, tgt_words = _words(source), _words(target)
        if not src_words:
            return []
        if _common_words(src_words) < 3 or len(src_words) < 4:
            unquoted = _word_matches(QUOTED_RE.sub(_blank, mask_tags(target)))
            return self._leftovers(src_words, unquoted, context)
        if [w.casefold() for w in src_words] == [w.casefold() for w in tgt_words]:
            return [self.issue("The target is the same as the source: it was not translated.",
                               (0, len(target)), source_span=(0, len(source)))]
        unquoted = _word_matches(QUOTED_RE.sub(_blank, mask_tags(target)))
        length, source_end, target_end = _longest_common_run(
            [w.casefold() for w in src_words], [m.group().casefold() for m in unquoted])
        run = src_words[source_end - length:source_end]
        if len(run) >= MIN_COPY_RUN and _common_words(run) >= MIN_COPY_COMMON:
            span = (unquoted[target_end - length].start(), unquoted[target_end - 1].end())
            return [self.issue(f"{len(run)} source words are copied untranslated: "
                               f"“{' '.join(run)}”.", span)]
        return self._leftovers(src_words, unquoted, context)

    def _leftovers(self, src_words: list[str], unquoted: list[regex.Match[str]],
                   context: SegmentContext) -> list[Issue]:
        words = [(m.group(), m.start(), m.end()) for m in unquoted]
        issues = []
        for found in leftovers(src_words, words, context.source_lang, context.target_lang):
            text = " ".join(found.words)
            if found.kind == "run":
                issues.append(self.issue(f"“{text}” is left in the source language.",
                                         found.span))
            elif found.kind == "date":
                issues.append(self.issue(f"“{text}” is a date word of the source language, "
                                         "left untranslated.", found.span))
            elif found.kind == "caps":
                issues.append(self.issue(f"“{text}” is a source word written in capitals, "
                                         "left untranslated.", found.span))
            else:
                issues.append(self.issue(f"“{text}” may be a source word left untranslated.",
                                         found.span, severity=Severity.MINOR))
        return issues


def identify(text: str, candidates: Iterable[str]) -> tuple[str, float]:
    """The most likely language of ``text`` among ``candidates`` and its probability."""
    known = _known_languages()
    usable = tuple(sorted({c.split("-")[0].lower() for c in candidates} & known))
    if len(usable) < 2:
        return "", 0.0
    lang, prob = languages.identifier(usable).classify(text)
    return str(lang), float(prob)


@cache
def _known_languages() -> frozenset[str]:
    return frozenset(str(label) for label in languages.identifier().labels)


class WrongLanguageCheck(Check):
    check_id = "wrong-language"
    severity = Severity.MAJOR
    description = "The target is not written in the edition's language."
    example = "The talks failed. -> Les négociations ont échoué hier soir à Bruxelles."

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        tgt_lang = context.target_lang.split("-")[0].lower()
        text = " ".join(_words(QUOTED_RE.sub(" ", mask_tags(target))))
        if len(text.split()) < MIN_ID_WORDS:
            return []
        candidates = context.edition.get("language_candidates") or DEFAULT_CANDIDATES
        pool = {*candidates, context.source_lang, tgt_lang}
        if tgt_lang not in _known_languages():
            return []
        lang, prob = identify(text, pool)
        if not lang or lang == tgt_lang or prob < MIN_MARGIN:
            return []
        return [self.issue(f"The target looks like {lang!r}, not {tgt_lang!r} "
                           f"(confidence {prob:.2f}).", (0, len(target)))]
