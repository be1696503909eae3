"""Blocks left out of a translation: reasons, roles, the gate, every output, the audit trail."""

from __future__ import annotations

import json

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from copydesk.desk import audit, checking, exclusions, gate, publishing, sheet, sources, workflow
from copydesk.desk.models import (
    AuditEvent,
    BlockExclusion,
    Segment,
    TranslationState,
)
from copydesk.errors import (
    InputError,
    NotFoundError,
    PermissionDeniedError,
    WorkflowError,
)
from tests.desk.conftest import edit_all, requires_postgres, story
from tests.desk.test_gate_attacks import NOT_A_REASON
from tests.desk.test_revisions import _race
from tests.desk.test_views_auth import signed_in

BOILERPLATE = ("FashionUnited nutzt Künstliche Intelligenz, um die Übersetzung von Artikeln zu "
               "beschleunigen.")
REASON = "The source edition's own disclosure; ours is added on publication."
BLOCKS = [
    {"kind": "paragraph", "text": "The ministry paid 3.5 million euros. Work starts in May."},
    {"kind": "paragraph", "text": "The mayor said the bridge would open in 2027."},
    {"kind": "paragraph", "text": BOILERPLATE},
]


@pytest.fixture
def three(editor, edition):
    """A translation in review whose third body block is the source's boilerplate."""
    ingested = sources.ingest(story(blocks=BLOCKS), key="https://example.org/three", user=editor)
    return workflow.request_translation(ingested.article, edition, user=editor)


def segments_of(translation, block):
    return list(translation.segments.filter(active=True, key__startswith=f"{block}."))


def confirm_kept(translation, user, *, skip: str = ""):
    """Confirm every segment outside the left-out blocks (and block ``skip``), with an
    editor's words over pseudo output, as the review screen asks."""
    from copydesk.desk import revisions
    from copydesk.engines.base import is_pseudo_output
    from tests.desk.conftest import edited_text, spend_review_time

    spend_review_time(translation, user, 600)
    for segment in translation.segments.filter(active=True, excluded=False):
        if segment.state != "confirmed" and not segment.key.startswith(f"{skip}."):
            if is_pseudo_output(segment.origin, segment.signature):
                segment = revisions.save_segment(segment.pk, edited_text(segment),
                                                 base_version=segment.version, user=user)
            revisions.confirm_segment(segment.pk, base_version=segment.version, user=user)
    translation.refresh_from_db()


def test_a_left_out_block_needs_no_confirmation_and_counts_in_no_progress(three, editor):
    before = sheet.progress(three)
    made = exclusions.exclude_block(three.pk, "b3", reason=REASON, user=editor)
    assert (made.block, made.excluded, made.reason) == ("b3", True, REASON)
    assert all(s.excluded for s in segments_of(three, "b3"))
    assert not any(s.excluded for s in three.segments.exclude(key__startswith="b3."))
    after = sheet.progress(three)
    assert after.total == before.total - len(segments_of(three, "b3"))
    assert not any("b3." in problem for problem in gate.problems(three))
    confirm_kept(three, editor)
    assert gate.problems(three) == []
    row = sheet.inbox_row(three.pk)
    assert (row.confirmed, row.total) == (after.total, after.total)


def test_the_decision_and_its_reason_are_in_the_audit_trail(three, editor):
    exclusions.exclude_block(three.pk, "b3", reason="  Die eigene\u200b Offenlegung  ",
                             user=editor)
    exclusions.include_block(three.pk, "b3", reason="It is news after all.", user=editor)
    events = list(AuditEvent.objects.filter(kind__in=("block_excluded", "block_included"))
                  .order_by("seq"))
    assert [e.kind for e in events] == ["block_excluded", "block_included"]
    first = events[0].payload
    assert first["block"] == "b3" and first["translation"] == three.pk
    assert first["reason"] == "Die eigene Offenlegung"  # invisible characters out, spaces tidied
    assert first["text"].startswith("FashionUnited nutzt") and first["segments"] >= 1
    assert events[1].payload["reason"] == "It is news after all."
    assert [e.actor for e in events] == ["user:erika", "user:erika"]
    assert audit.verify(three.article).ok
    assert [d.excluded for d in exclusions.decisions(three)] == [True, False]


def test_a_block_put_back_must_be_confirmed_again(three, editor):
    exclusions.exclude_block(three.pk, "b3", reason=REASON, user=editor)
    confirm_kept(three, editor)
    assert gate.problems(three) == []
    exclusions.include_block(three.pk, "b3", reason="The editor-in-chief wants it kept.",
                             user=editor)
    assert not any(s.excluded for s in three.segments.all())
    problems = gate.problems(three)
    assert problems and all("b3." in problem for problem in problems)
    with pytest.raises(WorkflowError, match="cannot be approved"):
        workflow.approve(three, user=editor)


