"""Concordance from the review screen: a word or phrase in the translation memory and in
this desk's published translations, source and target side by side.

Matching is ``copydesk.memory.concordance``'s folding (case, Unicode forms,
whitespace and tags do not matter; accents do). The memory is searched
through its word index on the source side; published translations into the
same target language are searched on both sides, among their newest
``SCANNED`` live segments only, so one search costs a bounded amount of work
however large the desk grows. At most ``MAX_RESULTS`` matches are gathered,
shown ``PAGE_SIZE`` at a time.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass

from copydesk import languages
from copydesk.desk import memory, roles
from copydesk.desk.models import Role, Segment, Translation, TranslationState, User
from copydesk.errors import CopydeskError, InputError, TooLargeError
from copydesk.memory import concordance

log = logging.getLogger(__name__)
MAX_QUERY_CHARS = 200
MIN_QUERY_CHARS = 2
PAGE_SIZE = 10
MAX_RESULTS = 200
SCANNED = 5_000


@dataclass(frozen=True)
class Found:
    """One match: where it comes from ("memory" or "published"), both texts and the spans
    of the match in each (offsets in the plain texts)."""

    kind: str
    source: str
    target: str
    source_spans: list[tuple[int, int]]
    target_spans: list[tuple[int, int]]
    where: str  # the published article's title, or who confirmed the memory's entry
    translation: int | None = None


@dataclass(frozen=True)
class Page:
    query: str
    results: list[Found]
    page: int
    total: int  # matches gathered (at most MAX_RESULTS)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def phrase(raw: str) -> str:
    """The phrase to look up, or ``InputError`` when it is too short or too long."""
    if len(raw) > MAX_QUERY_CHARS:
        raise TooLargeError(f"The search has {len(raw)} characters; use at most "
                            f"{MAX_QUERY_CHARS} (a word or a phrase).")
    if len(concordance.needle(raw).strip()) < MIN_QUERY_CHARS:
        raise InputError(f"Type at least {MIN_QUERY_CHARS} letters to look up.")
    return raw


def search(translation: Translation, raw: str, *, user: User, page: int = 1) -> Page:
    """The matches of ``raw`` for the translation's language pair, one page of them."""
    source_lang = (translation.machine_draft or {}).get("source_language") or \
        translation.source_version.content.get("language") or ""
    return search_pair(raw, source_lang, translation.edition.language, user=user, page=page,
                       leave_out=translation.pk)


def search_pair(raw: str, source_lang: str, target_lang: str, *, user: User, page: int = 1,
                leave_out: int | None = None) -> Page:
    """The matches of ``raw`` from ``source_lang`` into ``target_lang`` (the translation
    ``leave_out`` left out of the published ones), one page of them."""
    roles.require(user, Role.EDITOR, "search the translation memory")
    text = phrase(raw)
    if page < 1 or page > MAX_RESULTS // PAGE_SIZE:
        raise InputError(f"Ask for a page from 1 to {MAX_RESULTS // PAGE_SIZE}.")
    found = _from_memory(text, source_lang, target_lang)
    found += _from_published(text, target_lang, leave_out, MAX_RESULTS - len(found))
    start = (page - 1) * PAGE_SIZE
    return Page(text, found[start:start + PAGE_SIZE], page, len(found))


def _from_memory(text: str, source_lang: str, target_lang: str) -> list[Found]:
    if not source_lang:
        return []
    try:
        tm = memory.open_for_drafts()
        if tm is None:
            return []
        with tm:
            hits = concordance.lookup(tm, text, languages.normalize(source_lang),
                                      languages.normalize(target_lang), limit=MAX_RESULTS)
    except (CopydeskError, sqlite3.Error) as exc:
        log.warning("The translation memory could not be searched: %s", exc)
        return []
    wanted = concordance.needle(text)
    return [Found("memory", h.source, h.target, h.source_spans,
                  concordance.fold(h.target).spans(wanted), h.editor) for h in hits]


def _from_published(text: str, target_lang: str, leave_out: int | None,
                    limit: int) -> list[Found]:
    if limit <= 0:
        return []
    wanted = concordance.needle(text)
    published = Segment.objects.filter(active=True, excluded=False,
                                       translation__state=TranslationState.PUBLISHED,
                                       translation__edition__language=target_lang)
    if leave_out is not None:
        published = published.exclude(translation_id=leave_out)
    rows = (published.order_by("-pk")
            .values_list("source", "target", "translation_id",
                         "translation__source_version__content__title")[:SCANNED])
    found: list[Found] = []
    for source, target, translation_id, title in rows:
        folded_source, folded_target = concordance.fold(source), concordance.fold(target)
        source_spans, target_spans = folded_source.spans(wanted), folded_target.spans(wanted)
        if source_spans or target_spans:
            found.append(Found("published", folded_source.plain, folded_target.plain,
                               source_spans, target_spans, str(title or ""), translation_id))
            if len(found) >= limit:
                break
    return found
