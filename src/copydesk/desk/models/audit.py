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
