"""What editors and publishers leave behind: revisions, comments, overrides, publications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from copydesk.desk.models.base import AppendOnlyModel
from copydesk.desk.models.editorial import Segment, SourceVersion, Translation


class Origin(models.TextChoices):
    MT = "mt", "Machine translation"
    MEMORY = "memory", "Translation memory"
    EDITOR = "editor", "Editor"
    STYLE_FIX = "style-fix", "House-style fix"


class Revision(AppendOnlyModel):
    """One change to a segment's target; revisions are never changed or removed."""

    segment = models.ForeignKey(Segment, on_delete=models.PROTECT, related_name="revisions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    origin = models.CharField(max_length=16, choices=Origin.choices)
    base_version = models.PositiveIntegerField(help_text="Segment version the change was made on.")
    signature = models.CharField(max_length=500, blank=True, help_text="Engine signature (mt).")

    class Meta:
        ordering = ("segment", "id")


class Comment(models.Model):
    """A note on a segment; resolved when the point is settled."""

    segment = models.ForeignKey(Segment, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("created_at", "id")


class Override(AppendOnlyModel):
    """An editor's written decision that one blocking issue is not a problem.

    It names the issue it covers (``issue``, the issue's id) and the segment
    version the editor saw (``version``), and holds for the target text it was
    given on (``target``); once the text changes, the check's verdict counts again.
    """

    segment = models.ForeignKey(Segment, on_delete=models.PROTECT, related_name="overrides")
    check_id = models.CharField(max_length=64)
    issue = models.CharField(max_length=32, blank=True,
                             help_text="Id of the issue overridden ('' before issues had ids: "
                                       "covers nothing).")
    version = models.PositiveIntegerField(default=0, help_text="Segment version it was made on.")
    target = models.TextField(blank=True)
    reason = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    created_at = models.DateTimeField(default=timezone.now)


class PublicationKind(models.TextChoices):
    FIRST = "first", "First publication"
    UPDATE = "update", "Update (new source version)"
    CORRECTION = "correction", "Correction"


class Publication(AppendOnlyModel):
    """What was published, from which source version, by whom, with its provenance."""

    translation = models.ForeignKey(Translation, on_delete=models.PROTECT,
                                    related_name="publications")
    source_version = models.ForeignKey(SourceVersion, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=PublicationKind.choices)
    outputs = models.JSONField(help_text="Rendered outputs by format: html, md, json.")
    provenance = models.JSONField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("published_at", "id")
