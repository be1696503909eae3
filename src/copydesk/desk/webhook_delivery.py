"""Sending webhook messages: signed per Standard Webhooks, by the worker, retried with backoff.

The ``deliver`` task (run by ``copydesk worker``; queued when a message is
scheduled or replayed, and deferred to the next retry) sends every message
that is due. Each attempt is a POST of the message's JSON with the headers
``webhook-id`` (the message id, the same on every attempt, for the receiver
to drop duplicates), ``webhook-timestamp`` (when it was signed) and
``webhook-signature`` (``v1,`` and the HMAC-SHA256 of ``id.timestamp.body``
with the endpoint's secret, from the ``standardwebhooks`` package).

A 2xx answer delivers the message. Anything else (another status, a
redirect, which is never followed, a refused or timed-out connection) is
retried after 30 s, 2 min, 10 min, 1 h, 6 h, 12 h, then every 24 h, until
``webhook_max_attempts`` attempts have failed; then the message is failed,
and ``copydesk webhooks replay`` sends it again. Each attempt's status code
and error are kept on the delivery. A receiver whose address is private,
loopback or link-local is refused (the message fails at once) unless
``allow_private_urls`` is on; the address is checked before every attempt.

Several workers may run the task at once: a message is claimed (its next
attempt moved past the attempt's time limit) in a short transaction, with
``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL and SQLite's write lock,
so it is sent by one of them. A worker that dies mid-attempt leaves the claim
to run out, and the message is sent again: delivery is at least once.
Known gap, as for fetching: the receiver's address is checked when it is
resolved here, not when the connection is made moments later.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task
from standardwebhooks import Webhook

from copydesk import __version__
from copydesk.desk import task_runs
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from copydesk.errors import CopydeskError, FetchError, InputError, PrivateAddressError
from copydesk.ingest.fetch import (
    REDIRECT_STATUSES,
    Resolver,
    host_addresses,
    is_public_address,
    resolve_host,
)
from copydesk.settings import Settings

log = logging.getLogger(__name__)

BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10),
           timedelta(hours=1), timedelta(hours=6), timedelta(hours=12), timedelta(hours=24))
BATCH = 50  # messages one run of the task sends before it makes way for other tasks
USER_AGENT = f"copydesk/{__version__} (webhooks)"
TEST = "webhook.test"
PRIVATE_HINT = ("set COPYDESK_ALLOW_PRIVATE_URLS=true if the receiver is on your own "
                "network")


@dataclass(frozen=True)
class Attempt:
    """What one attempt did; ``status`` is the delivery's status after it."""

    delivery: int
    message_id: str
    status: str
    status_code: int | None
    error: str
    next_attempt_at: datetime | None


def new_message_id() -> str:
    return f"msg_{secrets.token_hex(16)}"


def timestamp(moment: datetime) -> str:
    """A message's time as Standard Webhooks shows it: ISO 8601 in UTC, with a Z."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt."""
    return BACKOFF[min(attempts, len(BACKOFF)) - 1]


