"""What the review screen measured of an editor's work: active time, keystrokes, focus."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from copydesk.desk.models.base import AppendOnlyModel
from copydesk.desk.models.editorial import Segment, Translation


class ReviewActivity(AppendOnlyModel):
    """One report of an editor's active time on one segment.

    ``claimed_ms`` is what the browser measured (focus and input, idle time left
    out); ``active_ms`` is what the desk credited: never more than the time
    that passed on the desk's clock since the editor's previous report, so a
    script cannot claim hours of reading in a second.
    """

    translation = models.ForeignKey(Translation, on_delete=models.PROTECT,
                                    related_name="activity")
    segment = models.ForeignKey(Segment, on_delete=models.PROTECT, related_name="activity")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+")
    active_ms = models.PositiveIntegerField(help_text="Active time credited, in milliseconds.")
    claimed_ms = models.PositiveIntegerField(help_text="Active time the browser reported.")
    keystrokes = models.PositiveIntegerField(default=0)
    focuses = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = (models.Index(fields=["translation", "segment"], name="desk_activity_segment"),)


class ReviewPresence(models.Model):
    """When an editor last had a translation's review screen open or reported from it.

    The clock that bounds how much active time a report can be credited with.
    """

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE,
                                    related_name="presence")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = (models.UniqueConstraint(fields=["translation", "user"],
                                               name="desk_presence_per_editor"),)
