"""Negation check: a "not" (or "no", "never", "denied", "without") survives translation.

Cue words per language are in ``data/negation_cues.json``. Strong cues negate;
weak cues ("unable", "kaum", "-los") carry negative meaning in another way and
only excuse a missing strong cue, because translators legitimately move a
negation into a word ("not possible" -> "unmöglich"). Idioms whose negation is
rhetorical ("wouldn't you know it", "can't help but", "not only") are blanked
first. A source cue that the translation quotes unchanged (an English title
left in English) counts as kept.

Severity: a negation of the source that disappears is major, since it reverses a
statement. A negation the translation adds is minor: human translators add them
all the time in free rewordings ("it's rare" -> "es kommt nicht oft vor",
"excellent" -> "lässt keine Wünsche offen"), so that direction is mostly noise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from copydesk.article import mask_tags
from copydesk.checks import lexicon
from copydesk.checks.base import Check, Issue, SegmentContext, Severity
from copydesk.checks.tables import alternatives, table


@dataclass(frozen=True)
class NegationCues:
    strong: re.Pattern[str]
    weak: re.Pattern[str]
    idioms: re.Pattern[str]
    lang: str = ""
    prefixes: tuple[str, ...] = ()

    def weak_in(self, text: str) -> bool:
        """A weak cue, or a word with a negative prefix ("inútil", "onmogelijk")."""
        return bool(self.weak.search(text)) or any(
            _negative_derivation(m.group(), self.prefixes, self.lang)
            for m in _WORD.finditer(text))


_WORD = re.compile(r"\w{6,}")


def _negative_derivation(word: str, prefixes: tuple[str, ...], lang: str) -> bool:
    """Prefix + a common word that is more frequent than the whole: "in" + "útil"."""
    lowered = word.lower()
    for prefix in prefixes:
        rest = lowered[len(prefix):]
        if lowered.startswith(prefix) and len(rest) >= 4 and lexicon.zipf(rest, lang) >= 4.0 \
                and lexicon.zipf(lowered, lang) < lexicon.zipf(rest, lang):
            return True
    return False


@cache
def cues(lang: str) -> NegationCues | None:
    """The negation cues of a language (``de-AT`` uses ``de``), or None without a table."""
    entry = table("negation_cues.json").get(lang.split("-")[0].lower())
    if entry is None:
        return None
    return NegationCues(alternatives(entry["strong"]), alternatives(entry["weak"]),
                        alternatives(entry.get("idioms", [])), lang.split("-")[0].lower(),
                        tuple(entry.get("prefixes", ())))


def _blank_idioms(text: str, found: NegationCues, lang: str) -> str:
    """The text with idiomatic negations, and cue words that are part of a name
    ("Médicos Sin Fronteras", "Artsen zonder Grenzen"), replaced by spaces (offsets
    stay valid)."""
    text = found.idioms.sub(lambda m: " " * len(m.group(0)), text)
    nouns_capitalised = lang.split("-")[0].lower() in ("de", "lb")
    return found.strong.sub(lambda m: " " * len(m.group(0)) if _in_name(m, nouns_capitalised)
                            else m.group(0), text)


_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“„«(]\s*)$")
_CAPITALISED = re.compile(r"\s+[A-ZÀ-Ý]\w+")


def _in_name(cue: re.Match[str], nouns_capitalised: bool) -> bool:
    """A cue inside a name: capitalised off sentence start, or (where only names are
    capitalised) between capitalised words."""
    start = cue.start()
    before = cue.string[max(0, start - 40):start]  # a window: linear time on long texts
    if cue.group(0)[:1].isupper():
        if start > 40 and not before.strip():
            return False
        return not _SENTENCE_START.search(before.rstrip() if before.strip() else "")
    return not nouns_capitalised and bool(re.search(r"[A-ZÀ-Ý]\w+\s+$", before)) and \
        bool(_CAPITALISED.match(cue.string, cue.end()))


def _quoted_unchanged(cue: re.Match[str], target: str) -> bool:
    """The cue and the word after it stand unchanged in the target ("No man is an island")."""
    phrase = re.match(r"\S+\s+\w+", cue.string[cue.start():])
    return phrase is not None and phrase.group(0) in target


class NegationCheck(Check):
    check_id = "negation"
    severity = Severity.MAJOR
    description = ("A negation in the source ('not', 'never', 'denied', 'without') must not "
                   "disappear in the translation, and the translation must not add one.")
    example = "The company did not confirm the report. -> Das Unternehmen bestätigte den Bericht."

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        src_cues, tgt_cues = cues(context.source_lang), cues(context.target_lang)
        if src_cues is None or tgt_cues is None:
            return []
        source = _blank_idioms(mask_tags(source), src_cues, context.source_lang)
        target = _blank_idioms(mask_tags(target), tgt_cues, context.target_lang)
        src_strong = src_cues.strong.search(source)
        tgt_strong = tgt_cues.strong.search(target)
        if src_strong and not tgt_strong and not tgt_cues.weak_in(target) \
                and not _quoted_unchanged(src_strong, target):
            return [self.issue(f"The source negates (“{src_strong.group(0)}”) but the "
                               "translation has no negation; the meaning may be reversed.",
                               source_span=src_strong.span())]
        if tgt_strong and not src_strong and not src_cues.weak_in(source):
            return [self.issue(f"The translation negates (“{tgt_strong.group(0)}”) but the "
                               "source does not; check that the meaning is the same.",
                               tgt_strong.span(), severity=Severity.MINOR)]
        return []
