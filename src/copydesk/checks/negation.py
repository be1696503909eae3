"""Negation check: a "not" (or "no", "never", "denied", "without") survives translation.

Cue words per language are in ``data/negation_cues.json``. Strong cues negate;
weak cues ("unable", "kaum", "-los") carry negative meaning in another way and
only excuse a missing strong cue, because translators legitimately move a
negation into a word ("not possible" -> "unmöglich"). Limiting cues ("nur",
"solo", "seulement") often render a negation ("nothing but", "not until"), but
as often stand for an "only" of their own, so a negation they excuse is still
reported, as minor. Idioms whose negation is rhetorical ("wouldn't you know it",
"can't help but", "not only") are blanked first; a negation missing beside one
of them is minor, as the idiom may hold it ("isn't confined to" -> "nicht nur
... beschränkt"). A source cue that the translation quotes unchanged (an English
title left in English) counts as kept.

Negations are counted, not just looked for: a sentence with two negations whose
translation keeps one may have lost one. Concord words ("ne ... pas", "no ... nada",
"non ... mai", "neither ... nor") negate once with the rest of their clause. Such a
partial loss is minor: translators merge negations ("no warning has been issued,
and no warning will be" -> "no se ha emitido ni se emitirá ninguna alerta").

Severity: a negation of the source that disappears is major, since it reverses a
statement. A negation the translation adds is minor: human translators add them
all the time in free rewordings ("it's rare" -> "es kommt nicht oft vor",
"excellent" -> "lässt keine Wünsche offen"), so that direction is mostly noise.
"""

from __future__ import annotations

import re
from bisect import bisect
from dataclasses import dataclass
from functools import cache

from copydesk.article import mask_tags
from copydesk.checks import lexicon
from copydesk.checks.base import Check, Issue, SegmentContext, Severity
from copydesk.checks.tables import NOTHING, alternatives, table


@dataclass(frozen=True)
class NegationCues:
    strong: re.Pattern[str]
    weak: re.Pattern[str]
    idioms: re.Pattern[str]
    lang: str = ""
    prefixes: tuple[str, ...] = ()
    concord: re.Pattern[str] = NOTHING
    limiting: re.Pattern[str] = NOTHING
    prefix_margin: float = 0.0

    def weak_count(self, text: str) -> int:
        """Weak cues, and words with a negative prefix ("desconocido", "onmogelijk"), off
        the strong cues ("nicht ganz" is weak, "nicht" alone strong)."""
        text = self.strong.sub(lambda m: " " * len(m.group(0)), text)
        return len(self.weak.findall(text)) + sum(
            _negative_derivation(m.group(), self.prefixes, self.lang, self.prefix_margin)
            for m in _WORD.finditer(text)
        )

    def limiting_count(self, text: str) -> int:
        return len(self.limiting.findall(text))

    def negations(self, text: str) -> list[re.Match[str]]:
        """One strong cue per negation, in text order: in each clause every cue that is
        not a concord word counts, and the concord words count once where none is."""
        breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
        clauses: dict[int, list[re.Match[str]]] = {}
        for m in self.strong.finditer(text):
            clauses.setdefault(bisect(breaks, m.start()), []).append(m)
        found = []
        for cues_of_clause in clauses.values():
            heads = [m for m in cues_of_clause if not self._is_concord(m)]
            found.extend(heads or cues_of_clause[:1])
        return found

    def _is_concord(self, cue: re.Match[str]) -> bool:
        return self.concord.fullmatch(cue.group(0)) is not None


_WORD = re.compile(r"\w{6,}")
_CLAUSE_BREAK = re.compile(r"[,;:.!?()«»\"“”„]|\s[-–—]\s")


def _negative_derivation(word: str, prefixes: tuple[str, ...], lang: str, margin: float) -> bool:
    """Prefix + a common word that is more frequent than the whole by over ``margin``
    (Zipf): "des" + "conocido", "un" + "bekannt". Not "unsere" ("sere" is no word);
    where the prefix also begins ordinary words, a margin keeps out "impresión"
    ("presión")."""
    lowered = word.lower()
    for prefix in prefixes:
        found = re.match(prefix, lowered)
        rest = lowered[found.end() :] if found else ""
        if len(rest) >= 4:
            stem = lexicon.zipf(rest, lang)
            if stem >= 4.0 and round(stem - lexicon.zipf(lowered, lang), 2) > margin:
                return True
    return False


@cache
def cues(lang: str) -> NegationCues | None:
    """The negation cues of a language (``de-AT`` uses ``de``), or None without a table."""
    base = lang.split("-")[0].lower()
    entry = table("negation_cues.json").get(base)
    if entry is None:
        return None
    return NegationCues(
        alternatives(entry["strong"]),
        alternatives(entry["weak"]),
        alternatives(entry.get("idioms", [])),
        base,
        tuple(entry.get("prefixes", ())),
        alternatives(entry.get("concord", [])),
        alternatives(entry.get("limiting", [])),
        entry.get("prefix_margin", 0.0),
    )


