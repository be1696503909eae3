"""Background tasks on Redis through RQ (``task_backend = "rq"``): queuing, and what the desk asks.

The backend is django-tasks-rq's, with three changes:

- A job is pushed to Redis only once the desk's transaction commits (at once
  outside one), so no worker picks up a translation that is not saved yet and
  a rolled-back request leaves no job behind. When Redis does not answer at
  that moment the desk's change stands; the failure is logged, and a worker
  queues a translation left without a job again (``tasks.requeue_lost``).
- Jobs are JSON, not pickles, so whoever can write to Redis cannot make a
  worker run code of their choosing.
- A job may be started ``worker_max_attempts`` times: each time its worker
  stops answering, RQ's own handling of abandoned jobs queues it again
  (``rq_worker``), and the last time it fails with a message. A job that
  raised fails at once, as on the database backend.

A hash (``LATEST``) holds, for each task and first argument, the id of the
job last queued for it; with it the desk finds a translation's job without
reading the whole queue. The functions ``stalled``, ``still_queued`` and
``failure_of`` answer for Redis what ``leases`` answers for
the database queue. The desk's database stays the truth: a job delivered
twice, or run again after its worker was killed, stores its draft once
(``tasks``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Any, cast

import django_rq
from django.db import transaction
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.base import TASK_MAX_PRIORITY, Task
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id
from django_tasks_rq import Job, RQBackend
from django_tasks_rq.backend import failed_callback, success_callback
from redis import Redis
from redis.exceptions import RedisError
from rq.exceptions import AbandonedJobError, NoSuchJobError
from rq.job import Callback, JobStatus, Retry
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer

from copydesk.desk import redis_check
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.leases import Stall, lost_message
from copydesk.errors import ConfigError

log = logging.getLogger(__name__)
QUEUE = "default"
LATEST = "copydesk:latest-job"  # hash: "<task path> <first argument as JSON>" -> job id
STARTS = "copydesk_starts"  # job meta: how many times the job may be started
WORKERS = "copydesk_workers"  # job meta: the worker of each start, in order
RAISED = "_django_tasks_rq_exceptions"  # job meta (django-tasks-rq's): raised exception paths
ABANDONED = f"{AbandonedJobError.__module__}.{AbandonedJobError.__qualname__}"
LIVE = (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED)
CHUNK = 500  # jobs read from Redis at a time
_FORGET = """
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
    return redis.call('HDEL', KEYS[1], ARGV[1])
