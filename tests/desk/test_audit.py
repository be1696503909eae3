"""The audit trail is append-only and tamper-evident: every kind of tampering is detected."""

from __future__ import annotations

import json

import pytest
from django.db import DatabaseError, transaction

from copydesk.desk import audit
from copydesk.desk.models import AuditEvent
from copydesk.errors import WorkflowError
from tests.desk.audit_desk import APPEND_ONLY, audit_key, raw, trail_desk, triggers_off

__all__ = ["audit_key", "trail_desk"]  # fixtures

TABLE = "desk_auditevent"


def test_a_fresh_trail_verifies(translation):
    result = audit.verify(translation.article)
    kinds = list(AuditEvent.objects.filter(article=translation.article).values_list("kind",
                                                                                  flat=True))
    assert result.ok, result.problems
    assert result.events == len(kinds) >= 4
    assert kinds[:4] == ["source_ingested", "translation_requested", "translation_started",
                         "machine_translated"]


def test_events_cannot_be_changed_or_deleted_through_the_models(translation):
    event = AuditEvent.objects.filter(article=translation.article).first()
    event.payload = {"forged": True}
    with pytest.raises(WorkflowError, match="append-only"):
        event.save()
    with pytest.raises(WorkflowError, match="append-only"):
        event.delete()
    with pytest.raises(WorkflowError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(kind="forged")
    with pytest.raises(WorkflowError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_the_database_refuses_plain_sql_updates(translation):
    with pytest.raises(DatabaseError), transaction.atomic():
        raw(f"UPDATE {TABLE} SET kind = 'forged' WHERE article_id = %s", translation.article_id)


@pytest.mark.parametrize("table", APPEND_ONLY)
@pytest.mark.parametrize("statement", ["UPDATE {table} SET id = id WHERE id > 0",
                                       "DELETE FROM {table} WHERE id > 0"])
def test_every_append_only_table_refuses_plain_sql_changes(trail_desk, table, statement):
    """On both databases (SQLite refused no DELETE before migration 0006)."""
    with pytest.raises(DatabaseError), transaction.atomic():
        raw(statement.format(table=table))


def test_a_changed_payload_is_detected(translation):
    with triggers_off():
        raw(f"UPDATE {TABLE} SET payload = %s WHERE article_id = %s AND seq = 1",
            json.dumps({"version": 1, "title": "Forged"}), translation.article_id)
    result = audit.verify(translation.article)
    assert not result.ok
    assert any("Event 1 (source_ingested) was changed" in p for p in result.problems)


def test_a_changed_actor_with_a_recomputed_hash_breaks_the_chain(translation):
    event = AuditEvent.objects.get(article=translation.article, seq=2)
    forged = audit.event_hash(article_id=translation.article_id, seq=2, kind=event.kind,
                              actor="user:mallory", created_at=event.created_at,
                              payload=event.payload, prev_hash=event.prev_hash)
    with triggers_off():
        raw(f"UPDATE {TABLE} SET actor = 'user:mallory', hash = %s WHERE id = %s", forged,
            event.pk)
    problems = audit.verify(translation.article).problems
    assert any("Event 3 does not follow" in p for p in problems)


def test_a_deleted_event_is_detected(translation):
    with triggers_off():
        raw(f"DELETE FROM {TABLE} WHERE article_id = %s AND seq = 2", translation.article_id)
    problems = audit.verify(translation.article).problems
    assert any("Event 2 is missing" in p for p in problems)


def test_events_deleted_from_the_end_are_detected(translation):
    last = translation.article.audit_seq
    with triggers_off():
        raw(f"DELETE FROM {TABLE} WHERE article_id = %s AND seq = %s", translation.article_id,
            last)
    problems = audit.verify(translation.article).problems
    assert problems[0] == (f"The trail ends at event {last - 1} but the article's head is event "
                           f"{last}: events were removed from the end.")
    assert "has machine revisions but no machine_translated event" in problems[1]


def test_reordered_events_are_detected(translation):
    article_id = translation.article_id
    with triggers_off():  # swap events 2 and 3 (via a free number, for the unique constraint)
        raw(f"UPDATE {TABLE} SET seq = 1000 WHERE article_id = %s AND seq = 2", article_id)
        raw(f"UPDATE {TABLE} SET seq = 2 WHERE article_id = %s AND seq = 3", article_id)
        raw(f"UPDATE {TABLE} SET seq = 3 WHERE article_id = %s AND seq = 1000", article_id)
    problems = audit.verify(translation.article).problems
    assert any("Event 2 (translation_started) was changed" in p for p in problems)
    assert any("Event 2 does not follow" in p for p in problems)


def test_export_carries_every_event_and_the_verification(translation):
    document = json.loads(audit.export(translation.article))
    assert document["verification"]["ok"] is True
    assert [e["seq"] for e in document["events"]] == list(
        range(1, translation.article.audit_seq + 1))
    machine = next(e for e in document["events"] if e["kind"] == "machine_translated")
    assert machine["actor"] == "system"
    assert machine["payload"]["signatures"] == ["engine:pseudo|target:de|v:0.1.0"]
    assert "sha256" in document["hash_rule"]