def _plain(text: str) -> str:
    """Tags masked and curly apostrophes made straight ("n’a" as "n'a"); offsets stay."""
    return mask_tags(text).replace("’", "'")


def _blank_idioms(text: str, found: NegationCues, lang: str) -> str:
    """The text with idiomatic negations, and cue words that are part of a name
    ("Médicos Sin Fronteras", "Artsen zonder Grenzen"), replaced by spaces (offsets
    stay valid)."""
    text = found.idioms.sub(lambda m: " " * len(m.group(0)), text)
    nouns_capitalised = lang.split("-")[0].lower() in ("de", "lb")
    return found.strong.sub(
        lambda m: " " * len(m.group(0)) if _in_name(m, nouns_capitalised) else m.group(0), text
    )


_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“„«(]\s*)$")
_CAPITALISED = re.compile(r"\s+[A-ZÀ-Ý]\w+")


def _in_name(cue: re.Match[str], nouns_capitalised: bool) -> bool:
    """A cue inside a name: capitalised off sentence start, or (where only names are
    capitalised) between capitalised words."""
    start = cue.start()
    before = cue.string[max(0, start - 40) : start]  # a window: linear time on long texts
    if cue.group(0)[:1].isupper():
        if start > 40 and not before.strip():
            return False
        return not _SENTENCE_START.search(before.rstrip() if before.strip() else "")
    return (
        not nouns_capitalised
        and bool(re.search(r"[A-ZÀ-Ý]\w+\s+$", before))
        and bool(_CAPITALISED.match(cue.string, cue.end()))
    )


_PHRASE = re.compile(r"\S+\s+\w+")
_WORD_NEXT = re.compile(r"\s*\w")  # "nicht nur auf", not "sin embargo," (a discourse marker)
QUOTED_LOOKUPS = 8  # source negations looked up in the target: linear time on long texts


def _quoted_unchanged(cue: re.Match[str], target: str) -> bool:
    """The cue and the word after it stand unchanged in the target ("No man is an island")."""
    phrase = _PHRASE.match(cue.string, cue.start())
    return phrase is not None and phrase.group(0) in target


class NegationCheck(Check):
    check_id = "negation"
    severity = Severity.MAJOR
    description = (
        "A negation in the source ('not', 'never', 'denied', 'without') must not "
        "disappear in the translation, and the translation must not add one."
    )
    example = "The company did not confirm the report. -> Das Unternehmen bestätigte den Bericht."

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        src_cues, tgt_cues = cues(context.source_lang), cues(context.target_lang)
        if src_cues is None or tgt_cues is None:
            return []
        source = _blank_idioms(_plain(source), src_cues, context.source_lang)
        plain_target = _plain(target)
        target = _blank_idioms(plain_target, tgt_cues, context.target_lang)
        src_all = src_cues.negations(source)
        src_neg = [
            m
            for i, m in enumerate(src_all)
            if i >= QUOTED_LOOKUPS or not _quoted_unchanged(m, target)
        ]
        tgt_neg = tgt_cues.negations(target)
        if len(src_neg) > len(tgt_neg):
            idioms = sum(
                bool(_WORD_NEXT.match(plain_target, m.end()))
                for m in tgt_cues.idioms.finditer(plain_target)
            )
            return self._lost(src_neg, len(tgt_neg), target, tgt_cues, idioms)
        if (
            tgt_neg
            and not src_all
            and not src_cues.weak_count(source)
            and not src_cues.limiting_count(source)
        ):
            return [
                self.issue(
                    f"The translation negates (“{tgt_neg[0].group(0)}”) but the "
                    "source does not; check that the meaning is the same.",
                    tgt_neg[0].span(),
                    severity=Severity.MINOR,
                )
            ]
        return []

    def _lost(
        self,
        src_neg: list[re.Match[str]],
        kept: int,
        target: str,
        tgt_cues: NegationCues,
        idioms: int,
    ) -> list[Issue]:
        """The issue for source negations the target's count does not cover; each weak cue
        of the target stands for one. Major only where the target has no negation and no
        weak or limiting cue at all: a shortfall beside them is minor, and so is one beside
        a negative idiom of the target, which may hold the negation ("isn't confined" ->
        "nicht nur ... beschränkt")."""
        weak = tgt_cues.weak_count(target)
        limiting = tgt_cues.limiting_count(target) + idioms
        missing = len(src_neg) - kept - weak
        if missing <= 0:
            return []
        severity = Severity.MINOR if kept or weak or limiting else None
        first = src_neg[0]
        if kept == 0:
            message = (
                f"The source negates (“{first.group(0)}”) but the translation has no "
                "negation; the meaning may be reversed."
            )
        else:
            words = ", ".join(f"“{m.group(0)}”" for m in src_neg)
            message = (
                f"The source negates {len(src_neg)} times ({words}) but the "
                f"translation only {kept}; one negation may be lost."
            )
        return [
            self.issue(message, source_span=first.span() if kept == 0 else None, severity=severity)
        ]
