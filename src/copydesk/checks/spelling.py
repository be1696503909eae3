"""Spelling check: words of the translation that the target language's dictionary lacks.

The target is read word by word (letters and combining marks; soft hyphens and
zero-width characters inside a word are dropped, each word is NFC-normalised, curly
apostrophes count as straight ones), and a word is looked up in the Hunspell
dictionary of the target language (``dictionaries``) only when it is none of:
shorter than three letters, with digits, all capitals or with inner capitals
("iPhone"), inside a URL, an e-mail address, a hashtag or a handle, a name
(``name_finder`` reading the target; in languages that do not capitalise nouns, any
capitalised word inside a sentence), a word of a glossary term, or a word the source
has too ("scaffolding" kept in English). A word the dictionary lacks is still known
when wordfreq's list of the language has it (loanwords, new compounds: "hostet"),
when it is an abbreviation with its full stop ("usw."), when it is an elision whose
word is known ("l’homme", "dell’agenzia"), when each part of a hyphenated word is,
or, in compounding languages (German, Dutch, ...), when it is words of wordfreq's
list joined ("Wintersportarten") and not one of them with a letter too many or two
swapped ("erobertern").

What is left is unknown. An unknown word one edit (a letter left out, added,
changed or two swapped; the first and the last letter kept, since endings vary
by inflection) from a word of wordfreq's list that the dictionary knows is a
likely typo ("Jahrunderts" for "Jahrhunderts"), and the issue names the word. A
word written twice or more in the segment or the article is meant so. Unknown
words close together (at most ``MAX_GAP`` known words between them) form one cluster:
a cluster with a likely typo or with ``MIN_CLUSTER`` unknown words or more is a minor
issue over the cluster's span. A lone rare word that is near no common word (a
technical compound the dictionary lacks) is not reported.

When no dictionary for the target language is installed, ``unavailable`` says so
(once, in the listing of ``copydesk check``) and the check reports nothing.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from copydesk.article import mask_tags
from copydesk.checks import dictionaries, lexicon
from copydesk.checks.base import Check, Issue, SegmentContext, Severity
from copydesk.checks.language import URL_RE
from copydesk.checks.name_finder import COMPOUNDING, NOUN_CAPITALISING, NameFinder

_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_LETTERS = rf"[\p{{L}}\p{{M}}\p{{N}}{_INVISIBLE}]"
WORD = regex.compile(rf"{_LETTERS}+(?:['’ʼ\-‐]{_LETTERS}+)*")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‐": "-"}) | {ord(c): None for c in _INVISIBLE}
_SENTENCE_END = regex.compile(r"(?:^|[.!?:;\"“”„«»(\[]|\s[-–—])\s*$")
_PARTS = regex.compile(r"['\-]")
_PREFIX = regex.compile(r"(\p{L}{1,6})'(.+)")  # an elision: "l'homme", "dell'agenzia"
MIN_LETTERS = 3
MAX_GAP = 2  # known words between two unknown words of one cluster
MIN_CLUSTER = 3  # unknown words that make a cluster worth reporting without a typo among them
MIN_TYPO_LETTERS = 6  # shorter words lie one edit from some common word by chance ("Lary")
NEAR_ZIPF = 3.0  # a typo's intended word is at least this common (wordfreq's list)
REPEATED = 2  # a word written this often in the segment or article is meant so ("Stumpfi")
MAX_ENDING = 3  # letters a target language adds to a source word ("Bidens", "Chinas")
MAX_LETTERS = 40  # longer tokens are looked up nowhere: they are no language's words
MIN_PART, MAX_PART = 4, 20  # letters of each word in a compound ("Winter|sport|arten")
WINDOW = 12  # characters before a word read to decide whether it opens a sentence


@dataclass(frozen=True)
class Unknown:
    """A word the dictionary lacks, where it stands among the words, and what it may mean."""

    word: str
    span: tuple[int, int]
    index: int  # position among the target's words
    meant: str | None  # the common word one edit away, when there is one


def _plain(word: str) -> str:
    return unicodedata.normalize("NFC", word.translate(_APOSTROPHES))


def _opens_sentence(text: str, start: int) -> bool:
    return bool(_SENTENCE_END.search(text[max(0, start - WINDOW):start]))


class TargetReader:
    """The words of one target that need a look-up, and whether the dictionary knows them."""

    def __init__(self, speller: dictionaries.Speller, context: SegmentContext,
                 source: str, target: str) -> None:
        self.speller, self.lang = speller, context.target_lang
        self.context = context
        words = (_plain(m.group()).casefold() for m in WORD.finditer(source))
        self.source_words = frozenset(p for w in words for p in (w, *_PARTS.split(w)))
        self.glossary = _glossary_words(context)

    def unknowns(self, target: str) -> list[Unknown]:
        """The unknown words of ``target``; names are found only in a target that has
        candidates, since most targets have none."""
        candidates = list(self._candidates(target))
        if not candidates:
            return []
        finder = NameFinder(self.context.target_lang, self.context.source_lang)
        outside = _Outside([name.span for name in finder.find(target)])
        counts = _article_words(tuple(t for _, t in self.context.article)) or \
            Counter(word.casefold() for word, _, _ in candidates)
        return [Unknown(word, span, index, self._meant(word))
                for word, span, index in candidates
                if outside.free(*span) and counts[word.casefold()] < REPEATED]

    def _candidates(self, target: str) -> Iterator[tuple[str, tuple[int, int], int]]:
        outside = _Outside([m.span() for m in URL_RE.finditer(target)])
        capitalised_nouns = self.lang.split("-")[0].lower() in NOUN_CAPITALISING
        for index, match in enumerate(WORD.finditer(target)):
            start, end = match.span()
            if not outside.free(start, end) or target[start - 1:start] in ("#", "@"):
                continue
            word = _plain(match.group())
            first = _opens_sentence(target, start)
            if word[:1].isupper() and not first and not capitalised_nouns:
                continue  # a name in a language that writes only names capitalised
            if not self._known(word, first, target[end:end + 1] == "."):
                yield word, (start, end), index

    def _known(self, word: str, first: bool, stop: bool) -> bool:
        if self._skipped(word):
            return True
        if self._looked_up(word, first) or (stop and self.speller.knows(word + ".")):
            return True
        elision = _PREFIX.fullmatch(word)
        if elision and (self._skipped(elision.group(2)) or self._part_known(elision.group(2))):
            return True
        parts = [p for p in word.split("-") if p]
        return len(parts) > 1 and all(self._skipped(p) or self._part_known(p) for p in parts)

    def _skipped(self, word: str) -> bool:
        """Not a word to look up: short, with digits, all capitals or inner capitals, a
        glossary word or one the source has too."""
        letters = [c for c in word if c.isalpha()]
        if len(letters) < MIN_LETTERS or any(c.isdigit() for c in word):
            return True
        if any(c.isupper() for c in letters[1:]):
            return True
        folded = word.casefold()
        if folded in self.source_words or folded in self.glossary:
            return True
        # A source word with an ending of the target language: "Bidens", "Alibabas".
        return any(folded[:cut] in self.source_words
                   for cut in range(max(MIN_LETTERS, len(folded) - MAX_ENDING), len(folded)))

    def _part_known(self, part: str) -> bool:
        capitalised = part[:1].isupper() and \
            self.lang.split("-")[0].lower() not in NOUN_CAPITALISING
        return capitalised or self._looked_up(part, True)

    def _looked_up(self, word: str, first: bool) -> bool:
        if "'" not in word and lexicon.zipf(word, self.lang) > lexicon.RARE:
            return True  # in wordfreq's list: a word in use, whatever the dictionary says
        if len(word) > MAX_LETTERS:
            return False  # no language's word; and the dictionary's time grows with length
        if self.lang.split("-")[0].lower() in COMPOUNDING and _compound(
                word.casefold(), self.lang) and self._meant(word, "") is None:
            return True  # words of the list joined ("Wintersportarten"), not a letter too
            # many or two swapped in one ("erobertern"): the dictionary's compound rules
            # take up to 0.2 s for such a word
        if self.speller.knows(word) or ("'" in word and self.speller.knows(word.replace(
                "'", "’"))):
            return True
        return first and word[:1].isupper() and self.speller.knows(word[:1].lower() + word[1:])

    def _meant(self, word: str, alphabet: str | None = None) -> str | None:
        """The common word ``word`` may be a typo of; with ``alphabet`` "", only letters
        dropped or swapped are tried (cheaper)."""
        elision = _PREFIX.fullmatch(word)
        head, rest = (elision.group(1) + "'", elision.group(2)) if elision else ("", word)
        if not MIN_TYPO_LETTERS <= len(rest) <= MAX_LETTERS:
            return None
        meant = _nearest(rest.casefold(), self.lang,
                         self.speller.alphabet if alphabet is None else alphabet)
        if meant is None or not (self.speller.knows(meant)
                                 or self.speller.knows(meant.capitalize())):
            return None
        return head + (meant.capitalize() if rest[:1].isupper() else meant)


class _Outside:
    """Whether words, taken in text order, lie outside some spans (names, URLs): the
    spans are merged once, then read in one pass."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self.spans, self.at = merged, 0

    def free(self, start: int, end: int) -> bool:
        while self.at < len(self.spans) and self.spans[self.at][1] <= start:
            self.at += 1
        return self.at == len(self.spans) or end <= self.spans[self.at][0]


