"""The desk's side of the translation memory: confirmed segments go in, drafts read it.

The memory is the SQLite file in the desk's data directory
(``copydesk_settings().home_path``), shared with the command line and the
workers. A confirmed segment is stored once its transaction has committed,
with its neighbours in the translation (the previous and next live source
segment) as context and its provenance: who confirmed it, the engine
signature of its text, when, and where the text came from (``mt``,
``memory``, ``editor``, ``style-fix``).

Pseudo-translation output that no editor replaced is never stored. Storing
is best effort: the confirmation has already been recorded, so a
memory that cannot be written is logged, not turned into an error for the
editor.
"""

from __future__ import annotations

import logging
import sqlite3

from copydesk import languages
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.models import Segment, SegmentState
from copydesk.engines.base import is_pseudo_output
from copydesk.errors import CopydeskError
from copydesk.memory import ORIGINS, MemoryEntry, TranslationMemory
from copydesk.memory.reuse import configured_memory

log = logging.getLogger(__name__)


def open_for_drafts() -> TranslationMemory | None:
    """The memory a machine draft reads (``None``: off, or nothing stored yet)."""
    return configured_memory(copydesk_settings())


def remember(segment_id: int) -> None:
    """Store the confirmed segment in the memory of its language pair (see module docstring)."""
    segment = (Segment.objects.select_related("translation__edition", "confirmed_by")
               .filter(pk=segment_id, state=SegmentState.CONFIRMED).first())
    if segment is None or not segment.target.strip() or not segment.source.strip():
        return
    if is_pseudo_output(segment.origin, segment.signature):
        return  # test output is never a translation to reuse
    try:
        entry = _entry(segment)
        memory = configured_memory(copydesk_settings(), create=True)
        if memory is None:
            return
        with memory:
            memory.add_many([entry])
    except (CopydeskError, sqlite3.Error) as exc:
        log.warning("Segment %s was confirmed but not stored in the translation memory: %s",
                    segment.pk, exc)


def _entry(segment: Segment) -> MemoryEntry:
    translation = segment.translation
    live = translation.segments.filter(active=True)
    before = live.filter(position__lt=segment.position).order_by("-position").first()
    after = live.filter(position__gt=segment.position).order_by("position").first()
    draft = translation.machine_draft or {}
    source_language = draft.get("source_language") or \
        translation.source_version.content.get("language") or ""
    editor = segment.confirmed_by
    return MemoryEntry(
        source=segment.source, target=segment.target,
        source_lang=languages.normalize(source_language),
        target_lang=languages.normalize(translation.edition.language),
        previous=before.source if before else None, next=after.source if after else None,
        origin=segment.origin if segment.origin in ORIGINS else "editor",
        signature=segment.signature or None,
        editor=editor.get_username() if editor else None,
        created_at=segment.confirmed_at.isoformat() if segment.confirmed_at else None)
