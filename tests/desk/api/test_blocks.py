"""``/api/v1/translations/{id}/blocks``: a script leaves body blocks out of a translation and
puts them back, with the rules of the review screen (``exclusions``)."""

from __future__ import annotations

import pytest

from copydesk.desk import publishing, workflow
from copydesk.desk.models import AuditEvent, BlockExclusion, TranslationState
from tests.desk.api.conftest import error_of
from tests.desk.test_excluded_blocks import BOILERPLATE, REASON, confirm_kept, segments_of
from tests.desk.test_excluded_blocks import three as three  # the fixture

BACK = "Our readers need the source's disclosure after all."


def decisions(translation) -> int:
    return BlockExclusion.objects.filter(translation=translation).count()


def test_the_blocks_with_their_sources_and_segments(script_as, three, publisher):
    answer = script_as(publisher).get(f"/translations/{three.pk}/blocks")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["translation"], body["state"]) == (three.pk, "in_review")
    assert [b["key"] for b in body["blocks"]] == ["b1", "b2", "b3"]
    last = body["blocks"][2]
    assert (last["kind"], last["source"], last["excluded"], last["decision"]) == (
        "paragraph", BOILERPLATE, False, None)
    assert last["segments"] == [s.pk for s in segments_of(three, "b3")]


def test_an_editor_leaves_a_block_out_and_puts_it_back(script_as, three, editor):
    script = script_as(editor)
    answer = script.post(f"/translations/{three.pk}/blocks/b3/exclude", {"reason": REASON})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["translation"], body["state"]) == (three.pk, "in_review")
    shown = body["block"]
    assert (shown["key"], shown["excluded"], shown["decision"]["reason"],
            shown["decision"]["by"]) == ("b3", True, REASON, "erika")
    assert all(s.excluded for s in segments_of(three, "b3"))
    listed = script.get(f"/translations/{three.pk}/blocks").json()["blocks"]
    assert [b["excluded"] for b in listed] == [False, False, True]
    back = script.post(f"/translations/{three.pk}/blocks/b3/include", {"reason": BACK}).json()
    assert (back["block"]["excluded"], back["block"]["decision"]["reason"]) == (False, BACK)
    assert not any(s.excluded for s in segments_of(three, "b3"))
    kinds = list(AuditEvent.objects.filter(article_id=three.article_id, kind__startswith="block_")
                 .values_list("kind", flat=True).order_by("seq"))
    assert kinds == ["block_excluded", "block_included"]


def test_a_left_out_block_is_in_no_published_output(script_as, three, editor, publisher):
    script_as(editor).post(f"/translations/{three.pk}/blocks/b3/exclude", {"reason": REASON})
    confirm_kept(three, editor)
    made = script_as(editor).post(f"/translations/{three.pk}/approve")
    assert made.status_code == 200, made.content
    published = script_as(publisher).post(f"/translations/{three.pk}/publish")
    assert published.status_code == 201, published.content
    outputs = three.publications.get().outputs
    assert "FashionUnited" not in outputs["html"] and "FashionUnited" not in outputs["json"]


def test_leaving_out_a_block_of_an_approved_translation_takes_the_approval_back(
        script_as, three, editor):
    confirm_kept(three, editor)
    workflow.approve(three, user=editor)
    answer = script_as(editor).post(f"/translations/{three.pk}/blocks/b3/exclude",
                                    {"reason": REASON})
    assert answer.status_code == 200 and answer.json()["state"] == "in_review"
    three.refresh_from_db()
    assert three.state == TranslationState.IN_REVIEW


@pytest.mark.parametrize("who", ["publisher", "nobody"])
def test_only_editors_decide(script_as, three, publisher, make_user, who):
    user = publisher if who == "publisher" else make_user("nora")
    for step in ("exclude", "include"):
        error = error_of(script_as(user).post(f"/translations/{three.pk}/blocks/b3/{step}",
                                              {"reason": REASON}), 403)
        assert error["code"] == "permission_denied"
    assert decisions(three) == 0


def test_without_a_token_nothing_is_decided(client, three):
    answer = client.post(f"/api/v1/translations/{three.pk}/blocks/b3/exclude",
                         {"reason": REASON}, content_type="application/json")
    assert error_of(answer, 401)["code"] == "permission_denied"
    assert decisions(three) == 0


@pytest.mark.parametrize(("block", "status", "code"), [
    ("b9", 404, "not_found"), ("title", 400, "bad_input"), ("standfirst", 400, "bad_input"),
    ("b0", 400, "bad_input"), ("b01", 400, "bad_input"), ("B3", 400, "bad_input"),
    ("b\uff13", 400, "bad_input"), ("b3 ", 400, "bad_input"), ("b" + "9" * 15, 400, "bad_input"),
    ("b" + "9" * 40, 422, "bad_input")])
def test_only_an_existing_body_block_can_be_left_out(script_as, three, editor, block, status,
                                                    code):
    answer = script_as(editor).post(f"/translations/{three.pk}/blocks/{block}/exclude",
                                    {"reason": REASON})
    assert error_of(answer, status)["code"] == code
    assert decisions(three) == 0


@pytest.mark.parametrize(("reason", "status"), [("", 409), ("\u200b \u200b", 409),
                                                ("---- 1234", 409), ("lang " * 500, 400)])
def test_a_reason_a_person_did_not_write_changes_nothing(script_as, three, editor, reason,
                                                         status):
    error = error_of(script_as(editor).post(f"/translations/{three.pk}/blocks/b3/exclude",
                                            {"reason": reason}), status)
    assert "reason" in error["message"]
    assert decisions(three) == 0 and not any(s.excluded for s in segments_of(three, "b3"))


@pytest.mark.parametrize("body", [{}, {"reason": None}, {"reason": "Not\x00ours at all"}])
def test_a_request_that_does_not_fit_is_refused(script_as, three, editor, body):
    error = error_of(script_as(editor).post(f"/translations/{three.pk}/blocks/b3/exclude",
                                            body), 422)
    assert error["fields"]
    assert decisions(three) == 0


def test_twice_the_same_way_and_the_last_block_are_refused(script_as, three, editor):
    script = script_as(editor)
    script.post(f"/translations/{three.pk}/blocks/b3/exclude", {"reason": REASON})
    again = error_of(script.post(f"/translations/{three.pk}/blocks/b3/exclude",
                                 {"reason": REASON}), 409)
    assert "already left out" in again["message"]
    assert "part of the translation already" in error_of(
        script.post(f"/translations/{three.pk}/blocks/b1/include", {"reason": BACK}),
        409)["message"]
    script.post(f"/translations/{three.pk}/blocks/b2/exclude", {"reason": REASON})
    last = error_of(script.post(f"/translations/{three.pk}/blocks/b1/exclude",
                                {"reason": REASON}), 409)
    assert "last body block" in last["message"]
    assert decisions(three) == 2


def test_a_published_translation_needs_a_correction_first(script_as, three, editor, publisher):
    confirm_kept(three, editor)
    publishing.publish_translation(workflow.approve(three, user=editor), user=publisher)
    error = error_of(script_as(editor).post(f"/translations/{three.pk}/blocks/b3/exclude",
                                            {"reason": REASON}), 409)
    assert "open a correction first" in error["message"]
    assert decisions(three) == 0


@pytest.mark.parametrize("path", ["/translations/999/blocks",
                                  "/translations/999/blocks/b1/exclude"])
def test_no_such_translation(script_as, editor, db, path):
    script = script_as(editor)
    answer = script.post(path, {"reason": REASON}) if path.endswith("exclude") \
        else script.get(path)
    assert error_of(answer, 404)["code"] == "not_found"
