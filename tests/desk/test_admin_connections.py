"""The webhook and WordPress admin pages: receivers added and removed per edition, the
delivery logs, Replay and Retry, for administrators only, through the services the command
line uses, each change in the administration trail. Receivers are real HTTP servers on
127.0.0.1."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from standardwebhooks import Webhook

from copydesk.desk import admin_audit, webhook_delivery, webhooks
from copydesk.desk.models import (
    AdminEvent,
    Edition,
    Translation,
    WebhookDelivery,
    WebhookEndpoint,
    WordPressDelivery,
    WordPressSite,
)
from copydesk.errors import PermissionDeniedError
from tests.desk.conftest import NO_CHECKS
from tests.desk.test_views_auth import signed_in
from tests.desk.test_webhooks import Receiver, attempted, queued, receiver, use

__all__ = ["receiver"]  # fixtures

ALL_EVENTS = list(webhooks.EVENTS)


@pytest.fixture
def admin(make_user: Any) -> Any:
    return make_user("ada", "admin")


@pytest.fixture
def as_admin(client: Any, admin: Any) -> Any:
    return signed_in(client, admin)


@pytest.fixture
def loopback(settings: Any) -> None:
    use(settings, allow_private_urls=True)


def page(answer: Any) -> str:
    return answer.content.decode()


def trail() -> list[tuple[str, str, str]]:
    return list(AdminEvent.objects.order_by("seq").values_list("kind", "actor", "subject"))


def shown_secret(answer: Any) -> str:
    found = re.search(r'value="(whsec_[A-Za-z0-9+/=]+)"', page(answer))
    assert found, page(answer)
    return found.group(1)


GETS = ["desk:admin_webhooks", "desk:admin_wordpress"]
POSTS = [("desk:admin_webhook_add", ()), ("desk:admin_webhook_remove", (1,)),
         ("desk:admin_webhook_replay", (1,)), ("desk:admin_wordpress_retry", (1,))]


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_only_administrators_open_or_change_them(client, make_user, edition, loopback, role):
    endpoint, _ = webhooks.add_endpoint("de", "http://127.0.0.1:9/hook")
    signed_in(client, make_user("someone", role))
    for name in GETS:
        answer = client.get(reverse(name))
        assert answer.status_code == 403 and "needs the &#x27;admin&#x27; role" in page(answer)
    for name, args in POSTS:
        assert client.post(reverse(name, args=args), {
            "edition": "de", "url": "http://127.0.0.1:9/other"}).status_code == 403
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).active
    assert WebhookEndpoint.objects.count() == 1 and trail() == [
        ("webhook_added", "system", f"webhook:{endpoint.pk}")]


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    for name in GETS:
        answer = client.get(reverse(name))
        assert answer.status_code == 302 and reverse("desk:login") in answer["location"]


def test_the_services_refuse_a_person_without_the_admin_role(make_user, edition, loopback):
    editor = make_user("erika", "editor")
    with pytest.raises(PermissionDeniedError):
        webhooks.add_endpoint("de", "http://127.0.0.1:9/hook", actor=editor)
    endpoint, _ = webhooks.add_endpoint("de", "http://127.0.0.1:9/hook")
    with pytest.raises(PermissionDeniedError):
        webhooks.remove_endpoint(endpoint.pk, actor=editor)
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).active


def test_add_a_receiver_with_chosen_events_its_secret_shown_once(as_admin, edition, loopback,
                                                                receiver: Receiver):
    answer = as_admin.post(reverse("desk:admin_webhook_add"), {
        "edition": "de", "url": receiver.url,
        "events": ["publication.published", "publication.withdrawn"]})
    assert answer.status_code == 200 and "no-cache" in answer["Cache-Control"]
    secret = shown_secret(answer)
    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.edition.code, endpoint.url, endpoint.events) == (
        "de", receiver.url, ["publication.published", "publication.withdrawn"])
    assert endpoint.secret == secret
    listed = page(as_admin.get(reverse("desk:admin_webhooks")))
    assert receiver.url in listed and secret not in listed
    [event] = AdminEvent.objects.all()
    assert (event.kind, event.actor, event.subject) == ("webhook_added", "user:ada",
                                                        f"webhook:{endpoint.pk}")
    assert event.payload == {"edition": "de", "url": receiver.url,
                             "events": ["publication.published", "publication.withdrawn"]}
    assert secret not in admin_audit.canonical_json(event.payload)
    assert admin_audit.verify().ok
    # the secret signs the messages: a test message verifies with it
    attempt = webhook_delivery.send_test(endpoint)
    assert attempt.error == ""
    headers, body = receiver.received[-1]
    Webhook(secret).verify(body, {k.lower(): v for k, v in headers.items()})


def test_no_event_chosen_sends_every_event(as_admin, edition, loopback):
    as_admin.post(reverse("desk:admin_webhook_add"), {"edition": "de",
                                                      "url": "http://127.0.0.1:9/all"})
    assert WebhookEndpoint.objects.get().events == ALL_EVENTS


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/hook", "http://[::1]:9/hook",
                                 "http://[::ffff:127.0.0.1]:9/hook", "http://10.0.0.7/hook",
                                 "http://169.254.169.254/latest"])
def test_a_private_receiver_is_refused_as_the_command_line_refuses_it(as_admin, edition, url):
    answer = as_admin.post(reverse("desk:admin_webhook_add"), {"edition": "de", "url": url})
    assert answer.status_code == 400
    assert "COPYDESK_ALLOW_PRIVATE_URLS" in page(answer)
    assert url.replace("&", "&amp;") in page(answer)  # the form keeps what was typed
    assert WebhookEndpoint.objects.count() == 0 and trail() == []


@pytest.mark.parametrize(("data", "said"), [
    ({"url": "ftp://cms.example.org/hook"}, "is not a web address"),
    ({"url": "javascript:alert(1)"}, "is not a web address"),
    ({"url": "https://cms.example.org/" + "a" * 2001}, "at most 2000"),
    ({"url": ""}, "This field is required"),
    ({"url": "https://cms.example.org/h", "events": ["publication.deleted"]},
     "not one of the available choices"),
    ({"url": "https://cms.example.org/h", "edition": "xx"}, "not one of the available choices"),
])
def test_bad_input_is_refused_on_the_form_and_stores_nothing(as_admin, edition, data, said):
    answer = as_admin.post(reverse("desk:admin_webhook_add"), {"edition": "de", **data})
    assert answer.status_code == 400 and said in page(answer)
    assert WebhookEndpoint.objects.count() == 0 and trail() == []


def test_an_address_is_read_after_normalising(as_admin, edition, loopback):
    # a zero-width space and spaces, as pasted from a document: dropped
    answer = as_admin.post(reverse("desk:admin_webhook_add"), {
        "edition": "de", "url": "\u200b http://127.0.0.1:9/hook "})
    assert answer.status_code == 200, page(answer)
    assert WebhookEndpoint.objects.get().url == "http://127.0.0.1:9/hook"
    # full-width letters are not read as a scheme: refused, as the command line refuses them
    refused = as_admin.post(reverse("desk:admin_webhook_add"), {
        "edition": "de", "url": "ｈｔｔｐ://127.0.0.1:9/hook"})
    assert refused.status_code == 400 and "is not a web address" in page(refused)
    assert WebhookEndpoint.objects.count() == 1


def test_remove_a_receiver_drops_its_waiting_messages(as_admin, edition, loopback):
    delivery = queued("http://127.0.0.1:9/hook")
    answer = as_admin.post(reverse("desk:admin_webhook_remove", args=[delivery.endpoint_id]),
                           follow=True)
    assert "1 message(s) still waiting" in page(answer)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and not delivery.endpoint.active
    assert [k for k, _, _ in trail()] == ["webhook_added", "webhook_removed"]
    again = as_admin.post(reverse("desk:admin_webhook_remove", args=[delivery.endpoint_id]))
    assert again.status_code == 302  # refused, said as a message
    assert [k for k, _, _ in trail()] == ["webhook_added", "webhook_removed"]
    assert as_admin.post(reverse("desk:admin_webhook_remove", args=[999])).status_code == 302
    assert "No webhook 999" in page(as_admin.get(reverse("desk:admin_webhooks")))


def test_the_log_shows_a_failed_message_and_replay_sends_it_again(as_admin, edition, settings,
                                                                  loopback, receiver: Receiver):
    use(settings, webhook_max_attempts=1, allow_private_urls=True)
    receiver.statuses = [500, 200]
    delivery = queued(receiver.url)
    attempted(delivery, 1)
    failed_log = page(as_admin.get(reverse("desk:admin_webhooks") + "?failed=1"))
    assert "failed" in failed_log and "HTTP 500" in failed_log
    assert f"Replay delivery {delivery.pk}" in failed_log
    answer = as_admin.post(reverse("desk:admin_webhook_replay", args=[delivery.pk]),
                           {"failed": "1"})
    assert answer.status_code == 302 and answer["location"].endswith("?failed=1")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 0)
    [sent] = webhook_delivery.deliver_due()
    assert sent.status == "delivered"
    assert [h["webhook-id"] for h, _ in receiver.received] == [delivery.message_id] * 2
    event = AdminEvent.objects.get(kind="webhook_replayed")
    assert event.actor == "user:ada" and event.payload["delivery"] == delivery.pk
    assert event.payload["was"] == {"status": "failed", "attempts": 1}
    assert as_admin.post(reverse("desk:admin_webhook_replay", args=[10**9])).status_code == 302
    assert WebhookDelivery.objects.count() == 1


def test_the_log_escapes_what_a_receiver_answered(as_admin, edition, loopback):
    delivery = queued("http://127.0.0.1:9/hook")
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status="failed", last_error="<script>alert(1)</script>")
    shown = page(as_admin.get(reverse("desk:admin_webhooks")))
    assert "<script>alert(1)" not in shown and "&lt;script&gt;alert(1)" in shown


def test_the_log_shows_at_most_the_newest_fifty(as_admin, edition, loopback):
    first = queued("http://127.0.0.1:9/hook")
    WebhookDelivery.objects.bulk_create([
        WebhookDelivery(endpoint=first.endpoint, event_type="translation.ready",
                        message_id=webhook_delivery.new_message_id(), payload={})
        for _ in range(120)])
    shown = page(as_admin.get(reverse("desk:admin_webhooks")))
    assert shown.count("Replay delivery ") == 50


def wordpress_delivery(edition: Edition, translation: Translation, **fields: Any
                       ) -> WordPressDelivery:
    site = WordPressSite.objects.get_or_create(name="news-de", defaults={
        "url": "https://de.news.example.org", "user": "desk", "password_env": "WP_DE",
        "edition": edition})[0]
    return WordPressDelivery.objects.create(site=site, translation=translation,
                                            action="publish", **fields)


def test_the_wordpress_page_lists_sites_and_retries_a_failed_delivery(as_admin, translation):
    failed = wordpress_delivery(translation.edition, translation, status="failed", attempts=8,
                                last_error="Set the environment variable WP_DE for the worker.")
    done = wordpress_delivery(translation.edition, translation, status="delivered",
                              attempts=1, post_id=41)
    shown = page(as_admin.get(reverse("desk:admin_wordpress")))
    assert "news-de" in shown and "$WP_DE" in shown and "Set the environment variable" in shown
    assert f"Retry delivery {failed.pk}" in shown and f"Retry delivery {done.pk}" not in shown
    only_failed = page(as_admin.get(reverse("desk:admin_wordpress") + "?failed=1"))
    assert f"Retry delivery {failed.pk}" in only_failed and ">41<" not in only_failed
    answer = as_admin.post(reverse("desk:admin_wordpress_retry", args=[failed.pk]), follow=True)
    assert "is queued again" in page(answer)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("pending", 0)
    [event] = AdminEvent.objects.all()
    assert (event.kind, event.actor, event.subject) == (
        "wordpress_delivery_retried", "user:ada", "wordpress:news-de")
    assert event.payload["attempts"] == 8 and event.payload["delivery"] == failed.pk
    refused = as_admin.post(reverse("desk:admin_wordpress_retry", args=[done.pk]), follow=True)
    assert "only a failed one" in page(refused)
    assert AdminEvent.objects.count() == 1


def test_an_editor_cannot_retry_a_wordpress_delivery(client, make_user, translation):
    failed = wordpress_delivery(translation.edition, translation, status="failed")
    signed_in(client, make_user("someone", "editor", "publisher"))
    assert client.post(reverse("desk:admin_wordpress_retry",
                               args=[failed.pk])).status_code == 403
    failed.refresh_from_db()
    assert failed.status == "failed" and AdminEvent.objects.count() == 0


def test_the_pages_are_in_the_admin_navigation(as_admin, db):
    Edition.objects.create(code="fr", name="French", language="fr", engine="pseudo",
                           options=NO_CHECKS)
    shown = page(as_admin.get(reverse("desk:admin")))
    assert reverse("desk:admin_webhooks") in shown and reverse("desk:admin_wordpress") in shown
