"""``/api/v1/translations/{id}/xliff``: the file out, a translated file back as edits."""

from __future__ import annotations

from django.test import Client

from copydesk.desk.models import Segment
from tests.desk.api.conftest import API, error_of
from tests.desk.test_xliff_exchange import with_target

XLIFF = "application/xliff+xml"


def download(script, translation, version="2.0"):
    answer = script.get(f"/translations/{translation.pk}/xliff", version=version)
    assert answer.status_code == 200, answer.content
    assert answer["Content-Type"].startswith(XLIFF)
    assert "attachment" in answer["Content-Disposition"]
    return answer.content.decode("utf-8")


def upload(script, translation, data):
    return script.client.post(f"{API}/translations/{translation.pk}/xliff", data.encode(),
                              content_type=XLIFF)


def test_a_file_out_and_back_with_one_target_translated(script_as, translation, editor):
    script = script_as(editor)
    for version in ("1.2", "2.0"):
        assert f'version="{version}"' in download(script, translation, version)
    data = with_target(download(script, translation), "b1.s1", "Über die API übersetzt.")
    answer = upload(script, translation, data)
    assert answer.status_code == 200, answer.content
    report = answer.json()
    assert report["changed"] == ["b1.s1"] and report["xliff_version"] == "2.0"
    assert report["conflicted"] == [] and report["refused"] == []
    assert Segment.objects.get(translation=translation, key="b1.s1",
                               active=True).target == "Über die API übersetzt."


def test_a_conflict_is_in_the_report_with_both_texts(script_as, translation, editor):
    script = script_as(editor)
    data = download(script, translation)
    segment = Segment.objects.get(translation=translation, key="b1.s1", active=True)
    script.put(f"/segments/{segment.pk}", {"target": "Zuerst.", "version": segment.version})
    report = upload(script, translation, with_target(data, "b1.s1", "Danach.")).json()
    assert report["conflicted"] == [{"segment": "b1.s1", "theirs": "Zuerst.", "yours": "Danach.",
                                     "current_version": segment.version + 1}]


def test_refusals_have_the_apis_codes(script_as, translation, editor, publisher):
    data = download(script_as(editor), translation)
    denied = error_of(upload(script_as(publisher), translation, data), 403)
    assert denied["code"] == "permission_denied"
    bad = error_of(upload(script_as(editor), translation, "<xliff"), 400)
    assert bad["code"] == "bad_input" and "not well-formed" in bad["message"]
    empty = error_of(upload(script_as(editor), translation, ""), 400)
    assert "request body" in empty["message"]
    missing = error_of(script_as(editor).get("/translations/999999/xliff"), 404)
    assert missing["code"] == "not_found"
    wrong = script_as(editor).get(f"/translations/{translation.pk}/xliff", version="3.0")
    assert error_of(wrong, 422)["code"] == "bad_input"


def test_without_a_token_nothing_is_answered(translation):
    answer = Client().get(f"{API}/translations/{translation.pk}/xliff")
    assert error_of(answer, 401)["code"] == "permission_denied"


def test_a_body_over_the_request_limit_is_a_413(script_as, translation, editor):
    from django.conf import settings

    big = "<xliff>" + " " * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + "</xliff>"
    assert error_of(upload(script_as(editor), translation, big), 413)["code"] == "too_large"
