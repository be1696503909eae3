"""Leases on background tasks: which worker runs a task, and until when it has promised to."""

from __future__ import annotations

from django.db import models
from django_tasks_db.models import DBTaskResult


class TaskLease(models.Model):
    """A worker's claim on a running task, renewed by its heartbeats.

    Times are the database's clock, so workers on machines whose clocks
    disagree still agree on when a lease has run out.
    """

    task = models.OneToOneField(DBTaskResult, primary_key=True, on_delete=models.CASCADE,
                                related_name="copydesk_lease")
    worker_id = models.CharField(max_length=64, blank=True,
                                 help_text="The worker holding the lease ('' once taken back).")
    attempts = models.PositiveIntegerField(default=0,
                                           help_text="How many times a worker started the task.")
    renewed_at = models.DateTimeField(help_text="The holder's last heartbeat.")
    expires_at = models.DateTimeField(db_index=True,
                                      help_text="Without a heartbeat by then, the task is free.")

    def __str__(self) -> str:
        return f"{self.task_id} held by {self.worker_id or 'nobody'}"
