"""The publish gate: nothing unreviewed gets out.

A translation may be approved and published only if every live segment was
confirmed by a person and no blocking issue is open. A blocking issue is
closed by fixing the text (the checks run again) or by an editor's override
with a written reason, which holds for the exact text it was given on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from copydesk.desk import audit, checking, roles
from copydesk.desk.models import Override, Role, Segment, SegmentState, Translation, User
from copydesk.errors import NotFoundError, WorkflowError

SHOWN_PROBLEMS = 5


def open_blockers(segment: Segment,
                  overrides: Iterable[Override] | None = None) -> list[dict[str, Any]]:
    """The segment's blocking issues that no valid override covers.

    ``overrides``: the segment's overrides when the caller has read them already.
    """
    blockers = [issue for issue in segment.issues if issue.get("severity") == checking.BLOCKER]
    if not blockers:
        return []
    given = segment.overrides.all() if overrides is None else overrides
    overridden = {o.check_id for o in given if o.reason.strip() and o.target == segment.target}
    return [issue for issue in blockers if issue.get("check") not in overridden]


@dataclass(frozen=True)
class LiveSegments:
    """A translation's live segments in reading order, with the overrides given on them."""

    segments: list[Segment]
    overrides: dict[int, list[Override]]  # segment id -> its overrides

    def open_blockers(self, segment: Segment) -> list[dict[str, Any]]:
        return open_blockers(segment, self.overrides.get(segment.pk, []))


def overrides_of(segments: Sequence[Segment]) -> dict[int, list[Override]]:
    """The overrides on those of ``segments`` that have a blocking issue, by segment id.

    One query, and none when no segment has a blocker; cheaper than Django's
    ``prefetch_related``, which builds a query set for every segment.
    """
    blocked = [s.pk for s in segments
               if any(i.get("severity") == checking.BLOCKER for i in s.issues)]
    found: dict[int, list[Override]] = {}
    if blocked:
        for given in Override.objects.filter(segment_id__in=blocked):
            found.setdefault(given.segment_id, []).append(given)
    return found


def live_segments(translation: Translation, *, with_confirmer: bool = False) -> LiveSegments:
    """The translation's live segments (and who confirmed each, when asked) with overrides."""
    query = translation.segments.filter(active=True)
    if with_confirmer:
        query = query.select_related("confirmed_by")
    segments = list(query)
    return LiveSegments(segments, overrides_of(segments))


def problems(translation: Translation, live: LiveSegments | None = None) -> list[str]:
    """Why the translation may not be approved or published yet (empty when it may).

    ``live``: its live segments, when the caller has read them already.
    """
    live = live or live_segments(translation)
    if not live.segments:
        return ["The translation has no segments; translate the article first."]
    found = []
    for segment in live.segments:
        if segment.state != SegmentState.CONFIRMED or segment.confirmed_by_id is None:
            found.append(f"Segment {segment.key} is not confirmed by an editor.")
        for issue in live.open_blockers(segment):
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
        segment = (Segment.objects.select_for_update().select_related("translation")
                   .filter(pk=segment_id).first())
        if segment is None:
            raise NotFoundError(f"No segment {segment_id} on the desk; reload the translation.")
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
