"""Editing and confirming segments without ever losing an edit.

Every save is conditional on the version the editor started from (one atomic
``UPDATE ... WHERE version = base``), so when two editors save the same
segment from the same base, exactly one wins and the other gets a
``ConflictError`` with both texts. Every change of text is a ``Revision``.
Editing a confirmed segment un-confirms it; editing an approved translation
takes the approval back. While a first draft streams in (``streaming``), the
segments that have arrived may be edited and confirmed, the pending ones not.
A text whose protected tags differ from the source's (one lost, one invented,
or pairs that no longer nest) is refused, so inline markup cannot be lost by
editing, whoever saves. A confirmed segment goes
into the translation memory once its transaction has committed.
"""

from __future__ import annotations

from collections import Counter
from functools import partial

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from copydesk import postedit
from copydesk.article import tag_ids
from copydesk.checks.markup import nesting_error
from copydesk.desk import (
    audit,
    checking,
    entries,
    gate,
    memory,
    presence,
    roles,
    streaming,
    workflow,
)
from copydesk.desk.bootstrap import edition_table
from copydesk.desk.models import (
    Origin,
    Revision,
    Role,
    Segment,
    SegmentState,
    Translation,
    TranslationState,
    User,
)
from copydesk.errors import ConflictError, InputError, NotFoundError, WorkflowError

EDITABLE = (TranslationState.IN_REVIEW, TranslationState.APPROVED)
MAX_TARGET_CHARS = 20_000
# The review screen's keys for tags (static/desk/tag_keys.js), named where a tag is lost.
TAG_KEYS = ("on the review screen F8 (or Alt+T) puts the next missing tag at the caret, "
            "Ctrl+Insert (or Ctrl+I) copies the source with its tags, and Ctrl+Z undoes the "
            "edit.")
# What a save or a confirmation changes: read back without dropping the loaded translation.
CHANGED_FIELDS = ("target", "origin", "signature", "version", "state", "confirmed_by",
                  "confirmed_at", "needs_work", "issues", "risk", "post_edit")


def _chip(token: str) -> str:
    return f"<{token}/>" if token.startswith("x") else f"<{token}>"


def _in_order(tokens: list[str], chosen: Counter[str]) -> list[str]:
    """The ``chosen`` tokens in the order they appear in ``tokens``."""
    left, out = Counter(chosen), []
    for token in tokens:
        if left[token] > 0:
            left[token] -= 1
            out.append(token)
    return out


def require_tags(source: str, target: str) -> None:
    """Raise ``InputError`` unless ``target`` has exactly the source's tags, properly nested."""
    wanted, found = Counter(tag_ids(source)), Counter(tag_ids(target))
    missing = _in_order(tag_ids(source), wanted - found)
    extra = _in_order(tag_ids(target), found - wanted)
    if missing:
        listed = ", ".join(_chip(t) for t in missing)
        raise InputError(f"The text lost the formatting tag(s) {listed}; put them back around "
                         f"the words they mark: {TAG_KEYS}")
    if extra:
        listed = ", ".join(_chip(t) for t in extra)
        raise InputError(f"The text has tag(s) {listed} that the source does not have; remove "
                         "them.")
    problem = nesting_error(target)
    if problem:
        raise InputError(f"The formatting tags do not nest: {problem}. Move the closing tag "
                         "after the opening one.")


def find_segment(segment_id: int) -> Segment:
    found = (Segment.objects.select_related("translation__edition", "translation__article")
             .filter(pk=segment_id).first())
    if found is None:
        raise NotFoundError(f"No segment {segment_id} on the desk; reload the translation.")
    return found