@pytest.mark.parametrize("reason", NOT_A_REASON)
def test_a_reason_without_visible_words_is_refused_and_changes_nothing(three, editor, reason):
    with pytest.raises((WorkflowError, InputError)):
        exclusions.exclude_block(three.pk, "b3", reason=reason, user=editor)
    assert not BlockExclusion.objects.exists()
    assert not AuditEvent.objects.filter(kind="block_excluded").exists()
    assert not Segment.objects.filter(excluded=True).exists()


@pytest.mark.parametrize("reason", NOT_A_REASON[:12])
def test_putting_back_needs_a_visible_reason_too(three, editor, reason):
    exclusions.exclude_block(three.pk, "b3", reason=REASON, user=editor)
    with pytest.raises((WorkflowError, InputError)):
        exclusions.include_block(three.pk, "b3", reason=reason, user=editor)
    assert BlockExclusion.objects.count() == 1
    assert all(s.excluded for s in segments_of(three, "b3"))


def test_only_editors_decide(three, publisher, make_user):
    nobody = make_user("nora")
    for user in (publisher, nobody):
        with pytest.raises(PermissionDeniedError):
            exclusions.exclude_block(three.pk, "b3", reason=REASON, user=user)
    assert not BlockExclusion.objects.exists()


@pytest.mark.parametrize("block", ["title", "standfirst", "b0", "b4", "b99", "b3.s1", "B3",
                                   "ｂ3", "b３", "b 3", "", "b-1", "b1000000", "b3\n"])
def test_only_an_existing_body_block_can_be_left_out(three, editor, block):
    with pytest.raises((InputError, NotFoundError)):
        exclusions.exclude_block(three.pk, block, reason=REASON, user=editor)
    assert not BlockExclusion.objects.exists()


def test_twice_the_same_way_is_refused(three, editor):
    exclusions.exclude_block(three.pk, "b3", reason=REASON, user=editor)
    with pytest.raises(WorkflowError, match="already left out"):
        exclusions.exclude_block(three.pk, "b3", reason=REASON, user=editor)
    with pytest.raises(WorkflowError, match="part of the translation already"):
        exclusions.include_block(three.pk, "b2", reason="It belongs here.", user=editor)
    assert BlockExclusion.objects.count() == 1


def test_the_last_body_block_stays(three, editor):
    exclusions.exclude_block(three.pk, "b3", reason=REASON, user=editor)
    exclusions.exclude_block(three.pk, "b2", reason="A quote we may not use.", user=editor)
    with pytest.raises(WorkflowError, match="last body block"):
        exclusions.exclude_block(three.pk, "b1", reason="Everything goes.", user=editor)
    assert sorted(exclusions.excluded_blocks(three)) == ["b2", "b3"]


def test_leaving_out_a_block_of_an_approved_translation_takes_the_approval_back(three, editor):
    confirm_kept(three, editor)
    workflow.approve(three, user=editor)
    exclusions.exclude_block(three.pk, "b3", reason=REASON, user=editor)
    three.refresh_from_db()
    assert three.state == TranslationState.IN_REVIEW
    withdrawn = AuditEvent.objects.filter(kind="approval_withdrawn").get()
    assert withdrawn.payload["block"] == "b3"


def test_a_published_translation_needs_a_correction_first(three, editor, publisher):
    exclusions.exclude_block(three.pk, "b3", reason=REASON, user=editor)
    confirm_kept(three, editor)
    workflow.approve(three, user=editor)
    publishing.publish_translation(three, user=publisher)
    with pytest.raises(WorkflowError, match="open a correction"):
        exclusions.include_block(three.pk, "b3", reason="It belongs here.", user=editor)
    workflow.open_correction(three, user=editor, reason="Keep the disclosure after all.")
    exclusions.include_block(three.pk, "b3", reason="It belongs here.", user=editor)
    assert not Segment.objects.filter(excluded=True).exists()


def test_a_left_out_block_is_in_no_output(three, editor, publisher):
    edit_all(three, editor)  # an editor's words everywhere, so every output would show them
    left_out = segments_of(three, "b3")
    exclusions.exclude_block(three.pk, "b3", reason=REASON, user=editor)
    confirm_kept(three, editor)
    workflow.approve(three, user=editor)
    publication = publishing.publish_translation(three, user=publisher)
    assert set(publication.outputs) == {"html", "fragment", "md", "json", "ninjs", "ninjs1"}
    for fmt, text in publication.outputs.items():
        for segment in left_out:
            assert segment.target not in text, fmt
        assert "FashionUnited" not in text, fmt
        assert "Redigiert: b2.s1" in text, fmt  # the block before it is there
    data = json.loads(publication.outputs["json"])
    assert len(data["article"]["blocks"]) == 2 and len(data["units"]) == 2 + 2
    assert all("FashionUnited" not in unit["source"] for unit in data["units"])


def test_pseudo_output_and_blockers_in_a_left_out_block_hold_nothing_up(three, editor,
                                                                        publisher):
    blocker = {"check": "numbers", "severity": "blocker", "message": "2027 is missing."}
    Segment.objects.filter(translation=three, key__startswith="b3.").update(
        issues=checking.identified([blocker]))
    exclusions.exclude_block(three.pk, "b3", reason=REASON, user=editor)
    confirm_kept(three, editor)  # b3 keeps the pseudo engine's text and its blocker
    assert gate.problems(three) == []
    workflow.approve(three, user=editor)
    publication = publishing.publish_translation(three, user=publisher)
    assert publication.provenance["machine_translated"] is True
    assert "TESTAUSGABE" not in publication.outputs["html"]


