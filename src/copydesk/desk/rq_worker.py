"""The desk's worker on Redis (``task_backend = "rq"``): RQ's worker, with leases that end fast.

``copydesk worker`` runs this on every machine that reaches Redis and the
desk's database; any number of them share the queue. Each job runs in the
worker's own process (RQ's ``SimpleWorker``, no fork), so a killed worker
takes its job down with it, and no database connection is shared across a
fork. The job's entry in RQ's registry of started jobs is its lease: it runs
out ``worker_lease_seconds`` (rounded up to whole seconds, plus one, as RQ
counts whole seconds) after the last heartbeat. An upkeep thread beside the
job, every quarter of the lease (at least once a second),

- sends the heartbeat of the job at hand, so it keeps its worker however long
  it runs;
- takes back the jobs whose worker stopped answering: RQ's own handling of
  abandoned jobs, under a lock in Redis so that one worker at a time does it,
  queues each again while it has starts left, and fails it after
  ``worker_max_attempts`` starts (``redis_queue``);
- moves deferred jobs whose time has come (webhook retries) into the queue;
- queues again a translation left translating without a job (``tasks``);
- writes a signed checkpoint of the audit trail when one is due, and queues
  the polls of the feeds that are due (``worker.periodic_steps``).

A job run a second time, or twice at once, stores its draft once: the desk's
database decides (``tasks``). RQ's lease times are the workers' clocks, so
keep the machines' clocks in step (NTP), as RQ expects.
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings as django_settings
from django.db import close_old_connections, connections
from django_tasks_rq import Job
from redis import Redis
from redis.exceptions import RedisError
from rq.job import JobStatus
from rq.queue import Queue
from rq.scheduler import RQScheduler
from rq.serializers import JSONSerializer
from rq.worker import SimpleWorker

from copydesk.desk import redis_queue
from copydesk.desk.worker import STOP_WAIT_SECONDS, new_worker_id, periodic_steps
from copydesk.settings import Settings

log = logging.getLogger(__name__)
TAKEOVER_LOCK = "copydesk:takeover"  # held by the one worker taking jobs back
SWEEP_LOCK = "copydesk:sweep"  # held by the one worker looking for lost translations
REDIS_WARNING_SECONDS = 60  # how often a worker says that Redis does not answer
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class LeasedRQWorker(SimpleWorker):
    """An RQ worker whose jobs are taken over soon after it stops answering."""

    def __init__(self, queues: list[str], *, lease_seconds: float, max_attempts: int,
                 **options: Any) -> None:
        super().__init__(queues, **options)
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self.lease_ttl = math.ceil(lease_seconds) + 1
        self.current: tuple[Any, Any] | None = None  # the job at hand and its execution
        self._next_beat = 0.0
        self._next_sweep = 0.0
        self._next_redis_warning = 0.0
        self._stopping = threading.Event()
        self._scheduler = RQScheduler([q.name for q in self.queues], connection=self.connection,
                                      serializer=self.serializer)

    def get_heartbeat_ttl(self, job: Any, working_time: float = 0.0) -> int:
        return self.lease_ttl

    def work(self, *args: Any, **kwargs: Any) -> bool:
        self.upkeep()  # so that a batch run also runs what a dead worker left behind
        keeper = threading.Thread(target=self._upkeep_loop, name="copydesk-upkeep", daemon=True)
        keeper.start()
        try:
            return bool(super().work(*args, **kwargs))
        finally:
            self._stopping.set()
            keeper.join(STOP_WAIT_SECONDS)
            with contextlib.suppress(Exception):
                self._scheduler.release_locks()

    def prepare_execution(self, job: Any) -> Any:
        job.meta.setdefault(redis_queue.WORKERS, []).append(self.name)
        job.save_meta()
        execution = super().prepare_execution(job)
        self._next_beat = time.monotonic() + self.lease_seconds / 4
        self.current = (job, execution)
        return execution

    def execute_job(self, job: Any, queue: Queue) -> None:
        close_old_connections()
        try:
            super().execute_job(job, queue)
        finally:
            self.current = None
            close_old_connections()
            with contextlib.suppress(Exception):  # the next job's sweep copes without it
                redis_queue.forget(self.connection, job)

    def handle_job_failure(self, job: Any, queue: Queue, started_job_registry: Any = None,
                           exc_string: str = "", execution: Any = None) -> None:
        """A job that raised fails, as on the database backend: only a worker that stopped
        answering has its job started again."""
        job.retries_left = 0
        super().handle_job_failure(job, queue, started_job_registry, exc_string, execution)

    def clean_registries(self) -> None:
        """RQ's periodic clean-up also takes abandoned jobs back: under the same lock."""
        with self._lock(TAKEOVER_LOCK) as held:
            if held:
                super().clean_registries()

    def _upkeep_loop(self) -> None:
        period = min(1.0, self.lease_seconds / 4)
        try:
            while not self._stopping.wait(period):
                self.upkeep()
        finally:
            connections.close_all()  # this thread's own connections

    def upkeep(self) -> None:
        """One round: heartbeat, take-over, deferred jobs, lost translations, and what every
        worker does (``worker.periodic_steps``: the audit trail, feed polls)."""
        close_old_connections()
        for step in (self._heartbeat, self.take_over, self._schedule, self._sweep,
                     *periodic_steps()):
            try:
                step()
            except RedisError as exc:  # said once a minute, not every round
                if time.monotonic() >= self._next_redis_warning:
                    self._next_redis_warning = time.monotonic() + REDIS_WARNING_SECONDS
                    log.warning("Redis does not answer (%s); the worker keeps trying.", exc)
            except Exception:  # the worker must outlive any failure of its upkeep
                log.exception("Worker upkeep (%s) failed; trying again next round",
                              getattr(step, "__name__", step))

    def _heartbeat(self) -> None:
        current = self.current
        if current is None or time.monotonic() < self._next_beat:
            return
        job, execution = current
        self.maintain_heartbeats(job, execution)
        self._next_beat = time.monotonic() + self.lease_seconds / 4
        held = self.connection.zscore(job.started_job_registry.key, execution.composite_key)
        if held is None and self.current is current:
            log.warning("Task %s was taken over by another worker while this one ran it; "
                        "whichever finishes first stores the result.", job.id)
            self._next_beat = float("inf")

    def take_over(self) -> list[str]:
        """Take back the jobs whose worker stopped answering; the ids of those taken."""
        with self._lock(TAKEOVER_LOCK) as held:
            if not held:
                return []
            registry = redis_queue.started_registry(self.connection)
            stale = [job for job in redis_queue.fetch_many(self.connection,
                                                           registry.get_expired_job_ids())
                     if job.get_status(refresh=False) == JobStatus.STARTED]
            if not stale:
                return []
            registry.cleanup(exception_handlers=self._exc_handlers)
        for before in stale:
            self._report_taken(before)
        return [job.id for job in stale]

    def _report_taken(self, before: Any) -> None:
        after = redis_queue.fetch(self.connection, before.id)
        if after is not None and after.get_status(refresh=False) == JobStatus.FAILED:
            log.error("Task %s failed: its worker stopped answering %d times.", before.id,
                      redis_queue.starts_so_far(before))
            redis_queue.forget(self.connection, after)
        elif after is not None:
            log.warning("Task %s: worker %s stopped answering; the task is queued again "
                        "(start %d of at most %d).", before.id, before.worker_name,
                        redis_queue.starts_so_far(after),
                        int(after.meta.get(redis_queue.STARTS, self.max_attempts)))

    def _schedule(self) -> None:
        """RQ's scheduler, a round at a time in this thread instead of a forked process."""
        if self._scheduler.acquire_locks():
            self._scheduler.enqueue_scheduled_jobs()

    def _sweep(self) -> None:
        if time.monotonic() < self._next_sweep:
            return
        self._next_sweep = time.monotonic() + self.lease_seconds
        with self._lock(SWEEP_LOCK) as held:
            if held:
                from copydesk.desk import tasks

                tasks.requeue_lost(self.lease_seconds)

    @contextlib.contextmanager
    def _lock(self, key: str) -> Iterator[bool]:
        """A lock in Redis for one round (it runs out after a lease, should this worker die)."""
        held = bool(self.connection.set(key, self.name, nx=True,
                                        px=max(1000, int(self.lease_seconds * 1000))))
        try:
            yield held
        finally:
            if held:
                self.connection.eval(_RELEASE, 1, key, self.name)


def connect() -> Redis:
    """A Redis client of the worker's own, to the queue the desk's settings name."""
    url = django_settings.RQ_QUEUES[redis_queue.QUEUE]["URL"]  # type: ignore[misc]
    redis = Redis.from_url(url)
    redis_queue.require_reachable(redis)
    return redis


def build_worker(settings: Settings, redis: Redis, name: str | None = None) -> LeasedRQWorker:
    return LeasedRQWorker([redis_queue.QUEUE], name=name or new_worker_id(), connection=redis,
                          job_class=Job, serializer=JSONSerializer,
                          lease_seconds=settings.worker_lease_seconds,
                          max_attempts=settings.worker_max_attempts)


def run(settings: Settings, *, batch: bool = False) -> None:
    """Run the worker until it is stopped (Ctrl+C, SIGTERM) or, with ``batch``, idle."""
    worker = build_worker(settings, connect())
    worker.work(burst=batch, logging_level="INFO", with_scheduler=False)
