"""Runs of the desk's delivery tasks (webhooks, WordPress): one queued per moment.

Every step that makes a message or a post to send asks for a run once its
transaction commits; a run that finds more due than its batch, or a later
retry, asks for the next one. ``queue_once`` leaves out a run when one is
queued by then already, so a busy desk does not fill the queue with them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max


def queue_once(task: Any, at: datetime | None = None) -> None:
    """Queue a run of ``task`` for ``at`` (now when None), unless one is queued by then."""
    if at is not None and not task.get_backend().supports_defer:
        return  # the immediate backend of tests: a later run does it
    due = Q(run_after=get_date_max()) | Q(run_after__lte=at or timezone.now())
    if DBTaskResult.objects.filter(due, task_path=task.module_path,
                                   status=TaskResultStatus.READY).exists():
        return
    (task.using(run_after=at) if at is not None else task).enqueue()


def follow_up(task: Any, *, attempted: int, batch: int, upcoming: datetime | None) -> None:
    """After a run: another at once when it used its whole batch, else one for ``upcoming``
    (the next retry), if any."""
    if attempted >= batch:
        queue_once(task)
    elif upcoming is not None:
        queue_once(task, upcoming)
