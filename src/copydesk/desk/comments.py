"""Comments on segments: questions and notes between editors, resolved when settled.

Adding and resolving a comment are audit events, so the trail shows what was
asked and who settled it. Open comments count at approval: the edition's
``open_comments`` (``warn``, the default, or ``block``) says whether they only
go into the approval's record or stop it (``open_comment_problem``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from copydesk.desk import audit, entries, roles
from copydesk.desk.bootstrap import edition_table
from copydesk.desk.models import Comment, Role, Segment, Translation, User
from copydesk.errors import ConfigError, NotFoundError, WorkflowError

WARN, BLOCK = "warn", "block"


def add_comment(segment_id: int, text: str, *, user: User) -> Comment:
    roles.require(user, Role.EDITOR, "comment on segments")
    written = entries.comment_text(text or "")
    segment = Segment.objects.filter(pk=segment_id).select_related("translation").first()
    if segment is None:
        raise NotFoundError(f"No segment {segment_id} on the desk; reload the translation.")
    with transaction.atomic():
        comment = Comment.objects.create(segment=segment, author=user, text=written)
        audit.record(segment.translation.article_id, "comment_added", actor=user, payload={
            "translation": segment.translation_id, "segment": segment.key,
            "comment": comment.pk, "text": written})
    return comment


def resolve_comment(comment_id: int, *, user: User) -> Comment:
    roles.require(user, Role.EDITOR, "resolve comments")
    with transaction.atomic():
        changed = Comment.objects.filter(pk=comment_id, resolved_at__isnull=True).update(
            resolved_by=user, resolved_at=timezone.now())
        comment = (Comment.objects.select_related("segment__translation")
                   .filter(pk=comment_id).first())
        if comment is None:
            raise NotFoundError(f"No comment {comment_id}; reload the segment.")
        if not changed:
            raise WorkflowError(f"Comment {comment_id} is already resolved.")
        segment = comment.segment
        audit.record(segment.translation.article_id, "comment_resolved", actor=user, payload={
            "translation": segment.translation_id, "segment": segment.key,
            "comment": comment.pk})
    return comment


def open_comments(translation: Translation) -> int:
    """Unresolved comments on the translation's live segments."""
    return Comment.objects.filter(segment__translation=translation, segment__active=True,
                                  resolved_at__isnull=True).count()


def open_comment_problem(translation: Translation) -> tuple[int, str | None]:
    """The open comments, and why they stop approval where the edition blocks on them."""
    policy = edition_table(translation.edition).get("open_comments", WARN)
    if policy not in (WARN, BLOCK):
        raise ConfigError(f"The edition setting 'open_comments' is {policy!r}; use 'warn' or "
                          "'block'.")
    count = open_comments(translation)
    if count and policy == BLOCK:
        many = count != 1
        return count, (f"{count} comment{'s are' if many else ' is'} still open; resolve "
                       f"{'them' if many else 'it'} before approving.")
    return count, None
