"""The publish gate: nothing unreviewed gets out.

A translation may be approved and published only if every live segment was
confirmed by a person and no blocking issue is open. A blocking issue is
closed by fixing the text (the checks run again) or by an editor's override
with a written reason, which holds for the exact text it was given on.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from copydesk.desk import audit, checking, roles
from copydesk.desk.models import Override, Role, Segment, SegmentState, Translation, User
from copydesk.errors import WorkflowError

SHOWN_PROBLEMS = 5


def open_blockers(segment: Segment) -> list[dict[str, Any]]:
    """The segment's blocking issues that no valid override covers."""
    overridden = {o.check_id for o in segment.overrides.all()
                  if o.reason.strip() and o.target == segment.target}
    return [issue for issue in segment.issues
            if issue.get("severity") == checking.BLOCKER and issue.get("check") not in overridden]


def problems(translation: Translation) -> list[str]:
    """Why the translation may not be approved or published yet (empty when it may)."""
    segments = list(translation.segments.filter(active=True).prefetch_related("overrides"))
    if not segments:
        return ["The translation has no segments; translate the article first."]
    found = []
    for segment in segments:
        if segment.state != SegmentState.CONFIRMED or segment.confirmed_by_id is None:
            found.append(f"Segment {segment.key} is not confirmed by an editor.")
        for issue in open_blockers(segment):
            found.append(f"Segment {segment.key} has an open blocker ({issue.get('check')}): "
                         f"{issue.get('message', '')}")
    return found


def require_publishable(translation: Translation) -> None:
    """Raise ``WorkflowError`` naming what still stands between the translation and readers."""
    found = problems(translation)
    if found:
        more = len(found) - SHOWN_PROBLEMS
        listed = " ".join(found[:SHOWN_PROBLEMS]) + (f" ...and {more} more." if more > 0 else "")
        raise WorkflowError(f"Translation {translation.pk} cannot be approved or published yet: "
                            f"{listed} Confirm every segment, and fix each blocker or override it "
                            "with a written reason.")


def override(segment_id: int, check_id: str, *, user: User, reason: str) -> Override:
    """Record an editor's decision that a blocking issue on the segment's text is acceptable."""
    roles.require(user, Role.EDITOR, "override blocking issues")
    if not reason or not reason.strip():
        raise WorkflowError("An override needs a written reason; say why the issue is not a "
                            "problem in this sentence.")
    with transaction.atomic():
        segment = Segment.objects.select_for_update().select_related("translation").get(
            pk=segment_id)
        if not any(i.get("check") == check_id and i.get("severity") == checking.BLOCKER
                   for i in segment.issues):
            raise WorkflowError(f"Segment {segment.key} has no blocking issue from check "
                                f"{check_id!r}; there is nothing to override.")
        made = Override.objects.create(segment=segment, check_id=check_id, target=segment.target,
                                       reason=reason.strip(), author=user)
        audit.record(segment.translation.article_id, "issue_overridden", actor=user, payload={
            "translation": segment.translation_id, "segment": segment.key, "check": check_id,
            "reason": made.reason, "target": segment.target})
    return made
