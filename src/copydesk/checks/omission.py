"""Clauses dropped or added by the engine, through a bilingual word list.

Each content word of the source (function words from ``data/function_words.json``
left aside) is *matched* when the translation holds a counterpart: one of its
dictionary translations (``checks.bilingual``, FreeDict), the same word or name,
a cognate (the first five letters in common: "president" / "presidente"), or the
same digits for a number. Translations and target words are compared as stems;
a translation also matches the start or end of a longer target word (German and
Dutch compounds: "Regierung" in "Regierungssprecher") and a target word that shares
all but its last three letters (verb endings: "anunciar" / "anunció"). A word the
dictionary does not list and that is not found verbatim is *unknown*: it neither
counts nor breaks a run. A number matches the same digits or, group by group, the
same numbers in another order or with leading zeros ("5/11/648" / "11.05.648"). A
word with apostrophes is read by its part of three letters or more ("université" in
"l'université"); a contraction of short words ("can't", "I've") is a function word.
Words in a row that have no counterpart one by one but make a phrase the dictionary
lists are matched when the translation holds its rendering ("of course" /
"natürlich", "keep in mind" / "berücksichtigen").

A *dropped run* is a stretch of the source between two matched words, inside one
sentence, that holds at least ``MIN_RUN`` distinct unmatched listed words: a clause
whose content words have no counterpart at all ("whoa, whoa, whoa" is one word; the
tail of a sentence and the head of the next are two rephrasings, and a sentence
left out is a run of its own). Single words are never reported (a dictionary misses
too many synonyms for that). The length ratio is the prior (``z``, spreads from the
pair's norm, as in the length check): a run is major when the translation is short,
the more so the shorter the run (``z <= min(MAJOR_Z, run - MAJOR_MARGIN)``: three
words at ``z <= -3``, four at -2, five at -1, six or more at -0.5), unless the
translation is long for the source without the run's words (``rest_z >= REST_Z``:
it has room for them in other words, as in a condensed paragraph or a paraphrase);
minor when it holds ``MINOR_RUN`` words and the translation is not long, or the
translation is somewhat short; otherwise nothing. These thresholds hold the major
flags on FLORES-200 devtest and newstest human references under 1% in every pair
here (``benchmarks/omission_eval.py``).

The same reading from the target's side, with the reverse word list, finds added
clauses; those are always minor (translators add explanations) and need
``ADDED_RUN`` words and a translation longer than usual.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

from copydesk.article import mask_tags
from copydesk.checks import bilingual
from copydesk.checks.base import Check, Issue, SegmentContext, Severity
from copydesk.checks.length import ABBREVIATION_RE, MIN_CHARS, length_z, norm_for
from copydesk.checks.lexicon import fold

MIN_RUN = 3  # unmatched listed content words in a row, at least, for any issue
MINOR_RUN = 4  # ... for a minor issue when the translation is not long for the pair
MINOR_Z = -1.0  # a run of MIN_RUN is minor when the translation is this much short
MAJOR_MARGIN = 6.0  # major when z <= min(MAJOR_Z, run - MAJOR_MARGIN): 3 words at z <= -3,
MAJOR_Z = -0.5  # 4 at -2, 5 at -1, 6 or more at -0.5
REST_Z = 1.0  # never major when the translation is this long for the source without the run
ADDED_Z = 1.0  # an added run needs the translation this much longer than the norm
ADDED_RUN = 4  # ... and this many unmatched listed target words
COGNATE = 5  # letters in common at the start that make two words cognates
MAX_AFFIX = 12  # longest start or end of a target word kept for compound matching
TOKEN_RE = regex.compile(r"\p{N}+(?:[.,:]\p{N}+)*|[\p{L}\p{M}][\p{L}\p{M}'’]*")
APOSTROPHE_RE = regex.compile(r"['’]")
DIGIT_GROUP_RE = regex.compile(r"\p{N}+")
# Between two tokens: the end of a sentence before a capital or a digit (not after an
# abbreviation or an initial: "Mr.", "U.S.", "John F."), or of a line.
SENTENCE_END_RE = regex.compile(r"[.!?…]\S*\s|[\t\n]")
MATCHED, UNMATCHED, UNKNOWN = "matched", "unmatched", "unknown"


@dataclass
class _Token:
    start: int
    end: int
    text: str
    status: str | None
    key: str  # what counts once in a run: the stem or the digits
    breaks: bool  # a sentence ends before it


@dataclass(frozen=True)
class Run:
    """Unmatched content words in a row: their span, how many distinct ones the
    dictionary lists and how many characters they take (a space each included)."""

    start: int
    end: int
    unmatched: int
    chars: int = 0


class _Target:
    """What a text offers to match against: its stems, words, starts, ends and digits."""

    def __init__(self, text: str, lang: str) -> None:
        self.stems: set[str] = set()
        self.words: set[str] = set()
        self.affixes: set[str] = set()
        self.digits: set[str] = set()
        for m in TOKEN_RE.finditer(text):
            token = m.group()
            if token[0].isdigit():
                self.digits.add(_digits(token))
                self.digits.update(_groups(token))
                continue
            self._add(token, lang)
            if APOSTROPHE_RE.search(token):  # "l'université": "université" on its own
                for part in APOSTROPHE_RE.split(token):
                    if len(part) > 2:
                        self._add(part, lang)

    def _add(self, token: str, lang: str) -> None:
        word, stem = _folded(token), bilingual.stem(token, lang)
        self.words.add(word)
        self.stems.add(stem)
        for k in range(4, min(len(word), MAX_AFFIX) + 1):
            self.affixes.add("<" + word[:k])
            self.affixes.add(word[-k:] + ">")
        for k in range(4, min(len(stem), MAX_AFFIX) + 1):
            self.affixes.add(stem[-k:] + ">")

    def holds(self, candidate: str) -> bool:
        """Whether a target stem from the dictionary is found in the text."""
        if candidate in self.stems:
            return True
        if len(candidate) < 4:
            return False
        start = candidate[:min(max(4, len(candidate) - 3), MAX_AFFIX)]
        return "<" + start in self.affixes or (
            len(candidate) <= MAX_AFFIX and candidate + ">" in self.affixes)

    def has_word(self, word: str) -> bool:
        """The same word, or a cognate: the first ``COGNATE`` letters in common."""
        if word in self.words:
            return True
        return len(word) > COGNATE and "<" + word[:COGNATE] in self.affixes


def _folded(token: str) -> str:
    return fold(token).replace("'", "").replace("’", "")


def _digits(token: str) -> str:
    return "".join(c for c in token if c.isdigit())


def _groups(token: str) -> list[str]:
    """A number's groups of digits without leading zeros: "05" in "11.05.648" is "5"."""
    return [g.lstrip("0") or "0" for g in DIGIT_GROUP_RE.findall(token)]


