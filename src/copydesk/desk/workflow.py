"""The review workflow of one translation (article × edition).

::

    ingested -> translating -> in_review -> approved -> published
                    |  ^           ^                      |
                    v  |           +---- correction ------+
                   failed (retry)          withdrawn

A new source version sends a translation back to ``translating`` for the
changed sentences, and from there to ``in_review``. Every rule is enforced
here (and in ``gate``, ``revisions``, ``publishing``), never in a view, so the
web desk, the REST API and the command line obey the same rules.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from copydesk.desk import audit, comments, entries, evidence, gate, roles
from copydesk.desk.models import (
    Article,
    Edition,
    Role,
    SourceVersion,
    Translation,
    TranslationState,
    User,
)
from copydesk.errors import NotFoundError, WorkflowError

S = TranslationState
ALLOWED: dict[str, set[str]] = {
    S.INGESTED: {S.TRANSLATING},
    S.TRANSLATING: {S.IN_REVIEW, S.FAILED, S.TRANSLATING, S.WITHDRAWN},
    S.FAILED: {S.TRANSLATING, S.WITHDRAWN},
    S.IN_REVIEW: {S.APPROVED, S.TRANSLATING, S.WITHDRAWN},
    S.APPROVED: {S.PUBLISHED, S.IN_REVIEW, S.TRANSLATING, S.WITHDRAWN},
    S.PUBLISHED: {S.IN_REVIEW, S.TRANSLATING, S.WITHDRAWN},
    S.WITHDRAWN: {S.IN_REVIEW, S.TRANSLATING},
}
STUCK = (S.TRANSLATING, S.FAILED)  # never reached review: an editor may withdraw these


def find_translation(translation_id: int) -> Translation:
    found = (Translation.objects.select_related("article", "edition", "source_version")
             .filter(pk=translation_id).first())
    if found is None:
        raise NotFoundError(f"No translation {translation_id} on the desk; check the number.")
    return found


def move(translation: Translation, state: str, *, user: User | None, event: str,
         payload: dict[str, Any] | None = None, **fields: Any) -> Translation:
    """Change the state if the workflow allows it, atomically, and record the event."""
    current = translation.state
    if state not in ALLOWED[current]:
        raise WorkflowError(
            f"Translation {translation.pk} is {S(current).label.lower()}; it cannot go to "
            f"{S(state).label.lower()} from there.")
    with transaction.atomic():
        changed = Translation.objects.filter(pk=translation.pk, state=current).update(
            state=state, updated_at=timezone.now(), **fields)
        if not changed:
            raise WorkflowError(f"Translation {translation.pk} changed meanwhile; reload it and "
                                "try again.")
        audit.record(translation.article_id, event, actor=user, payload={
            "translation": translation.pk, "edition": translation.edition.code,
            "from": current, "to": state, **(payload or {})})
    translation.refresh_from_db()
    return translation


def request_translation(article: Article, edition: Edition, *, user: User,
                        deadline: datetime | None = None,
                        assign_to: User | None = None) -> Translation:
    """Put the article's latest version on the desk for ``edition`` and start translating."""
    roles.require(user, Role.EDITOR, "request translations")
    version = article.latest_version()
    if version is None:
        raise WorkflowError(f"Article {article.key!r} has no source yet; ingest it first.")
    with transaction.atomic():
        translation, created = Translation.objects.get_or_create(
            article=article, edition=edition,
            defaults={"source_version": version, "deadline": deadline,
                      "assigned_to": assign_to})
        if not created:
            raise WorkflowError(f"Article {article.key!r} is already on the desk for "
                                f"{edition.name} (translation {translation.pk}).")
        audit.record(article, "translation_requested", actor=user, payload={
            "translation": translation.pk, "edition": edition.code, "version": version.number})
        _start(translation, user=user, event="translation_started")
    return translation


def source_changed(article: Article, version: SourceVersion, *, user: User) -> None:
    """Re-translate every live translation of the article against ``version``."""
    for translation in article.translations.select_related("edition").exclude(
            state__in=[S.WITHDRAWN, S.INGESTED]):
        _start(translation, user=user, event="translation_started",
               payload={"version": version.number, "reason": "source changed"},
               source_version=version)


def retry(translation: Translation, *, user: User) -> Translation:
    """Try the machine translation again after a failure."""
    roles.require(user, Role.EDITOR, "retry translations")
    if translation.state != S.FAILED:
        raise WorkflowError(f"Translation {translation.pk} has not failed; there is nothing to "
                            "retry.")
    return _start(translation, user=user, event="translation_started",
                  payload={"reason": "retry"})


def _start(translation: Translation, *, user: User | None, event: str,
           payload: dict[str, Any] | None = None, **fields: Any) -> Translation:
    from copydesk.desk import tasks  # the task module imports this one

    version = fields.get("source_version", translation.source_version)
    move(translation, S.TRANSLATING, user=user, event=event,
         payload={"version": version.number, **(payload or {})},
         error="", progress_done=0, progress_total=0, **fields)
    tasks.translate_translation.enqueue(translation.pk)
    translation.refresh_from_db()
    return translation


