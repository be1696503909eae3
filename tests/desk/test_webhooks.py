"""Webhooks: queued with the step that made the event, signed, retried, replayed, never
sent to a private address unless allowed. Receivers are real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from copydesk.desk import publishing, sources, webhook_delivery, webhooks, workflow
from copydesk.desk.models import (
    AuditEvent,
    Edition,
    Publication,
    TranslationState,
    WebhookDelivery,
    WebhookEndpoint,
)
from copydesk.errors import PrivateAddressError, WorkflowError
from tests.desk.conftest import NO_CHECKS, confirm_all, story


def use(settings: Any, **values: Any) -> None:
    desk = settings.COPYDESK_SETTINGS
    settings.COPYDESK_SETTINGS = dataclasses.replace(desk, values={**desk.values, **values})


class Receiver(ThreadingHTTPServer):
    """A webhook receiver on loopback: answers ``statuses`` in turn (then the last one again),
    or redirects to ``redirect``, and keeps every request it got."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.statuses = [200]
        self.redirect = ""
        self.received: list[tuple[dict[str, str], bytes]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hooks/copydesk"

    def answer(self) -> int:
        return self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]

    def messages(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _, body in self.received]


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        self.server.received.append((dict(self.headers), body))
        status = self.server.answer()
        self.send_response(302 if self.server.redirect else status)
        if self.server.redirect:
            self.send_header("location", self.server.redirect)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def _started() -> Receiver:
    server = Receiver()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    return server


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = _started()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def other_receiver() -> Iterator[Receiver]:
    server = _started()
    yield server
    server.shutdown()
    server.server_close()


def closed_port_url() -> str:
    server = Receiver()
    url = server.url
    server.server_close()
    return url


@pytest.fixture(autouse=True)
def loopback_allowed(settings: Any) -> None:
    """The receivers here are on 127.0.0.1, which the desk refuses unless allowed."""
    use(settings, allow_private_urls=True)


def hook(url: str, *events: str, edition: str = "de") -> tuple[WebhookEndpoint, str]:
    return webhooks.add_endpoint(edition, url, events)


def sent_types(endpoint: WebhookEndpoint) -> list[str]:
    return list(WebhookDelivery.objects.filter(endpoint=endpoint).order_by("id")
                .values_list("event_type", flat=True))


def publish(translation: Any, editor: Any, publisher: Any) -> Publication:
    confirm_all(translation, editor)
    workflow.approve(translation, user=editor)
    return publishing.publish_translation(translation, user=publisher)


def test_each_step_queues_its_event_for_the_endpoints_of_its_edition_that_want_it(
        edition, editor, publisher):
    Edition.objects.create(code="fr", name="French edition", language="fr", engine="pseudo",
                           options=NO_CHECKS)
    every, _ = hook("https://cms.example.org/de")
    published_only, _ = hook("https://cms.example.org/de-pub", "publication.published")
    removed, _ = hook("https://cms.example.org/old")
    webhooks.remove_endpoint(removed.pk)
    french, _ = hook("https://cms.example.org/fr", edition="fr")

    article = sources.ingest(story(), key="https://example.org/bridge", user=editor).article
    translation = workflow.request_translation(article, edition, user=editor)
    publish(translation, editor, publisher)
    workflow.open_correction(translation, user=editor, reason="Wrong figure in the headline.")
    publish(translation, editor, publisher)
    workflow.withdraw(translation, user=publisher, reason="Legal hold on the story.")

    assert sent_types(every) == ["translation.ready", "translation.approved",
                                 "publication.published", "translation.approved",
                                 "publication.corrected", "publication.withdrawn"]
    assert sent_types(published_only) == ["publication.published"]
    assert sent_types(removed) == [] and sent_types(french) == []


def test_a_publication_message_carries_the_article_translation_and_outputs(approved, publisher):
    endpoint, _ = hook("https://cms.example.org/de", "publication.published")
    publication = publishing.publish_translation(approved, user=publisher)
    message = WebhookDelivery.objects.get(endpoint=endpoint).payload
    assert message["type"] == "publication.published"
    assert message["timestamp"].endswith("Z")
    data = message["data"]
    assert data["article"] == {"id": approved.article_id, "key": "https://example.org/bridge"}
    assert data["translation"] == {"id": approved.pk, "edition": "de", "language": "de",
                                   "state": "published", "source_version": 1}
    assert data["publication"]["id"] == publication.pk
    assert data["publication"]["kind"] == "first"
    assert data["publication"]["outputs"] == publication.outputs
    assert {"html", "md", "json"} <= set(publication.outputs)


def test_a_refused_approval_queues_nothing(translation, editor):
    endpoint, _ = hook("https://cms.example.org/de")
    with pytest.raises(WorkflowError, match="is not confirmed"):
        workflow.approve(translation, user=editor)
    assert sent_types(endpoint) == []


