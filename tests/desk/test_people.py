"""Roles, API tokens, comments and the review queue."""

from __future__ import annotations

import pytest

from copydesk.desk import comments, roles, tokens
from copydesk.desk.models import ApiToken, Role, User
from copydesk.errors import InputError, PermissionDeniedError, WorkflowError


def test_roles_are_groups_and_admin_holds_them_all(make_user):
    both = make_user("chief", "editor", "publisher")
    admin = make_user("root", "admin")
    assert roles.roles_of(both) == {Role.EDITOR, Role.PUBLISHER}
    assert all(roles.has_role(admin, role) for role in Role)
    roles.revoke(both, Role.PUBLISHER)
    assert not roles.has_role(both, Role.PUBLISHER)
    both.is_active = False
    assert not roles.has_role(both, Role.EDITOR)


def test_a_user_object_reads_its_roles_once_until_they_change(make_user,
                                                              django_assert_num_queries):
    chief = User.objects.get(pk=make_user("chief", "editor").pk)
    with django_assert_num_queries(1):  # a page's checks and its services' checks
        assert roles.has_role(chief, Role.EDITOR) and not roles.has_role(chief, Role.PUBLISHER)
        roles.require(chief, Role.EDITOR, "edit segments")
    roles.grant(chief, Role.PUBLISHER)
    assert roles.has_role(chief, Role.PUBLISHER)
    roles.revoke(chief, Role.EDITOR)
    assert roles.roles_of(chief) == {Role.PUBLISHER}


def test_tokens_are_stored_hashed_and_authenticate_their_user(editor):
    row, token = tokens.issue(editor, "CMS import")
    stored = ApiToken.objects.get(pk=row.pk)
    assert token.startswith(tokens.TOKEN_PREFIX) and token not in (stored.digest, stored.prefix)
    assert stored.digest == tokens.digest(token)
    assert tokens.authenticate(token) == editor
    assert ApiToken.objects.get(pk=row.pk).last_used_at is not None
    tokens.revoke(row)
    with pytest.raises(PermissionDeniedError, match="unknown or revoked"):
        tokens.authenticate(token)
    with pytest.raises(PermissionDeniedError):
        tokens.authenticate("cdk_guessed")
    with pytest.raises(InputError):
        tokens.issue(editor, " ")


def test_comments_are_added_and_resolved_once(translation, editor, publisher):
    segment = translation.segments.first()
    note = comments.add_comment(segment.pk, "Is 'Brücke' right here?", user=editor)
    with pytest.raises(PermissionDeniedError):
        comments.add_comment(segment.pk, "?", user=publisher)
    with pytest.raises(WorkflowError, match="cannot be empty"):
        comments.add_comment(segment.pk, " ", user=editor)
    assert comments.resolve_comment(note.pk, user=editor).resolved_by == editor
    with pytest.raises(WorkflowError, match="already resolved"):
        comments.resolve_comment(note.pk, user=editor)
