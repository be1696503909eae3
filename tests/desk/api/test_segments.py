"""``/api/v1/segments``: saves and confirmations made on a version, never lost in a race."""

from __future__ import annotations

import json

import pytest

from copydesk.desk import publishing
from copydesk.desk.models import Revision, Segment
from tests.desk.api.conftest import error_of, live
from tests.desk.conftest import confirm_all

TEXT = "Das Ministerium zahlte 3,5 Millionen Euro."


@pytest.fixture
def segment(translation):
    return live(translation)[2]  # "The ministry paid 3.5 million euros."


def test_a_save_is_a_new_version_by_the_editor(script_as, segment, editor):
    answer = script_as(editor).put(f"/segments/{segment.pk}",
                                   {"target": TEXT, "version": segment.version})
    assert answer.status_code == 200, answer.content
    shown = answer.json()["segment"]
    assert (shown["target"], shown["version"], shown["origin"], shown["state"]) == (
        TEXT, segment.version + 1, "editor", "draft")
    assert shown["machine"] == segment.draft_text
    assert Revision.objects.filter(segment=segment).latest("id").author == editor


def test_a_save_from_a_stale_version_is_a_conflict_with_both_texts(script_as, segment, editor,
                                                                   second_editor):
    script_as(editor).put(f"/segments/{segment.pk}", {"target": TEXT, "version": segment.version})
    late = script_as(second_editor).put(f"/segments/{segment.pk}",
                                        {"target": "Andere Fassung.", "version": segment.version})
    error = error_of(late, 409)
    assert error["code"] == "edit_conflict"
    assert (error["theirs"], error["yours"], error["current_version"]) == (
        TEXT, "Andere Fassung.", segment.version + 1)
    assert Segment.objects.get(pk=segment.pk).target == TEXT


def test_a_confirmation_is_made_on_the_version_seen(script_as, segment, editor):
    script = script_as(editor)
    stale = script.post(f"/segments/{segment.pk}/confirm", {"version": segment.version + 1})
    assert error_of(stale, 409)["current_version"] == segment.version
    confirmed = script.post(f"/segments/{segment.pk}/confirm",
                            {"version": segment.version, "target": TEXT})
    assert confirmed.status_code == 200
    body = confirmed.json()
    assert body["segment"]["confirmed"] is True and body["segment"]["confirmed_by"] == "erika"
    assert body["segment"]["target"] == TEXT and body["progress"]["confirmed"] == 1


def test_only_editors_change_segments(script_as, segment, publisher):
    script = script_as(publisher)
    for answer in (script.put(f"/segments/{segment.pk}", {"target": TEXT, "version": 1}),
                   script.post(f"/segments/{segment.pk}/confirm", {"version": 1}),
                   script.post(f"/segments/{segment.pk}/override", {
                       "check": "numbers", "issue": "x", "reason": "Fine as it is.",
                       "version": 1})):
        assert error_of(answer, 403)["code"] == "permission_denied"
    assert Segment.objects.get(pk=segment.pk).version == segment.version


def test_a_published_translation_needs_a_correction_first(script_as, approved, editor,
                                                          publisher):
    publishing.publish_translation(approved, user=publisher)
    segment = live(approved)[0]
    error = error_of(script_as(editor).put(f"/segments/{segment.pk}",
                                           {"target": TEXT, "version": segment.version}), 409)
    assert "open a correction" in error["message"]


def test_a_text_that_loses_the_sources_tags_is_refused(script_as, translation, editor):
    from copydesk.desk.models import Segment as Row

    segment = live(translation)[3]
    Row.objects.filter(pk=segment.pk).update(source="Read <g1>the report</g1>.")
    error = error_of(script_as(editor).put(f"/segments/{segment.pk}",
                                           {"target": "Lesen Sie den Bericht.",
                                            "version": segment.version}), 400)
    assert "lost the formatting tag(s) <g1>, </g1>" in error["message"]


def test_an_override_names_an_issue_that_is_there(script_as, approved, editor):
    segment = live(approved)[0]
    error = error_of(script_as(editor).post(f"/segments/{segment.pk}/override", {
        "check": "numbers", "issue": "n35", "reason": "The figure is in the headline.",
        "version": segment.version}), 409)
    assert "no open blocking issue" in error["message"]


@pytest.mark.parametrize(("body", "status"), [
    ({"target": TEXT}, 422),  # no version
    ({"target": TEXT, "version": -1}, 422),
    ({"target": TEXT, "version": 2**31}, 422),
    ({"target": TEXT, "version": "1"}, 200),  # a number in a string is a number
    ({"target": TEXT, "version": "one"}, 422),
    ({"target": 7, "version": 1}, 422),
    ({"target": None, "version": 1}, 422),
    ([TEXT, 1], 422),
    ({"target": "Ein Satz.\x00", "version": 1}, 422),
    ({"target": "x" * 20_001, "version": 1}, 400),
    ({"target": "Brücke 🌉 ‏جسر‎ 橋.", "version": 1}, 200),
])
def test_what_a_save_takes(script_as, segment, editor, body, status):
    answer = script_as(editor).put(f"/segments/{segment.pk}", body)
    if status == 200:
        assert answer.status_code == 200, answer.content
    else:
        assert error_of(answer, status)["code"] == "bad_input"
        assert Segment.objects.get(pk=segment.pk).version == segment.version


@pytest.mark.parametrize("raw", ["not json", '{"target": "a", "version": 1', "[" * 100_000,
                                 '{"target": "\\ud83d", "version": 1}'])
def test_a_body_that_is_not_json_text_is_refused(script_as, segment, editor, raw):
    answer = script_as(editor).put(f"/segments/{segment.pk}", raw)
    assert answer.status_code in (400, 422)
    assert error_of(answer, answer.status_code)["code"] == "bad_input"


def test_a_body_over_the_limit_is_too_large(script_as, segment, editor):
    huge = json.dumps({"target": "x" * 3_000_000, "version": 1})
    assert error_of(script_as(editor).put(f"/segments/{segment.pk}", huge),
                    413)["code"] == "too_large"


@pytest.mark.parametrize(("number", "status"), [(10**6, 404), (-1, 422), (2**64, 422)])
def test_no_such_segment(script_as, editor, number, status):
    assert error_of(script_as(editor).post(f"/segments/{number}/confirm", {"version": 1}),
                    status)


def test_every_segment_confirmed_through_the_api_is_what_the_gate_sees(script_as, translation,
                                                                       editor):
    confirm_all(translation, editor)
    shown = script_as(editor).get(f"/translations/{translation.pk}").json()
    assert shown["problems"] == []
    assert all(s["confirmed"] and s["confirmed_by"] == "erika" for s in shown["segments"])
