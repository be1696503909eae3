"""Desk-side helpers for the worker tests, run inside a ``served_desk.DeskShell``.

Not imported by the tests: the shell runs this text with the served desk's
Django set up. Everything returned is plain JSON data.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.db import transaction
from django_tasks_db.models import DBTaskResult

from copydesk.article import Article as SourceArticle
from copydesk.desk import audit, leases, sources, staff, tasks, workflow
from copydesk.desk.models import AuditEvent, Edition, TaskLease, Translation, User


def add_people(people: dict[str, list[str]]) -> dict[str, str]:
    """Each user name with its roles and an API token; the tokens by user name."""
    found = {}
    for username, held in people.items():
        staff.add_person(username, username.title(), held, secrets.token_urlsafe(16))
        found[username] = staff.issue_token(username, "worker tests")[1]
    return found


def add_edition(code: str, engine: str) -> int:
    edition, _ = staff.save_edition(code, "de", code, engine=engine,
                                    options={"checks": {"enabled": []}})
    return edition.pk


def request(key: str, paragraphs: list[str], edition: str, username: str) -> int:
    """Ingest a story and queue its machine translation for the workers; the translation id."""
    user = User.objects.get(username=username)
    story = {"title": f"Report {key}", "language": "en",
             "blocks": [{"kind": "paragraph", "text": text} for text in paragraphs]}
    ingested = sources.ingest(SourceArticle.from_dict(story), key=f"https://example.org/{key}",
                              user=user)
    return workflow.request_translation(ingested.article, Edition.objects.get(code=edition),
                                        user=user).pk


def state(translation_id: int) -> dict[str, Any]:
    """The translation, its segments, audit events, tasks and leases, read at one moment."""
    with transaction.atomic():
        translation = Translation.objects.get(pk=translation_id)
        task_rows = DBTaskResult.objects.filter(
            task_path=tasks.translate_translation.module_path,
            args_kwargs__args__0=translation_id).order_by("enqueued_at")
        segments = list(translation.segments.values_list("key", "active", "target"))
        revisions = list(translation.segments.values_list("key", "revisions__origin"))
        events = list(AuditEvent.objects.filter(article_id=translation.article_id)
                      .values_list("kind", flat=True))
        found = [{"id": str(t.pk), "status": t.status, "worker_ids": t.worker_ids,
                  "return_value": t.return_value, "traceback": t.traceback[-300:]}
                 for t in task_rows]
        held = [{"task": str(lease.task_id), "worker_id": lease.worker_id,
                 "attempts": lease.attempts, "renewed_at": lease.renewed_at.isoformat()}
                for lease in TaskLease.objects.filter(task__in=task_rows)]
        stalls = leases.stalled(tasks.translate_translation.module_path)
    stall = stalls.get(translation_id)
    return {"state": translation.state, "error": translation.error,
            "progress": [translation.progress_done, translation.progress_total],
            "segments": segments, "revisions": revisions, "events": events, "tasks": found,
            "leases": held, "stalled_since": stall.since.isoformat() if stall else None,
            "verified": audit.verify(translation.article).ok}


def stale_task(translation_id: int, worker_id: str) -> str:
    """A translation task that ``worker_id`` claimed and then stopped answering for."""
    result = tasks.translate_translation.enqueue(translation_id)
    with transaction.atomic():
        task = DBTaskResult.objects.select_for_update().get(pk=result.id)
        task.claim(worker_id)
        leases.grant(task.pk, worker_id, -5)
    return str(task.pk)


def take_over_at(moment: float, max_attempts: int) -> list[str]:
    """Wait for the wall-clock ``moment`` (so several processes go together), then take over."""
    time.sleep(max(0.0, moment - time.time()))
    return [t.task_id for t in leases.take_over_stale(max_attempts=max_attempts)]


def task_status(task_id: str) -> dict[str, Any]:
    task = DBTaskResult.objects.get(pk=task_id)
    return {"status": task.status, "worker_ids": task.worker_ids}


def drop_task(task_id: str) -> None:
    DBTaskResult.objects.filter(pk=task_id).delete()