def _core(token: str) -> str | None:
    """The part of a word with apostrophes that carries its meaning: "université" in
    "l'université", "Greggs" in "Greggs's"; None for a contraction of short words
    ("can't", "I've")."""
    if not APOSTROPHE_RE.search(token):
        return token
    parts = [p for p in APOSTROPHE_RE.split(token) if len(p) > 2]
    return max(parts, key=len) if parts else None


def _status(token: str, lang: str, target: _Target, lex: bilingual.Lexicon) -> str | None:
    """How one source token fares; None for a function word."""
    if token[0].isdigit():
        found = _digits(token) in target.digits or all(
            g in target.digits for g in _groups(token))
        return MATCHED if found else UNMATCHED
    core = _core(token)
    if core is None or bilingual.is_function_word(core, lang):
        return None
    if target.has_word(_folded(token)) or target.has_word(_folded(core)):
        return MATCHED
    candidates = lex.targets(bilingual.stem(core, lang))
    if candidates is None:
        return UNKNOWN
    return MATCHED if any(target.holds(c) for c in candidates) else UNMATCHED


def _tokens(text: str, lang: str, target: _Target, lex: bilingual.Lexicon) -> list[_Token]:
    """The tokens of ``text`` with their status, what they count as and whether a
    sentence ends before them."""
    tokens, last = [], 0
    for m in TOKEN_RE.finditer(text):
        gap, word = text[last:m.start()], m.group()
        status = _status(word, lang, target, lex)
        key = _digits(word) if word[0].isdigit() else bilingual.stem(_core(word) or word, lang)
        breaks = "\t" in gap or "\n" in gap or (
            bool(SENTENCE_END_RE.search(gap)) and (word[0].isupper() or word[0].isdigit())
            and not ABBREVIATION_RE.search(text[max(0, last - 6):last + 1]))
        tokens.append(_Token(m.start(), m.end(), word, status, key, breaks))
        last = m.end()
    return tokens


def _phrase(text: str, words: list[_Token], size: int) -> bool:
    """Whether ``words`` are ``size`` words in a row, with only spaces between, whose
    content words are all unmatched: an idiom, perhaps, rendered as a whole."""
    return (len(words) == size and any(w.status == UNMATCHED for w in words)
            and all(w.status in (UNMATCHED, None) for w in words)
            and all(w.text[0].isalpha() for w in words)
            and not any(text[a.end:b.start].strip() for a, b in itertools.pairwise(words)))


def _read_phrases(text: str, tokens: list[_Token], lang: str, target: _Target,
                  lex: bilingual.Lexicon) -> None:
    """Phrases the dictionary lists ("keep in mind", "government spokesman") whose words
    have no counterpart one by one are matched when the translation holds a rendering
    of the phrase as a whole ("berücksichtigen", "Regierungssprecher")."""
    i = 0
    while i < len(tokens):
        for size in range(bilingual.MAX_PHRASE, 1, -1):
            words = tokens[i:i + size]
            if not _phrase(text, words, size):
                continue
            candidates = lex.targets(bilingual.phrase_key([w.text for w in words], lang))
            if candidates is not None and any(target.holds(c) for c in candidates):
                for w in words:
                    w.status = MATCHED
                i += size - 1
                break
        i += 1


