"""Review evidence: what the review screen reports, what the desk credits, and the policy
that keeps a rubber-stamped article from being published as reviewed."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from copydesk.desk import audit, evidence, publishing, revisions, tokens, workflow
from copydesk.desk.models import (
    AuditEvent,
    Edition,
    ReviewActivity,
    ReviewPresence,
    TranslationState,
)
from copydesk.errors import (
    ConfigError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    WorkflowError,
)
from tests.desk.conftest import NO_CHECKS, confirm_all, edit_all, spend_review_time
from tests.desk.test_views_auth import signed_in

WORDS = 34  # of the test story: 8 + 7 + 6 + 4 + 9
REVIEWED_DE = "von unserer Redaktion geprüft"
APPROVED_DE = "zur Veröffentlichung freigegeben"


@pytest.fixture
def frozen(monkeypatch):
    """The desk's clock, stopped at a known moment (``frozen.now``), moved by hand."""

    class Clock:
        now = timezone.now()

        def advance(self, seconds: float) -> None:
            self.now += timedelta(seconds=seconds)

    clock = Clock()
    monkeypatch.setattr(evidence.timezone, "now", lambda: clock.now)
    return clock


def set_policy(translation, **options):
    edition = translation.edition
    edition.options = {**NO_CHECKS, **options}
    edition.save()
    translation.refresh_from_db()


def rubber_stamp(translation, user):
    """Confirm everything with no time on the review screen (as a script would)."""
    confirm_all(translation, user, review_seconds=0)


def approval(translation):
    return (AuditEvent.objects.filter(kind="approved", payload__translation=translation.pk)
            .order_by("-seq").first())


# --- what the desk credits ---------------------------------------------------------------

def test_a_report_is_credited_with_no_more_than_the_time_that_passed(translation, editor,
                                                                     frozen):
    first, second = translation.segments.filter(active=True)[:2]
    evidence.opened(translation, editor)
    frozen.advance(10)
    claimed = [evidence.Report(first.pk, 40_000, keystrokes=5, focuses=1),
               evidence.Report(second.pk, 20_000)]
    credited = evidence.record(translation.pk, claimed, user=editor)
    assert credited == 10_000 + evidence.CLOCK_SLACK_MS  # 60 s claimed after 10 s on the page
    rows = {r.segment_id: r for r in ReviewActivity.objects.all()}
    assert (rows[first.pk].claimed_ms, rows[first.pk].active_ms) == (40_000, 8_000)
    assert (rows[second.pk].claimed_ms, rows[second.pk].active_ms) == (20_000, 4_000)
    assert rows[first.pk].keystrokes == 5


def test_an_honest_report_is_credited_in_full(translation, editor, frozen):
    segment = translation.segments.filter(active=True).first()
    evidence.opened(translation, editor)
    frozen.advance(15)
    assert evidence.record(translation.pk, [evidence.Report(segment.pk, 14_000)],
                           user=editor) == 14_000


def test_reports_sent_back_to_back_share_one_clock(translation, editor, frozen):
    segment = translation.segments.filter(active=True).first()
    evidence.opened(translation, editor)
    frozen.advance(15)
    report = [evidence.Report(segment.pk, 15_000)]
    assert evidence.record(translation.pk, report, user=editor) == 15_000
    assert evidence.record(translation.pk, report, user=editor) == evidence.CLOCK_SLACK_MS


def test_a_report_without_an_open_page_is_not_credited(translation, editor, frozen):
    segment = translation.segments.filter(active=True).first()
    assert evidence.record(translation.pk, [evidence.Report(segment.pk, 30_000)],
                           user=editor) == 0
    assert not ReviewActivity.objects.exists()
    assert ReviewPresence.objects.get().seen_at == frozen.now  # the clock starts here


def test_reports_naming_another_translations_segment_store_nothing(translation, editor,
                                                                   frozen):
    german = Edition.objects.create(code="at", name="Austria", language="de-AT",
                                    engine="pseudo", options=NO_CHECKS)
    other = workflow.request_translation(translation.article, german, user=editor)
    mine = translation.segments.filter(active=True).first()
    theirs = other.segments.filter(active=True).first()
    evidence.opened(translation, editor)
    frozen.advance(30)
    with pytest.raises(InputError, match="not in this translation"):
        evidence.record(translation.pk, [evidence.Report(mine.pk, 1000),
                                         evidence.Report(theirs.pk, 1000)], user=editor)
    assert not ReviewActivity.objects.exists()


