"""``/api/v1/translations``: listing, one translation, and the workflow's steps, each
refused where the web desk refuses it (the same gate, roles and evidence policy)."""

from __future__ import annotations

import pytest

from copydesk.desk import sources, workflow
from copydesk.desk.models import Edition, Publication, Segment, TranslationState
from tests.desk.api.conftest import error_of, live, review_through_api
from tests.desk.conftest import NO_CHECKS, confirm_all, story

REASON = "The council corrected the figure."


@pytest.fixture
def published(approved, publisher):
    from copydesk.desk import publishing

    publishing.publish_translation(approved, user=publisher)
    approved.refresh_from_db()
    return approved


def test_one_translation_with_progress_segments_and_evidence(script_as, translation,
                                                             publisher):
    answer = script_as(publisher).get(f"/translations/{translation.pk}")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["state"], body["edition"]["code"], body["source_version"]) == (
        "in_review", "de", 1)
    segments = live(translation)
    assert body["progress"] == {"confirmed": 0, "total": len(segments), "open_issues": 0,
                                "open_blockers": 0}
    first = body["segments"][0]
    assert (first["id"], first["key"], first["source"], first["version"]) == (
        segments[0].pk, segments[0].key, segments[0].source, segments[0].version)
    assert (first["confirmed"], first["origin"], first["issues"]) == (False, "mt", [])
    assert any("not confirmed" in p for p in body["problems"])
    assert body["evidence"]["policy"]["mode"] == "warn" and body["evidence"]["met"] is False
    assert body["publications"] == []


def test_translations_are_listed_by_state_and_edition(script_as, translation, editor):
    other = Edition.objects.create(code="nl", name="Dutch edition", language="nl",
                                   engine="pseudo", options=NO_CHECKS)
    article = sources.ingest(story(title="Ferry strike ends"), key="cms:ferry",
                             user=editor).article
    dutch = workflow.request_translation(article, other, user=editor)
    script = script_as(editor)
    everything = script.get("/translations").json()
    assert everything["count"] == 2
    assert [t["id"] for t in everything["items"]] == [translation.pk, dutch.pk]
    assert everything["items"][0]["total"] == len(live(translation))
    assert [t["id"] for t in script.get("/translations", edition="nl").json()["items"]] == [
        dutch.pk]
    assert script.get("/translations", state="approved").json() == {"count": 0, "items": []}
    page = script.get("/translations", limit=1, offset=1).json()
    assert page["count"] == 2 and [t["id"] for t in page["items"]] == [dutch.pk]


@pytest.mark.parametrize("query", [{"state": "done"}, {"limit": 0}, {"limit": 201},
                                   {"offset": -1}, {"limit": "many"}])
def test_a_list_query_out_of_range_is_refused(script_as, editor, query):
    error = error_of(script_as(editor).get("/translations", **query), 422)
    assert error["fields"][0]["location"].startswith("query.")


@pytest.mark.parametrize(("number", "status"), [(999, 404), (0, 422), (-5, 422),
                                                (2**63, 422), (2**70, 422), ("1.5", 422)])
def test_no_such_translation(script_as, editor, number, status):
    error = error_of(script_as(editor).get(f"/translations/{number}"), status)
    assert error["code"] == ("not_found" if status == 404 else "bad_input")


def test_unconfirmed_segments_are_not_approved(script_as, translation, editor):
    error = error_of(script_as(editor).post(f"/translations/{translation.pk}/approve"), 409)
    assert error["code"] == "workflow_error" and "not confirmed by an editor" in error["message"]
    translation.refresh_from_db()
    assert translation.state == TranslationState.IN_REVIEW


def test_pseudo_output_is_not_approved_even_when_confirmed(script_as, translation, editor):
    script = script_as(editor)
    for segment in live(translation):
        assert script.post(f"/segments/{segment.pk}/confirm",
                           {"version": segment.version}).status_code == 200
    error = error_of(script.post(f"/translations/{translation.pk}/approve", {}), 409)
    assert "pseudo-translation test output" in error["message"]


