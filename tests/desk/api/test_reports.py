"""``/api/v1/reports`` and ``/api/v1/translations/{id}/reports``: reader reports as a script
sees and handles them, refused where the report panel of the review screen refuses."""

from __future__ import annotations

from typing import Any

import pytest

from copydesk.desk import audit, publishing, reader_reports, workflow
from copydesk.desk.models import (
    AuditEvent,
    Edition,
    Publication,
    ReaderReport,
    ReportState,
    TranslationState,
)
from tests.desk.api.conftest import error_of
from tests.desk.conftest import confirm_all, requires_postgres
from tests.desk.test_reader_reports import FORM, TEXT, file
from tests.desk.test_revisions import _race

WHY = "Die Zahl stimmt laut Quelle."


@pytest.fixture
def published(approved: Any, publisher: Any, edition: Edition) -> Publication:
    """The story published in an edition whose feedback channel is the report form."""
    Edition.objects.filter(pk=edition.pk).update(options=FORM)
    return publishing.publish_translation(approved, user=publisher)


def state_of(report: ReaderReport) -> str:
    report.refresh_from_db()
    return str(report.state)


def trail(publication: Publication) -> list[str]:
    return list(AuditEvent.objects.filter(article_id=publication.translation.article_id)
                .order_by("seq").values_list("kind", flat=True))


def test_a_translations_reports_open_ones_first(script_as, published, editor, publisher):
    old, new = file(published, text="Der Titel ist falsch."), file(published, address="192.0.2.4")
    dismissed = file(published, text="Ein Tippfehler im zweiten Satz.", address="192.0.2.5")
    script_as(editor).post(f"/reports/{dismissed.pk}/dismiss", {"reason": WHY})
    answer = script_as(publisher).get(f"/translations/{published.translation_id}/reports")
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 3
    assert [r["id"] for r in body["items"]] == [new.pk, old.pk, dismissed.pk]
    first = body["items"][0]
    assert (first["text"], first["kind"], first["state"], first["edition"]) == (
        TEXT, "factual", "open", "de")
    assert (first["publication"], first["translation"]) == (published.pk,
                                                            published.translation_id)
    assert (first["handled_by"], first["resolution"], first["correction"]) == (None, "", None)
    last = body["items"][2]
    assert (last["state"], last["handled_by"], last["resolution"]) == ("dismissed", "erika", WHY)


def test_open_reports_across_the_desk_and_by_state(script_as, published, editor):
    first, second = file(published), file(published, address="192.0.2.4")
    script = script_as(editor)
    assert [r["id"] for r in script.get("/reports").json()["items"]] == [second.pk, first.pk]
    script.post(f"/reports/{first.pk}/dismiss", {"reason": WHY})
    assert script.get("/reports").json()["count"] == 1
    done = script.get("/reports", state="dismissed").json()
    assert [r["id"] for r in done["items"]] == [first.pk]
    page = script.get("/reports", state="dismissed", limit=1, offset=1).json()
    assert page == {"count": 1, "items": []}
    one = script.get(f"/reports/{second.pk}").json()
    assert (one["id"], one["state"], one["text"]) == (second.pk, "open", TEXT)


@pytest.mark.parametrize("query", [{"state": "closed"}, {"limit": 0}, {"limit": 201},
                                   {"offset": -1}])
def test_a_list_query_out_of_range_is_refused(script_as, editor, query):
    error = error_of(script_as(editor).get("/reports", **query), 422)
    assert error["fields"][0]["location"].startswith("query.")


@pytest.mark.parametrize(("path", "status"), [
    ("/reports/999", 404), ("/reports/0", 422), ("/reports/2e3", 422),
    ("/translations/999/reports", 404), ("/reports/999/dismiss", 404),
    ("/reports/999/correction", 404)])
def test_no_such_report_or_translation(script_as, editor, db, path, status):
    script = script_as(editor)
    answer = script.post(path, {"reason": WHY}) if path.endswith(("dismiss", "correction")) \
        else script.get(path)
    assert error_of(answer, status)["code"] == ("not_found" if status == 404 else "bad_input")


