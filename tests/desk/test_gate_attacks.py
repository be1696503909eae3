"""Attacks on the publishing gate: invisible reasons, stale or too-wide overrides, pseudo
output, changed link targets, hostile form values. Each class is tried with many variants."""

from __future__ import annotations

import pytest
from django.urls import reverse

from copydesk.desk import checking, gate, publishing, revisions, sources, workflow
from copydesk.desk.models import AuditEvent, Override, Publication, Segment, TranslationState
from copydesk.errors import ConflictError, InputError, WorkflowError
from tests.desk.conftest import confirm_all, edit_all, story
from tests.desk.test_views_auth import signed_in

NUMBERS = {"check": "numbers", "severity": "blocker", "message": "The number 3.5 is missing.",
           "target_span": [0, 3]}
SECOND = {"check": "numbers", "severity": "blocker", "message": "The number 2027 is missing.",
          "target_span": [10, 14]}

NOT_A_REASON = [
    "", " ", "\t\n", "\u200b", "\u200b\u200c\u200d", "\ufeff", "\u2060\u2060\u2060\u2060",
    "\u00a0", "\u3000\u3000", "\u2028", "\u2029", "\u1680", "\u0085", "\u180e",
    "\u0301", "\u0301\u0301\u0301\u0301\u0301", "\u20dd\u20dd\u20dd\u20dd", "\ufe0f" * 6,
    "...", "----", "1234567", "!!!!!!", "\x00", "\x00\x00abc", "\u202e\u202d", "a\u200bb",
    "ok", "\U000e0041\U000e0042\U000e0043\U000e0044", "\u115f\u1160\u3164\uffa0",
    "\u3164\u3164\u3164\u3164", "\u2800\u2800\u2800\u2800", "\U0001f44d\U0001f44d",
    "\ue000\ue001\ue002\ue003", "\u00ad\u00ad\u00ad\u00ad", "\u034f\u034f\u034f\u034f",
]
REASONS = ["The figure is in the headline.", "Zahl steht im Titel", "数字在标题中",
           "Число в заголовке", "Rundung\u200b gewollt", "  Checked   with the desk  "]


def blocked(translation, editor, *issues) -> Segment:
    """The first segment, with an editor's text and the given blocking issues."""
    edit_all(translation, editor)
    segment = translation.segments.filter(active=True).order_by("position").first()
    Segment.objects.filter(pk=segment.pk).update(
        issues=checking.identified(issues or [NUMBERS]))
    segment.refresh_from_db()
    return segment


def override(segment, user, issue=NUMBERS, *, version=None, reason="Rounded on purpose."):
    return gate.override(segment.pk, issue["check"], issue=checking.issue_id(issue),
                         version=segment.version if version is None else version, user=user,
                         reason=reason)


@pytest.mark.parametrize("reason", NOT_A_REASON)
def test_an_override_without_real_words_is_refused(translation, editor, reason):
    segment = blocked(translation, editor)
    with pytest.raises(WorkflowError, match="written reason"):
        override(segment, editor, reason=reason)
    assert not Override.objects.exists()
    assert not AuditEvent.objects.filter(kind="issue_overridden").exists()


@pytest.mark.parametrize("reason", NOT_A_REASON)
def test_withdrawal_and_correction_without_real_words_are_refused(approved, editor, publisher,
                                                                   reason):
    with pytest.raises(WorkflowError, match="written reason"):
        workflow.withdraw(approved, user=publisher, reason=reason)
    publishing.publish_translation(approved, user=publisher)
    with pytest.raises(WorkflowError, match="written reason"):
        workflow.open_correction(approved, user=editor, reason=reason)
    approved.refresh_from_db()
    assert approved.state == TranslationState.PUBLISHED


@pytest.mark.parametrize("reason", REASONS)
def test_a_reason_in_any_script_is_taken_and_stored_cleaned(translation, editor, reason):
    made = override(blocked(translation, editor), editor, reason=reason)
    assert made.reason == " ".join(reason.replace("\u200b", "").split())
    event = AuditEvent.objects.get(kind="issue_overridden")
    assert event.payload["reason"] == made.reason
    assert event.payload["issue"] == made.issue and event.payload["version"] == made.version


@pytest.mark.parametrize("reason", NOT_A_REASON[:12])
def test_the_web_and_the_api_refuse_an_invisible_reason(client, translation, editor, reason):
    segment = blocked(translation, editor)
    signed_in(client, editor)
    url = reverse("desk:override", args=[segment.pk])
    form = {"check": "numbers", "issue": checking.issue_id(NUMBERS),
            "version": str(segment.version), "reason": reason}
    for headers in ({"HTTP_HX_REQUEST": "true"}, {"HTTP_ACCEPT": "application/json"}):
        answer = client.post(url, form, **headers)
        assert answer.status_code in (400, 409)
    assert not Override.objects.exists()


