"""Translating chosen segments again (after a glossary change), through the worker.

``queue`` sends the segments (with the versions they had) to the configured
task backend once the caller's transaction has committed, as the machine
draft's job goes; the task translates their sources with the edition's
engine and current glossary (``pipeline.translate_segments``) and saves each
new text through ``revisions.save_segment`` as the editor who asked, with
origin ``mt`` and the engine's signature: a revision and a
``segment_edited`` event each, the checks run again. A segment that an
editor changed, confirmed or that left the source meanwhile is skipped, not
overwritten; so is a new text whose tags differ from the source's.

Each request is a job with a token of its own; when the task is done it records a
``segments_retranslated`` event in the article's trail with the token, the keys
saved and the keys skipped (and the engine's error, if it failed), so the review
screen can show the new texts and say what became of the others.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django_tasks import task

from copydesk import glossary, languages
from copydesk.desk import audit, revisions, workflow
from copydesk.desk.bootstrap import copydesk_settings, edition_table
from copydesk.desk.models import Origin, Segment, SegmentState, User
from copydesk.engines import registry
from copydesk.errors import CopydeskError
from copydesk.pipeline import translate_segments

log = logging.getLogger(__name__)
MACHINE_ORIGINS = (Origin.MT, Origin.MEMORY, Origin.STYLE_FIX)


def queue(translation_id: int, segments: Sequence[Segment], *, user: User) -> str:
    """Send the segments to the worker; the job's token."""
    chosen = [[s.pk, s.version] for s in segments]
    job = secrets.token_hex(16)
    transaction.on_commit(lambda: retranslate_segments.enqueue(translation_id, chosen,
                                                                 user.pk, job))
    return job


@task()
def retranslate_segments(translation_id: int, chosen: list[list[int]],
                         user_id: int, job: str = "") -> dict[str, Any]:
    """Translate the ``chosen`` ``[segment id, version]`` segments again (see module)."""
    translation = workflow.find_translation(translation_id)
    user = User.objects.get(pk=user_id)
    versions = {int(pk): int(version) for pk, version in chosen}
    asked = list(translation.segments.filter(pk__in=versions).order_by("position"))
    still = [s for s in asked if s.active and _untouched(s, versions[s.pk])]

    def done(saved: list[str], error: str = "") -> dict[str, Any]:
        skipped = [s.key for s in asked if s.key not in saved]
        payload: dict[str, Any] = {"translation": translation_id, "job": job,
                                   "saved": saved, "skipped": skipped}
        if error:
            payload["error"] = error
        audit.record(translation.article_id, "segments_retranslated", actor=user,
                     payload=payload)
        return {"translation": translation_id, "saved": saved,
                "skipped": len(versions) - len(saved), **({"error": error} if error else {})}

    if not still:
        return done([])
    source_lang = languages.normalize((translation.machine_draft or {}).get("source_language")
                                      or translation.source_version.content.get("language")
                                      or "en")
    target_lang = languages.normalize(translation.edition.language)
    edition = edition_table(translation.edition)
    choice = registry.choose(translation.edition.engine, source_lang, target_lang,
                             copydesk_settings())
    try:
        candidates = translate_segments(
            [s.source for s in still], choice.engine, source_lang, target_lang,
            glossary=glossary.for_edition(edition, source_lang, target_lang),
            title=str(translation.source_version.content.get("title") or ""))
    except CopydeskError as exc:
        log.warning("Segments of translation %s were not translated again: %s",
                    translation_id, exc)
        return done([], str(exc))
    saved = []
    for segment, candidate in zip(still, candidates, strict=True):
        try:
            revisions.save_segment(segment.pk, candidate.text, base_version=segment.version,
                                   user=user, origin=Origin.MT,
                                   signature=str(candidate.signature))
            saved.append(segment.key)
        except CopydeskError as exc:  # changed meanwhile, or the tags did not come back
            log.info("Segment %s was not translated again: %s", segment.key, exc)
    return done(saved)


def _untouched(segment: Segment, version: int) -> bool:
    return (segment.version == version and segment.state != SegmentState.CONFIRMED
            and segment.origin in MACHINE_ORIGINS and not segment.excluded)
