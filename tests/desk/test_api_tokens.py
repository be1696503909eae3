"""Scripts sign in with an API token and meet the same roles and rules as people."""

from __future__ import annotations

import pytest
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


def api(token: str) -> int:
    return script(token).get(reverse("desk:inbox")).status_code


def test_tokens_are_listed_and_revoked_by_prefix(publisher):
    runner = CliRunner()
    first = runner.invoke(users, ["token", "paula", "CMS import"]).output.splitlines()[0]
    second = runner.invoke(users, ["token", "paula", "nightly job"]).output.splitlines()[0]
    assert api(first) == api(second) == 200
    listed = runner.invoke(users, ["tokens", "paula"]).output
    assert first[:10] in listed and "CMS import" in listed and "nightly job" in listed
    assert first not in listed  # only the prefix is ever shown again
    revoked = runner.invoke(users, ["revoke-token", "paula", first[:10]])
    assert revoked.exit_code == 0, revoked.output
    assert (api(first), api(second)) == (401, 200)
    row = ApiToken.objects.get(prefix=first[:10])
    assert row.revoked_at is not None
    assert row.revoked_at.strftime("%Y-%m-%d %H:%M") in runner.invoke(users, ["tokens",
                                                                              "paula"]).output


@pytest.mark.parametrize("prefix", ["cdk_", "", "cdk_XXXXXX", "%", "cdk_\x00\x00\x00\x00\x00\x00"])
def test_a_wrong_prefix_revokes_nothing(publisher, prefix):
    _, token = tokens.issue(publisher, "CMS")
    result = CliRunner().invoke(users, ["revoke-token", "paula", prefix])
    assert result.exit_code == 1
    assert "copydesk users tokens" in result.output
    assert api(token) == 200


def test_another_persons_prefix_revokes_nothing(publisher, editor):
    row, token = tokens.issue(publisher, "CMS")
    result = CliRunner().invoke(users, ["revoke-token", editor.username, row.prefix])
    assert result.exit_code == 1
    assert api(token) == 200


def test_tokens_die_with_a_deactivated_person_and_stay_dead(publisher):
    _, token = tokens.issue(publisher, "CMS")
    browser = Client()
    browser.force_login(publisher)
    result = CliRunner().invoke(users, ["deactivate", "paula"])
    assert result.exit_code == 0 and "1 API token revoked" in result.output
    assert api(token) == 401
    assert browser.get(reverse("desk:inbox")).status_code == 302  # the session ended too
    refused = CliRunner().invoke(users, ["token", "paula", "again"])
    assert refused.exit_code == 1 and "users activate" in refused.output
    assert CliRunner().invoke(users, ["activate", "paula"]).exit_code == 0
    assert api(token) == 401


@pytest.mark.parametrize(("options", "alive"), [([], False), (["--keep-tokens"], True)])
def test_a_password_change_revokes_tokens_unless_kept(publisher, options, alive):
    _, token = tokens.issue(publisher, "CMS")
    browser = Client()
    browser.force_login(publisher)
    result = CliRunner().invoke(users, ["passwd", "paula", "--password-stdin", *options],
                                input="harbour-lights-2027\n")
    assert result.exit_code == 0, result.output
    assert api(token) == (200 if alive else 401)
    assert browser.get(reverse("desk:inbox")).status_code == 302  # sessions end either way


def test_a_weak_new_password_changes_nothing(publisher):
    _, token = tokens.issue(publisher, "CMS")
    result = CliRunner().invoke(users, ["passwd", "paula", "--password-stdin"], input="short\n")
    assert result.exit_code == 1 and "too weak" in result.output
    assert api(token) == 200
