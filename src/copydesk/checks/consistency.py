"""Consistency inside one article (``context.article``: all (source, target) pairs).

* The same source sentence translated two different ways.
* A glossary term with several allowed translations rendered one way here
  and another way elsewhere.
* A name (a capitalised source span of two or more words, such as
  "Xi Jinping") kept verbatim in other segments but spelled differently here.

Minor: the editor decides which rendering is right.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import regex
from rapidfuzz import fuzz

from copydesk.article import mask_tags
from copydesk.checks.base import Check, Issue, SegmentContext, Severity
from copydesk.glossary import Glossary, Term, TermType

NAME_RE = regex.compile(r"\b\p{Lu}[\p{L}’'-]+(?:\s+\p{Lu}[\p{L}’'-]+)+")
MIN_NAME_SIMILARITY = 75


@lru_cache(maxsize=4096)
def _normal(text: str) -> str:
    """Case, punctuation and tags left out (cached: every save compares the whole article)."""
    return " ".join(regex.sub(r"[^\w\s]", " ", mask_tags(text).casefold()).split())


class ConsistencyCheck(Check):
    check_id = "consistency"
    severity = Severity.MINOR
    description = "The same sentence, term or name is translated differently elsewhere " \
                  "in the article."
    example = "Xi Jinping met Trump. -> Xi Jingping traf Trump. (elsewhere: Xi Jinping)"

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        others = [(s, t) for s, t in context.article
                  if (s, t) != (source, target) and t and t.strip()]
        if not others:
            return []
        issues = self._sentences(source, target, others)
        issues += self._names(source, target, others)
        if isinstance(context.glossary, Glossary):
            issues += self._terms(source, target, others, context)
        return issues

    def _sentences(self, source: str, target: str,
                   others: Sequence[tuple[str, str]]) -> list[Issue]:
        key = _normal(source)
        if len(key.split()) < 3:
            return []
        for other_source, other_target in others:
            if _normal(other_source) == key and _normal(other_target) != _normal(target):
                return [self.issue("This sentence appears again in the article with a "
                                   f"different translation: “{other_target}”.", (0, len(target)))]
        return []

    def _names(self, source: str, target: str,
               others: Sequence[tuple[str, str]]) -> list[Issue]:
        issues = []
        plain = mask_tags(target)
        for name in dict.fromkeys(_names(mask_tags(source))):
            if name in plain:
                continue
            kept_elsewhere = any(name in o_src and name in o_tgt for o_src, o_tgt in others)
            variant = _closest_variant(plain, name) if kept_elsewhere else None
            if variant:
                start, end, text = variant
                issues.append(self.issue(f"“{text}” is written “{name}” elsewhere in the "
                                         "article.", (start, end)))
        return issues

    def _terms(self, source: str, target: str, others: Sequence[tuple[str, str]],
               context: SegmentContext) -> list[Issue]:
        glossary: Glossary = context.glossary
        langs = (context.source_lang, context.target_lang)
        issues = []
        for match in glossary.find_in_source(mask_tags(source), *langs):
            options = [t for t in glossary.entries_for(*langs) if t.type is TermType.PREFERRED
                       and t.source.casefold() == match.term.source.casefold()]
            if len(options) < 2:
                continue
            here = _used(glossary, options, mask_tags(target))
            for o_src, o_tgt in others:
                if not glossary.find_in_source(mask_tags(o_src), *langs):
                    continue
                there = _used(glossary, options, mask_tags(o_tgt))
                if here and there and here.isdisjoint(there):
                    issues.append(self.issue(
                        f"“{match.term.source}” is translated “{sorted(here)[0]}” here but "
                        f"“{sorted(there)[0]}” elsewhere in the article.", None,
                        source_span=(match.start, match.end)))
                    break
        return issues


def _names(text: str) -> list[str]:
    """Capitalised multi-word spans; a sentence's first word is dropped ("Later Xi Jinping")."""
    out = []
    for m in NAME_RE.finditer(text):
        name = m.group(0)
        if regex.search(r"(?:^|[.!?:]\s+)[\"'„“‘«]*$", text[:m.start()]):
            name = name.split(None, 1)[1] if len(name.split()) > 2 else ""
        if name:
            out.append(name)
    return out


def _used(glossary: Glossary, options: list[Term], text: str) -> set[str]:
    return {t.target for t in options if glossary.find_in_target(text, t)}


def _closest_variant(text: str, name: str) -> tuple[int, int, str] | None:
    """A span of ``text`` with as many words as ``name`` that looks like a misspelling of it."""
    words = list(regex.finditer(r"[\p{L}’'-]+", text))
    size = len(name.split())
    best: tuple[float, int, int] | None = None
    for i in range(len(words) - size + 1):
        start, end = words[i].start(), words[i + size - 1].end()
        if not text[start].isupper():
            continue
        score = fuzz.ratio(text[start:end], name)
        if score >= MIN_NAME_SIMILARITY and (best is None or score > best[0]):
            best = (score, start, end)
    if best is None:
        return None
    return best[1], best[2], text[best[1]:best[2]]
