"""Webhooks: the desk's events, queued for each edition's receivers in the step's transaction.

Events, each sent to the active endpoints of the translation's edition that
subscribed to it:

- ``translation.ready``: the machine draft is stored and the translation is in review;
- ``translation.approved``: an editor approved it;
- ``publication.published``: a first publication, or an update (a new source
  version), with its outputs in every format (``html``, ``md``, ``json``...);
- ``publication.corrected``: a correction was published, with its outputs;
- ``publication.withdrawn``: a withdrawal took a published text down: the
  translation had been published and not withdrawn since its last
  publication, which the message names (no outputs) so a CMS can unpublish
  it. Withdrawing a translation that was never published sends nothing.

``audit.record`` calls ``schedule`` for every event it appends, inside its
transaction, so a step that is refused or rolled back sends nothing. Every
message has the Standard Webhooks shape ``{"type", "timestamp", "data"}``;
``data`` names the article (id, key), the translation (id, edition, language,
state, source version) and, for publications, the publication. The worker
sends it (``desk.webhook_delivery``).
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from copydesk import links
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.models import (
    AuditEvent,
    DeliveryStatus,
    Edition,
    Publication,
    PublicationKind,
    Translation,
    WebhookDelivery,
    WebhookEndpoint,
)
from copydesk.desk.webhook_delivery import check_target, new_message_id, timestamp, wake
from copydesk.errors import InputError, NotFoundError, WorkflowError

if TYPE_CHECKING:
    from copydesk.desk.admin_audit import Actor

READY = "translation.ready"
APPROVED = "translation.approved"
PUBLISHED = "publication.published"
CORRECTED = "publication.corrected"
WITHDRAWN = "publication.withdrawn"
EVENTS = (READY, APPROVED, PUBLISHED, CORRECTED, WITHDRAWN)
_BY_KIND = {"machine_translated": READY, "approved": APPROVED, "withdrawn": WITHDRAWN}
SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def schedule(article_id: int, kind: str, payload: Mapping[str, Any]) -> list[WebhookDelivery]:
    """Queue the event's message for every endpoint that wants it; call inside the event's
    transaction (the worker is woken once it commits)."""
    event_type = _event_type(kind, payload)
    if event_type is None:
        return []
    wanted = [endpoint for endpoint in WebhookEndpoint.objects.filter(
        edition__code=payload.get("edition"), active=True).order_by("pk")
        if event_type in endpoint.events]
    if not wanted:
        return []
    message = _message(article_id, event_type, payload)
    if message is None:
        return []
    now = timezone.now()
    rows = WebhookDelivery.objects.bulk_create([
        WebhookDelivery(endpoint=endpoint, event_type=event_type, message_id=new_message_id(),
                        payload=message, next_attempt_at=now, created_at=now)
        for endpoint in wanted])
    transaction.on_commit(wake, robust=True)
    return rows


def _event_type(kind: str, payload: Mapping[str, Any]) -> str | None:
    if kind == "published":
        return CORRECTED if payload.get("kind") == PublicationKind.CORRECTION else PUBLISHED
    return _BY_KIND.get(kind)


def _message(article_id: int, event_type: str,
             payload: Mapping[str, Any]) -> dict[str, Any] | None:
    """The message for a workflow event, or None when it has nothing to tell."""
    translation = (Translation.objects.select_related("article", "edition", "source_version")
                   .get(pk=payload["translation"], article_id=article_id))
    data: dict[str, Any] = {
        "article": {"id": translation.article_id, "key": translation.article.key},
        "translation": {"id": translation.pk, "edition": translation.edition.code,
                        "language": translation.edition.language, "state": translation.state,
                        "source_version": translation.source_version.number}}
    if event_type in (PUBLISHED, CORRECTED):
        data["publication"] = _publication(Publication.objects.get(pk=payload["publication"]),
                                           outputs=True)
    elif event_type == WITHDRAWN:
        live = _live_publication(translation)
        if live is None:
            return None
        data["publication"] = _publication(live, outputs=False)
        data["reason"] = payload.get("reason", "")
    return {"type": event_type, "timestamp": timestamp(timezone.now()), "data": data}


def _publication(publication: Publication, *, outputs: bool) -> dict[str, Any]:
    shown: dict[str, Any] = {"id": publication.pk, "kind": publication.kind,
                             "published_at": timestamp(publication.published_at)}
    if outputs:
        shown["outputs"] = dict(publication.outputs)
    return shown


def _live_publication(translation: Translation) -> Publication | None:
    """The last publication, if no withdrawal before the one being recorded came after it."""
    last = translation.publications.order_by("-published_at", "-id").first()
    if last is None:
        return None
    withdrawals = (AuditEvent.objects.filter(article_id=translation.article_id, kind="withdrawn",
                                             payload__translation=translation.pk)
                   .order_by("-seq").values_list("created_at", flat=True)[:2])
    earlier = list(withdrawals)[1:]  # the first is the withdrawal being recorded now
    return None if earlier and earlier[0] > last.published_at else last


def add_endpoint(edition_code: str, url: str, events: Iterable[str] = (), *,
                 actor: Actor = None) -> tuple[WebhookEndpoint, str]:
    """Register a receiver of the edition's events (all of them by default); returns the
    endpoint and its signing secret, which the receiver needs to verify the messages."""
    admin_audit = _trail()
    admin_audit.require_admin(actor, "add webhooks")
    edition = Edition.objects.filter(code=edition_code.strip()).first()
    if edition is None:
        raise NotFoundError(f"No edition {edition_code!r}; see 'copydesk editions list'.")
    chosen = list(dict.fromkeys(events)) or list(EVENTS)
    unknown = [name for name in chosen if name not in EVENTS]
    if unknown:
        raise InputError(f"Unknown webhook event(s) {', '.join(unknown)}; choose from "
                         f"{', '.join(EVENTS)}.")
    address = links.normalize(url)
    if links.safe_link(address) != address:
        raise InputError(f"{links.shown(url)} is not a web address; give the receiver's "
                         "https:// address.")
    check_target(address, copydesk_settings())
    secret = new_secret()
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(edition=edition, url=address, events=chosen,
                                                  secret=secret)
        admin_audit.record("webhook_added", actor=actor, subject=f"webhook:{endpoint.pk}",
                           payload={"edition": edition.code, "url": address, "events": chosen})
    return endpoint, secret


def endpoints() -> list[WebhookEndpoint]:
    return list(WebhookEndpoint.objects.select_related("edition").order_by("pk"))


def find_endpoint(endpoint_id: int) -> WebhookEndpoint:
    found = WebhookEndpoint.objects.select_related("edition").filter(pk=endpoint_id).first()
    if found is None:
        raise NotFoundError(f"No webhook {endpoint_id}; see 'copydesk webhooks list'.")
    return found


def remove_endpoint(endpoint_id: int, *, actor: Actor = None) -> int:
    """Stop sending to the endpoint; its messages still waiting fail. Returns how many."""
    admin_audit = _trail()
    admin_audit.require_admin(actor, "remove webhooks")
    with transaction.atomic():
        endpoint = find_endpoint(endpoint_id)
        if not endpoint.active:
            raise WorkflowError(f"Webhook {endpoint_id} was removed already.")
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
        dropped = WebhookDelivery.objects.filter(
            endpoint=endpoint, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.FAILED, next_attempt_at=None,
            last_error="The webhook was removed before this message was delivered.")
        admin_audit.record("webhook_removed", actor=actor, subject=f"webhook:{endpoint.pk}",
                           payload={"edition": endpoint.edition.code, "url": endpoint.url,
                                    "dropped": dropped})
        return dropped


def deliveries(*, failed_only: bool = False, limit: int = 50) -> list[WebhookDelivery]:
    """The delivery log, newest first."""
    rows = WebhookDelivery.objects.select_related("endpoint").order_by("-created_at", "-id")
    if failed_only:
        rows = rows.filter(status=DeliveryStatus.FAILED)
    return list(rows[:limit])


def replay(delivery_id: int, *, actor: Actor = None) -> WebhookDelivery:
    """Queue a message again, with the same id and a fresh round of attempts."""
    admin_audit = _trail()
    admin_audit.require_admin(actor, "replay webhook messages")
    with transaction.atomic():
        delivery = (WebhookDelivery.objects.select_related("endpoint")
                    .filter(pk=delivery_id).first())
        if delivery is None:
            raise NotFoundError(f"No webhook delivery {delivery_id}; see 'copydesk webhooks "
                                "deliveries'.")
        if not delivery.endpoint.active:
            raise WorkflowError(f"Webhook {delivery.endpoint_id} was removed; add the "
                                "receiver again and let the desk send new messages to it.")
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now(),
            delivered_at=None)
        admin_audit.record("webhook_replayed", actor=actor,
                           subject=f"webhook:{delivery.endpoint_id}", payload={
                               "delivery": delivery.pk, "event": delivery.event_type,
                               "message": delivery.message_id,
                               "was": {"status": delivery.status,
                                       "attempts": delivery.attempts}})
        transaction.on_commit(wake, robust=True)
    delivery.refresh_from_db()
    return delivery


def _trail() -> Any:
    """``desk.admin_audit``, imported when used: it imports ``desk.audit``, which imports
    this module."""
    from copydesk.desk import admin_audit

    return admin_audit
