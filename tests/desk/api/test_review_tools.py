"""The review tools through the API: find and replace, concordance, a glossary term."""

from __future__ import annotations

import pytest

from copydesk.desk import glossary, revisions
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.models import AdminEvent, Segment
from copydesk.memory import TranslationMemory
from tests.desk.api.conftest import error_of


@pytest.fixture
def worded(translation, editor):
    for key, text in (("b1.s1", "Das Ministerium zahlte 3,5 Millionen."),
                      ("b1.s2", "Die Arbeit beginnt im Mai. Das MINISTERIUM.")):
        segment = translation.segments.get(key=key)
        revisions.save_segment(segment.pk, text, base_version=segment.version, user=editor)
    return translation


def test_preview_then_apply(script_as, editor, worded):
    script = script_as(editor)
    query = {"find": "ministerium", "replace": "Amt", "whole_word": True}
    preview = script.post(f"/translations/{worded.pk}/replace/preview", query)
    assert preview.status_code == 200, preview.content
    assert preview.json()["hits"] == 2
    chosen = [[s["id"], s["version"]] for s in preview.json()["segments"]]
    applied = script.post(f"/translations/{worded.pk}/replace", {**query, "segments": chosen})
    assert applied.status_code == 200, applied.content
    assert {s["target"] for s in applied.json()["segments"]} == {
        "Das Amt zahlte 3,5 Millionen.", "Die Arbeit beginnt im Mai. Das Amt."}
    again = script.post(f"/translations/{worded.pk}/replace", {**query, "segments": chosen})
    error = error_of(again, 409)
    assert error["code"] == "edit_conflict" and "b1.s1" in error["message"]


@pytest.mark.parametrize("segments", [[], [[1]], [[0, 1]], [["a", 1]]])
def test_malformed_choices_are_422(script_as, editor, worded, segments):
    answer = script_as(editor).post(f"/translations/{worded.pk}/replace",
                                    {"find": "x", "segments": segments})
    assert error_of(answer, 422)["code"] == "bad_input"


def test_a_huge_find_is_refused(script_as, editor, worded):
    answer = script_as(editor).post(f"/translations/{worded.pk}/replace/preview",
                                    {"find": "x" * 100_000})
    assert error_of(answer, 422)["code"] == "bad_input"
    answer = script_as(editor).post(f"/translations/{worded.pk}/replace/preview",
                                    {"find": "x" * 300})
    assert error_of(answer, 400)["code"] == "too_large"


def test_a_publisher_cannot_replace(script_as, publisher, worded):
    segment = Segment.objects.filter(translation=worded).first()
    answer = script_as(publisher).post(f"/translations/{worded.pk}/replace", {
        "find": "Das", "replace": "Der", "segments": [[segment.pk, segment.version]]})
    assert error_of(answer, 403)["code"] == "permission_denied"


def test_concordance_by_edition_and_by_translation(script_as, editor, worded, desk_home):
    with TranslationMemory.in_home(copydesk_settings().home_path) as tm:
        tm.add("The ministry paid.", "Das Ministerium zahlte.", "en", "de", editor="erika")
    script = script_as(editor)
    by_edition = script.get("/concordance", q="MINISTRY paid", edition="de")
    assert by_edition.status_code == 200, by_edition.content
    assert [r["target"] for r in by_edition.json()["results"]] == ["Das Ministerium zahlte."]
    by_translation = script.get("/concordance", q="ministry", translation=worded.pk)
    assert by_translation.json()["total"] == 1
    assert error_of(script.get("/concordance", q="x" * 201, edition="de"), 400)["code"] == (
        "too_large")
    assert error_of(script.get("/concordance", q="ministry", edition="zz"), 404)


def test_glossary_term_needs_an_administrator(script_as, editor, make_user, worded):
    body = {"source": "ministry", "type": "preferred", "target": "Ministerium",
            "case": "insensitive"}
    refused = error_of(script_as(editor).post(f"/translations/{worded.pk}/glossary", body), 403)
    assert "administrators" in refused["message"] and not AdminEvent.objects.exists()
    admin = make_user("ada", "admin")
    added = script_as(admin).post(f"/translations/{worded.pk}/glossary", body)
    assert added.status_code == 201, added.content
    assert [t.target for t in glossary.show("de").terms] == ["Ministerium"]
    assert AdminEvent.objects.get().kind == "glossary_term_added"