def test_a_step_rolled_back_queues_nothing_and_wakes_no_worker(
        translation, editor, django_capture_on_commit_callbacks):
    endpoint, _ = hook("https://cms.example.org/de")
    confirm_all(translation, editor)
    with django_capture_on_commit_callbacks() as callbacks, \
            pytest.raises(RuntimeError, match="after the approval"), transaction.atomic():
        workflow.approve(translation, user=editor)
        assert sent_types(endpoint) == ["translation.approved"]
        raise RuntimeError("something failed after the approval")
    assert sent_types(endpoint) == []
    assert not AuditEvent.objects.filter(kind="approved").exists()
    assert callbacks == []


def test_withdrawn_is_sent_only_when_a_published_text_comes_down(approved, editor, publisher):
    endpoint, _ = hook("https://cms.example.org/de", "publication.withdrawn")
    workflow.withdraw(approved, user=publisher, reason="Not for this edition after all.")
    assert sent_types(endpoint) == []  # never published

    workflow.open_correction(approved, user=editor, reason="Bring it back for the edition.")
    publication = publish(approved, editor, publisher)
    workflow.withdraw(approved, user=publisher, reason="Legal hold on the story.")
    message = WebhookDelivery.objects.get(endpoint=endpoint).payload
    assert message["data"]["publication"]["id"] == publication.pk
    assert "outputs" not in message["data"]["publication"]
    assert message["data"]["reason"] == "Legal hold on the story."
    assert message["data"]["translation"]["state"] == TranslationState.WITHDRAWN

    workflow.open_correction(approved, user=editor, reason="Reopened for a second look.")
    workflow.withdraw(approved, user=publisher, reason="Still on legal hold.")
    assert sent_types(endpoint) == ["publication.withdrawn"]  # it was down already


def test_the_receiver_verifies_the_signature_and_a_tampered_body_fails(
        approved, publisher, receiver):
    endpoint, secret = hook(receiver.url, "publication.published")
    publishing.publish_translation(approved, user=publisher)
    [attempt] = webhook_delivery.deliver_due()
    assert attempt.status == "delivered" and attempt.status_code == 200
    [(headers, body)] = receiver.received
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert headers["webhook-id"] == delivery.message_id
    assert delivery.message_id.startswith("msg_")
    assert Webhook(secret).verify(body, headers) == delivery.payload
    tampered = body.replace(b'"first"', b'"correction"')
    assert tampered != body
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(tampered, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(webhooks.new_secret()).verify(body, headers)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        "delivered", 1, 200)
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None


def test_the_worker_task_sends_once_the_step_commits(translation, editor, receiver,
                                                     django_capture_on_commit_callbacks):
    endpoint, secret = hook(receiver.url, "translation.approved")
    confirm_all(translation, editor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(translation, user=editor)
    assert [m["type"] for m in receiver.messages()] == ["translation.approved"]
    headers, body = receiver.received[0]
    Webhook(secret).verify(body, headers)
    assert WebhookDelivery.objects.get(endpoint=endpoint).status == "delivered"


def queued(url: str) -> WebhookDelivery:
    """One message waiting for ``url``, as ``schedule`` leaves it."""
    endpoint, _ = hook(url)
    now = timezone.now()
    return WebhookDelivery.objects.create(
        endpoint=endpoint, event_type="translation.approved",
        message_id=webhook_delivery.new_message_id(), next_attempt_at=now,
        payload={"type": "translation.approved", "timestamp": webhook_delivery.timestamp(now),
                 "data": {"article": {"id": 1, "key": "k"}}})


def attempted(delivery: WebhookDelivery, times: int) -> list[timedelta]:
    """Attempt the message each time it is due, ``times`` times (never before it is due);
    returns the wait the desk set after each attempt that left it pending."""
    waits, moment = [], delivery.next_attempt_at
    for _ in range(times):
        assert webhook_delivery.deliver_due(now=moment - timedelta(seconds=1)) == []
        [attempt] = webhook_delivery.deliver_due(now=moment)
        if attempt.next_attempt_at is not None:
            waits.append(attempt.next_attempt_at - moment)
            moment = attempt.next_attempt_at
    delivery.refresh_from_db()
    return waits


def test_a_500_is_retried_with_growing_waits_then_fails_after_the_last_attempt(
        edition, settings, receiver):
    use(settings, webhook_max_attempts=4)
    receiver.statuses = [500]
    delivery = queued(receiver.url)
    waits = attempted(delivery, 4)
    assert waits == [timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10)]
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 4, 500)
    assert delivery.last_error == "The receiver answered HTTP 500."
    assert delivery.next_attempt_at is None and len(receiver.received) == 4
    assert webhook_delivery.deliver_due(now=timezone.now() + timedelta(days=9)) == []


def test_a_closed_port_is_retried_like_an_error_answer(edition, settings):
    use(settings, webhook_max_attempts=8)
    delivery = queued(closed_port_url())
    waits = attempted(delivery, 7)
    assert waits == [timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10),
                     timedelta(hours=1), timedelta(hours=6), timedelta(hours=12),
                     timedelta(hours=24)]
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 7, None)
    assert delivery.last_error.startswith("ConnectError")