def unmatched_runs(text: str, other: str, lang: str, other_lang: str,
                   lex: bilingual.Lexicon) -> list[Run]:
    """The stretches of ``text`` whose content words have no counterpart in ``other``,
    with at least ``MIN_RUN`` distinct unmatched listed words each. A run ends at a
    matched word and at the end of a sentence: a dropped sentence is a run of its own,
    while the tail of one sentence and the head of the next are two rephrasings."""
    text = mask_tags(text)
    target = _Target(mask_tags(other), other_lang)
    tokens = _tokens(text, lang, target, lex)
    _read_phrases(text, tokens, lang, target, lex)
    runs: list[Run] = []
    start = end = chars = 0
    keys: set[str] = set()
    for token in tokens:
        if token.status == MATCHED or token.breaks:
            if len(keys) >= MIN_RUN:
                runs.append(Run(start, end, len(keys), chars))
            keys, chars = set(), 0
        if token.status == UNMATCHED:
            if not keys:
                start = token.start
            end, chars = token.end, chars + len(token.text) + 1
            keys.add(token.key)
    if len(keys) >= MIN_RUN:
        runs.append(Run(start, end, len(keys), chars))
    return runs


def rest_z(run: Run, source_len: int, target_len: int, source_lang: str,
           target_lang: str) -> float | None:
    """The length ``z`` of the translation against the source without the run's
    unmatched words (as ``length.length_z``, from the texts' visible lengths, so that
    many runs cost no more than one): well above zero when the translation has room
    for them."""
    norm = norm_for(source_lang, target_lang)
    rest = source_len - run.chars
    if norm is None or rest < MIN_CHARS:
        return None
    mean, sd_long, k = norm
    return (math.log(max(target_len, 1) / rest) - mean) / math.sqrt(sd_long**2 + k / rest)


def visible_len(text: str) -> int:
    """Characters as ``length.length_z`` counts them: tags blanked, spaces collapsed."""
    return len(" ".join(mask_tags(text).split()))


def omission_severity(unmatched: int, z: float | None,
                      rest: float | None = None) -> Severity | None:
    """Major for a long run in a short translation, minor for a shorter run or a
    translation of ordinary length; None when the length says it is likely rephrased.
    ``rest`` (``rest_z``) at ``REST_Z`` or more keeps a run from major: the translation
    is long enough to hold the run's content in other words."""
    if z is None:  # no length norm for the pair, or a very short source
        return Severity.MINOR if unmatched >= MINOR_RUN else None
    if z <= min(MAJOR_Z, unmatched - MAJOR_MARGIN) and (rest is None or rest < REST_Z):
        return Severity.MAJOR
    if z <= MINOR_Z or (unmatched >= MINOR_RUN and z <= 0):
        return Severity.MINOR
    return None


def _quote(text: str, run: Run, limit: int = 80) -> str:
    snippet = " ".join(text[run.start:run.end].split())
    return snippet if len(snippet) <= limit else snippet[:limit - 1] + "…"


class OmissionCheck(Check):
    check_id = "omission"
    severity = Severity.MAJOR
    description = ("A stretch of the source has no counterpart in the translation (or the "
                   "translation one with none in the source), word by word through a "
                   "bilingual dictionary: a clause may be missing or added.")
    example = ("The minister resigned on Monday after weeks of fierce criticism from his own "
               "party. -> Der Minister trat am Montag zurück.")

    def __init__(self, cache_dir: Path | None = None,
                 directories: Sequence[Path] = bilingual.DIRECTORIES) -> None:
        self.cache_dir, self.directories = cache_dir, tuple(directories)

    def _lexicon(self, src: str, tgt: str) -> bilingual.Lexicon | None:
        return bilingual.lexicon(bilingual.base(src), bilingual.base(tgt), self.cache_dir,
                                 self.directories)

    def unavailable(self, context: SegmentContext) -> str | None:
        if self._lexicon(context.source_lang, context.target_lang) is None:
            return bilingual.missing_note(context.source_lang, context.target_lang,
                                          self.directories)
        return None

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        src, tgt = context.source_lang, context.target_lang
        forward = self._lexicon(src, tgt)
        if forward is None or not target.strip():
            return []
        z = length_z(source, target, src, tgt)
        lengths = visible_len(source), visible_len(target)
        issues = []
        for run in unmatched_runs(source, target, src, tgt, forward):
            severity = omission_severity(run.unmatched, z, rest_z(run, *lengths, src, tgt))
            if severity is not None:
                issues.append(self.issue(
                    f'Nothing in the translation matches "{_quote(source, run)}": '
                    "a clause may be missing.", source_span=(run.start, run.end),
                    severity=severity))
        backward = self._lexicon(tgt, src)
        if backward is not None and z is not None and z >= ADDED_Z:
            for run in unmatched_runs(target, source, tgt, src, backward):
                if run.unmatched < ADDED_RUN:
                    continue
                issues.append(self.issue(
                    f'Nothing in the source matches "{_quote(target, run)}": '
                    "words may have been added.", (run.start, run.end),
                    severity=Severity.MINOR))
        return issues