def check_target(url: str, settings: Settings, resolve: Resolver = resolve_host) -> None:
    """Refuse a receiver that is not http(s), or whose host is private (unless allowed)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InputError(f"The webhook address {url!r} is not an http:// or https:// address; "
                         "give the receiver's full address.")
    if settings.allow_private_urls:
        return
    try:
        host, addresses = host_addresses(parts, resolve)
    except ValueError:
        raise InputError(f"The webhook address {url!r} has an invalid port.") from None
    except FetchError:
        raise FetchError(f"Could not find the server {parts.hostname!r} of the webhook "
                         f"address {url}; check the address.") from None
    private = next((a for a in addresses if not is_public_address(a)), None)
    if private is not None:
        raise PrivateAddressError(f"Refusing to send webhooks to {url}: {host} is a private "
                                  f"or local address ({private}); {PRIVATE_HINT}.")


@task()
def deliver() -> dict[str, Any]:
    """Send the messages that are due, then make sure a run comes for the next retry."""
    sent = deliver_due()
    upcoming = (WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, endpoint__active=True)
                .exclude(next_attempt_at=None).order_by("next_attempt_at")
                .values_list("next_attempt_at", flat=True).first())
    task_runs.follow_up(deliver, attempted=len(sent), batch=BATCH, upcoming=upcoming)
    return {"attempts": len(sent),
            "delivered": sum(a.status == DeliveryStatus.DELIVERED for a in sent)}


def wake(at: datetime | None = None) -> None:
    """Queue a ``deliver`` run for ``at`` (now when None), unless one is queued by then."""
    task_runs.queue_once(deliver, at)


def deliver_due(*, client: httpx.Client | None = None, now: datetime | None = None,
                resolve: Resolver = resolve_host) -> list[Attempt]:
    """Attempt every message that is due (``now``: the clock, for tests), at most ``BATCH``."""
    settings = copydesk_settings()
    done: list[Attempt] = []
    with _http(client, settings) as http:
        while len(done) < BATCH:
            delivery = _claim(now or timezone.now(), settings)
            if delivery is None:
                break
            done.append(_attempt(delivery, http, settings, resolve=resolve, now=now))
    return done


def send_test(endpoint: WebhookEndpoint, *, client: httpx.Client | None = None,
              resolve: Resolver = resolve_host) -> Attempt:
    """Send a ``webhook.test`` message to the endpoint now, once (it is not retried)."""
    settings = copydesk_settings()
    now = timezone.now()
    message = {"type": TEST, "timestamp": timestamp(now),
               "data": {"webhook": endpoint.pk, "edition": endpoint.edition.code}}
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event_type=TEST, message_id=new_message_id(), payload=message,
        attempts=1, next_attempt_at=None, created_at=now)
    with _http(client, settings) as http:
        return _attempt(delivery, http, settings, resolve=resolve, final=True)


@contextlib.contextmanager
def _http(client: httpx.Client | None, settings: Settings) -> Iterator[httpx.Client]:
    if client is not None:
        yield client
        return
    with httpx.Client(timeout=settings.webhook_timeout, follow_redirects=False,
                      headers={"user-agent": USER_AGENT}) as own:
        yield own


def _claim(moment: datetime, settings: Settings) -> WebhookDelivery | None:
    """The next due message, claimed for one attempt (its attempts counted), or None."""
    hold = timedelta(seconds=4 * settings.webhook_timeout + 30)
    while True:
        with transaction.atomic():
            row = (WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
                   .filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=moment,
                           endpoint__active=True)
                   .order_by("next_attempt_at", "id").first())
            if row is None:
                return None
            mine = WebhookDelivery.objects.filter(pk=row.pk, status=DeliveryStatus.PENDING,
                                                  attempts=row.attempts)
            if row.attempts >= settings.webhook_max_attempts:  # the last one's worker died
                mine.update(status=DeliveryStatus.FAILED, next_attempt_at=None,
                            last_error=row.last_error or "The worker stopped during the last "
                            "attempt.")
                continue
            if mine.update(attempts=F("attempts") + 1, next_attempt_at=moment + hold):
                row.attempts += 1
                return row


def _attempt(delivery: WebhookDelivery, http: httpx.Client, settings: Settings, *,
             resolve: Resolver, now: datetime | None = None, final: bool = False) -> Attempt:
    endpoint = delivery.endpoint
    give_up = final
    try:
        check_target(endpoint.url, settings, resolve)
        code, error = _post(http, endpoint, delivery)
    except PrivateAddressError as exc:
        code, error, give_up = None, str(exc), True
    except CopydeskError as exc:
        code, error = None, str(exc)
    if error and not final:  # a test's outcome is shown to whoever sent it
        log.warning("Webhook %s (%s) to %s, attempt %d: %s", delivery.message_id,
                    delivery.event_type, endpoint.url, delivery.attempts, error)
    return _record(delivery, code, error, give_up=give_up, settings=settings,
                   moment=now or timezone.now())


def _post(http: httpx.Client, endpoint: WebhookEndpoint,
          delivery: WebhookDelivery) -> tuple[int | None, str]:
    """POST the signed message: the status code, and what went wrong ('' for a 2xx)."""
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":"))
    signed_at = timezone.now()
    headers = {"content-type": "application/json", "webhook-id": delivery.message_id,
               "webhook-timestamp": str(int(signed_at.timestamp())),
               "webhook-signature": Webhook(endpoint.secret).sign(delivery.message_id,
                                                                  signed_at, body)}
    try:
        with http.stream("POST", endpoint.url, content=body.encode("utf-8"),
                         headers=headers) as response:
            code = response.status_code
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc or 'no answer'}"
    except httpx.InvalidURL as exc:
        return None, f"The webhook address is not valid ({exc})."
    if 200 <= code < 300:
        return code, ""
    if code in REDIRECT_STATUSES:
        return code, (f"The receiver answered HTTP {code}, a redirect, which is not followed; "
                      "give the webhook its final address.")
    return code, f"The receiver answered HTTP {code}."


def _record(delivery: WebhookDelivery, code: int | None, error: str, *, give_up: bool,
            settings: Settings, moment: datetime) -> Attempt:
    """Store the attempt's outcome, unless a replay started the message over meanwhile."""
    mine = WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING,
                                          attempts=delivery.attempts)
    fields: dict[str, Any] = {"last_status_code": code, "last_error": error,
                              "next_attempt_at": None}
    if not error:
        fields.update(status=DeliveryStatus.DELIVERED, delivered_at=moment)
    elif give_up or delivery.attempts >= settings.webhook_max_attempts:
        fields.update(status=DeliveryStatus.FAILED)
    else:
        fields.update(next_attempt_at=moment + backoff(delivery.attempts))
    mine.update(**fields)
    return Attempt(delivery.pk, delivery.message_id, fields.get("status", DeliveryStatus.PENDING),
                   code, error, fields["next_attempt_at"])
