"""The administration trail: append-only, hash-chained events of admin changes
(people, roles, tokens, editions, glossaries; see ``desk.admin_audit``)."""

from __future__ import annotations

from django.db import models

from copydesk.desk.models.base import AppendOnlyModel


class AdminEvent(AppendOnlyModel):
    """One change an administrator made, from the browser or the command line.

    ``hash`` is SHA-256 over the canonical JSON of the event's fields and
    ``prev_hash``, the hash of the event before it; one chain for the whole desk.
    """

    seq = models.PositiveIntegerField(unique=True)
    kind = models.CharField(max_length=40, db_index=True)
    actor = models.CharField(max_length=200, help_text=(
        "'user:<username>' (the browser or the API), 'cli:<login>' (the command line) or "
        "'system'."))
    subject = models.CharField(max_length=200, help_text=(
        "What changed: 'user:<username>', 'edition:<code>' or 'glossary:<code>'."))
    created_at = models.DateTimeField()
    payload = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ("seq",)


class AdminTrailHead(models.Model):
    """The number and hash of the trail's last event (one row), so events removed from
    the end are noticed; the database refuses to move it back or delete it."""

    seq = models.PositiveIntegerField(default=0)
    head = models.CharField(max_length=64, blank=True)
