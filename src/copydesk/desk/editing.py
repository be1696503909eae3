"""What the review screen asks of a segment: save an edit, or save it and confirm.

``revisions.save_segment`` refuses a text whose protected tags differ from the
source's, for every caller (review screen, API, command line).
"""

from __future__ import annotations

from copydesk.desk import revisions
from copydesk.desk.models import Origin, Segment, User


def save(segment_id: int, text: str, *, base_version: int, user: User) -> Segment:
    """Save an editor's text for the segment."""
    return revisions.save_segment(segment_id, text, base_version=base_version, user=user,
                                  origin=Origin.EDITOR)


def save_and_confirm(segment_id: int, text: str | None, *, base_version: int,
                     user: User) -> Segment:
    """Save ``text`` when it differs from the stored one, then confirm what was saved."""
    segment = revisions.find_segment(segment_id)
    if text is not None and text != segment.target:
        segment = save(segment_id, text, base_version=base_version, user=user)
        base_version = segment.version
    return revisions.confirm_segment(segment_id, base_version=base_version, user=user)
