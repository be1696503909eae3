"""Comments on segments: questions and notes between editors, resolved when settled."""

from __future__ import annotations

from django.utils import timezone

from copydesk.desk import entries, roles
from copydesk.desk.models import Comment, Role, User
from copydesk.desk.revisions import find_segment
from copydesk.errors import NotFoundError, WorkflowError


def add_comment(segment_id: int, text: str, *, user: User) -> Comment:
    roles.require(user, Role.EDITOR, "comment on segments")
    written = entries.comment_text(text or "")
    return Comment.objects.create(segment=find_segment(segment_id), author=user, text=written)


def resolve_comment(comment_id: int, *, user: User) -> Comment:
    roles.require(user, Role.EDITOR, "resolve comments")
    changed = Comment.objects.filter(pk=comment_id, resolved_at__isnull=True).update(
        resolved_by=user, resolved_at=timezone.now())
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        raise NotFoundError(f"No comment {comment_id}; reload the segment.")
    if not changed:
        raise WorkflowError(f"Comment {comment_id} is already resolved.")
    return comment