def test_an_editor_dismisses_with_a_written_reason(script_as, published, editor):
    report = file(published)
    answer = script_as(editor).post(f"/reports/{report.pk}/dismiss", {"reason": WHY})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["report"]["state"], body["report"]["handled_by"],
            body["report"]["resolution"]) == ("dismissed", "erika", WHY)
    assert body["translation"]["state"] == "published"
    event = AuditEvent.objects.get(kind=reader_reports.DISMISSED)
    assert (event.actor, event.payload["reason"], event.payload["report"]) == (
        "user:erika", WHY, report.pk)
    assert audit.verify(published.translation.article).problems == []


def test_a_publisher_dismisses_too(script_as, published, publisher):
    report = file(published)
    answer = script_as(publisher).post(f"/reports/{report.pk}/dismiss",
                                       {"reason": "Keine Korrektur nötig."})
    assert answer.status_code == 200 and answer.json()["report"]["handled_by"] == "paula"
    assert state_of(report) == ReportState.DISMISSED


@pytest.mark.parametrize(("reason", "status"), [
    ("", 409), (" \u200b\u200b ", 409), ("!!!! 1234", 409), ("e\u0301\u0301", 409),
    ("Zu lang " * 400, 400)])
def test_a_dismissal_without_a_reason_a_person_wrote_changes_nothing(script_as, published,
                                                                     editor, reason, status):
    report = file(published)
    before = trail(published)
    error = error_of(script_as(editor).post(f"/reports/{report.pk}/dismiss",
                                            {"reason": reason}), status)
    assert "reason" in error["message"]
    assert state_of(report) == ReportState.OPEN and trail(published) == before


@pytest.mark.parametrize("body", [{}, {"reason": 5}, {"reason": "Ab\x00gelehnt, danke."},
                                  {"reason": "Abgelehnt\ud800 danke"}, [WHY]])
def test_a_dismissal_that_does_not_fit_the_api_is_refused(script_as, published, editor, body):
    report = file(published)
    error = error_of(script_as(editor).post(f"/reports/{report.pk}/dismiss", body), 422)
    assert error["code"] == "bad_input" and error["fields"]
    assert state_of(report) == ReportState.OPEN


def test_a_body_that_is_not_json_is_refused(script_as, published, editor):
    report = file(published)
    error = error_of(script_as(editor).post(f"/reports/{report.pk}/dismiss", "{reason"), 400)
    assert "not valid JSON" in error["message"]
    assert state_of(report) == ReportState.OPEN


def test_an_editor_answers_by_a_correction_with_the_reports_words(script_as, published,
                                                                   editor, publisher):
    report = file(published, text="Der Betrag   ist\nfalsch übersetzt.")
    answer = script_as(editor).post(f"/reports/{report.pk}/correction")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    opened = AuditEvent.objects.get(kind="correction_opened")
    assert body["translation"] == {"id": published.translation_id, "edition": "de",
                                   "state": "in_review"}
    assert (body["report"]["state"], body["report"]["correction"],
            body["report"]["resolution"]) == ("answered", opened.seq,
                                              "Der Betrag ist falsch übersetzt.")
    assert opened.payload["reason"] == "Der Betrag ist falsch übersetzt."
    assert trail(published)[-2:] == ["correction_opened", reader_reports.ANSWERED]
    second = file(published, text="Auch der Titel.", address="192.0.2.4")
    joined = script_as(editor).post(f"/reports/{second.pk}/correction",
                                    {"reason": "Titel berichtigt."}).json()
    assert joined["report"]["correction"] == opened.seq
    assert AuditEvent.objects.filter(kind="correction_opened").count() == 1
    translation = published.translation
    confirm_all(translation, editor)
    corrected = publishing.publish_translation(workflow.approve(translation, user=editor),
                                               user=publisher)
    assert "Der Betrag ist falsch übersetzt." in corrected.outputs["html"]