def test_a_message_that_succeeds_on_a_retry_is_delivered(edition, receiver):
    receiver.statuses = [503, 204]
    delivery = queued(receiver.url)
    attempted(delivery, 2)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        "delivered", 2, 204)
    assert delivery.last_error == ""
    ids = {headers["webhook-id"] for headers, _ in receiver.received}
    assert ids == {delivery.message_id}  # one message id on every attempt


def test_a_failed_message_is_replayed_with_its_id_and_fresh_attempts(
        edition, settings, receiver):
    use(settings, webhook_max_attempts=1)
    receiver.statuses = [500, 200]
    delivery = queued(receiver.url)
    attempted(delivery, 1)
    assert delivery.status == "failed"
    replayed = webhooks.replay(delivery.pk)
    assert (replayed.status, replayed.attempts) == ("pending", 0)
    [attempt] = webhook_delivery.deliver_due()
    assert attempt.status == "delivered"
    assert [h["webhook-id"] for h, _ in receiver.received] == [delivery.message_id] * 2
    assert receiver.messages() == [delivery.payload] * 2


def test_a_redirect_is_not_followed(edition, receiver, other_receiver):
    receiver.redirect = other_receiver.url
    delivery = queued(receiver.url)
    attempted(delivery, 1)
    assert other_receiver.received == []
    assert (delivery.status, delivery.last_status_code) == ("pending", 302)
    assert "redirect, which is not followed" in delivery.last_error


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/hook", "http://[::1]:9/hook",
                                 "http://[::ffff:127.0.0.1]:9/hook", "http://10.0.0.7/hook",
                                 "http://169.254.169.254/latest"])
def test_a_private_address_is_refused_unless_allowed(edition, settings, url):
    use(settings, allow_private_urls=False)
    with pytest.raises(PrivateAddressError, match="COPYDESK_ALLOW_PRIVATE_URLS"):
        webhooks.add_endpoint("de", url)
    assert not WebhookEndpoint.objects.exists()


def test_a_host_that_resolves_to_a_private_address_is_refused(settings, edition):
    use(settings, allow_private_urls=False)
    with pytest.raises(PrivateAddressError, match=r"\(10\.1\.2\.3\)"):
        webhook_delivery.check_target("https://hooks.example.org/in", settings.COPYDESK_SETTINGS,
                                      resolve=lambda host, port: ["93.184.215.14", "10.1.2.3"])
    webhook_delivery.check_target("https://hooks.example.org/in", settings.COPYDESK_SETTINGS,
                                  resolve=lambda host, port: ["93.184.215.14"])


def test_an_endpoint_that_became_private_fails_at_once_and_gets_nothing(
        settings, edition, receiver):
    delivery = queued(receiver.url)  # added while loopback was allowed
    use(settings, allow_private_urls=False)
    [attempt] = webhook_delivery.deliver_due()
    delivery.refresh_from_db()
    assert (attempt.status, delivery.status, delivery.attempts) == ("failed", "failed", 1)
    assert "private or local address" in delivery.last_error
    assert receiver.received == []
    use(settings, allow_private_urls=True)
    webhooks.replay(delivery.pk)
    assert webhook_delivery.deliver_due()[0].status == "delivered"


def test_a_claimed_message_is_not_sent_twice_until_its_claim_runs_out(
        edition, settings, receiver):
    delivery = queued(receiver.url)
    now = timezone.now()
    claimed = webhook_delivery._claim(now, settings.COPYDESK_SETTINGS)  # a worker that died
    assert claimed is not None and claimed.pk == delivery.pk
    assert webhook_delivery.deliver_due(now=now) == []
    later = now + timedelta(seconds=4 * settings.COPYDESK_SETTINGS.webhook_timeout + 31)
    [attempt] = webhook_delivery.deliver_due(now=later)
    assert attempt.status == "delivered" and len(receiver.received) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2


def test_a_test_message_is_sent_once_and_signed(edition, receiver):
    endpoint, secret = hook(receiver.url)
    attempt = webhook_delivery.send_test(endpoint)
    assert attempt.status == "delivered"
    [(headers, body)] = receiver.received
    assert Webhook(secret).verify(body, headers)["type"] == "webhook.test"
    receiver.statuses = [500]
    failed = webhook_delivery.send_test(endpoint)
    assert (failed.status, failed.status_code, failed.next_attempt_at) == ("failed", 500, None)


def test_removing_an_endpoint_drops_its_waiting_messages(edition, receiver):
    delivery = queued(receiver.url)
    assert webhooks.remove_endpoint(delivery.endpoint_id) == 1
    delivery.refresh_from_db()
    assert delivery.status == "failed" and "removed" in delivery.last_error
    assert webhook_delivery.deliver_due() == [] and receiver.received == []
    with pytest.raises(WorkflowError, match="was removed"):
        webhooks.replay(delivery.pk)
    assert [d.pk for d in webhooks.deliveries(failed_only=True)] == [delivery.pk]