def test_an_override_made_on_a_version_since_changed_is_a_conflict(translation, editor,
                                                                   second_editor):
    segment = blocked(translation, editor)
    seen = segment.version  # editor A reads the segment ...
    revisions.save_segment(segment.pk, "Ganz anders.", base_version=seen, user=second_editor)
    Segment.objects.filter(pk=segment.pk).update(issues=checking.identified([NUMBERS]))
    with pytest.raises(ConflictError, match="changed since you looked at it"):
        override(segment, editor, version=seen)  # ... and overrides what B replaced
    assert not Override.objects.exists()


@pytest.mark.parametrize("issue", ["", "nonsense", "0" * 16, checking.issue_id(SECOND)])
def test_an_override_must_name_an_issue_that_is_there(translation, editor, issue):
    segment = blocked(translation, editor)
    with pytest.raises(ConflictError, match="no open blocking issue"):
        gate.override(segment.pk, "numbers", issue=issue, version=segment.version, user=editor,
                      reason="Rounded on purpose.")
    assert not Override.objects.exists()


def test_one_override_covers_one_issue_not_the_whole_check(translation, editor):
    segment = blocked(translation, editor, NUMBERS, SECOND)
    override(segment, editor, NUMBERS)
    confirm_all(translation, editor)
    open_now = gate.open_blockers(Segment.objects.get(pk=segment.pk))
    assert [i["message"] for i in open_now] == [SECOND["message"]]
    with pytest.raises(WorkflowError, match="open blocker"):
        workflow.approve(translation, user=editor)
    override(Segment.objects.get(pk=segment.pk), editor, SECOND)
    assert workflow.approve(translation, user=editor).state == TranslationState.APPROVED


def test_an_override_stored_before_issues_had_ids_covers_nothing(translation, editor):
    segment = blocked(translation, editor)
    Override.objects.create(segment=segment, check_id="numbers", target=segment.target,
                            reason="Old style override", author=editor)
    assert gate.open_blockers(segment)


@pytest.mark.parametrize("state", [TranslationState.PUBLISHED, TranslationState.WITHDRAWN,
                                   TranslationState.TRANSLATING])
def test_no_override_outside_review(translation, editor, state):
    segment = blocked(translation, editor)
    type(translation).objects.filter(pk=translation.pk).update(state=state)
    with pytest.raises(WorkflowError, match="overridden only while it is in review"):
        override(segment, editor)


def test_confirmed_pseudo_output_is_never_approved_or_published(translation, editor,
                                                                publisher):
    for segment in translation.segments.filter(active=True):
        revisions.confirm_segment(segment.pk, base_version=segment.version, user=editor)
    with pytest.raises(WorkflowError, match="pseudo-translation test output"):
        workflow.approve(translation, user=editor)
    type(translation).objects.filter(pk=translation.pk).update(state=TranslationState.APPROVED)
    with pytest.raises(WorkflowError, match="pseudo-translation test output"):
        publishing.publish_translation(translation, user=publisher)
    assert not Publication.objects.exists()


PSEUDO_TEXTS = [
    ("mt", "engine:pseudo|v:0.1.0"),
    ("style-fix", "engine:pseudo|v:0.1.0"),
    ("memory", "engine:memory|match:exact|origin:mt|changed:2026-01-01|from:pseudo|v:0.1.0"),
    ("memory", "engine:memory|match:in-context|origin:style-fix|from:pseudo/x|v:0.1.0"),
]


@pytest.mark.parametrize(("origin", "signature"), PSEUDO_TEXTS)
def test_every_kind_of_unreplaced_pseudo_text_blocks_the_gate(translation, editor, origin,
                                                              signature):
    confirm_all(translation, editor)
    segment = translation.segments.filter(active=True).first()
    Segment.objects.filter(pk=segment.pk).update(origin=origin, signature=signature)
    assert any("pseudo-translation" in p for p in gate.problems(translation))


def test_memory_matches_of_editors_texts_publish_without_the_pseudo_note(translation, editor,
                                                                          publisher):
    confirm_all(translation, editor)
    signature = "engine:memory|match:in-context|origin:editor|editor:erika|v:0.1.0"
    translation.segments.update(origin="memory", signature=signature)
    workflow.approve(translation, user=editor)
    publication = publishing.publish_translation(translation, user=publisher)
    assert publication.provenance["engine"] == "memory"
    assert publication.provenance["machine_translated"] is True
    for text in publication.outputs.values():
        assert "TESTAUSGABE" not in text and "Pseudo" not in text