end
return 0
"""


class RedisBackend(RQBackend):
    """django-tasks-rq's backend, queuing a job when the desk's transaction commits."""

    keeps_jobs_in_redis = True

    def enqueue(self, task: Task[Any, Any], args: Any, kwargs: Any) -> TaskResult[Any]:
        self.validate_task(task)
        result: TaskResult[Any] = TaskResult(
            task=task, id=get_random_id(), status=TaskResultStatus.READY, enqueued_at=None,
            started_at=None, last_attempted_at=None, finished_at=None, args=list(args),
            kwargs=dict(kwargs), backend=self.alias, errors=[], worker_ids=[])
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(lambda: self._push_after_commit(result))
        else:
            self._push(result)
        return result

    def _push_after_commit(self, result: TaskResult[Any]) -> None:
        try:
            self._push(result)
        except ConfigError as exc:  # the desk's change is saved; say what became of the task
            log.error("Task %s (%s) was not queued: %s A translation is queued again by the "
                      "next worker once Redis answers.", result.id, result.task.module_path, exc)

    def _push(self, result: TaskResult[Any]) -> None:
        task = result.task
        queue = django_rq.get_queue(task.queue_name, job_class=Job)
        starts = copydesk_settings().worker_max_attempts
        try:
            job = queue.create_job(
                task.module_path, args=result.args, kwargs=result.kwargs, job_id=result.id,
                status=JobStatus.SCHEDULED if task.run_after else JobStatus.QUEUED,
                retry=Retry(max=starts - 1) if starts > 1 else None,
                on_failure=Callback(report_failure), on_success=Callback(success_callback),
                meta={"backend_name": self.alias, STARTS: starts, WORKERS: []})
            with queue.connection.pipeline() as pipe:
                if task.run_after is None:
                    queue.enqueue_job(job, pipeline=pipe,
                                      at_front=task.priority == TASK_MAX_PRIORITY)
                else:
                    queue.schedule_job(job, task.run_after, pipeline=pipe)
                if result.args:
                    pipe.hset(LATEST, latest_key(task.module_path, result.args[0]), job.id)
                pipe.execute()
        except RedisError as exc:
            raise unreachable(exc) from None
        object.__setattr__(result, "enqueued_at", job.enqueued_at)
        task_enqueued.send(type(self), task_result=result)

    def _get_job(self, result_id: str) -> Job | None:
        return fetch(connection(), result_id)


def report_failure(job: Job, redis: Redis | None, kind: type[Exception], exc: Exception,
                   traceback: TracebackType | None) -> None:
    """django-tasks-rq's failure callback (the desk hears of the failure), except for a job
    whose worker stopped answering and that RQ starts again right after this call."""
    if issubclass(kind, AbandonedJobError) and (job.retries_left or 0) > 0:
        return
    failed_callback(job, redis, kind, exc, traceback)  # type: ignore[arg-type]


def connection() -> Redis:
    """The desk's Redis client (django-rq's, with the time limits of ``redis_connection_url``)."""
    return cast(Redis, django_rq.get_connection(QUEUE))


def url_shown() -> str:
    """``redis_url`` as configured: never with the password, which is not part of it."""
    return str(copydesk_settings().redis_url)


def unreachable(exc: RedisError) -> ConfigError:
    """What to do when Redis refuses or does not answer."""
    return redis_check.unreachable(exc, url_shown())


def require_reachable(redis: Redis | None = None) -> None:
    """Raise a ``ConfigError`` saying what to do unless Redis answers."""
    try:
        (redis or connection()).ping()
    except RedisError as exc:
        raise unreachable(exc) from None


def latest_key(task_path: str, first_arg: Any) -> str:
    return f"{task_path} {json.dumps(first_arg, sort_keys=True)}"


def _text(value: str | bytes) -> str:
    return value if isinstance(value, str) else value.decode()


def fetch(redis: Redis, job_id: str | bytes) -> Job | None:
    try:
        return cast(Job, Job.fetch(_text(job_id), connection=redis, serializer=JSONSerializer))
    except NoSuchJobError:
        return None


def fetch_many(redis: Redis, job_ids: Iterable[str]) -> Iterator[Job]:
    """The jobs that still exist, read ``CHUNK`` at a time."""
    ids = list(job_ids)
    for start in range(0, len(ids), CHUNK):
        found = Job.fetch_many(ids[start:start + CHUNK], connection=redis,
                               serializer=JSONSerializer)
        yield from (cast(Job, job) for job in found if job is not None)


def forget(redis: Redis, job: Job) -> None:
    """The job ended: drop it from ``LATEST``, unless a newer job took its place."""
    if job.args:
        redis.eval(_FORGET, 1, LATEST, latest_key(job.func_name or "", job.args[0]), job.id)


def starts_so_far(job: Job) -> int:
    """How many times the job was started (or, while it waits again, will have been)."""
    return int(job.meta.get(STARTS, 1)) - (job.retries_left or 0)


def started_registry(redis: Redis) -> StartedJobRegistry:
    return StartedJobRegistry(QUEUE, connection=redis, job_class=Job, serializer=JSONSerializer)


def stalled(task_path: str) -> dict[Any, Stall]:
    """Running jobs of ``task_path`` whose worker stopped answering, by first argument."""
    try:
        redis = connection()
        expired = started_registry(redis).get_expired_job_ids()
        jobs = list(fetch_many(redis, expired))
    except RedisError as exc:
        log.warning("Could not look for stalled tasks in Redis: %s", exc)
        return {}
    return {job.args[0]: Stall(since, job.worker_name or "", starts_so_far(job))
            for job in jobs if job.func_name == task_path and job.args
            and (since := job.last_heartbeat or job.started_at) is not None
            and job.get_status(refresh=False) == JobStatus.STARTED}


def still_queued(task_path: str, first_arg: Any, *, exclude: str) -> bool:
    """Whether a newer job of ``task_path`` for ``first_arg`` waits or runs."""
    redis = connection()
    latest = redis.hget(LATEST, latest_key(task_path, first_arg))
    if latest is None or _text(latest) == exclude:
        return False
    job = fetch(redis, latest)
    return job is not None and job.get_status(refresh=False) in LIVE


def without_live_job(task_path: str, first_args: list[Any]) -> list[Any]:
    """Those of ``first_args`` whose latest job of ``task_path`` is gone or has ended."""
    redis, lost = connection(), []
    for start in range(0, len(first_args), CHUNK):
        chunk = first_args[start:start + CHUNK]
        ids = redis.hmget(LATEST, [latest_key(task_path, arg) for arg in chunk])
        live = {job.id for job in fetch_many(redis, [_text(i) for i in ids if i])
                if job.get_status(refresh=False) in LIVE}
        lost += [arg for arg, job_id in zip(chunk, ids, strict=True)
                 if job_id is None or _text(job_id) not in live]
    return lost


def failure_of(task_result: TaskResult[Any]) -> tuple[str | None, str | None]:
    """As ``leases.failure_of``: (the message when its worker was lost; the exception path)."""
    job = fetch(connection(), task_result.id)
    paths = job.meta.get(RAISED) if job is not None else None
    raised = paths[-1] if paths else None
    if job is not None and raised == ABANDONED:
        return lost_message(starts_so_far(job)), None
    return None, raised
