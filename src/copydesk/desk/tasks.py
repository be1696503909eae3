"""Background work: machine-translating one article for one edition.

``translate_translation`` runs through the configured task backend (the
database worker by default: ``django-admin db_worker``). It records progress
(segments done / total) that a page can poll, stores the draft as segments
with revisions and an audit event, and moves the translation to ``in_review``.
A first draft streams (``streaming``): its segments are stored batch by batch
as the engine answers, so editors start on the headline while the rest
translates; a later source version's draft is stored whole.
Segments the translation memory has come from it (origin ``memory``); its
fuzzy matches are stored on the segments as suggestions for the editor.
When the engine (or anything else in the core) fails, the translation goes to
``failed`` with the message, and ``workflow.retry`` starts it again; so does a
task that failed outside that handling (a database error, or workers that
stopped answering too often: ``leases``).

A task whose worker died is run again from the start by another worker
(``desk.worker``), and perhaps while the first one, only paused, still runs:
the draft is stored exactly once all the same, because ``_store`` saves the
segments and moves the translation out of ``translating`` in one transaction,
and only while it is still translating the same source version. A run killed
before that commit left nothing behind but progress counters (and, for a
streaming draft, the batches it stored, which the next run keeps and does not
store again); a run after it finds the translation in review and is skipped.

That row lock in the desk's database is the guarantee on either task backend:
the database queue (``leases``) or Redis through RQ (``redis_queue``), which
only carries the job and may deliver it twice, or again after a worker was
killed. What the desk asks of the queue (stalls, whether a newer task is
queued, why one failed) goes to the backend's own module (``_queue``); with
Redis, a translation left ``translating`` without a job there (Redis was down
when it was queued, or lost its data) is queued again by ``requeue_lost``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import nullcontext
from datetime import timedelta
from types import ModuleType
from typing import Any

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus, task
from django_tasks.signals import task_finished

from copydesk import glossary, languages
from copydesk.desk import audit_records, leases, memory, segments, streaming, workflow
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.models import SourceVersion, Translation, TranslationState
from copydesk.engines import registry
from copydesk.errors import CopydeskError, WorkerLostError
from copydesk.pipeline import Draft, source_language_of, translate_article

log = logging.getLogger(__name__)
# What the desk says when 'auto' found no engine: to an editor, who cannot install one.
PSEUDO_FALLBACK = ("This draft was made by the PSEUDO engine because no translation engine is "
                   "set up for {source} → {target}: it is NOT a translation and cannot be "
                   "published. Ask an administrator to set up a translation engine for the "
                   "{edition}.")


@task()
def translate_translation(translation_id: int) -> dict[str, Any]:
    """Machine-translate the translation's current source version."""
    translation = workflow.find_translation(translation_id)
    if translation.state != TranslationState.TRANSLATING:
        return {"translation": translation_id, "skipped": translation.state}
    version = translation.source_version
    try:
        draft = _machine_draft(translation, version, streaming.Stream(translation, version))
    except CopydeskError as exc:
        _fail(translation, version, exc)
        return {"translation": translation_id, "state": TranslationState.FAILED,
                "error": str(exc)}
    except Exception as exc:  # a bug or a library error must not leave it "translating" for ever
        log.exception("Translation %s failed unexpectedly", translation_id)
        _fail(translation, version, CopydeskError(
            f"The translation failed unexpectedly ({type(exc).__name__}); the worker's log "
            "has the details. Retry, and report it if it happens again."))
        return {"translation": translation_id, "state": TranslationState.FAILED,
                "error": str(exc)}
    return _store(translation, version, draft)


def _machine_draft(translation: Translation, version: SourceVersion,
                   stream: streaming.Stream) -> Draft:
    settings = copydesk_settings()
    source = version.to_article()
    source_language = source_language_of(source)
    target_language = languages.normalize(translation.edition.language)
    choice = registry.choose(translation.edition.engine, source_language, target_language,
                             settings)
    edition = translation.edition.table(settings.edition(target_language))
    warnings = [PSEUDO_FALLBACK.format(source=languages.name(source_language),
                                       target=languages.name(target_language),
                                       edition=translation.edition.name)
                ] if choice.fallback else choice.warnings

    def progress(done: int, total: int) -> None:
        Translation.objects.filter(pk=translation.pk, source_version=version).update(
            progress_done=done, progress_total=total)

    with memory.open_for_drafts() or nullcontext() as tm:
        return translate_article(source, target_language, choice.engine,
                                 source_language=source_language,
                                 batch_size=settings.batch_size, warnings=warnings,
                                 progress=progress, edition=edition, memory=tm,
                                 fuzzy_threshold=settings.memory_threshold,
                                 on_arrival=stream.arrived,
                                 glossary=glossary.for_edition(edition, source_language,
                                                               target_language))