def test_an_open_blocker_stops_approval_until_it_is_overridden(script_as, translation, editor,
                                                                edition):
    script = script_as(editor)
    review_through_api(script, translation)
    edition.options = {"checks": {"enabled": ["numbers"]}}  # from the next save on
    edition.save()
    segment = Segment.objects.get(translation=translation,
                                  source="The ministry paid 3.5 million euros.")
    saved = script.put(f"/segments/{segment.pk}", {"target": "Das Ministerium zahlte viel Geld.",
                                                   "version": segment.version}).json()
    blocker = next(i for i in saved["segment"]["issues"] if i["severity"] == "blocker")
    assert blocker["check"] == "numbers" and blocker["overridden"] is False
    assert saved["progress"]["open_blockers"] == 1
    script.post(f"/segments/{segment.pk}/confirm", {"version": saved["segment"]["version"]})
    error = error_of(script.post(f"/translations/{translation.pk}/approve"), 409)
    assert "open blocker (numbers)" in error["message"]
    version = Segment.objects.get(pk=segment.pk).version
    stale = script.post(f"/segments/{segment.pk}/override", {
        "check": "numbers", "issue": blocker["id"], "reason": REASON, "version": version - 1})
    assert error_of(stale, 409)["code"] == "edit_conflict"
    made = script.post(f"/segments/{segment.pk}/override", {
        "check": "numbers", "issue": blocker["id"], "reason": REASON, "version": version})
    assert made.status_code == 201, made.content
    assert made.json()["segment"]["issues"][0]["overridden"] is True
    approved = script.post(f"/translations/{translation.pk}/approve")
    assert approved.status_code == 200, approved.content
    assert approved.json() == {"id": translation.pk, "edition": "de", "state": "approved"}


@pytest.fixture
def strict_review(translation, edition):
    edition.options = {**NO_CHECKS, "review_policy": "block"}
    edition.save()
    return translation


def test_weak_review_evidence_needs_a_second_editor_with_a_reason(script_as, strict_review,
                                                                   editor, second_editor):
    first, second = script_as(editor), script_as(second_editor)
    review_through_api(first, strict_review)  # no time on the review screen at all
    own = error_of(first.post(f"/translations/{strict_review.pk}/approve",
                              {"reason": REASON}), 409)
    assert "a second editor must approve it" in own["message"]
    unexplained = error_of(second.post(f"/translations/{strict_review.pk}/approve"), 409)
    assert "with a written reason" in unexplained["message"]
    detail = second.get(f"/translations/{strict_review.pk}").json()
    assert detail["evidence"]["met"] is False and detail["evidence"]["reasons"]
    approved = second.post(f"/translations/{strict_review.pk}/approve", {"reason": REASON})
    assert approved.status_code == 200 and approved.json()["state"] == "approved"


def test_publishing_needs_a_publisher_and_an_approval(script_as, translation, editor,
                                                      publisher):
    assert error_of(script_as(publisher).post(f"/translations/{translation.pk}/publish"),
                    409)["code"] == "workflow_error"
    confirm_all(translation, editor)
    workflow.approve(translation, user=editor)
    refused = error_of(script_as(editor).post(f"/translations/{translation.pk}/publish"), 403)
    assert "'publisher' role" in refused["message"]
    assert not Publication.objects.exists()
    made = script_as(publisher).post(f"/translations/{translation.pk}/publish")
    assert made.status_code == 201, made.content
    publication = Publication.objects.get()
    assert made.json() == {"id": publication.pk, "kind": "first",
                           "published_at": made.json()["published_at"], "source_version": 1,
                           "formats": ["fragment", "html", "json", "md", "ninjs", "ninjs1"]}
    shown = script_as(editor).get(f"/translations/{translation.pk}").json()
    assert shown["state"] == "published" and shown["publications"][0]["id"] == publication.pk


def test_a_correction_reopens_a_published_translation(script_as, published, editor,
                                                      publisher):
    path = f"/translations/{published.pk}/correction"
    assert error_of(script_as(editor).post(path, {"reason": "."}), 409)  # no written reason
    assert error_of(script_as(editor).post(path, {}), 422)["fields"][0]["location"] == (
        "body.payload.reason")
    assert error_of(script_as(publisher).post(path, {"reason": REASON}), 403)
    reopened = script_as(editor).post(path, {"reason": REASON})
    assert reopened.status_code == 200 and reopened.json()["state"] == "in_review"


def test_a_publisher_withdraws_a_published_translation(script_as, published, editor,
                                                       publisher):
    path = f"/translations/{published.pk}/withdraw"
    assert error_of(script_as(editor).post(path, {"reason": REASON}), 403)
    done = script_as(publisher).post(path, {"reason": REASON})
    assert done.status_code == 200 and done.json()["state"] == "withdrawn"
    again = error_of(script_as(publisher).post(path, {"reason": REASON}), 409)
    assert again["code"] == "workflow_error"


def test_someone_without_a_desk_role_gets_nothing(script_as, make_user, translation):
    nobody = script_as(make_user("guest"))
    for answer in (nobody.get("/translations"), nobody.get(f"/translations/{translation.pk}"),
                   nobody.post(f"/translations/{translation.pk}/approve")):
        assert "holds no desk role" in error_of(answer, 403)["message"]
