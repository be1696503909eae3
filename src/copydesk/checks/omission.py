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
counts nor breaks a run.

A *dropped run* is a stretch of the source between two matched words that holds
at least ``MIN_RUN`` unmatched listed words: a clause whose content words have no
counterpart at all. Single words are never reported (a dictionary misses too many
synonyms for that). The length ratio is the prior (``z``, spreads from the pair's
norm, as in the length check): a run is major when the translation is short, the
more so the shorter the run (``z <= min(MAJOR_Z, run - MAJOR_MARGIN)``: three words
at ``z <= -3``, four at -2, five at -1, six or more at -0.5); minor when it holds
``MINOR_RUN`` words and the translation is not long, or the translation is somewhat
short; otherwise nothing. These thresholds hold the major flags on FLORES-200
devtest and newstest human references under 1% in every pair here
(``benchmarks/omission_eval.py``).

The same reading from the target's side, with the reverse word list, finds added
clauses; those are always minor (translators add explanations) and need
``ADDED_RUN`` words and a translation longer than usual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

from copydesk.article import mask_tags
from copydesk.checks import bilingual
from copydesk.checks.base import Check, Issue, SegmentContext, Severity
from copydesk.checks.length import length_z
from copydesk.checks.lexicon import fold

MIN_RUN = 3  # unmatched listed content words in a row, at least, for any issue
MINOR_RUN = 4  # ... for a minor issue when the translation is not long for the pair
MINOR_Z = -1.0  # a run of MIN_RUN is minor when the translation is this much short
MAJOR_MARGIN = 6.0  # major when z <= min(MAJOR_Z, run - MAJOR_MARGIN): 3 words at z <= -3,
MAJOR_Z = -0.5  # 4 at -2, 5 at -1, 6 or more at -0.5
ADDED_Z = 1.0  # an added run needs the translation this much longer than the norm
ADDED_RUN = 4  # ... and this many unmatched listed target words
COGNATE = 5  # letters in common at the start that make two words cognates
MAX_AFFIX = 12  # longest start or end of a target word kept for compound matching
TOKEN_RE = regex.compile(r"\p{N}[\p{N}.,:]*|[\p{L}\p{M}][\p{L}\p{M}'’]*")
MATCHED, UNMATCHED, UNKNOWN = "matched", "unmatched", "unknown"


@dataclass(frozen=True)
class Run:
    """Unmatched content words in a row: their span and how many the dictionary lists."""

    start: int
    end: int
    unmatched: int


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
                continue
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


def _status(token: str, lang: str, target: _Target, lex: bilingual.Lexicon) -> str | None:
    """How one source token fares; None for a function word."""
    if token[0].isdigit():
        return MATCHED if _digits(token) in target.digits else UNMATCHED
    if bilingual.is_function_word(token, lang):
        return None
    if target.has_word(_folded(token)):
        return MATCHED
    candidates = lex.targets(bilingual.stem(token, lang))
    if candidates is None:
        return UNKNOWN
    return MATCHED if any(target.holds(c) for c in candidates) else UNMATCHED


def unmatched_runs(text: str, other: str, lang: str, other_lang: str,
                   lex: bilingual.Lexicon) -> list[Run]:
    """The stretches of ``text`` whose content words have no counterpart in ``other``,
    with at least ``MIN_RUN`` unmatched listed words each."""
    target = _Target(mask_tags(other), other_lang)
    runs: list[Run] = []
    start = end = count = 0
    for m in TOKEN_RE.finditer(mask_tags(text)):
        status = _status(m.group(), lang, target, lex)
        if status == MATCHED:
            if count >= MIN_RUN:
                runs.append(Run(start, end, count))
            count = 0
        elif status == UNMATCHED:
            if count == 0:
                start = m.start()
            end, count = m.end(), count + 1
    if count >= MIN_RUN:
        runs.append(Run(start, end, count))
    return runs


def omission_severity(unmatched: int, z: float | None) -> Severity | None:
    """Major for a long run in a short translation, minor for a shorter run or a
    translation of ordinary length; None when the length says it is likely rephrased."""
    if z is None:  # no length norm for the pair, or a very short source
        return Severity.MINOR if unmatched >= MINOR_RUN else None
    if z <= min(MAJOR_Z, unmatched - MAJOR_MARGIN):
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
        issues = []
        for run in unmatched_runs(source, target, src, tgt, forward):
            severity = omission_severity(run.unmatched, z)
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
