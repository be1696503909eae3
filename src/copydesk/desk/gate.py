"""The publish gate: nothing unreviewed gets out.

A translation may be approved and published only if every live segment was
confirmed by a person, no segment's text is pseudo output that nobody
replaced, no segment still waits for its machine text (``streaming``), and
no blocking issue is open; segments of a block that an editor
left out of the translation (``exclusions``: it is in no output) are not
asked for. A blocking issue is closed by fixing the text (the checks run
again) or by an editor's override with a written reason, which names the one
issue it covers and holds for the exact text it was given on; an override made
on a version the segment has since left is a conflict, like a stale save.

Every step that changes what the gate looks at (a save, a confirmation, an
override) or acts on its verdict (approve, publish) first locks the
translation's row (``lock``), then checks and changes state in the same
transaction, so no interleaving of concurrent requests can approve or publish
a text the gate never saw.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from copydesk.desk import audit, checking, entries, roles
from copydesk.desk.bootstrap import edition_table
from copydesk.desk.models import (
    Override,
    Revision,
    Role,
    Segment,
    SegmentState,
    Translation,
    TranslationState,
    User,
)
from copydesk.engines.base import is_pseudo_output
from copydesk.errors import ConfigError, ConflictError, NotFoundError, WorkflowError

OVERRIDABLE = (TranslationState.IN_REVIEW, TranslationState.APPROVED)

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
    overridden = {(o.check_id, o.issue) for o in given
                  if o.issue and o.reason and o.target == segment.target}
    return [issue for issue in blockers
            if (issue.get("check"), checking.issue_id(issue)) not in overridden]


def lock(translation_id: int) -> Translation:
    """The translation's row, locked until the transaction ends (call inside one).

    On PostgreSQL this is ``SELECT ... FOR UPDATE``; on SQLite every write
    transaction already holds the database's write lock from its start.
    """
    found = (Translation.objects.select_for_update()
             .select_related("article", "edition", "source_version")
             .filter(pk=translation_id).first())
    if found is None:
        raise NotFoundError(f"No translation {translation_id} on the desk; check the number.")
    return found


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
    from copydesk.desk.streaming import PENDING  # that module locks through this one

    live = live or live_segments(translation)
    if not any(not segment.excluded for segment in live.segments):
        return ["The translation has no segments; translate the article first."]
    found = []
    if translation.state == TranslationState.TRANSLATING:
        found.append("The machine translation is still running: the translation can be "
                     "approved once every segment has arrived and been confirmed.")
    for segment in live.segments:
        if segment.excluded:
            continue  # its block is in no output
        if segment.origin == PENDING:
            found.append(f"Segment {segment.key} has not arrived from the machine "
                         "translation yet.")
            continue
        if segment.state != SegmentState.CONFIRMED or segment.confirmed_by_id is None:
            found.append(f"Segment {segment.key} is not confirmed by an editor.")
        if is_pseudo_output(segment.origin, segment.signature):
            found.append(f"Segment {segment.key} is pseudo-translation test output, not a "
                         "translation; an editor must write the translation.")
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


def four_eyes(translation: Translation) -> bool:
    """Whether the edition asks for four eyes (``four_eyes``, off by default): the approver
    wrote none of the current texts, and the publisher is not the approver."""
    value = edition_table(translation.edition).get("four_eyes", False)
    if not isinstance(value, bool):
        raise ConfigError(f"The edition setting 'four_eyes' is {value!r}; set it to true or "
                          "false.")
    return value


def require_second_pair_to_approve(translation: Translation, user: User) -> None:
    """Under four eyes, refuse an approver who is the last editor of any live segment."""
    if not four_eyes(translation):
        return
    last: dict[int, int] = {}
    for segment_id, author_id in (Revision.objects
                                  .filter(segment__translation=translation, segment__active=True,
                                          segment__excluded=False, author__isnull=False)
                                  .order_by("segment_id", "-id")
                                  .values_list("segment_id", "author_id")):
        last.setdefault(segment_id, author_id)
    written = sum(1 for author in last.values() if author == user.pk)
    if written:
        raise WorkflowError(
            f"Translation {translation.pk} needs four eyes: you are the last editor of "
            f"{written} segment{'s' if written != 1 else ''}, so another editor must approve "
            "it.")


def require_second_pair_to_publish(translation: Translation, user: User,
                                   approver: str | None) -> None:
    """Under four eyes, refuse a publisher who approved the translation (``approver``: the
    approval's audit actor)."""
    if four_eyes(translation) and approver == audit.actor_name(user):
        raise WorkflowError(f"Translation {translation.pk} needs four eyes: you approved it, "
                            "so another publisher must publish it.")


def override(segment_id: int, check_id: str, *, issue: str, version: int, user: User,
             reason: str) -> Override:
    """Record an editor's decision that one blocking issue, on the text of segment
    ``version`` as the editor saw it, is acceptable."""
    roles.require(user, Role.EDITOR, "override blocking issues")
    reason = entries.written_reason(reason, "the override (why the issue is not a problem in "
                                            "this sentence)")
    with transaction.atomic():
        segment = Segment.objects.filter(pk=segment_id).only("translation_id").first()
        if segment is None:
            raise NotFoundError(f"No segment {segment_id} on the desk; reload the translation.")
        translation = lock(segment.translation_id)
        segment = Segment.objects.select_for_update().get(pk=segment_id)
        _require_overridable(translation, segment, version)
        blocker = next((i for i in segment.issues if i.get("check") == check_id
                        and checking.issue_id(i) == issue), None)
        if blocker is None or blocker.get("severity") != checking.BLOCKER:
            raise ConflictError(
                f"Segment {segment.key} has no open blocking issue {issue!r} from check "
                f"{check_id!r} (it was fixed or changed); reload the segment and look again.",
                theirs=segment.target, yours=segment.target,
                current_version=segment.version)
        made = Override.objects.create(segment=segment, check_id=check_id, issue=issue,
                                       version=version, target=segment.target, reason=reason,
                                       author=user)
        audit.record(translation.article_id, "issue_overridden", actor=user, payload={
            "translation": translation.pk, "segment": segment.key, "check": check_id,
            "issue": issue, "version": version, "message": blocker.get("message", ""),
            "reason": made.reason, "target": segment.target})
    return made


def _require_overridable(translation: Translation, segment: Segment, version: int) -> None:
    if translation.state not in OVERRIDABLE:
        state = TranslationState(translation.state).label.lower()
        raise WorkflowError(f"Translation {translation.pk} is {state}; issues can be "
                            "overridden only while it is in review (open a correction first "
                            "if it is published).")
    if not segment.active:
        raise WorkflowError(f"Segment {segment.key} is no longer in the source; reload the "
                            "translation.")
    if segment.version != version:
        raise ConflictError(
            f"Segment {segment.key} changed since you looked at it (it is now at version "
            f"{segment.version}, you saw version {version}); read its current text and "
            "issues, then override again if the issue still stands.",
            theirs=segment.target, yours=segment.target, current_version=segment.version)
