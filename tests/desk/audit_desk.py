"""A desk whose audit trail holds every kind of record, and the tools of an attacker.

The attacker can write to the database (raw SQL, triggers dropped first) and
to the checkpoint file, but does not hold the desk's signing key.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from copydesk.desk import (
    assignment,
    audit,
    checkpoint_file,
    checkpoints,
    gate,
    publishing,
    sources,
    workflow,
)
from copydesk.desk.models import (
    Article,
    AuditEvent,
    Override,
    Publication,
    Segment,
    Translation,
)
from tests.desk.conftest import confirm_all, edit_all, on_postgres, story

KEY = "tests-only-audit-key-0123456789abcdef0123456789"
APPEND_ONLY = ("desk_auditevent", "desk_revision", "desk_sourceversion", "desk_override",
               "desk_publication", "desk_reviewactivity")
BLOCKER = {"check": "numbers", "severity": "blocker", "message": "The number 3.5 is missing.",
           "id": "n35"}


@contextmanager
def triggers_off(*tables: str) -> Iterator[None]:
    """What someone with direct database access does first (undone by the test's rollback)."""
    with connection.cursor() as cursor:
        if on_postgres():
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks during ALTER
            for table in tables or APPEND_ONLY:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        else:
            for table in tables or APPEND_ONLY:
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                               "tbl_name = %s", [table])
                for (name,) in cursor.fetchall():
                    cursor.execute(f"DROP TRIGGER {name}")
    yield


def raw(sql: str, *params: object) -> None:
    """Plain SQL; ``JSON`` in ``sql`` stands for a JSON parameter's placeholder."""
    placeholder = "%s::jsonb" if on_postgres() else "%s"
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("JSON", placeholder), params)


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def rehash(article_id: int, start: int = 1) -> None:
    """Recompute the chain from event ``start`` on and point the head at its end, as an
    attacker without the key would, to hide a change."""
    prev = audit.GENESIS if start == 1 else AuditEvent.objects.get(
        article_id=article_id, seq=start - 1).hash
    for event in AuditEvent.objects.filter(article_id=article_id,
                                           seq__gte=start).order_by("seq"):
        digest = audit.event_hash(article_id=article_id, seq=event.seq, kind=event.kind,
                                  actor=event.actor, created_at=event.created_at,
                                  payload=event.payload, prev_hash=prev)
        raw("UPDATE desk_auditevent SET prev_hash = %s, hash = %s WHERE id = %s", prev, digest,
            event.pk)
        prev = digest
    set_head(article_id)


def set_head(article_id: int) -> None:
    """Point the article's head at its last remaining event."""
    last = AuditEvent.objects.filter(article_id=article_id).order_by("-seq").first()
    raw("UPDATE desk_article SET audit_seq = %s, audit_head = %s WHERE id = %s",
        last.seq if last else 0, last.hash if last else "", article_id)


def event(article: Article, kind: str) -> AuditEvent:
    return AuditEvent.objects.filter(article=article, kind=kind).order_by("-seq").first()


@dataclass
class Desk:
    story: Article  # published: edits, an override, a publication
    other: Article  # in review, with a few more events
    translation: Translation
    publication: Publication
    override: Override
    home: Path

    @property
    def checkpoints(self) -> Path:
        return self.home / checkpoints.FILE_NAME

    def lines(self) -> list[bytes]:
        return self.checkpoints.read_bytes().splitlines()

    def write_lines(self, lines: list[bytes]) -> None:
        self.checkpoints.write_bytes(b"".join(line + b"\n" for line in lines))


@pytest.fixture
def audit_key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(checkpoint_file.KEY_ENV, KEY)
    monkeypatch.delenv(checkpoint_file.PREVIOUS_KEYS_ENV, raising=False)
    return KEY


@pytest.fixture
def trail_desk(audit_key: str, translation: Translation, editor: Any, publisher: Any,
               edition: Any, desk_home: Path, django_capture_on_commit_callbacks: Any) -> Desk:
    """Two articles: one edited, overridden, approved and published (which writes checkpoint
    1), one in review with two more checkpoints written after it grew."""
    edit_all(translation, editor)
    segment = translation.segments.filter(active=True).order_by("position").first()
    Segment.objects.filter(pk=segment.pk).update(issues=[BLOCKER])
    segment.refresh_from_db()
    made = gate.override(segment.pk, "numbers", issue="n35", version=segment.version,
                         user=editor, reason="The figure is in the headline.")
    confirm_all(translation, editor)
    workflow.approve(translation, user=editor)
    other = sources.ingest(story(title="Harbour reopens after storm"),
                           key="https://example.org/harbour", user=editor).article
    second = workflow.request_translation(other, edition, user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        publication = publishing.publish_translation(translation, user=publisher)
    for assignee in (editor.get_username(), None):
        assignment.assign(second.pk, assignee, user=editor)
        checkpoints.write("test")
    return Desk(story=translation.article, other=other, translation=translation,
                publication=publication, override=made, home=desk_home)