@lru_cache(maxsize=65_536)
def _nearest(word: str, lang: str, alphabet: str) -> str | None:
    """The most frequent word of wordfreq's list one edit from ``word``, or None. The
    first letter stays (typos rarely hit it, chance neighbours often do), and so does
    the last: an ending changed, added or dropped is inflection or derivation more often
    than a typo ("Aufwachens", "Currys", "Polierer")."""
    words = lexicon.table(lang)
    best, best_frequency = None, 10 ** (NEAR_ZIPF - 9)
    if len(word) < 3:
        return None
    for variant in (word[0] + e + word[-1] for e in _edits(word[1:-1], alphabet)):
        frequency = words.get(variant, 0.0)
        if frequency >= best_frequency:
            best, best_frequency = variant, frequency
    return best


@lru_cache(maxsize=65_536)
def _compound(word: str, lang: str) -> bool:
    """Whether ``word`` is two or more words of wordfreq's list joined, each of at least
    ``MIN_PART`` letters and at most ``MAX_PART``, a linking "s" allowed after each:
    a table over the word's positions, so the work grows linearly with its length."""
    if len(word) < 2 * MIN_PART:
        return False
    parts_to = [0] * (len(word) + 1)  # parts needed to reach a position; 0: unreachable
    for end in range(MIN_PART, len(word) + 1):
        for start in range(max(0, end - MAX_PART), end - MIN_PART + 1):
            if (start == 0 or parts_to[start]) and _part(word[start:end], lang):
                reach = parts_to[start] + 1
                parts_to[end] = min(parts_to[end] or reach, reach)
    return parts_to[-1] >= 2


