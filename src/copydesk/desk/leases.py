"""Leases on background tasks: who runs a task, heartbeats, and taking over from a dead worker.

django-tasks-db marks a task it hands out RUNNING with the worker's id and
never looks at it again, so a worker killed mid-task would leave it running
for ever. The desk's worker (``desk.worker``) therefore takes a lease in the
same transaction as the claim, renews it with heartbeats, and gives it back
when the task ends. A lease that ran out means its worker stopped answering:
any worker then takes the task back with a conditional UPDATE (of two workers
racing, exactly one changes the row) and puts it back in the queue, where the
library's own claim hands it to exactly one worker again. A task started
``max_attempts`` times without finishing fails instead, with a message.

Every time here is the database's clock (``Now()``), never a worker's, so the
clocks of the machines running workers need not agree. A taken-over task runs
again from the start, so a task must be safe to re-run; the translation task
is (it stores its draft at most once, see ``tasks``).

``stalled``, ``still_queued`` and ``failure_of`` are what ``tasks`` asks of the
queue; ``redis_queue`` answers the same questions for task_backend 'rq'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F
from django.db.models.functions import Now
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks_db.models import DBTaskResult

from copydesk.desk.models import TaskLease
from copydesk.errors import WorkerLostError

RUNNING, READY, FAILED = TaskResultStatus.RUNNING, TaskResultStatus.READY, TaskResultStatus.FAILED
LOST = f"{WorkerLostError.__module__}.{WorkerLostError.__qualname__}"
BATCH = 20  # stale tasks looked at per round


@dataclass(frozen=True)
class Takeover:
    """A task taken back from a worker that stopped answering."""

    task_id: str
    worker_id: str
    attempts: int
    requeued: bool  # False: it had been started too often, and failed


@dataclass(frozen=True)
class Stall:
    """A running task whose worker stopped sending heartbeats."""

    since: datetime  # the last heartbeat
    worker_id: str
    attempts: int


def _in(seconds: float) -> ExpressionWrapper:
    """The database's time ``seconds`` from now."""
    return ExpressionWrapper(Now() + timedelta(seconds=seconds), output_field=DateTimeField())


def grant(task_id: Any, worker_id: str, seconds: float) -> None:
    """Lease a task just claimed by ``worker_id``; call it inside the claim's transaction."""
    fields = {"worker_id": worker_id, "renewed_at": Now(), "expires_at": _in(seconds)}
    if not TaskLease.objects.filter(task_id=task_id).update(attempts=F("attempts") + 1,
                                                            **fields):
        TaskLease.objects.create(task_id=task_id, attempts=1, **fields)


def renew(task_id: Any, worker_id: str, seconds: float) -> bool:
    """A heartbeat: extend the lease; False when the worker no longer holds it."""
    return bool(TaskLease.objects.filter(task_id=task_id, worker_id=worker_id).update(
        renewed_at=Now(), expires_at=_in(seconds)))


def release(task_id: Any, worker_id: str) -> None:
    """The task ended: drop the lease, unless another worker took the task over meanwhile."""
    TaskLease.objects.filter(task_id=task_id, worker_id=worker_id).delete()


def lost_message(attempts: int) -> str:
    return (f"The worker running this task stopped answering {attempts} times (it was killed "
            "or crashed each time), so it is not tried again on its own: the article may be "
            "too large for the worker's memory, or trigger a bug. Retry, or withdraw it; the "
            "worker's log has the details.")


def take_over_stale(*, max_attempts: int) -> list[Takeover]:
    """Take back every running task whose lease ran out: back to the queue, or failed."""
    TaskLease.objects.filter(expires_at__lt=Now()).exclude(
        task__status__in=[RUNNING, READY]).delete()  # its worker died after the task ended
    stale = (TaskLease.objects.filter(expires_at__lt=Now(), task__status=RUNNING)
             .exclude(worker_id="").values_list("task_id", "worker_id", "attempts")[:BATCH])
    return [taken for row in list(stale) if (taken := _take_over(*row, max_attempts))]


def _take_over(task_id: Any, worker_id: str, attempts: int, max_attempts: int) -> Takeover | None:
    requeue = attempts < max_attempts
    with transaction.atomic():
        if not TaskLease.objects.filter(task_id=task_id, worker_id=worker_id,
                                        expires_at__lt=Now()).update(worker_id=""):
            return None  # another worker took it first, or its own worker answered again
        task = DBTaskResult.objects.filter(pk=task_id, status=RUNNING)
        if requeue:
            changed = task.update(status=READY)
        else:
            changed = task.update(status=FAILED, finished_at=Now(), return_value=None,
                                  exception_class_path=LOST, traceback=lost_message(attempts))
            TaskLease.objects.filter(task_id=task_id).delete()
    return Takeover(str(task_id), worker_id, attempts, requeue) if changed else None


def stalled(task_path: str) -> dict[Any, Stall]:
    """Running tasks of ``task_path`` whose worker stopped answering, by first argument."""
    rows = (TaskLease.objects.filter(expires_at__lt=Now(), task__status=RUNNING,
                                     task__task_path=task_path).exclude(worker_id="")
            .values_list("task__args_kwargs", "renewed_at", "worker_id", "attempts"))
    found = {}
    for args_kwargs, renewed_at, worker_id, attempts in rows:
        args = (args_kwargs or {}).get("args") or []
        if args:
            found[args[0]] = Stall(renewed_at, worker_id, attempts)
    return found


def still_queued(task_path: str, first_arg: Any, *, exclude: str) -> bool:
    """Whether another task of ``task_path`` for ``first_arg`` waits or runs."""
    return (DBTaskResult.objects.filter(task_path=task_path, args_kwargs__args__0=first_arg,
                                        status__in=[READY, RUNNING])
            .exclude(pk=exclude).exists())


def failure_of(task_result: TaskResult[Any]) -> tuple[str | None, str | None]:
    """Why a task failed: (the message when its worker was lost, else None; the class path
    of the exception it raised, when known)."""
    error = task_result.errors[-1] if task_result.errors else None
    if error is not None and error.exception_class_path == LOST:
        return error.traceback.strip(), None
    return None, error.exception_class_path if error is not None else None
