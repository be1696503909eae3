"""Signed checkpoints: written on publication and periodically, sent to a URL, never in the way."""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone

from copydesk.desk import (
    assignment,
    audit,
    checkpoint_file,
    checkpoints,
    publishing,
    workflow,
)
from copydesk.desk.models import AuditCheckpoint, TranslationState
from copydesk.errors import ConfigError
from tests.desk.audit_desk import KEY, audit_key, trail_desk
from tests.desk.conftest import confirm_all

__all__ = ["audit_key", "trail_desk"]  # fixtures


def record_an_event(translation, editor) -> None:
    """One more event on the article's trail: the editor takes the translation, or gives
    it back when they have it."""
    translation.refresh_from_db()
    taken = translation.assigned_to_id == editor.pk
    assignment.assign(translation.pk, None if taken else editor.get_username(), user=editor)


def use(settings: Any, **values: Any) -> None:
    desk = settings.COPYDESK_SETTINGS
    settings.COPYDESK_SETTINGS = dataclasses.replace(desk, values={**desk.values, **values})


class Receiver(ThreadingHTTPServer):
    """A checkpoint receiver on loopback that answers ``status`` and keeps what it got."""

    status = 200

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[tuple[dict[str, str], bytes]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/checkpoints"


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        self.server.received.append((dict(self.headers), body))
        self.send_response(self.server.status)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def closed_port_url() -> str:
    server = Receiver()
    url = server.url
    server.server_close()
    return url


def publish(translation: Any, editor: Any, publisher: Any, capture: Any) -> Any:
    confirm_all(translation, editor)
    workflow.approve(translation, user=editor)
    with capture(execute=True):
        return publishing.publish_translation(translation, user=publisher)


def test_a_publication_writes_a_checkpoint_and_sends_it(
        audit_key, translation, editor, publisher, settings, receiver, desk_home,
        django_capture_on_commit_callbacks):
    use(settings, audit_checkpoint_url=receiver.url)
    publish(translation, editor, publisher, django_capture_on_commit_callbacks)
    line = (desk_home / checkpoints.FILE_NAME).read_bytes().splitlines()[0]
    entry = json.loads(line)
    article = translation.article
    article.refresh_from_db()
    assert entry["reason"] == "publication"
    assert entry["articles"][str(article.pk)] == {"seq": article.audit_seq,
                                                  "head": article.audit_head, "key": article.key}
    headers, body = receiver.received[0]
    assert body == line and headers["content-type"] == "application/json"
    assert AuditCheckpoint.objects.get().delivered_at is not None


@pytest.mark.parametrize("status", [500, 404, None])  # None: nothing listens
def test_a_failed_delivery_is_recorded_never_blocks_and_is_retried(
        audit_key, translation, editor, publisher, settings, receiver, status,
        django_capture_on_commit_callbacks):
    use(settings, audit_checkpoint_url=closed_port_url() if status is None else receiver.url,
        audit_checkpoint_timeout=2.0)
    receiver.status = status or 200
    publish(translation, editor, publisher, django_capture_on_commit_callbacks)
    translation.refresh_from_db()
    assert translation.state == TranslationState.PUBLISHED
    row = AuditCheckpoint.objects.get()
    assert row.delivered_at is None and row.attempts == 1 and row.last_error
    assert any("did not reach audit_checkpoint_url" in n for n in audit.verify(
        translation.article).notes)
    receiver.status = 200
    use(settings, audit_checkpoint_url=receiver.url)
    assert checkpoints.deliver_pending() == []
    row.refresh_from_db()
    assert row.delivered_at is not None and receiver.received[-1][1] == row.line.encode()


@pytest.mark.parametrize("url", ["ftp://audit.example.org/x", "file:///tmp/x", "audit.example",
                                 "javascript:alert(1)"])
def test_a_checkpoint_url_that_is_not_http_is_a_clear_error(settings, url, db):
    use(settings, audit_checkpoint_url=url)
    with pytest.raises(ConfigError, match="is not an http"):
        checkpoints.deliver_pending()


def test_anchor_if_due_writes_only_when_due_and_something_changed(audit_key, translation, editor,
                                                                  settings):
    use(settings, audit_checkpoint_minutes=10)
    start = timezone.now()
    assert checkpoints.anchor_if_due(start) is True
    assert checkpoints.anchor_if_due(start + timedelta(minutes=5)) is False  # not due
    assert checkpoints.anchor_if_due(start + timedelta(minutes=11)) is False  # nothing changed
    record_an_event(translation, editor)
    assert checkpoints.anchor_if_due(start + timedelta(minutes=15)) is False  # looked at 11
    assert checkpoints.anchor_if_due(start + timedelta(minutes=22)) is True
    assert AuditCheckpoint.objects.filter(reason="periodic").count() == 2
    result = audit.verify(translation.article)
    assert result.anchored == result.events


def test_without_a_key_nothing_is_anchored_and_verify_says_so(translation, monkeypatch):
    monkeypatch.delenv(checkpoint_file.KEY_ENV, raising=False)
    monkeypatch.delenv(checkpoint_file.PREVIOUS_KEYS_ENV, raising=False)
    assert checkpoints.anchor_if_due() is False
    outcome = checkpoints.write("manual")
    assert outcome.number is None and "only hash-chained" in outcome.message
    result = audit.verify(translation.article)
    assert result.ok and result.anchored is None
    assert any("a rewind or rewrite" in note for note in result.notes)


@pytest.mark.parametrize("key", ["short", " " * 40, "x" * 31])
def test_a_short_key_is_a_clear_error(monkeypatch, key, db):
    monkeypatch.setenv(checkpoint_file.KEY_ENV, key)
    if not key.strip():
        assert checkpoints.write("manual").number is None  # blank: no key at all
        return
    with pytest.raises(ConfigError, match="shorter than 32 characters"):
        checkpoints.write("manual")
    assert checkpoints.anchor_if_due() is False  # the worker logs it and carries on


def test_a_retired_key_still_verifies_its_checkpoints(trail_desk, editor, monkeypatch):
    monkeypatch.setenv(checkpoint_file.KEY_ENV, "a-new-key-" + "y" * 40)
    assert not audit.verify_all().ok  # old lines signed by a key it does not know
    monkeypatch.setenv(checkpoint_file.PREVIOUS_KEYS_ENV, f"some-other-key-{'z' * 30}, {KEY}")
    assert audit.verify_all().ok
    assert checkpoints.write("manual").number is None  # nothing changed
    record_an_event(trail_desk.other.translations.get(), editor)
    assert checkpoints.write("manual").number == 4
    assert audit.verify_all().ok


def test_concurrent_writers_keep_one_chain(audit_key, translation, editor):
    """Each writer locks the file: no two lines claim the same predecessor."""
    for _ in range(3):
        record_an_event(translation, editor)
        checkpoints._ledgers.clear()  # as if each checkpoint came from a new process
        checkpoints.write("manual")
    ledger = checkpoint_file.read(checkpoints.checkpoint_path(), checkpoint_file.keyring())
    assert ledger.count == 3 and ledger.problems == []


def test_a_damaged_checkpoint_file_is_reported_by_every_later_checkpoint(trail_desk, editor):
    lines = trail_desk.lines()
    assert b'"reason":"publication"' in lines[0]
    trail_desk.write_lines([lines[0].replace(b'"publication"', b'"periodic"'), *lines[1:]])
    checkpoints._ledgers.clear()
    record_an_event(trail_desk.other.translations.get(), editor)
    outcome = checkpoints.write("manual")
    assert outcome.number == 4
    assert any("Checkpoint line 1" in p for p in outcome.problems)
    assert not audit.verify_all().ok
