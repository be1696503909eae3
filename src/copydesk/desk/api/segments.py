"""``/segments``: an editor's save, confirmation and override of one segment.

Every change is made on top of the version the editor saw; a stale version is
a 409 ``edit_conflict`` carrying both texts and the current version, as
``revisions`` and ``gate`` decide for the review screen.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from copydesk.desk import editing, gate, revisions, sheet
from copydesk.desk.api import answers
from copydesk.desk.api.auth import caller
from copydesk.desk.api.errors import REFUSALS
from copydesk.desk.api.schemas import (
    OverrideAnswer,
    OverrideIn,
    SegmentAnswer,
    SegmentConfirm,
    SegmentEdit,
    SegmentNumber,
)
from copydesk.desk.models import Segment

router = Router(tags=["segments"])


def _saved(segment: Segment) -> dict[str, Any]:
    item, progress = sheet.after_save(segment)
    return {"segment": answers.segment(item), "progress": answers.progress(progress)}


@router.put("/{segment_id}", response={200: SegmentAnswer, **REFUSALS})
def save_segment(request: HttpRequest, segment_id: SegmentNumber,
                 payload: SegmentEdit) -> dict[str, Any]:
    """Save an editor's text, made on top of ``version``."""
    return _saved(editing.save(segment_id, payload.target, base_version=payload.version,
                               user=caller(request)))


@router.post("/{segment_id}/confirm", response={200: SegmentAnswer, **REFUSALS})
def confirm_segment(request: HttpRequest, segment_id: SegmentNumber,
            payload: SegmentConfirm) -> dict[str, Any]:
    """Confirm the text as seen at ``version`` (saving ``target`` first when given)."""
    return _saved(editing.save_and_confirm(segment_id, payload.target,
                                           base_version=payload.version, user=caller(request)))


@router.post("/{segment_id}/override", response={201: OverrideAnswer, **REFUSALS})
def override_issue(request: HttpRequest, segment_id: SegmentNumber, payload: OverrideIn) -> Status:
    """Accept one blocking issue on the text of ``version``, with a written reason."""
    made = gate.override(segment_id, payload.check, issue=payload.issue, version=payload.version,
                         user=caller(request), reason=payload.reason)
    shown = sheet.segment_item(revisions.find_segment(segment_id))
    return Status(201, {"override": made.pk, "segment": answers.segment(shown)})