def test_only_editors_report_and_only_while_in_review(translation, editor, publisher, frozen):
    segment = translation.segments.filter(active=True).first()
    with pytest.raises(PermissionDeniedError):
        evidence.record(translation.pk, [evidence.Report(segment.pk, 1000)], user=publisher)
    with pytest.raises(NotFoundError):
        evidence.record(999_999, [], user=editor)
    confirm_all(translation, editor)
    approved = workflow.approve(translation, user=editor)
    publishing.publish_translation(approved, user=publisher)
    before = ReviewActivity.objects.count()
    evidence.opened(approved, editor)
    frozen.advance(10)
    assert evidence.record(approved.pk, [evidence.Report(segment.pk, 5000)], user=editor) == 0
    assert ReviewActivity.objects.count() == before


@pytest.mark.parametrize("payload", [
    None, [], "segments", {"segments": "all"}, {"segments": [1]},
    {"segments": [{"segment": "1", "active_ms": 10}]},
    {"segments": [{"segment": 1, "active_ms": -5}]},
    {"segments": [{"segment": 1, "active_ms": 1.5}]},
    {"segments": [{"segment": 1, "active_ms": True}]},
    {"segments": [{"segment": 1, "active_ms": 10 ** 12}]},
    {"segments": [{"segment": n, "active_ms": 1} for n in range(501)]},
])
def test_malformed_reports_are_refused_with_advice(payload):
    with pytest.raises(InputError, match="reload the page"):
        evidence.parse_reports(payload)


def test_one_entry_never_claims_more_than_a_reports_worth():
    parsed = evidence.parse_reports({"segments": [{"segment": 3, "active_ms": 900_000}]})
    assert parsed == [evidence.Report(3, evidence.MAX_REPORT_MS, 0, 0)]


# --- what the evidence says ----------------------------------------------------------------

def test_a_scripted_review_session_gives_exactly_its_figures(translation, editor, frozen):
    segments = {s.key: s for s in translation.segments.filter(active=True)}
    assert sum(evidence.postedit.words(s.source) for s in segments.values()) == WORDS
    edit_all(translation, editor)  # every pseudo segment rewritten: all edited
    evidence.opened(translation, editor)
    frozen.advance(60)
    keys = sorted(segments)
    reports = [evidence.Report(segments[k].pk, 12_000, keystrokes=10, focuses=1) for k in keys]
    assert evidence.record(translation.pk, reports, user=editor) == 60_000
    measured = evidence.measure(translation)
    summary = measured.summary()
    assert summary["segments"] == 5 and summary["words"] == WORDS
    assert summary["active_seconds"] == 60.0 and summary["keystrokes"] == 50
    assert summary["words_per_minute"] == WORDS  # 34 words in one minute
    assert summary["edited_segments"] == 5 and summary["unedited_share"] == 0
    assert summary["confirmed_unchanged"] == 0
    assert (summary["flagged_segments"], summary["flagged_edited"]) == (0, 0)  # no checks on
    machine = measured.segments[0]
    assert machine.machine == segments[machine.key].target  # the pseudo draft, as given
    assert evidence.assess(measured, evidence.Policy()).met


def test_untouched_machine_text_read_in_seconds_is_a_rubber_stamp(translation, editor):
    for segment in translation.segments.filter(active=True):  # pretend the engine was real
        type(segment).objects.filter(pk=segment.pk).update(draft_origin="mt")
    measured = evidence.measure(translation)
    assert measured.unedited_share == 1.0
    judged = evidence.assess(measured, evidence.Policy())
    assert not judged.met and len(judged.reasons) == 2
    assert "no active time recorded" in judged.reasons[0]
    assert "100% of the machine text was left unedited" in judged.reasons[1]
    assert evidence.assess(measured, evidence.Policy(mode=evidence.OFF)).met


def test_reading_too_fast_is_caught_even_with_edits(translation, editor):
    edit_all(translation, editor)
    spend_review_time(translation, editor, 3)  # 34 words in 3 s: 680 words a minute
    judged = evidence.assessment(translation)
    assert judged.reasons == (judged.reasons[0],) and "680 words a minute" in judged.reasons[0]


@pytest.mark.parametrize(("options", "named"), [
    ({"review_policy": "strict"}, "review_policy"),
    ({"review_policy": ""}, "review_policy"),
    ({"review_max_words_per_minute": 0}, "review_max_words_per_minute"),
    ({"review_max_words_per_minute": "fast"}, "review_max_words_per_minute"),
    ({"review_max_words_per_minute": True}, "review_max_words_per_minute"),
    ({"review_max_unedited_share": 1.5}, "review_max_unedited_share"),
    ({"review_min_seconds_per_100_words": float("nan")}, "review_min_seconds_per_100_words"),
])
def test_a_bad_policy_setting_is_named(options, named):
    with pytest.raises(ConfigError, match=named):
        evidence.Policy.of(options)