def _store(translation: Translation, version: SourceVersion, draft: Draft) -> dict[str, Any]:
    """Save the draft and move to review, unless a newer source version arrived meanwhile."""
    with transaction.atomic():
        locked = Translation.objects.select_for_update().select_related("edition").get(
            pk=translation.pk)
        if locked.state != TranslationState.TRANSLATING or locked.source_version_id != version.pk:
            return {"translation": translation.pk, "skipped": "superseded"}
        base = copydesk_settings().edition(locked.edition.language)
        if streaming.is_streaming(locked):
            applied = streaming.complete(locked, draft, locked.edition.table(base))
        else:
            streaming.retire_pending(locked)
            applied = segments.apply_draft(locked, draft, locked.edition.table(base))
        total = applied.new + applied.kept
        workflow.move(locked, TranslationState.IN_REVIEW, user=None, event="machine_translated",
                      payload={"version": version.number, "engine": draft.engine,
                               "signatures": draft.signatures,
                               "machine_translated": draft.machine_translated,
                               "warnings": draft.warnings, "new": applied.new,
                               "kept": applied.kept, "reopened": applied.reopened,
                               "retired": applied.retired,
                               "revisions": audit_records.machine_digest(locked)},
                      risk=applied.risk, engine=draft.engine,
                      machine_translated=draft.machine_translated,
                      signatures=draft.signatures, warnings=draft.warnings,
                      machine_draft=draft.to_dict(), progress_done=total, progress_total=total)
    return {"translation": translation.pk, "state": TranslationState.IN_REVIEW,
            "new": applied.new, "kept": applied.kept, "retired": applied.retired}


def _fail(translation: Translation, version: SourceVersion, exc: CopydeskError) -> None:
    translation.refresh_from_db()
    if translation.state != TranslationState.TRANSLATING or \
            translation.source_version_id != version.pk:
        return
    workflow.move(translation, TranslationState.FAILED, user=None, event="translation_failed",
                  payload={"error": str(exc), "code": exc.code}, error=str(exc))


def _queue() -> ModuleType:
    """The module that knows the configured backend's jobs: ``leases`` or ``redis_queue``."""
    if getattr(translate_translation.get_backend(), "keeps_jobs_in_redis", False):
        from copydesk.desk import redis_queue  # imports django-rq: only with task_backend 'rq'

        return redis_queue
    return leases


@receiver(task_finished)
def _after_failed_task(sender: object, task_result: TaskResult[Any], **kwargs: Any) -> None:
    """A translation whose task failed outside the task's own handling goes to ``failed``."""
    try:
        if (task_result.status != TaskResultStatus.FAILED
                or task_result.task.module_path != translate_translation.module_path):
            return
        queue = _queue()
        translation = workflow.find_translation(task_result.args[0])
        if queue.still_queued(translate_translation.module_path, translation.pk,
                              exclude=task_result.id):
            return  # a newer task (a new source version, a retry) will finish the work
        _fail(translation, translation.source_version, _failure(queue, task_result))
    except Exception:  # a signal receiver must never take the worker down
        log.exception("Could not mark the translation of task %s failed", task_result.id)


def _failure(queue: ModuleType, task_result: TaskResult[Any]) -> CopydeskError:
    lost, raised = queue.failure_of(task_result)
    if lost is not None:
        return WorkerLostError(lost)
    name = raised.rpartition(".")[2] if raised else "unknown error"
    return CopydeskError(f"The translation failed unexpectedly ({name}); the worker's log has "
                         "the details. Retry, and report it if it happens again.")


def requeue_lost(grace_seconds: float) -> list[int]:
    """Queue again each translation translating for ``grace_seconds`` that has no job in Redis."""
    from copydesk.desk import redis_queue

    since = timezone.now() - timedelta(seconds=grace_seconds)
    waiting = list(Translation.objects.filter(state=TranslationState.TRANSLATING,
                                              updated_at__lt=since)
                   .order_by("pk").values_list("pk", flat=True))
    lost = redis_queue.without_live_job(translate_translation.module_path, waiting)
    for translation_id in lost:
        log.warning("Translation %s was translating without a job in Redis (Redis was down or "
                    "lost it); queued it again.", translation_id)
        translate_translation.enqueue(translation_id)
    return lost


def note_stalls(translations: Iterable[Translation]) -> None:
    """Set ``stall`` on each translation: a ``leases.Stall`` when its worker stopped answering."""
    stalls = _queue().stalled(translate_translation.module_path)
    for translation in translations:
        translation.stall = (stalls.get(translation.pk)  # type: ignore[attr-defined]
                             if translation.state == TranslationState.TRANSLATING else None)