def test_the_decision_follows_the_block_into_a_new_source_version(three, editor):
    exclusions.exclude_block(three.pk, "b3", reason=REASON, user=editor)
    moved = [{"kind": "paragraph", "text": "A new first paragraph came in."}, *BLOCKS]
    sources.ingest(story(blocks=moved), key="https://example.org/three", user=editor)
    three.refresh_from_db()
    assert three.state == TranslationState.IN_REVIEW
    assert sorted(exclusions.excluded_blocks(three)) == ["b4"]
    assert {s.key.split(".")[0] for s in three.segments.filter(active=True, excluded=True)} \
        == {"b4"}
    changed = [*BLOCKS[:2], {"kind": "paragraph", "text": BOILERPLATE + " Neu."}]
    sources.ingest(story(blocks=changed), key="https://example.org/three", user=editor)
    three.refresh_from_db()
    assert exclusions.excluded_blocks(three) == {}  # the block changed: back in for review
    assert not three.segments.filter(active=True, excluded=True).exists()


def test_decisions_are_append_only(three, editor):
    made = exclusions.exclude_block(three.pk, "b3", reason=REASON, user=editor)
    with pytest.raises(WorkflowError):
        BlockExclusion.objects.filter(pk=made.pk).update(reason="changed")
    with pytest.raises(WorkflowError):
        made.delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("UPDATE desk_blockexclusion SET reason = 'changed'")
    assert BlockExclusion.objects.get().reason == REASON


def test_the_review_screen_leaves_a_block_out_and_puts_it_back(client, three, editor):
    signed_in(client, editor)
    page = client.get(reverse("desk:review", args=[three.pk])).content.decode()
    assert "Leave out of the translation" in page and 'id="block-b3"' in page
    answer = client.post(reverse("desk:exclude_block", args=[three.pk, "b3"]),
                         {"reason": REASON})
    assert answer.status_code == 302 and answer["Location"].endswith("#block-b3")
    page = client.get(reverse("desk:review", args=[three.pk])).content.decode()
    assert "not for translation" in page and REASON.replace("'", "&#x27;") in page
    assert "Put back" in page
    refused = client.post(reverse("desk:include_block", args=[three.pk, "b3"]),
                          {"reason": "\u200b\u200b"}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 409 and "written reason" in refused.json()["error"]
    back = client.post(reverse("desk:include_block", args=[three.pk, "b3"]),
                       {"reason": "It is news."}, HTTP_ACCEPT="application/json")
    assert back.json() == {"block": "b3", "excluded": False, "reason": "It is news.",
                           "translation": three.pk}


def test_the_review_screen_refuses_other_roles_and_gets(client, three, publisher):
    url = reverse("desk:exclude_block", args=[three.pk, "b3"])
    assert client.post(url, {"reason": REASON}).status_code == 302  # to the sign-in page
    signed_in(client, publisher)
    assert client.post(url, {"reason": REASON}, HTTP_ACCEPT="application/json"
                       ).status_code == 403
    page = client.get(reverse("desk:review", args=[three.pk])).content.decode()
    assert "Leave out of the translation" not in page
    assert client.get(url).status_code == 405
    assert not BlockExclusion.objects.exists()


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_editors_leaving_out_the_same_block_at_once_record_one_decision(
        three, editor, second_editor):
    people = [editor, second_editor]
    results = _race(2, lambda i: exclusions.exclude_block(three.pk, "b3", reason=REASON,
                                                          user=people[i]))
    made = [r for r in results if isinstance(r, BlockExclusion)]
    refused = [r for r in results if isinstance(r, WorkflowError)]
    assert len(made) == 1 and len(refused) == 1, results
    assert BlockExclusion.objects.count() == 1
    assert AuditEvent.objects.filter(kind="block_excluded").count() == 1
    assert audit.verify(three.article).ok


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_an_approval_racing_the_decision_never_approves_an_unreviewed_block(three, editor,
                                                                             second_editor):
    confirm_kept(three, editor, skip="b3")  # b3 stays unconfirmed
    for _ in range(3):
        assert all(segment.state != "confirmed" for segment in segments_of(three, "b3"))
        _race(2, lambda i: exclusions.exclude_block(three.pk, "b3", reason=REASON, user=editor)
              if i == 0 else workflow.approve(workflow.find_translation(three.pk),
                                              user=second_editor))
        three.refresh_from_db()
        if three.state == TranslationState.APPROVED:
            assert all(s.excluded for s in segments_of(three, "b3"))
        exclusions.include_block(three.pk, "b3", reason="Back in for the next round.",
                                 user=editor)
        three.refresh_from_db()
        assert three.state == TranslationState.IN_REVIEW