# --- the gate ------------------------------------------------------------------------------

def test_warn_approves_a_rubber_stamp_but_records_it_and_never_claims_a_review(
        translation, editor, publisher):
    rubber_stamp(translation, editor)
    approved = workflow.approve(translation, user=editor)
    recorded = approval(approved).payload["review_evidence"]
    assert recorded["met"] is False and recorded["policy"]["mode"] == "warn"
    assert recorded["active_seconds"] == 0 and recorded["reasons"]
    assert audit.verify(approved.article).ok
    publication = publishing.publish_translation(approved, user=publisher)
    assert publication.provenance["reviewed"] is True  # people confirmed it...
    assert publication.provenance["review_evidence"]["met"] is False  # ...too fast
    for text in publication.outputs.values():
        assert APPROVED_DE in text and REVIEWED_DE not in text


def test_a_real_review_is_published_as_reviewed(translation, editor, publisher):
    confirm_all(translation, editor, review_seconds=120)
    approved = workflow.approve(translation, user=editor)
    publication = publishing.publish_translation(approved, user=publisher)
    assert publication.provenance["review_evidence"]["met"] is True
    assert publication.provenance["review_evidence"]["active_seconds"] == 120.0
    assert REVIEWED_DE in publication.outputs["html"]
    linked = re.search(r'<script type="application/ld\+json">(.*?)</script>',
                       publication.outputs["html"], re.DOTALL)
    assert {"@type": "PropertyValue", "propertyID": "reviewEvidenceMet", "value": True} in (
        json.loads(linked.group(1))["additionalProperty"])


def test_block_refuses_the_editor_who_rubber_stamped(translation, editor):
    set_policy(translation, review_policy="block")
    rubber_stamp(translation, editor)
    with pytest.raises(WorkflowError, match="You confirmed segments of it, so a second editor"):
        workflow.approve(translation, user=editor, reason="I read it carefully, honestly.")
    translation.refresh_from_db()
    assert translation.state == TranslationState.IN_REVIEW
    assert approval(translation) is None


@pytest.mark.parametrize("reason", ["", "   ", "ok", "\u200b\u200b\u200b\u200b\u200b",
                                    "\u00a0\u2003\u2060 ok."])
def test_block_needs_a_second_editors_written_reason(translation, editor, second_editor,
                                                     reason):
    set_policy(translation, review_policy="block")
    rubber_stamp(translation, editor)
    with pytest.raises((WorkflowError, InputError)):
        workflow.approve(translation, user=second_editor, reason=reason)
    translation.refresh_from_db()
    assert translation.state == TranslationState.IN_REVIEW


def test_block_lets_a_second_editor_approve_with_a_reason_and_still_no_review_claim(
        translation, editor, second_editor, publisher):
    set_policy(translation, review_policy="block")
    rubber_stamp(translation, editor)
    approved = workflow.approve(translation, user=second_editor,
                                reason="Agency copy we already checked in the source edition.")
    event = approval(approved)
    assert event.actor == f"user:{second_editor.username}"
    assert event.payload["evidence_exception"] == {
        "reason": "Agency copy we already checked in the source edition."}
    publication = publishing.publish_translation(approved, user=publisher)
    assert publication.provenance["review_evidence"]["exception"]["reason"].startswith("Agency")
    assert APPROVED_DE in publication.outputs["md"] and REVIEWED_DE not in publication.outputs["md"]


def test_block_passes_a_real_review_without_a_reason(translation, editor):
    set_policy(translation, review_policy="block")
    confirm_all(translation, editor, review_seconds=120)
    approved = workflow.approve(translation, user=editor)
    assert approval(approved).payload["review_evidence"]["met"] is True
    assert "evidence_exception" not in approval(approved).payload


def test_off_measures_but_never_stands_in_the_way(translation, editor, publisher):
    set_policy(translation, review_policy="off")
    rubber_stamp(translation, editor)
    approved = workflow.approve(translation, user=editor)
    assert approval(approved).payload["review_evidence"]["met"] is True
    publication = publishing.publish_translation(approved, user=publisher)
    assert REVIEWED_DE in publication.outputs["html"]


def test_a_broken_policy_stops_approval_with_the_setting_named(translation, editor):
    set_policy(translation, review_policy="sometimes")
    confirm_all(translation, editor)
    with pytest.raises(ConfigError, match="review_policy"):
        workflow.approve(translation, user=editor)
    translation.refresh_from_db()
    assert translation.state == TranslationState.IN_REVIEW


