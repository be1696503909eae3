"""Indexes of one segment's texts for the names check, built once per segment.

Looking each name up with a regular expression over the whole target costs the
target's length per name, which grows quadratically with a long segment full of
names. These indexes answer the same questions in logarithmic time:

* ``FoldedTarget.has(form)``: the form (case-folded, accents removed, "-", ".",
  "'" and spaces ignored) opens a word of the target, possibly running over up to
  ``MAX_WORDS`` words ("EE. UU.", "Wi-Fi", "Vereinten Nationen"); forms of five
  letters or more may also start inside a word ("Korea" in "Nordkorea");
* ``Initials.spelled(acronym)``: its letters open consecutive words ("NSW" in
  "New South Wales");
* ``WordStarts.has(prefix)``: a word of the text starts with ``prefix``;
* ``CapitalisedWords``: the target's capitalised words by stem, for finding a
  dictionary translation of a name.
"""

from __future__ import annotations

import bisect
import re

import regex

from copydesk.checks import lexicon
from copydesk.checks.bilingual import stem

MAX_WORDS = 5  # words a form may run over
MAX_INNER = 40  # longest word whose inner parts are indexed
MIN_INNER = 5  # letters a form needs to match inside a word
MAX_ACRONYM = 10
MAX_SCANNED = 64  # words of a target read for one name, so a huge segment stays linear
_WORD = re.compile(r"\w+")
_GAP = re.compile(r"[-.\s'’]{0,2}")


def compact(form: str) -> str:
    return "".join(c for c in lexicon.fold(form) if c not in "-. '’")


def _prefixed(ordered: list[str], prefix: str) -> bool:
    at = bisect.bisect_left(ordered, prefix)
    return at < len(ordered) and ordered[at].startswith(prefix)


class FoldedTarget:
    def __init__(self, folded: str) -> None:
        matches = list(_WORD.finditer(folded))
        grams: list[str] = []
        inner: list[str] = []
        for i, m in enumerate(matches):
            joined = m.group()
            grams.append(joined)
            for j in range(i + 1, min(i + MAX_WORDS, len(matches))):
                gap = folded[matches[j - 1].end():matches[j].start()]
                if not _GAP.fullmatch(gap):
                    break
                joined += matches[j].group()
                grams.append(joined)
            word = m.group()
            if len(word) <= MAX_INNER:
                inner.extend(word[k:] for k in range(1, len(word) - MIN_INNER + 1))
        self.grams, self.inner = sorted(grams), sorted(inner)

    def has(self, form: str) -> bool:
        key = compact(form)
        if not key:
            return False
        return _prefixed(self.grams, key) or (len(key) >= MIN_INNER and
                                              _prefixed(self.inner, key))


class Initials:
    """The initials of a text's words ("_" for a lower-case word), link words skipped."""

    def __init__(self, text: str, link_words: frozenset[str]) -> None:
        words = [w for w in _WORD.findall(text) if w.lower() not in link_words]
        initials = "".join(w[0] if w[0].isupper() else "_" for w in words)
        self.parts = {initials[i:i + n] for n in range(2, MAX_ACRONYM + 1)
                      for i in range(len(initials) - n + 1)}

    def spelled(self, acronym: str) -> bool:
        letters = acronym.rstrip("s").upper()
        return len(letters) >= 2 and letters in self.parts


class WordStarts:
    def __init__(self, text: str) -> None:
        self.words = sorted(set(_WORD.findall(text)))

    def has(self, prefix: str) -> bool:
        return _prefixed(self.words, prefix)


_LETTERS = regex.compile(r"\p{L}[\p{L}\p{M}]*")
_OPENS = regex.compile(r"(?:^|[.!?:;\"“„«(\[]\s*|\s[-–—]\s)\W*$")


class CapitalisedWords:
    """The capitalised words of a target by ``bilingual.stem``: each with the folded
    word before it (when a single space divides them) and whether it opens a sentence,
    to find a name that the translation rendered as a word ("Emma Stone" -> "Emma
    Stein"). ``folded`` are all its folded words, sorted, for asking whether a name
    stands elsewhere."""

    def __init__(self, target: str, lang: str) -> None:
        self.by_stem: dict[str, list[tuple[str, str, bool]]] = {}
        words = list(_LETTERS.finditer(target))
        for i, m in enumerate(words):
            word = m.group()
            if not word[0].isupper() or word.isupper():
                continue
            previous = words[i - 1] if i else None
            before = lexicon.fold(previous.group()) if previous is not None and \
                target[previous.end():m.start()] == " " else ""
            opens = bool(_OPENS.search(target[max(0, m.start() - 8):m.start()])) \
                if previous is not None else True
            found = self.by_stem.setdefault(stem(word, lang), [])
            if len(found) < MAX_SCANNED:  # a word repeated all over a huge target
                found.append((word, before, opens))
        self.folded = sorted({lexicon.fold(m.group()) for m in words})

    def has_besides(self, form: str, besides: frozenset[str], lang: str) -> bool:
        """Whether a word other than those with a stem in ``besides`` starts with
        ``form`` (folded), looking at no more than ``MAX_SCANNED`` words."""
        key = lexicon.fold(form)
        at = bisect.bisect_left(self.folded, key)
        for word in self.folded[at:at + MAX_SCANNED]:
            if not word.startswith(key):
                return False
            if stem(word, lang) not in besides:
                return True
        return False
