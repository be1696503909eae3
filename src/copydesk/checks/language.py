"""Untranslated and wrong-language text.

``untranslated``: the target repeats the source (ignoring case, punctuation
and tags), or copies a long run of source words verbatim. Segments that are
only names, numbers or URLs, and very short ones, are skipped: "Donald Trump"
stays "Donald Trump".

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

URL_RE = regex.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|[#@]\w+|<[^<>]*>",
                       regex.IGNORECASE)
WORD_RE = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’-]*")
QUOTED_RE = regex.compile(r"[\"“„«»‚‘›‹][^\"“”„«»‚‘’›‹]{2,}[\"”“«»‘’‹›]")
MIN_COPY_RUN = 7  # source words copied in a row before a run counts as untranslated
MIN_COPY_COMMON = 5  # of which lower-case (not names)
MIN_ID_WORDS = 6  # words needed before the language identifier is trusted
MIN_MARGIN = 0.9  # normalised probability the detected language needs
DEFAULT_CANDIDATES = ("en", "de", "fr", "nl", "es", "it")


def _words(text: str) -> list[str]:
    return WORD_RE.findall(URL_RE.sub(" ", mask_tags(text)))


def _common_words(words: Iterable[str]) -> int:
    """Words that are not names or numbers: lower-case words."""
    return sum(1 for w in words if w[:1].islower())


def longest_copied_run(source_words: list[str], target_words: list[str]) -> list[str]:
    """The longest run of consecutive words that source and target share (case-insensitive)."""
    src = [w.casefold() for w in source_words]
    tgt = [w.casefold() for w in target_words]
    best, best_end = 0, 0
    previous = [0] * (len(tgt) + 1)
    for i in range(1, len(src) + 1):
        current = [0] * (len(tgt) + 1)
        for j in range(1, len(tgt) + 1):
            if src[i - 1] == tgt[j - 1]:
                current[j] = previous[j - 1] + 1
                if current[j] > best:
                    best, best_end = current[j], i
        previous = current
    return source_words[best_end - best:best_end]


class UntranslatedCheck(Check):
    check_id = "untranslated"
    severity = Severity.MAJOR
    description = "The target repeats the source, or copies a long stretch of it untranslated."
    example = "The government resigned on Monday. -> The government resigned on Monday."

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        src_words, tgt_words = _words(source), _words(target)
        if _common_words(src_words) < 3 or len(src_words) < 4:
            return []
        if [w.casefold() for w in src_words] == [w.casefold() for w in tgt_words]:
            return [self.issue("The target is the same as the source: it was not translated.",
                               (0, len(target)), source_span=(0, len(source)))]
        unquoted = _words(QUOTED_RE.sub(" ", mask_tags(target)))
        run = longest_copied_run(src_words, unquoted)
        if len(run) >= MIN_COPY_RUN and _common_words(run) >= MIN_COPY_COMMON:
            span = _find_run(target, run)
            return [self.issue(f"{len(run)} source words are copied untranslated: "
                               f"“{' '.join(run)}”.", span)]
        return []


def _find_run(text: str, run: list[str]) -> tuple[int, int] | None:
    pattern = r"\W+".join(regex.escape(w) for w in run)
    m = regex.search(pattern, text, regex.IGNORECASE)
    return m.span() if m else None


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
