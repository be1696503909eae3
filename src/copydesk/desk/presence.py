"""Who else is on a translation's review screen, and who last changed a segment.

Presence is what the review screen already records for the evidence of a
review (``evidence.opened`` and ``evidence.record`` keep one
``ReviewPresence`` row per editor and translation, and one ``ReviewActivity``
row per segment in each report). An editor counts as here while their row
was touched within ``WINDOW``; they count as editing the segment of their
latest report with keystrokes in that time. Names are the desk users'
display names (full name, else login): this is the desk's own screen, not
something readers see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from copydesk.desk.models import ReviewActivity, ReviewPresence, Revision, Segment, User

WINDOW = timedelta(minutes=2)  # the screen reports every 15 s while the editor works
MAX_SHOWN = 20
MAX_ACTIVITY_ROWS = 500


@dataclass(frozen=True)
class Present:
    """Another editor with the review screen open; ``segment_*`` empty when only reading."""

    name: str
    segment_id: int | None = None
    segment_key: str = ""


def display_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name().strip() or user.get_username()


def others(translation_id: int, user: User) -> list[Present]:
    """The other editors on the translation's review screen, longest there first."""
    since = timezone.now() - WINDOW
    rows = list(ReviewPresence.objects.filter(translation_id=translation_id, seen_at__gte=since)
                .exclude(user_id=user.pk).select_related("user")
                .order_by("seen_at", "user_id")[:MAX_SHOWN])
    if not rows:
        return []
    editing: dict[int, tuple[int, str]] = {}
    activity = (ReviewActivity.objects
                .filter(translation_id=translation_id, created_at__gte=since, keystrokes__gt=0,
                        user_id__in=[row.user_id for row in rows])
                .order_by("-created_at", "-id")
                .values_list("user_id", "segment_id", "segment__key")[:MAX_ACTIVITY_ROWS])
    for user_id, segment_id, key in activity:
        editing.setdefault(user_id, (segment_id, key))
    return [Present(display_name(row.user), *editing.get(row.user_id, (None, "")))
            for row in rows]


def last_changed_by(segment: Segment) -> str:
    """The display name of whoever made the segment's current version ("" if unknown)."""
    revision = (Revision.objects.filter(segment_id=segment.pk).select_related("author")
                .order_by("-created_at", "-id").first())
    confirmed = segment.confirmed_at
    if confirmed is not None and segment.confirmed_by_id is not None and (
            revision is None or confirmed >= revision.created_at):
        return display_name(segment.confirmed_by)
    return display_name(revision.author) if revision is not None else ""