LINKED = "Read <g1>the report</g1> today."


def linked_story(**attrs):
    tag = {"kind": "link", "attrs": {"href": "https://example.org/report", **attrs}}
    return story(blocks=[{"kind": "paragraph", "text": LINKED, "tags": {"1": tag}}])


@pytest.mark.parametrize("changed", [
    {"href": "https://evil.example/report"},
    {"href": "https://example.org/report?ref=x"},
    {"href": "HTTPS://EXAMPLE.ORG/REPORT"},
    {"title": "The report"},
    {"rel": "nofollow"},
])
def test_a_changed_link_target_needs_an_editor_again(editor, edition, publisher, changed):
    article = sources.ingest(linked_story(), key="k", user=editor).article
    translation = workflow.request_translation(article, edition, user=editor)
    confirm_all(translation, editor)
    workflow.approve(translation, user=editor)
    publishing.publish_translation(translation, user=publisher)
    before = translation.segments.get(source=LINKED)
    sources.ingest(linked_story(**changed), key="k", user=editor)
    translation.refresh_from_db()
    assert translation.state == TranslationState.IN_REVIEW
    after = translation.segments.get(source=LINKED, active=True)
    assert after.pk == before.pk and after.target == before.target  # the editor's words kept
    assert after.state == "draft" and after.needs_work and after.confirmed_by is None
    assert any(f"Segment {after.key} is not confirmed" in p for p in gate.problems(translation))
    event = AuditEvent.objects.filter(kind="machine_translated").order_by("-seq").first()
    assert event.payload["reopened"] == 1


def test_the_same_source_again_keeps_every_confirmation(editor, edition):
    article = sources.ingest(linked_story(), key="k", user=editor).article
    translation = workflow.request_translation(article, edition, user=editor)
    confirm_all(translation, editor)
    sources.ingest(story(title="A new headline", blocks=linked_story().to_dict()["blocks"]),
                   key="k", user=editor)
    kept = translation.segments.get(source=LINKED, active=True)
    assert kept.state == "confirmed" and not kept.needs_work


@pytest.mark.parametrize("text", ["Mit\x00Null", "\x00", "Steuer\x07zeichen", "\x1b[31mRot",
                                  "Einsam \ud800", "Zeilen\x85wechsel"])
def test_a_save_with_control_characters_is_refused(translation, editor, text):
    segment = translation.segments.filter(active=True).first()
    with pytest.raises(InputError, match="control character"):
        revisions.save_segment(segment.pk, text, base_version=segment.version, user=editor)
    assert Segment.objects.get(pk=segment.pk).version == segment.version


def test_a_save_is_normalised_to_nfc(translation, editor):
    segment = translation.segments.filter(active=True).first()
    saved = revisions.save_segment(segment.pk, "Bru\u0308cke", base_version=segment.version,
                                   user=editor)
    assert saved.target == "Brücke"


@pytest.mark.parametrize("version", ["²", "١", "1.0", "-1", " 1", "1e3", "0x1", "",
                                     "9" * 40, "1\x00"])
def test_a_hostile_version_is_a_clear_400(client, translation, editor, version):
    segment = translation.segments.filter(active=True).first()
    signed_in(client, editor)
    for name in ("save", "confirm", "override"):
        answer = client.post(reverse(f"desk:{name}", args=[segment.pk]),
                             {"text": "Neu.", "version": version, "check": "numbers",
                              "issue": "x", "reason": "Rounded on purpose."},
                             HTTP_ACCEPT="application/json")
        assert answer.status_code == 400, name
        assert answer.json()["code"] == "bad_input"
    assert Segment.objects.get(pk=segment.pk).version == segment.version


@pytest.mark.parametrize("text", ["Null\x00Byte", "\x00", "Esc\x1b", "\u200b\u200b", "   ",
                                  "\u2060\ufeff"])
def test_a_hostile_comment_is_refused(client, translation, editor, text):
    segment = translation.segments.filter(active=True).first()
    signed_in(client, editor)
    answer = client.post(reverse("desk:comments", args=[segment.pk]), {"text": text},
                         HTTP_ACCEPT="application/json")
    assert answer.status_code in (400, 409)
    assert not segment.comments.exists()


def test_provenance_names_only_what_produced_the_published_texts(approved, publisher):
    publication = publishing.publish_translation(approved, user=publisher)
    provenance = publication.provenance
    assert provenance["translators"] == [] and provenance["engine"] == "editor"
    assert provenance["pseudo_translation"] is False
    for text in publication.outputs.values():
        assert "TESTAUSGABE" not in text and "engine:pseudo" not in text
