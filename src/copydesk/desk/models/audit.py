"""The audit trail: append-only events, hash-chained per article (see ``desk.audit``)."""

from __future__ import annotations

from django.db import models

from copydesk.desk.models.base import AppendOnlyModel
from copydesk.desk.models.editorial import Article


class AuditEvent(AppendOnlyModel):
    """One thing that happened to an article.

    ``hash`` is SHA-256 over the canonical JSON of the event's fields and
    ``prev_hash``, the hash of the article's previous event.
    """

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="audit_events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=40)
    actor = models.CharField(max_length=200, help_text="'user:<username>' or 'system'.")
    created_at = models.DateTimeField()
    payload = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ("article", "seq")
        constraints = (models.UniqueConstraint(fields=["article", "seq"],
                                               name="desk_audit_seq"),)


class AuditCheckpoint(models.Model):
    """A checkpoint the desk wrote to its checkpoint file, and whether its URL got it.

    The file, not this row, is what ``audit verify`` trusts: the row lets the
    worker send checkpoints that did not reach the URL again, and lets
    ``audit verify`` notice a checkpoint file that was cut short or replaced.
    """

    number = models.PositiveIntegerField(help_text="Line number in the checkpoint file.")
    line = models.TextField(help_text="The signed JSON line, exactly as written.")
    line_hash = models.CharField(max_length=64, unique=True)
    reason = models.CharField(max_length=32)
    articles = models.PositiveIntegerField(help_text="Articles whose head it anchored.")
    written_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, help_text="Why the last delivery failed.")

    class Meta:
        ordering = ("written_at", "id")
