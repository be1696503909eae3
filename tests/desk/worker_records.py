"""Desk-side helpers for the worker tests, run inside a ``served_desk.DeskShell``.

Not imported by the tests: the shell runs this text with the served desk's
Django set up. Everything returned is plain JSON data, the same for either
task backend: tasks and leases come from the database queue, or, with
task_backend 'rq', from the jobs and the registry of started jobs in Redis.
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


def on_redis() -> bool:
    return getattr(tasks.translate_translation.get_backend(), "keeps_jobs_in_redis", False)


def state(translation_id: int) -> dict[str, Any]:
    """The translation, its segments, audit events, tasks and leases, read at one moment."""
    with transaction.atomic():
        translation = Translation.objects.get(pk=translation_id)
        segments = list(translation.segments.values_list("key", "active", "target"))
        revisions = list(translation.segments.values_list("key", "revisions__origin"))
        events = list(AuditEvent.objects.filter(article_id=translation.article_id)
                      .values_list("kind", flat=True))
        found, held = redis_jobs(translation_id) if on_redis() else database_jobs(translation_id)
        tasks.note_stalls([translation])
    stall = translation.stall
    return {"state": translation.state, "error": translation.error,
            "progress": [translation.progress_done, translation.progress_total],
            "segments": segments, "revisions": revisions, "events": events, "tasks": found,
            "leases": held, "stalled_since": stall.since.isoformat() if stall else None,
            "verified": audit.verify(translation.article).ok}


def database_jobs(translation_id: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    task_rows = DBTaskResult.objects.filter(
        task_path=tasks.translate_translation.module_path,
        args_kwargs__args__0=translation_id).order_by("enqueued_at")
    found = [{"id": str(t.pk), "status": t.status, "worker_ids": t.worker_ids,
              "return_value": t.return_value, "traceback": t.traceback[-300:]}
             for t in task_rows]
    held = [{"task": str(lease.task_id), "worker_id": lease.worker_id,
             "attempts": lease.attempts, "renewed_at": lease.renewed_at.isoformat()}
            for lease in TaskLease.objects.filter(task__in=task_rows)]
    return found, held


def redis_jobs(translation_id: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every job in Redis for the translation, oldest first, and the started ones' leases."""
    from django_tasks_rq.backend import RQ_STATUS_TO_RESULT_STATUS

    from copydesk.desk import redis_queue

    redis = redis_queue.connection()
    # The registry before the jobs: RQ writes a job's start time before it lists it there.
    started = {entry.decode().split(":")[0]
               for entry in redis.zrange(redis_queue.started_registry(redis).key, 0, -1)}
    ids = [key.decode().split(":", 2)[2] for key in redis.scan_iter("rq:job:*", count=1000)
           if key.count(b":") == 2]
    jobs = sorted((job for job in redis_queue.fetch_many(redis, ids)
                   if job.func_name == tasks.translate_translation.module_path
                   and list(job.args[:1]) == [translation_id]), key=lambda job: job.created_at)
    found = [{"id": job.id, "status": RQ_STATUS_TO_RESULT_STATUS[job.get_status(refresh=False)],
              "worker_ids": job.meta.get(redis_queue.WORKERS, []),
              "return_value": job.return_value(), "traceback": _traceback(job)[-300:]}
             for job in jobs]
    held = [{"task": job.id, "worker_id": job.worker_name or "",
             "attempts": redis_queue.starts_so_far(job),
             "renewed_at": (job.last_heartbeat or job.started_at).isoformat()}
            for job in jobs if job.id in started and (job.last_heartbeat or job.started_at)]
    return found, held


def _traceback(job: Any) -> str:
    failed = [r for r in job.results() if r.exc_string]
    return failed[-1].exc_string if failed else ""


def stale_task(translation_id: int, worker_id: str, max_attempts: int = 3) -> str:
    """A translation task that ``worker_id`` claimed and then stopped answering for.

    ``max_attempts`` counts on Redis only, where a job carries its own limit;
    the database queue is given it when taking over (``take_over_at``).
    """
    if on_redis():
        return _stale_job(translation_id, worker_id, max_attempts)
    result = tasks.translate_translation.enqueue(translation_id)
    with transaction.atomic():
        task = DBTaskResult.objects.select_for_update().get(pk=result.id)
        task.claim(worker_id)
        leases.grant(task.pk, worker_id, -5)
    return str(task.pk)


def _stale_job(translation_id: int, worker_id: str, max_attempts: int) -> str:
    """On Redis: the job taken from the queue by a worker whose lease then ran out."""
    from copydesk.desk import redis_queue

    result = tasks.translate_translation.enqueue(translation_id)
    ghost = _redis_worker(worker_id)
    job = redis_queue.fetch(ghost.connection, result.id)
    ghost.queues[0].remove(job)
    job.meta[redis_queue.STARTS] = max_attempts
    job.retries_left = max_attempts - 1
    job.save()
    execution = ghost.prepare_execution(job)
    ghost.prepare_job_execution(job)
    ghost.connection.zadd(job.started_job_registry.key, {execution.composite_key: 1})
    return str(job.id)


def _redis_worker(name: str) -> Any:
    from copydesk.desk import rq_worker
    from copydesk.desk.bootstrap import copydesk_settings

    return rq_worker.build_worker(copydesk_settings(), rq_worker.connect(), name=name)


def take_over_at(moment: float, max_attempts: int) -> list[str]:
    """Wait for the wall-clock ``moment`` (so several processes go together), then take over."""
    worker = _redis_worker(f"racer-{secrets.token_hex(4)}") if on_redis() else None
    time.sleep(max(0.0, moment - time.time()))
    if worker is not None:
        return worker.take_over()
    return [t.task_id for t in leases.take_over_stale(max_attempts=max_attempts)]


def task_status(task_id: str) -> dict[str, Any]:
    if on_redis():
        from django_tasks_rq.backend import RQ_STATUS_TO_RESULT_STATUS

        from copydesk.desk import redis_queue

        job = redis_queue.fetch(redis_queue.connection(), task_id)
        return {"status": RQ_STATUS_TO_RESULT_STATUS[job.get_status()],
                "worker_ids": job.meta.get(redis_queue.WORKERS, [])}
    task = DBTaskResult.objects.get(pk=task_id)
    return {"status": task.status, "worker_ids": task.worker_ids}


def drop_task(task_id: str) -> None:
    if on_redis():
        from copydesk.desk import redis_queue

        redis = redis_queue.connection()  # what job.delete() would, minus its executions
        redis.lrem("rq:queue:default", 0, task_id)
        redis.delete(f"rq:job:{task_id}", f"rq:executions:{task_id}")
        return
    DBTaskResult.objects.filter(pk=task_id).delete()


def queue_again(translation_id: int) -> None:
    """A second delivery of the translation's task, as a queue that delivers twice makes."""
    tasks.translate_translation.enqueue(translation_id)


def queued_jobs() -> int:
    """Jobs waiting in the queue (Redis) or ready in the database."""
    if on_redis():
        from copydesk.desk import redis_queue

        return int(redis_queue.connection().llen("rq:queue:default"))
    return DBTaskResult.objects.filter(status=leases.READY).count()


def segment_ids(translation_id: int) -> dict[str, dict[str, Any]]:
    """The translation's segments by key: id, version and origin (``pending``: not arrived)."""
    rows = Translation.objects.get(pk=translation_id).segments.filter(active=True)
    return {key: {"pk": pk, "version": version, "origin": origin}
            for key, pk, version, origin in rows.values_list("key", "pk", "version", "origin")}
