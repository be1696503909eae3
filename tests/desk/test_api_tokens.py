"""Scripts sign in with an API token and meet the same roles and rules as people."""

from __future__ import annotations

from click.testing import CliRunner
from django.test import Client
from django.urls import reverse

from copydesk.cli.staff import users
from copydesk.desk import tokens
from copydesk.desk.models import ApiToken, Publication


def script(token: str) -> Client:
    """A client like a script: no session, CSRF enforced, asks for JSON."""
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {token}",
                                                     "Accept": "application/json"})


def test_a_token_is_issued_once_and_stored_only_as_a_digest(publisher):
    result = CliRunner().invoke(users, ["token", publisher.username, "CMS import"])
    assert result.exit_code == 0, result.output
    token = result.output.splitlines()[0]
    row = ApiToken.objects.get()
    assert token.startswith("cdk_") and token not in (row.digest, row.prefix)
    assert tokens.authenticate(token) == publisher


def test_publishing_through_a_token_meets_the_same_gate(translation, publisher):
    _, token = tokens.issue(publisher, "CMS")
    answer = script(token).post(reverse("desk:publish", args=[translation.pk]))
    assert answer.status_code == 409
    assert "approve" in answer.json()["error"]
    assert not Publication.objects.exists()


def test_an_approved_translation_is_published_through_a_token(approved, publisher):
    _, token = tokens.issue(publisher, "CMS")
    answer = script(token).post(reverse("desk:publish", args=[approved.pk]))
    assert answer.status_code == 302
    assert Publication.objects.get().published_by == publisher


def test_a_token_holds_only_its_owners_roles(translation, editor):
    _, token = tokens.issue(editor, "script")
    answer = script(token).post(reverse("desk:publish", args=[translation.pk]))
    assert answer.status_code == 403


def test_unknown_and_revoked_tokens_are_refused(translation, publisher):
    row, token = tokens.issue(publisher, "old")
    tokens.revoke(row)
    for bad in (token, "cdk_made-up"):
        answer = script(bad).post(reverse("desk:publish", args=[translation.pk]))
        assert answer.status_code == 401
        assert "unknown or revoked" in answer.json()["error"]


def test_without_a_token_a_cookieless_post_is_still_refused(translation):
    answer = Client(enforce_csrf_checks=True).post(reverse("desk:publish",
                                                           args=[translation.pk]))
    assert answer.status_code in (302, 403)  # to the login page, or CSRF
    assert not Publication.objects.exists()
