"""No edit is lost: every change is a revision, and stale saves are conflicts."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from copydesk.desk import audit, revisions, workflow
from copydesk.desk.models import AuditEvent, Revision, Segment, TranslationState
from copydesk.errors import ConflictError, InputError, WorkflowError
from tests.desk.conftest import NO_CHECKS, confirm_all, requires_postgres


def first(translation) -> Segment:
    return translation.segments.filter(active=True).order_by("position").first()


def test_the_machine_draft_is_the_first_revision_of_every_segment(translation, edition):
    assert edition.options == NO_CHECKS  # so no house-style fix changes the machine text
    for segment in translation.segments.all():
        (revision,) = revisions.history(segment.pk)
        assert (revision.origin, revision.before, revision.after) == ("mt", "", segment.target)
        assert revision.author is None and revision.signature.startswith("engine:pseudo")


def test_every_save_is_a_revision_with_who_before_after_and_base(translation, editor):
    segment = first(translation)
    machine = segment.target
    saved = revisions.save_segment(segment.pk, "Ministerium zahlt 3,5 Millionen Euro",
                                   base_version=1, user=editor)
    revisions.save_segment(segment.pk, "Ministerium zahlt 3,5 Mio. Euro", base_version=2,
                           user=editor, origin="style-fix")
    history = revisions.history(segment.pk)
    assert [(r.origin, r.before, r.after, r.base_version, r.author) for r in history[1:]] == [
        ("editor", machine, "Ministerium zahlt 3,5 Millionen Euro", 1, editor),
        ("style-fix", "Ministerium zahlt 3,5 Millionen Euro", "Ministerium zahlt 3,5 Mio. Euro",
         2, editor)]
    assert saved.version == 2 and saved.origin == "editor"
    assert AuditEvent.objects.filter(kind="segment_edited").count() == 2


def test_revisions_are_append_only(translation):
    revision = Revision.objects.first()
    revision.after = "forged"
    with pytest.raises(WorkflowError, match="append-only"):
        revision.save()


def test_saving_the_same_text_changes_nothing(translation, editor):
    segment = first(translation)
    same = revisions.save_segment(segment.pk, segment.target, base_version=1, user=editor)
    assert same.version == 1 and len(revisions.history(segment.pk)) == 1


def test_a_stale_save_is_a_conflict_with_both_texts(translation, editor, second_editor):
    segment = first(translation)
    revisions.save_segment(segment.pk, "Fassung von Erika.", base_version=1, user=editor)
    with pytest.raises(ConflictError) as raised:
        revisions.save_segment(segment.pk, "Fassung von Ed.", base_version=1, user=second_editor)
    assert (raised.value.theirs, raised.value.yours) == ("Fassung von Erika.", "Fassung von Ed.")
    assert raised.value.current_version == 2
    segment.refresh_from_db()
    assert segment.target == "Fassung von Erika."
    assert len(revisions.history(segment.pk)) == 2


def test_confirming_a_changed_text_is_a_conflict(translation, editor, second_editor):
    segment = first(translation)
    revisions.save_segment(segment.pk, "Neu.", base_version=1, user=editor)
    with pytest.raises(ConflictError):
        revisions.confirm_segment(segment.pk, base_version=1, user=second_editor)


def test_editing_a_confirmed_segment_unconfirms_it(translation, editor):
    segment = revisions.confirm_segment(first(translation).pk, base_version=1, user=editor)
    assert (segment.state, segment.confirmed_by) == ("confirmed", editor)
    segment = revisions.save_segment(segment.pk, "Geändert.", base_version=segment.version,
                                     user=editor)
    assert (segment.state, segment.confirmed_by, segment.confirmed_at) == ("draft", None, None)


def test_editing_an_approved_translation_takes_the_approval_back(approved, editor):
    segment = first(approved)
    revisions.save_segment(segment.pk, "Geändert.", base_version=segment.version, user=editor)
    approved.refresh_from_db()
    assert approved.state == TranslationState.IN_REVIEW
    assert AuditEvent.objects.filter(kind="approval_withdrawn").exists()


def test_only_editors_edit(translation, publisher):
    from copydesk.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        revisions.save_segment(first(translation).pk, "X", base_version=1, user=publisher)


def test_segments_of_a_failed_or_withdrawn_translation_are_not_edited(translation, publisher,
                                                                      editor):
    workflow.withdraw(translation, user=publisher, reason="Story killed.")
    with pytest.raises(WorkflowError, match="withdrawn"):
        revisions.save_segment(first(translation).pk, "X", base_version=1, user=editor)


def _race(worker_count: int, work) -> list[object]:
    """Run ``work(i)`` in threads that start together; return results or raised errors."""
    barrier = threading.Barrier(worker_count)
    results: list[object] = [None] * worker_count

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # collected and checked by the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(worker_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_from_the_same_base_exactly_one_wins(translation, editor,
                                                                second_editor):
    segment = first(translation)
    people = [(editor, "Erikas Fassung."), (second_editor, "Eds Fassung.")]
    for _ in range(5):
        base = Segment.objects.get(pk=segment.pk).version
        results = _race(2, lambda i, base=base: revisions.save_segment(
            segment.pk, people[i][1] + f" v{base}", base_version=base, user=people[i][0]))
        conflicts = [r for r in results if isinstance(r, ConflictError)]
        winners = [r for r in results if isinstance(r, Segment)]
        assert len(winners) == 1 and len(conflicts) == 1, results
        assert conflicts[0].theirs == winners[0].target
        assert conflicts[0].yours != conflicts[0].theirs
        assert Segment.objects.get(pk=segment.pk).target == winners[0].target
    assert len(revisions.history(segment.pk)) == 1 + 5
    assert audit.verify(translation.article).ok


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_keep_the_audit_chain_intact(translation, editor):
    pks = list(translation.segments.values_list("pk", flat=True))
    results = _race(len(pks), lambda i: revisions.confirm_segment(pks[i], base_version=1,
                                                                  user=editor))
    assert all(isinstance(r, Segment) for r in results), results
    confirm_all(translation, editor)
    result = audit.verify(translation.article)
    assert result.ok, result.problems


def test_a_save_that_loses_or_invents_a_tag_is_refused_for_every_caller(editor, edition):
    from copydesk.desk import sources
    from tests.desk.conftest import story

    linked = story(blocks=[{"kind": "paragraph", "text": "Read <g1>the report</g1> today.",
                            "tags": {"1": {"kind": "link", "attrs": {"href": "https://x.org"}}}}])
    ingested = sources.ingest(linked, key="https://example.org/linked", user=editor)
    translation = workflow.request_translation(ingested.article, edition, user=editor)
    segment = translation.segments.get(key="b1.s1")
    for text, message in [("Lesen Sie heute den Bericht.", "lost the formatting tag"),
                          ("Lesen <g1>Sie</g1> <g2>heute</g2>.", "does not have"),
                          ("Lesen Sie </g1>heute<g1>.", "do not nest")]:
        with pytest.raises(InputError, match=message):
            revisions.save_segment(segment.pk, text, base_version=1, user=editor)
    assert len(revisions.history(segment.pk)) == 1
    kept = revisions.save_segment(segment.pk, "Lesen Sie <g1>den Bericht</g1> heute.",
                                  base_version=1, user=editor)
    assert kept.version == 2


def test_a_house_style_fix_keeps_the_machine_text_as_its_own_revision(editor, db):
    from copydesk.desk import sources
    from copydesk.desk.models import Edition
    from tests.desk.conftest import story

    edition = Edition.objects.create(code="de", name="German edition", language="de",
                                     engine="pseudo", options={})
    quoted = story(blocks=[{"kind": "paragraph", "text": 'He said: "We will build it."'}])
    ingested = sources.ingest(quoted, key="https://example.org/quoted", user=editor)
    translation = workflow.request_translation(ingested.article, edition, user=editor)
    segment = translation.segments.get(key="b1.s1")
    machine, fixed = revisions.history(segment.pk)
    assert (machine.origin, machine.before) == ("mt", "")
    assert '"' in machine.after and "„" not in machine.after
    assert (fixed.origin, fixed.before, fixed.after) == ("style-fix", machine.after,
                                                         segment.target)
    assert "„" in segment.target
