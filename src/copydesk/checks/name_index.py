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
* ``WordStarts.has(prefix)``: a word of the text starts with ``prefix``.
"""

from __future__ import annotations

import bisect
import re

from copydesk.checks import lexicon

MAX_WORDS = 5  # words a form may run over
MAX_INNER = 40  # longest word whose inner parts are indexed
MIN_INNER = 5  # letters a form needs to match inside a word
MAX_ACRONYM = 10
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
