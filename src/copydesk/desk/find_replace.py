"""Find and replace across one translation's segments, applied as editor revisions.

The text searched is each live segment's stored target (NFC, with protected
tags such as ``<g1>``, ``</g1>`` and ``<x2/>``; see ``copydesk.article``).
The query is normalised to NFC as the stored text is, so a query typed with
decomposed accents finds composed ones. Every kind of whitespace (no-break
and narrow no-break spaces included) matches a space. Without *match case*
both sides are case folded character by character (``STRASSE`` finds
``Straße``; the dotted capital ``İ`` folds to a plain ``i``); accents always
count. *Whole word* wants no letter, digit, mark or underscore right before or
after a hit, and a hit never ends before a combining accent. Tags are
barriers: a hit never covers or spans a tag, so a replacement cannot break or
remove one; a replacement that would make new tag text with its neighbours is
refused for that segment.

One search folds each text once and scans it left to right for hits that do
not overlap: linear in the article's length for a query of bounded length.
``apply`` takes the segments and versions the preview showed and saves each
through ``revisions.save_segment`` (checks, revision, audit event, approval
taken back) inside one transaction under the translation's lock: a segment
changed since the preview makes the whole step a conflict that names every
stale segment, and nothing is saved.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction

from copydesk.article import TAG_RE
from copydesk.desk import audit, entries, gate, revisions, roles, workflow
from copydesk.desk.models import Origin, Role, Segment, Translation, TranslationState, User
from copydesk.errors import ConflictError, InputError, TooLargeError, WorkflowError

MAX_FIND_CHARS = 200
MAX_REPLACE_CHARS = 1_000
MAX_SEGMENTS = 2_000  # segments one apply may name
_BARRIER = "\x00"  # what a tag's characters fold to: no query can contain it


@dataclass(frozen=True)
class Query:
    """What to find, what to put instead, and how to match."""

    find: str
    replace: str
    match_case: bool = False
    whole_word: bool = False


@dataclass(frozen=True)
class SegmentHits:
    """One segment's hits (``(start, end)`` offsets in ``text``, its target as NFC) and its
    text after."""

    segment: Segment
    text: str
    hits: list[tuple[int, int]]
    replaced: str
    problem: str = ""  # why this segment cannot take the replacement ("" when it can)


@dataclass(frozen=True)
class Preview:
    translation: Translation
    query: Query
    segments: list[SegmentHits] = field(default_factory=list)

    @property
    def hit_count(self) -> int:
        return sum(len(s.hits) for s in self.segments)


def make_query(find: str, replace: str, *, match_case: bool = False,
               whole_word: bool = False) -> Query:
    """The query as typed, normalised and checked, or ``InputError``."""
    if len(find) > MAX_FIND_CHARS * 4 or len(replace) > MAX_REPLACE_CHARS * 4:
        raise TooLargeError(f"Find at most {MAX_FIND_CHARS} characters and replace with at "
                            f"most {MAX_REPLACE_CHARS}.")
    find, replace = entries.segment_text(find), entries.segment_text(replace)
    if len(find) > MAX_FIND_CHARS:
        raise TooLargeError(f"The text to find has {len(find)} characters; use at most "
                            f"{MAX_FIND_CHARS}.")
    if len(replace) > MAX_REPLACE_CHARS:
        raise TooLargeError(f"The replacement has {len(replace)} characters; use at most "
                            f"{MAX_REPLACE_CHARS}.")
    if not find.strip():
        raise InputError("Type the words to find.")
    if TAG_RE.search(find) or TAG_RE.search(replace):
        raise InputError("Find and replace works on the words only: leave formatting tags "
                         "such as <g1> out of both fields (the tags stay where they are).")
    return Query(find, replace, match_case=match_case, whole_word=whole_word)


def _fold_char(char: str, match_case: bool) -> str:
    if char.isspace():
        return " "
    if match_case:
        return char
    return "i" if char == "\u0130" else char.casefold()


def _folded(text: str, match_case: bool) -> tuple[str, list[int]]:
    """``text`` folded, with tags turned into barriers, and for each folded character the
    offset of the original character it came from (plus one final entry: ``len(text)``)."""
    pieces: list[str] = []
    owner: list[int] = []
    barriers = {i for m in TAG_RE.finditer(text) for i in range(m.start(), m.end())}
    for at, char in enumerate(text):
        folded = _BARRIER if at in barriers else _fold_char(char, match_case)
        pieces.append(folded)
        owner.extend([at] * len(folded))
    owner.append(len(text))
    return "".join(pieces), owner


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")


def find_hits(text: str, query: Query) -> list[tuple[int, int]]:
    """The non-overlapping hits of ``query`` in the tagged ``text``, left to right."""
    needle = "".join(_fold_char(c, query.match_case) for c in query.find)
    haystack, owner = _folded(text, query.match_case)
    hits: list[tuple[int, int]] = []
    at = haystack.find(needle)
    while at != -1:
        end = at + len(needle)
        start, stop = owner[at], owner[end - 1] + 1
        whole = ((at == 0 or owner[at - 1] != owner[at]) and owner[end - 1] != owner[end]
                 and not (stop < len(text) and unicodedata.category(text[stop]).startswith("M")))
        if whole and query.whole_word:
            whole = ((start == 0 or not _word_char(text[start - 1]))
                     and (stop == len(text) or not _word_char(text[stop])))
        if whole:
            hits.append((start, stop))
            at = haystack.find(needle, end)
        else:
            at = haystack.find(needle, at + 1)
    return hits


def _replaced(text: str, hits: list[tuple[int, int]], replacement: str) -> str:
    out, last = [], 0
    for start, stop in hits:
        out += [text[last:start], replacement]
        last = stop
    return "".join([*out, text[last:]])


def _segment_hits(segment: Segment, query: Query) -> SegmentHits | None:
    text = unicodedata.normalize("NFC", segment.target)  # as every save stores it
    hits = find_hits(text, query)
    if not hits:
        return None
    after = _replaced(text, hits, query.replace)
    problem = ""
    if TAG_RE.findall(after) != TAG_RE.findall(text):
        problem = ("The replacement would make new tag text with the characters around it; "
                   "edit this segment by hand.")
    elif len(after) > revisions.MAX_TARGET_CHARS:
        problem = (f"The text would be longer than {revisions.MAX_TARGET_CHARS} characters.")
    return SegmentHits(segment, text, hits, after, problem)


def _searched(translation: Translation) -> list[Segment]:
    return list(translation.segments.filter(active=True, excluded=False).order_by("position"))


def preview(translation_id: int, query: Query, *, user: User) -> Preview:
    """Every hit of ``query`` in the translation's live segments, segment by segment."""
    roles.require(user, Role.EDITOR, "find and replace")
    translation = workflow.find_translation(translation_id)
    found = [h for h in (_segment_hits(s, query) for s in _searched(translation)) if h]
    return Preview(translation, query, found)


