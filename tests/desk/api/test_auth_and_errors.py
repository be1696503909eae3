"""Who may call the API (a token, never a session) and how every failure answers: JSON,
with a code, and never a 5xx for bad input."""

from __future__ import annotations

import logging

from django.db import connection
from django.test import Client

from copydesk.desk import tokens
from copydesk.desk.models import ApiToken
from tests.desk.api.conftest import API, Script, error_of

TRACEBACK = "Traceback (most recent call last)"


def test_without_a_token_the_api_answers_401(translation):
    for answer in (Client().get(f"{API}/translations"),
                   Client().post(f"{API}/translations/{translation.pk}/approve"),
                   Client(headers={"Authorization": "Basic ZXJpa2E6c2VjcmV0"}).get(
                       f"{API}/translations")):
        error = error_of(answer, 401)
        assert error["code"] == "permission_denied" and "Bearer" in error["message"]


def test_a_signed_in_browser_session_is_not_a_sign_in_to_the_api(client, editor, translation):
    client.force_login(editor)
    assert error_of(client.get(f"{API}/translations/{translation.pk}"), 401)


def test_a_revoked_or_unknown_token_is_refused(translation, publisher):
    row, token = tokens.issue(publisher, "old")
    tokens.revoke(row)
    for bad in (token, "cdk_made-up"):
        answer = Script(bad).get(f"/translations/{translation.pk}")
        assert answer.status_code == 401
        assert "unknown or revoked" in answer.content.decode()


def test_a_refused_token_gets_the_apis_error_shape(translation):
    error = error_of(Script("cdk_made-up").get(f"/translations/{translation.pk}"), 401)
    assert error["code"] == "permission_denied"


def test_a_token_acts_as_its_owner(script_as, translation, publisher):
    error = error_of(script_as(publisher).post(f"/translations/{translation.pk}/approve"), 403)
    assert error["message"].startswith("paula may not approve translations")
    assert ApiToken.objects.get(user=publisher).last_used_at is not None


def test_an_unknown_address_under_the_api_is_a_json_404(script_as, editor):
    for path in ("/", "/nothing", "/translations/1/rename", "/segments/1/confirm/extra"):
        assert error_of(script_as(editor).get(path), 404)["code"] == "not_found"


def test_a_method_an_address_does_not_take_is_a_json_405(script_as, translation, editor):
    answer = script_as(editor).client.delete(f"{API}/translations/{translation.pk}")
    assert "GET only" in error_of(answer, 405)["message"]
    assert answer["Allow"] == "GET"


def test_an_unexpected_failure_is_logged_and_answered_without_details(script_as, translation,
                                                                       editor, caplog):
    script = script_as(editor)
    with connection.cursor() as cursor:  # a half-migrated database: a table is gone
        cursor.execute("DROP TABLE desk_comment")
    with caplog.at_level(logging.ERROR, logger="django.request"):
        answer = script.get(f"/translations/{translation.pk}")
    error = error_of(answer, 500)
    assert error["code"] == "server_error"
    assert TRACEBACK not in answer.content.decode() and "desk_comment" not in error["message"]
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert TRACEBACK in caplog.text and "desk_comment" in caplog.text