def test_an_edit_after_approval_is_measured_again(translation, editor):
    confirm_all(translation, editor, review_seconds=120)
    approved = workflow.approve(translation, user=editor)
    segment = approved.segments.filter(active=True).first()
    saved = revisions.save_segment(segment.pk, segment.target + " Neu.",
                                   base_version=segment.version, user=editor)
    assert saved.post_edit["edits"] >= 1
    approved.refresh_from_db()
    assert approved.state == TranslationState.IN_REVIEW  # approval taken back


# --- every caller: the review screen, a script with a token --------------------------------

def test_the_review_screen_reports_and_shows_the_evidence(client, translation, editor):
    signed_in(client, editor)
    page = client.get(reverse("desk:review", args=[translation.pk]))
    assert b'id="evidence"' in page.content and b"data-activity-url" in page.content
    segment = translation.segments.filter(active=True).first()
    presence = ReviewPresence.objects.get(translation=translation, user=editor)
    ReviewPresence.objects.filter(pk=presence.pk).update(
        seen_at=presence.seen_at - timedelta(seconds=20))
    answer = client.post(reverse("desk:activity", args=[translation.pk]),
                         data=json.dumps({"segments": [{"segment": segment.pk,
                                                        "active_ms": 15_000,
                                                        "keystrokes": 4, "focuses": 1}]}),
                         content_type="application/json", HTTP_ACCEPT="application/json")
    assert answer.status_code == 200
    assert answer.json()["credited_ms"] == 15_000
    assert "15 s of active review" in answer.json()["evidence_html"]


@pytest.mark.parametrize("body", [b"not json", b"\xff\xfe", b'{"segments": 3}', b""])
def test_the_activity_endpoint_answers_bad_input_with_a_clear_400(client, translation, editor,
                                                                  body):
    signed_in(client, editor)
    answer = client.post(reverse("desk:activity", args=[translation.pk]), data=body,
                         content_type="application/json", HTTP_ACCEPT="application/json")
    assert answer.status_code == 400
    assert "reload the page" in answer.json()["error"]


def test_a_publisher_cannot_report_activity(client, translation, publisher):
    signed_in(client, publisher)
    answer = client.post(reverse("desk:activity", args=[translation.pk]), data="{}",
                         content_type="application/json", HTTP_ACCEPT="application/json")
    assert answer.status_code == 403


def test_the_web_approve_form_carries_the_second_editors_reason(client, translation, editor,
                                                               second_editor):
    set_policy(translation, review_policy="block")
    rubber_stamp(translation, editor)
    signed_in(client, second_editor)
    page = client.get(reverse("desk:review", args=[translation.pk]))
    assert b'name="reason" required' in page.content and b"second editor" in page.content
    refused = client.post(reverse("desk:approve", args=[translation.pk]),
                          HTTP_ACCEPT="application/json")
    assert refused.status_code == 409 and "written reason" in refused.json()["error"]
    client.post(reverse("desk:approve", args=[translation.pk]),
                {"reason": "Checked against the wire copy line by line."})
    translation.refresh_from_db()
    assert translation.state == TranslationState.APPROVED


def test_a_script_with_a_token_meets_the_same_policy(translation, editor, second_editor):
    set_policy(translation, review_policy="block")
    rubber_stamp(translation, editor)
    _, token = tokens.issue(editor, "script")
    script = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {token}",
                                                        "Accept": "application/json"})
    refused = script.post(reverse("desk:approve", args=[translation.pk]))
    assert refused.status_code == 409 and "second editor" in refused.json()["error"]
    translation.refresh_from_db()
    assert translation.state == TranslationState.IN_REVIEW


def test_an_oversized_report_is_refused_without_a_server_error(client, translation, editor):
    signed_in(client, editor)
    body = json.dumps({"segments": [], "padding": "x" * 3_000_000})
    answer = client.post(reverse("desk:activity", args=[translation.pk]), data=body,
                         content_type="application/json", HTTP_ACCEPT="application/json")
    assert answer.status_code in (400, 413)
    assert not ReviewActivity.objects.exists()


def test_segments_the_checks_flagged_are_counted_with_their_edits(translation, editor):
    flagged, other = translation.segments.filter(active=True)[:2]
    issue = {"check": "numbers", "severity": "major", "message": "A figure changed."}
    type(flagged).objects.filter(pk__in=[flagged.pk, other.pk]).update(draft_issues=[issue])
    revisions.save_segment(flagged.pk, "Ganz neu geschrieben.", base_version=flagged.version,
                           user=editor)
    summary = evidence.measure(translation).summary()
    assert (summary["flagged_segments"], summary["flagged_edited"]) == (2, 1)