def parse_chosen(raw: Mapping[str, object] | list[object]) -> dict[int, int]:
    """``{segment id: version}`` from the preview's list of ``[id, version]`` pairs."""
    items = list(raw.items()) if isinstance(raw, Mapping) else list(raw)
    if not items:
        raise InputError("Choose at least one segment to replace in.")
    if len(items) > MAX_SEGMENTS:
        raise TooLargeError(f"One replacement covers at most {MAX_SEGMENTS} segments.")
    chosen: dict[int, int] = {}
    for item in items:
        pair = list(item) if isinstance(item, list | tuple) else []
        if (len(pair) != 2 or not all(isinstance(v, int | str) for v in pair)
                or not all(str(v).isascii() and str(v).isdigit() and len(str(v)) <= 9
                           for v in pair)):
            raise InputError("Each chosen segment is [segment id, version] as the preview "
                             "gave them; preview again.")
        chosen[int(pair[0])] = int(pair[1])
    return chosen


def apply(translation_id: int, query: Query, chosen: Mapping[int, int], *,
          user: User) -> list[Segment]:
    """Replace every hit in the ``chosen`` segments (``{id: version seen}``), all or none."""
    roles.require(user, Role.EDITOR, "find and replace")
    with transaction.atomic():
        translation = gate.lock(translation_id)
        require_editable(translation)
        by_id = {s.pk: s for s in _searched(translation)}
        unknown = sorted(set(chosen) - set(by_id))
        if unknown:
            raise InputError(f"Segment(s) {', '.join(map(str, unknown[:10]))} are not live "
                             "segments of this translation; preview again.")
        _require_current(translation, [by_id[pk] for pk in chosen], chosen)
        planned = [(h, chosen[h.segment.pk]) for h in
                   (_segment_hits(by_id[pk], query) for pk in sorted(
                       chosen, key=lambda pk: by_id[pk].position)) if h]
        refused = [h for h, _ in planned if h.problem]
        if refused:
            raise InputError(f"Segment {refused[0].segment.key}: {refused[0].problem} "
                             "Leave it out of the replacement.")
        saved = [revisions.save_segment(h.segment.pk, h.replaced, base_version=version,
                                        user=user, origin=Origin.EDITOR)
                 for h, version in planned]
        audit.record(translation.article_id, "find_replace_applied", actor=user, payload={
            "translation": translation.pk, "find": query.find, "replace": query.replace,
            "match_case": query.match_case, "whole_word": query.whole_word,
            "segments": [s.key for s in saved],
            "hits": sum(len(h.hits) for h, _ in planned)})
    return saved


def require_editable(translation: Translation) -> None:
    """Refuse a translation whose segments cannot change now (published, translating ...)."""
    if translation.state == TranslationState.PUBLISHED:
        raise WorkflowError(f"Translation {translation.pk} is published; open a correction "
                            "before changing it.")
    if translation.state not in revisions.EDITABLE:
        raise WorkflowError(f"Translation {translation.pk} is "
                            f"{TranslationState(translation.state).label.lower()}; its "
                            "segments can be changed only while it is in review.")


def _require_current(translation: Translation, segments: list[Segment],
                     chosen: Mapping[int, int]) -> None:
    stale = [s for s in segments if s.version != chosen[s.pk]]
    if stale:
        names = ", ".join(s.key for s in stale[:20])
        raise ConflictError(
            f"Segment(s) {names} changed since the preview; nothing was replaced. Preview "
            "again and apply from the new versions.",
            theirs="", yours="", current_version=stale[0].version)
