"""Omissions and additions, seen through length.

The target's length (in characters, tags blanked) is compared with the
source's through ``r = ln(len_target / len_source)``, against a per-pair norm
measured on human translations (``data/length_norms.json``: mean and spread;
the spread grows for short segments). ``|z| >= 2.5`` is minor, and so is a
source of three or more sentences rendered as one sentence that is also clearly
short (a likely omission). Only an empty translation is major: on annotated MT
output even ``|z| >= 3.5`` was right about one time in fifteen, below the base
rate of errors, so length alone never asks an editor to look first; it feeds the
segment risk continuously instead (``registry.segment_risk``). Pairs without a
norm get no length issues.
"""

from __future__ import annotations

import math

import regex

from copydesk.article import mask_tags
from copydesk.checks.base import Check, Issue, SegmentContext, Severity
from copydesk.checks.tables import table

MIN_CHARS = 15  # shorter sources (headlines, "Yes.") are left alone
MINOR_Z = 2.5
SENTENCE_END_RE = regex.compile(r"[.!?…][\"'”“»«’)]*(?=\s+[\"'„“«»‚(]*[\p{Lu}\p{N}])")
ABBREVIATION_RE = regex.compile(r"\b(?:\p{L}|Mr|Mrs|Ms|Dr|St|Nr|No|Prof|bzw|ca|vgl|usw|etc|Jr|Sr|"
                                r"Inc|Corp|Co|Ltd|z|B|d|h|u|a|v|Jan|Feb|Aug|Sept?|Oct|Okt|Nov|"
                                r"Dec|Dez)\.$")


def norm_for(source_lang: str, target_lang: str) -> tuple[float, float, float] | None:
    """(mean, sd_long, k) of ln(target/source) chars for the pair, or None."""
    src, tgt = source_lang.split("-")[0].lower(), target_lang.split("-")[0].lower()
    norms = table("length_norms.json")
    if f"{src}-{tgt}" in norms:
        n = norms[f"{src}-{tgt}"]
        return n["mean"], n["sd_long"], n["k"]
    if f"{tgt}-{src}" in norms:
        n = norms[f"{tgt}-{src}"]
        return -n["mean"], n["sd_long"], n["k"]
    return None


def length_z(source: str, target: str, source_lang: str, target_lang: str) -> float | None:
    """How many spreads the target's length lies from the norm (negative: too short)."""
    norm = norm_for(source_lang, target_lang)
    src_len, tgt_len = len(_visible(source)), len(_visible(target))
    if norm is None or src_len < MIN_CHARS:
        return None
    mean, sd_long, k = norm
    spread = math.sqrt(sd_long**2 + k / src_len)
    return (math.log(max(tgt_len, 1) / src_len) - mean) / spread


def _visible(text: str) -> str:
    return " ".join(mask_tags(text).split())


def count_sentences(text: str) -> int:
    """Sentence-final punctuation followed by a capitalised word, plus one."""
    text = _visible(text)
    count = 1
    for m in SENTENCE_END_RE.finditer(text):
        if not ABBREVIATION_RE.search(text[max(0, m.start() - 6):m.start() + 1]):
            count += 1
    return count


class LengthCheck(Check):
    check_id = "length"
    severity = Severity.MAJOR
    description = ("The translation is much shorter or longer than translations usually are: "
                   "something may be missing or added.")
    example = "Police arrested two men on Friday after a chase through the city centre. -> " \
              "Die Polizei nahm zwei Männer fest."

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        if not target.strip():
            return [self.issue("The translation is empty.", (0, len(target)))]
        z = length_z(source, target, context.source_lang, context.target_lang)
        if z is None:
            return []
        issues = []
        if abs(z) >= MINOR_Z:
            what = "shorter" if z < 0 else "longer"
            hint = "something may be missing" if z < 0 else "something may have been added"
            issues.append(self.issue(f"The translation is much {what} than usual ({hint}).",
                                     (0, len(target)), severity=Severity.MINOR))
        src_count, tgt_count = count_sentences(source), count_sentences(target)
        if src_count >= 3 and tgt_count == 1 and z < -1.5:
            issues.append(self.issue(f"The source has {src_count} sentences, the translation "
                                     "one: a sentence may be missing.", (0, len(target)),
                                     severity=Severity.MINOR))
        return issues