def _part(text: str, lang: str) -> bool:
    words, least = lexicon.table(lang), 10 ** (NEAR_ZIPF - 9)
    if words.get(text, 0.0) >= least:
        return True
    return text.endswith("s") and len(text) > MIN_PART and words.get(text[:-1], 0.0) >= least


def _edits(word: str, alphabet: str) -> Iterator[str]:
    """Every string one letter deleted, swapped, changed or inserted away from ``word``."""
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        if tail:
            yield head + tail[1:]
            if len(tail) > 1:
                yield head + tail[1] + tail[0] + tail[2:]
            for letter in alphabet:
                yield head + letter + tail[1:]
        for letter in alphabet:
            yield head + letter + tail


def _glossary_words(context: SegmentContext) -> frozenset[str]:
    entries = getattr(context.glossary, "entries_for", None)
    if entries is None:
        return frozenset()
    try:
        terms = entries(context.source_lang, context.target_lang)
        return frozenset(_plain(w).casefold() for t in terms
                         for text in (t.source, t.target, *t.replacements)
                         for w in regex.findall(r"[^\s'\-]+", text))
    except Exception:  # a faulty glossary must not stop the check
        return frozenset()


def clusters(unknowns: list[Unknown]) -> Iterator[list[Unknown]]:
    """Unknown words with at most ``MAX_GAP`` known words between neighbours, grouped."""
    group: list[Unknown] = []
    for unknown in unknowns:
        if group and unknown.index - group[-1].index - 1 > MAX_GAP:
            yield group
            group = []
        group.append(unknown)
    if group:
        yield group


@lru_cache(maxsize=16)
def _article_words(targets: tuple[str, ...]) -> Counter[str]:
    """How often each word occurs in an article's targets (read once per article), for
    telling a repeated coinage or name from a typo. Empty without an article."""
    counts: Counter[str] = Counter()
    if len(targets) > 1:
        for target in targets:
            counts.update(_plain(m.group()).casefold() for m in WORD.finditer(target))
    return counts


@lru_cache(maxsize=64)
def _language_name(lang: str) -> str:
    from babel import Locale

    try:
        return str(Locale.parse(lang.replace("-", "_")).get_display_name("en"))
    except Exception:  # an unknown tag: say the code
        return lang


class SpellingCheck(Check):
    check_id = "spelling"
    severity = Severity.MINOR
    description = ("Words of the translation that the target language's Hunspell dictionary "
                   "lacks, when they look like a typo or come in a cluster; names, glossary "
                   "terms and words copied from the source aside.")
    example = "The talks went on. -> Die Gesprähce gingen weitr."

    def __init__(self, directories: tuple[Path, ...] = dictionaries.DIRECTORIES) -> None:
        self.directories = tuple(directories)

    def unavailable(self, context: SegmentContext) -> str | None:
        if dictionaries.speller(context.target_lang, self.directories) is None:
            return dictionaries.missing_note(context.target_lang)
        return None

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        speller = dictionaries.speller(context.target_lang, self.directories)
        if speller is None:
            return []
        source, target = mask_tags(source), mask_tags(target)
        reader = TargetReader(speller, context, source, target)
        issues = []
        for group in clusters(reader.unknowns(target)):
            typos = [u for u in group if u.meant]
            if not typos and len(group) < MIN_CLUSTER:
                continue
            issues.append(self.issue(self._message(group, typos, context.target_lang),
                                     (group[0].span[0], group[-1].span[1])))
        return issues

    @staticmethod
    def _message(group: list[Unknown], typos: list[Unknown], lang: str) -> str:
        language = _language_name(lang)
        if len(group) == 1:
            return (f"“{group[0].word}” is not in the {language} dictionary; perhaps "
                    f"“{group[0].meant}”.")
        words = ", ".join(f"“{u.word}”" for u in group)
        hint = "".join(f" (“{u.word}”: perhaps “{u.meant}”)" for u in typos[:3])
        return (f"{len(group)} words close together are not in the {language} dictionary: "
                f"{words}{hint}; a misspelt or garbled stretch.")