def approve(translation: Translation, *, user: User, reason: str = "") -> Translation:
    """Approve a translation whose every segment is confirmed and free of open blockers.

    The gate's verdict, the review evidence (``desk.evidence``) and the change
    of state are one step under the translation's lock, so no save can slip in
    between. Where the edition's policy blocks on weak evidence, only a second
    editor may approve, with a written ``reason``.
    """
    roles.require(user, Role.EDITOR, "approve translations")
    with transaction.atomic():
        locked = gate.lock(translation.pk)
        if locked.state == S.TRANSLATING:
            raise WorkflowError(f"Translation {locked.pk} is still being translated; approve it "
                                "once every segment has arrived and been confirmed.")
        if locked.state != S.IN_REVIEW:
            raise WorkflowError(f"Translation {locked.pk} is "
                                f"{S(locked.state).label.lower()}; only a translation in "
                                "review can be approved.")
        gate.require_publishable(locked)
        gate.require_second_pair_to_approve(locked, user)
        open_count, refusal = comments.open_comment_problem(locked)
        if refusal:
            raise WorkflowError(f"Translation {locked.pk} cannot be approved yet: {refusal}")
        judged = evidence.assessment(locked)
        payload: dict[str, Any] = {"review_evidence": judged.to_dict(),
                                   "open_comments": open_count}
        if not judged.met and judged.policy.mode == evidence.BLOCK:
            payload["evidence_exception"] = _second_editor_reason(locked, judged, user, reason)
        move(locked, S.APPROVED, user=user, event="approved", payload=payload)
    translation.refresh_from_db()
    return translation


def _second_editor_reason(translation: Translation, judged: evidence.Assessment, user: User,
                          reason: str) -> dict[str, str]:
    """The written reason of an editor who confirmed none of the segments, or a refusal."""
    found = " ".join(judged.reasons)
    live = [s.segment_id for s in judged.evidence.segments]
    if translation.segments.filter(pk__in=live, confirmed_by=user).exists():
        raise WorkflowError(f"Translation {translation.pk} cannot be approved on this review: "
                            f"{found} You confirmed segments of it, so a second editor must "
                            "approve it, with a written reason, or review it again.")
    if not reason.strip():
        raise WorkflowError(f"Translation {translation.pk} cannot be approved on this review: "
                            f"{found} As a second editor you may approve it with a written "
                            "reason (why it may be published as it is).")
    return {"reason": entries.written_reason(reason, "approving on this review")}


def withdraw(translation: Translation, *, user: User, reason: str) -> Translation:
    """Take a translation off the desk (or off the site), with a written reason.

    Any translation can be withdrawn by a publisher; one stuck in translation
    (translating or failed) by an editor too, since nothing of it was published.
    """
    with transaction.atomic():
        locked = gate.lock(translation.pk)
        if not (locked.state in STUCK and roles.has_role(user, Role.EDITOR)):
            roles.require(user, Role.PUBLISHER, "withdraw translations")
        written = entries.written_reason(reason, "withdrawing")
        move(locked, S.WITHDRAWN, user=user, event="withdrawn", payload={"reason": written})
    translation.refresh_from_db()
    return translation


def may_withdraw(translation: Translation, user: User) -> bool:
    """Whether ``withdraw`` would let ``user`` take the translation off (for the pages)."""
    if translation.state in (S.WITHDRAWN, S.INGESTED):
        return False
    return roles.has_role(user, Role.PUBLISHER) or (
        translation.state in STUCK and roles.has_role(user, Role.EDITOR))


def open_correction(translation: Translation, *, user: User, reason: str) -> Translation:
    """Reopen a published (or withdrawn) translation for a correction.

    A translation withdrawn before its draft of the current source version was
    stored is translated again instead, so no segment of an older version is
    reviewed against the new source.
    """
    roles.require(user, Role.EDITOR, "open corrections")
    written = entries.written_reason(reason, "a correction")
    with transaction.atomic():
        locked = gate.lock(translation.pk)
        if locked.state not in (S.PUBLISHED, S.WITHDRAWN):
            raise WorkflowError(f"Translation {locked.pk} is not published; edit it in "
                                "review instead of opening a correction.")
        if not _draft_is_current(locked):
            _start(locked, user=user, event="correction_opened",
                   payload={"reason": written, "retranslate": True})
        else:
            move(locked, S.IN_REVIEW, user=user, event="correction_opened",
                 payload={"reason": written})
    translation.refresh_from_db()
    return translation


def _draft_is_current(translation: Translation) -> bool:
    """Whether the stored machine draft translates the translation's source version."""
    draft = translation.machine_draft or {}
    return draft.get("source") == translation.source_version.content

