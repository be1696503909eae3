"""The desk's background worker: django-tasks-db's worker, with leases and heartbeats.

The library's worker loop claims and runs the tasks. This subclass adds what
it lacks (see ``leases``): a lease taken in the claim's own transaction, and
an upkeep thread beside the task loop that, every ``interval`` seconds,

- renews the lease of the task at hand (every quarter of the lease), so a
  task keeps its worker however long it runs;
- takes back the tasks whose worker stopped answering, which the task loop
  (this worker's or another's) then claims again, exactly once;
- writes a signed checkpoint of the audit trail when one is due;
- queues a poll of every feed whose time has come (``feeds``).

The heartbeats come from a thread: a task that held Python's global lock for
longer than the lease (one enormous regular expression) would look dead and
be run a second time, which the translation task survives (``tasks``).

With ``task_backend = "rq"``, ``run`` starts the Redis worker (``rq_worker``)
instead, which keeps the same promises with RQ's registry of started jobs as
its leases.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, close_old_connections, connections
from django.db.models.signals import post_save
from django.utils.crypto import get_random_string
from django_tasks.signals import task_finished
from django_tasks_db.management.commands.db_worker import Command, Worker
from django_tasks_db.models import DBTaskResult

from copydesk.desk import checking, feeds, leases
from copydesk.settings import Settings

log = logging.getLogger(__name__)
STOP_WAIT_SECONDS = 30  # how long a stopping worker waits for its upkeep thread


def new_worker_id() -> str:
    """Host, process and a random part: unique, and says where a silent worker ran."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


class LeasedWorker(Worker):
    """A database worker whose tasks are taken over when it stops answering."""

    def __init__(self, *, lease_seconds: float, max_attempts: int, **options: Any) -> None:
        super().__init__(**options)
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self.current: Any = None  # the id of the task at hand
        self._next_beat = 0.0
        self._stopping = threading.Event()

    def run(self) -> None:
        post_save.connect(self._lease_claimed, sender=DBTaskResult, weak=False,
                          dispatch_uid=self.worker_id)
        self.upkeep()  # so that --batch also runs what a dead worker left behind
        keeper = threading.Thread(target=self._upkeep_loop, name="copydesk-upkeep", daemon=True)
        keeper.start()
        try:
            super().run()
        finally:
            self._stopping.set()
            keeper.join(STOP_WAIT_SECONDS)
            post_save.disconnect(sender=DBTaskResult, dispatch_uid=self.worker_id)

    def _lease_claimed(self, sender: Any, instance: DBTaskResult, **kwargs: Any) -> None:
        """The library saves its claim (RUNNING, our id appended) in a transaction: lease there."""
        fields = kwargs.get("update_fields") or ()
        if ("worker_ids" in fields and instance.status == leases.RUNNING
                and instance.worker_ids[-1:] == [self.worker_id]):
            leases.grant(instance.pk, self.worker_id, self.lease_seconds)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self._next_beat = time.monotonic() + self.lease_seconds / 4
        self.current = db_task_result.pk
        try:
            super().run_task(db_task_result)
        finally:
            self.current = None
            try:
                leases.release(db_task_result.pk, self.worker_id)
            except DatabaseError:  # the next upkeep round anywhere clears it
                log.exception("Could not give back the lease of task %s", db_task_result.pk)

    def _upkeep_loop(self) -> None:
        period = min(self.interval or 1.0, self.lease_seconds / 4)
        try:
            while not self._stopping.wait(period):
                self.upkeep()
        finally:
            connections.close_all()  # this thread's own connections

    def upkeep(self) -> None:
        """One round: heartbeat, take over stale tasks, anchor the audit trail, queue the
        polls of the feeds that are due."""
        close_old_connections()
        for step in (self._heartbeat, self._take_over, *periodic_steps()):
            try:
                step()
            except Exception:  # the worker must outlive any failure of its upkeep
                log.exception("Worker upkeep (%s) failed; trying again next round",
                              getattr(step, "__name__", step))

    def _heartbeat(self) -> None:
        task_id = self.current
        if task_id is None or time.monotonic() < self._next_beat:
            return
        if leases.renew(task_id, self.worker_id, self.lease_seconds):
            self._next_beat = time.monotonic() + self.lease_seconds / 4
        elif self.current == task_id:
            log.warning("Task %s was taken over by another worker while this one ran it; "
                        "whichever finishes first stores the result.", task_id)
            self._next_beat = float("inf")

    def _take_over(self) -> None:
        for taken in leases.take_over_stale(max_attempts=self.max_attempts):
            if taken.requeued:
                log.warning("Task %s: worker %s stopped answering; the task is queued again "
                            "(start %d of at most %d).", taken.task_id, taken.worker_id,
                            taken.attempts + 1, self.max_attempts)
            else:
                log.error("Task %s failed: its worker stopped answering %d times.",
                          taken.task_id, taken.attempts)
                _announce_failure(taken.task_id)


def _announce_failure(task_id: str) -> None:
    """Tell the task's owners (``tasks``) that it failed, as the library does for its failures."""
    result = DBTaskResult.objects.get(pk=task_id)
    task_finished.send(sender=type(result.task.get_backend()), task_result=result.task_result)


def anchor_audit_trail() -> None:
    """Write a signed checkpoint of the audit trail when one is due (``desk.checkpoints``)."""
    try:
        from copydesk.desk import checkpoints
    except ModuleNotFoundError as missing:
        if missing.name != "copydesk.desk.checkpoints":
            raise
        log.debug("No audit checkpoints on this desk (copydesk.desk.checkpoints is missing).")
        return
    anchor = getattr(checkpoints, "anchor_if_due", None)
    if anchor is None:
        log.debug("copydesk.desk.checkpoints has no anchor_if_due; no checkpoint written.")
        return
    anchor()


def periodic_steps() -> tuple[Callable[[], object], ...]:
    """What every worker's upkeep does each round besides its leases, on either backend."""
    return (anchor_audit_trail, feeds.schedule_due)


def show_log(logger: logging.Logger) -> None:
    """``logger``'s messages from INFO up on standard error, once."""
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def _warm_up() -> None:
    """Load what the checks load on first use, before the first job's first batch; a stop
    asked for meanwhile (SIGTERM, Ctrl+C) ends the worker cleanly, as it would later."""
    def stop(signum: int, frame: object) -> None:
        raise SystemExit(0)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        checking.warm_up()
    except KeyboardInterrupt:
        raise SystemExit(0) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def run(settings: Settings, *, batch: bool = False, interval: float = 1.0) -> None:
    """Run the worker until it is stopped (Ctrl+C, SIGTERM) or, with ``batch``, idle."""
    _warm_up()
    if settings.task_backend == "rq":
        from copydesk.desk import rq_worker  # imports RQ: only with task_backend 'rq'

        show_log(logging.getLogger("copydesk.desk"))
        rq_worker.run(settings, batch=batch)
        return
    Command().configure_logging(1)  # the library's task log, on standard output
    show_log(log)
    worker = LeasedWorker(queue_names=["default"], excluded_queue_names=[], interval=interval,
                          batch=batch, backend_name="default", startup_delay=not batch,
                          max_tasks=None, worker_id=new_worker_id(),
                          lease_seconds=settings.worker_lease_seconds,
                          max_attempts=settings.worker_max_attempts)
    worker.configure_signals()
    worker.run()