def test_the_editor_may_write_the_corrections_reason(script_as, published, editor):
    report = file(published)
    script_as(editor).post(f"/reports/{report.pk}/correction",
                           {"reason": "Betrag im zweiten Absatz berichtigt."})
    assert AuditEvent.objects.get(kind="correction_opened").payload["reason"] == (
        "Betrag im zweiten Absatz berichtigt.")


def test_a_publisher_may_not_open_a_correction(script_as, published, publisher):
    report = file(published)
    error = error_of(script_as(publisher).post(f"/reports/{report.pk}/correction"), 403)
    assert error["code"] == "permission_denied" and "'editor' role" in error["message"]
    published.translation.refresh_from_db()
    assert published.translation.state == TranslationState.PUBLISHED
    assert state_of(report) == ReportState.OPEN
    assert not AuditEvent.objects.filter(kind="correction_opened").exists()


def test_a_handled_report_is_not_handled_again(script_as, published, editor):
    report = file(published)
    script = script_as(editor)
    script.post(f"/reports/{report.pk}/dismiss", {"reason": WHY})
    for step, body in (("dismiss", {"reason": "Noch einmal abgelehnt."}), ("correction", None)):
        error = error_of(script.post(f"/reports/{report.pk}/{step}", body), 409)
        assert error["code"] == "workflow_error" and "already dismissed" in error["message"]
    assert trail(published).count(reader_reports.DISMISSED) == 1


def test_no_correction_while_an_update_is_in_review(script_as, published, editor):
    report = file(published)
    type(published.translation).objects.filter(pk=published.translation_id).update(
        state=TranslationState.IN_REVIEW)
    error = error_of(script_as(editor).post(f"/reports/{report.pk}/correction"), 409)
    assert "no correction is open" in error["message"]
    assert state_of(report) == ReportState.OPEN


def test_without_a_desk_role_or_a_token_nothing_is_answered(script_as, published, make_user,
                                                            client):
    report = file(published)
    nobody = script_as(make_user("nora"))
    for path in (f"/translations/{published.translation_id}/reports", "/reports"):
        assert error_of(nobody.get(path), 403)["code"] == "permission_denied"
    assert error_of(nobody.post(f"/reports/{report.pk}/dismiss", {"reason": WHY}),
                    403)["code"] == "permission_denied"
    anonymous = client.post(f"/api/v1/reports/{report.pk}/dismiss", {"reason": WHY},
                            content_type="application/json")
    assert error_of(anonymous, 401)["code"] == "permission_denied"
    assert error_of(client.get("/api/v1/reports"), 401)
    assert state_of(report) == ReportState.OPEN


def test_an_administrator_may_take_either_step(script_as, published, make_user):
    admin = script_as(make_user("ada", "admin"))
    first, second = file(published), file(published, address="192.0.2.4")
    assert admin.post(f"/reports/{first.pk}/dismiss", {"reason": WHY}).status_code == 200
    answered = admin.post(f"/reports/{second.pk}/correction")
    assert answered.status_code == 200 and answered.json()["report"]["handled_by"] == "ada"


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_dismissal_and_a_correction_at_once_handle_the_report_once(script_as, published,
                                                                     editor, second_editor):
    report = file(published)
    scripts = [script_as(editor), script_as(second_editor)]
    answers = _race(2, lambda i: scripts[i].post(f"/reports/{report.pk}/dismiss",
                                                 {"reason": WHY}) if i == 0
                    else scripts[i].post(f"/reports/{report.pk}/correction"))
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200, 409], [a.content for a in answers]
    handled = trail(published)
    assert handled.count(reader_reports.DISMISSED) + handled.count(reader_reports.ANSWERED) == 1
    assert handled.count("correction_opened") == handled.count(reader_reports.ANSWERED)
    assert audit.verify(published.translation.article).problems == []


def test_the_operations_are_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/reports/{report_id}/dismiss"]) == {"post"}
    assert set(paths["/api/v1/reports/{report_id}/correction"]) == {"post"}
    assert set(paths["/api/v1/translations/{translation_id}/reports"]) == {"get"}
    assert set(paths["/api/v1/reports"]) == {"get"}