def save_segment(segment_id: int, text: str, *, base_version: int, user: User,
                 origin: Origin | str = Origin.EDITOR, signature: str = "") -> Segment:
    """Save a new target text for the segment, made on top of ``base_version``.

    ``signature``: the engine signature of a text an editor had translated again.

    The checks run before the translation is locked (they read the whole
    article); the state check, the conditional update and the approval's
    withdrawal happen under the lock, as one step.
    """
    roles.require(user, Role.EDITOR, "edit segments")
    text = entries.segment_text(text)
    segment = find_segment(segment_id)
    _require_editable(segment.translation, segment)
    if len(text) > MAX_TARGET_CHARS:
        raise InputError(f"The text is longer than {MAX_TARGET_CHARS} characters; split the "
                         "sentence or shorten it.")
    require_tags(segment.source, text)
    if segment.version != base_version:
        _conflict(segment, text)
    if segment.target == text:
        return segment
    verdict = _recheck(segment, text)
    change = postedit.post_edit(segment.draft_text, text).to_dict()
    with transaction.atomic():
        translation = gate.lock(segment.translation_id)
        _require_editable(translation, segment)
        changed = Segment.objects.filter(pk=segment.pk, version=base_version, active=True).update(
            target=text, origin=origin, signature=signature, version=F("version") + 1,
            state=SegmentState.DRAFT, confirmed_by=None, confirmed_at=None,
            issues=verdict.issues, risk=verdict.risk, post_edit=change)
        if not changed:
            _conflict(segment, text)
        before = segment.target
        Revision.objects.create(segment=segment, author=user, before=before, after=text,
                                origin=origin, base_version=base_version, signature=signature)
        audit.record(translation.article_id, "segment_edited", actor=user, payload={
            "translation": translation.pk, "segment": segment.key,
            "version": base_version + 1, "origin": str(origin), "before": before,
            "after": text})
        _take_back_approval(translation, segment, user)
    segment.refresh_from_db(fields=CHANGED_FIELDS)
    return segment


def confirm_segment(segment_id: int, *, base_version: int, user: User) -> Segment:
    """Confirm the segment's text as the editor saw it at ``base_version``."""
    roles.require(user, Role.EDITOR, "confirm segments")
    segment = find_segment(segment_id)
    _require_editable(segment.translation, segment)
    with transaction.atomic():
        translation = gate.lock(segment.translation_id)
        _require_editable(translation, segment)
        changed = Segment.objects.filter(pk=segment.pk, version=base_version, active=True).update(
            state=SegmentState.CONFIRMED, confirmed_by=user, confirmed_at=timezone.now(),
            needs_work=False, version=F("version") + 1)
        if not changed:
            _conflict(segment, segment.target)
        current = Segment.objects.only("target").get(pk=segment.pk).target
        audit.record(translation.article_id, "segment_confirmed", actor=user, payload={
            "translation": translation.pk, "segment": segment.key,
            "version": base_version + 1, "target": current})
        transaction.on_commit(partial(memory.remember, segment.pk))
    segment.refresh_from_db(fields=CHANGED_FIELDS)
    return segment


def history(segment_id: int) -> list[Revision]:
    return list(Revision.objects.filter(segment_id=segment_id).select_related("author")
                .order_by("id"))


def _require_editable(translation: Translation, segment: Segment) -> None:
    if translation.state == TranslationState.PUBLISHED:
        raise WorkflowError(f"Translation {translation.pk} is published; open a correction "
                            "before changing it.")
    if translation.state not in EDITABLE and not streaming.is_streaming(translation):
        raise WorkflowError(f"Translation {translation.pk} is "
                            f"{TranslationState(translation.state).label.lower()}; segments "
                            "can be changed only while it is in review.")
    if not segment.active:
        raise WorkflowError(f"Segment {segment.key} is no longer in the source; reload the "
                            "translation.")
    streaming.require_arrived(segment)


def _conflict(segment: Segment, yours: str) -> None:
    current = Segment.objects.select_related("confirmed_by").get(pk=segment.pk)
    editor = presence.last_changed_by(current)
    raise ConflictError(
        f"Segment {current.key} was changed by {editor or 'someone else'} since you loaded it "
        f"(it is now at version {current.version}). Compare their text with yours and save "
        f"again from version {current.version}.",
        theirs=current.target, yours=yours, current_version=current.version, editor=editor)


def _recheck(segment: Segment, text: str) -> checking.Verdict:
    translation = segment.translation
    live = list(translation.segments.filter(active=True).order_by("position")
                .values_list("pk", "source", "target"))
    pairs = [(source, text if pk == segment.pk else target) for pk, source, target in live]
    index = next(i for i, (pk, _, _) in enumerate(live) if pk == segment.pk)
    draft = translation.machine_draft or {}
    return checking.check_one(index, pairs, source_language=draft.get("source_language", ""),
                              target_language=translation.edition.language,
                              edition=edition_table(translation.edition))


def _take_back_approval(translation: Translation, segment: Segment, user: User) -> None:
    """An edit to an approved translation sends it back to review (under the lock)."""
    if translation.state == TranslationState.APPROVED:
        workflow.move(translation, TranslationState.IN_REVIEW, user=user,
                      event="approval_withdrawn", payload={"segment": segment.key})
