"""Publishing to WordPress: queued with the desk's events, made by the worker, retried.

``schedule`` runs inside ``audit.record``'s transaction: a publication (first,
update or correction) of a translation whose edition has a WordPress site
queues a ``publish`` delivery, and a withdrawal of a translation that was
published a ``withdraw`` delivery, so a refused or rolled-back step sends
nothing. The ``deliver_wordpress`` task (run by ``copydesk worker``; queued
once the step commits, and deferred to the next retry) makes them:

- ``publish`` creates the translation's post on the site (or updates the post
  it made before, which the desk keeps, so a correction changes that post):
  the translated title, the standfirst as the excerpt, the publication's
  ``fragment`` output as the content (with its disclosure and correction
  notes) and a link to the original after it (``rel="alternate"`` with its
  ``hreflang``; ``copydesk_original_url`` and ``copydesk_original_language``
  post meta, stored where the site registers those keys), the status the
  site is set to (draft or publish), the source post's categories and tags
  by name (created on the site when missing) and its featured image, copied
  into the site's media library once;
- ``withdraw`` turns the post back into a draft: readers no longer see it,
  while WordPress keeps it and its revisions, and a later correction
  publishes the same post again (the trash would delete it after 30 days).

The steps of one translation are made in the order they happened. A failed
attempt (no answer, a refusal, a missing password variable) is retried after
30 s, 2 min, 10 min, 1 h, 6 h, 12 h, then every 24 h, until
``webhook_max_attempts`` have failed; ``copydesk wordpress retry`` starts it
over. A delivery is claimed in a short transaction (``SELECT ... FOR UPDATE
SKIP LOCKED`` on PostgreSQL), so several workers make each step once; a
worker that dies between WordPress's answer and the desk's record of it
leaves the step to be made again (at least once).
"""

from __future__ import annotations

import html
import json
import logging
import os
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import httpx
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from copydesk.connectors import wordpress as client
from copydesk.desk import task_runs
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.models import (
    DeliveryStatus,
    Publication,
    WordPressAction,
    WordPressDelivery,
    WordPressPost,
    WordPressSite,
)
from copydesk.desk.webhook_delivery import backoff
from copydesk.errors import ConfigError, CopydeskError, InputError
from copydesk.ingest.fetch import Resolver, resolve_host

log = logging.getLogger(__name__)
BATCH = 20
MAX_ERROR_CHARS = 2000
WITHDRAWN_STATUS = "draft"


def schedule(article_id: int, kind: str, payload: Mapping[str, Any]) -> list[WordPressDelivery]:
    """Queue the step an event asks of the edition's site; call inside the event's transaction."""
    if kind not in ("published", "withdrawn"):
        return []
    translation_id = payload.get("translation")
    site = WordPressSite.objects.filter(edition__code=payload.get("edition"), active=True).first()
    if site is None or not isinstance(translation_id, int):
        return []
    publication = None
    if kind == "published":
        publication_id = payload.get("publication")
        publication = Publication.objects.filter(
            pk=publication_id if isinstance(publication_id, int) else 0,
            translation_id=translation_id).first()
        if publication is None:
            return []
    elif not Publication.objects.filter(translation_id=translation_id).exists():
        return []  # never published: nothing to take down
    now = timezone.now()
    delivery = WordPressDelivery.objects.create(
        site=site, translation_id=translation_id, publication=publication,
        action=WordPressAction.PUBLISH if publication else WordPressAction.WITHDRAW,
        next_attempt_at=now, created_at=now)
    transaction.on_commit(wake, robust=True)
    return [delivery]


def credentials(site: WordPressSite, environ: Mapping[str, str] | None = None
                ) -> client.Credentials:
    """The site's user and the application password from its environment variable."""
    password = (os.environ if environ is None else environ).get(site.password_env, "")
    if not password.strip():
        raise ConfigError(f"Set the environment variable {site.password_env} to the "
                          f"application password of {site.user!r} on {site.url} (site "
                          f"{site.name}); the desk does not store it.")
    return client.Credentials(site.user, password.strip(),
                              origin=f"the application password in {site.password_env}")


def connect(site: WordPressSite, *, transport: httpx.BaseTransport | None = None,
            resolve: Resolver = resolve_host) -> client.WordPressClient:
    return client.WordPressClient(site.url, credentials(site), settings=copydesk_settings(),
                                  transport=transport, resolve=resolve)


@task()
def deliver_wordpress() -> dict[str, Any]:
    """Make the deliveries that are due, then make sure a run comes for the next retry."""
    done = deliver_due()
    upcoming = (WordPressDelivery.objects.filter(status=DeliveryStatus.PENDING, site__active=True)
                .exclude(next_attempt_at=None).order_by("next_attempt_at")
                .values_list("next_attempt_at", flat=True).first())
    task_runs.follow_up(deliver_wordpress, attempted=len(done), batch=BATCH, upcoming=upcoming)
    return {"attempts": len(done),
            "delivered": sum(d.status == DeliveryStatus.DELIVERED for d in done)}


def wake(at: datetime | None = None) -> None:
    """Queue a delivery run for ``at`` (now when None), unless one is queued by then."""
    task_runs.queue_once(deliver_wordpress, at)


def deliver_due(*, now: datetime | None = None, transport: httpx.BaseTransport | None = None
                ) -> list[WordPressDelivery]:
    """Attempt every delivery that is due (``now``: the clock, for tests), at most ``BATCH``."""
    done: list[WordPressDelivery] = []
    while len(done) < BATCH:
        delivery = _claim(now or timezone.now())
        if delivery is None:
            break
        done.append(_attempt(delivery, now=now, transport=transport))
    return done


def _claim(moment: datetime) -> WordPressDelivery | None:
    """The next due delivery whose translation has no earlier one waiting, claimed."""
    settings = copydesk_settings()
    hold = timedelta(seconds=8 * settings.fetch_timeout + 60)
    with transaction.atomic():
        rows = (WordPressDelivery.objects.select_for_update(skip_locked=True)
                .filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=moment,
                        site__active=True).order_by("next_attempt_at", "id")[:BATCH])
        for row in rows:
            if WordPressDelivery.objects.filter(
                    site_id=row.site_id, translation_id=row.translation_id,
                    status=DeliveryStatus.PENDING, pk__lt=row.pk).exists():
                continue  # an earlier step of this translation goes first
            mine = WordPressDelivery.objects.filter(pk=row.pk, status=DeliveryStatus.PENDING,
                                                    attempts=row.attempts)
            if row.attempts >= settings.webhook_max_attempts:  # the last one's worker died
                mine.update(status=DeliveryStatus.FAILED, next_attempt_at=None,
                            last_error=row.last_error or "The worker stopped during the last "
                            "attempt.")
                continue
            if mine.update(attempts=F("attempts") + 1, next_attempt_at=moment + hold):
                row.attempts += 1
                return row
    return None


def _attempt(delivery: WordPressDelivery, *, now: datetime | None,
             transport: httpx.BaseTransport | None) -> WordPressDelivery:
    site = WordPressSite.objects.get(pk=delivery.site_id)
    error, note, post_id = "", "", None
    try:
        with connect(site, transport=transport) as wp:
            if delivery.action == WordPressAction.PUBLISH:
                post_id, note = _publish(wp, site, delivery)
            else:
                post_id = _withdraw(wp, site, delivery)
    except CopydeskError as problem:
        error = str(problem)
    except Exception:
        log.exception("WordPress delivery %s failed unexpectedly", delivery.pk)
        error = "The delivery failed unexpectedly; the worker's log has the details."
    if error:
        log.warning("WordPress delivery %s (%s) to %s, attempt %d: %s", delivery.pk,
                    delivery.action, site.name, delivery.attempts, error)
    return _record(delivery, error=error, note=note, post_id=post_id,
                   moment=now or timezone.now())


def _publish(wp: client.WordPressClient, site: WordPressSite,
             delivery: WordPressDelivery) -> tuple[int, str]:
    publication = (Publication.objects.select_related("source_version", "translation__article")
                   .get(pk=delivery.publication_id))
    source = publication.source_version.content
    origin = source.get("metadata", {}).get("wordpress", {})
    fields = post_fields(publication, status=site.post_status)
    fields["categories"] = wp.term_ids("categories", origin.get("categories", []))
    fields["tags"] = wp.term_ids("tags", origin.get("tags", []))
    known = WordPressPost.objects.filter(site=site, translation_id=delivery.translation_id).first()
    note = ""
    featured = str(origin.get("featured_image", ""))
    if featured and known is not None and known.featured_source == featured:
        fields["featured_media"] = known.featured_media
    elif featured:
        try:
            fields["featured_media"] = wp.upload_image(featured)
        except CopydeskError as problem:
            note = f"Published without the featured image: {problem}"
    try:
        saved = wp.save_post(known.post_id if known else None, fields)
    except client.PostMissingError:  # deleted on the site: publish it anew
        saved = wp.save_post(None, fields)
    WordPressPost.objects.update_or_create(
        site=site, translation_id=delivery.translation_id,
        defaults={"post_id": saved.id, "link": saved.link[:2000], "status": saved.status,
                  "featured_media": fields.get("featured_media"),
                  "featured_source": featured if "featured_media" in fields else "",
                  "updated_at": timezone.now()})
    return saved.id, note


def post_fields(publication: Publication, *, status: str) -> dict[str, Any]:
    """Title, excerpt, content and the original's link for the publication's post."""
    outputs = publication.outputs
    if "fragment" not in outputs or "json" not in outputs:
        raise InputError(f"Publication {publication.pk} has no fragment or JSON output to "
                         "publish to WordPress; publish the translation again.")
    article = json.loads(outputs["json"]).get("article", {})
    source = publication.source_version.content
    url = str(source.get("url") or "")
    language = str(source.get("language") or publication.translation.article.source_language)
    original = ""
    if url.lower().startswith(("http://", "https://")):
        lang = html.escape(language)
        original = (f'\n<p class="copydesk-original"><a href="{html.escape(url)}" '
                    f'rel="alternate" hreflang="{lang}" lang="{lang}">'
                    f'{html.escape(str(source.get("title", "")), quote=False)}</a></p>\n')
    return {"title": str(article.get("title") or ""),
            "excerpt": str(article.get("standfirst") or ""),
            "content": outputs["fragment"] + original, "status": status,
            "meta": {"copydesk_original_url": url, "copydesk_original_language": language}}


def _withdraw(wp: client.WordPressClient, site: WordPressSite,
              delivery: WordPressDelivery) -> int | None:
    known = WordPressPost.objects.filter(site=site, translation_id=delivery.translation_id).first()
    if known is None:
        return None  # it never reached the site
    try:
        saved = wp.save_post(known.post_id, {"status": WITHDRAWN_STATUS})
    except client.PostMissingError:
        return known.post_id  # deleted on the site: nobody sees it
    WordPressPost.objects.filter(pk=known.pk).update(status=saved.status,
                                                     updated_at=timezone.now())
    return saved.id


def _record(delivery: WordPressDelivery, *, error: str, note: str, post_id: int | None,
            moment: datetime) -> WordPressDelivery:
    """Store the attempt's outcome, unless a retry started the delivery over meanwhile."""
    settings = copydesk_settings()
    fields: dict[str, Any] = {"last_error": (error or note)[:MAX_ERROR_CHARS],
                              "next_attempt_at": None}
    if not error:
        fields.update(status=DeliveryStatus.DELIVERED, delivered_at=moment, post_id=post_id)
    elif delivery.attempts >= settings.webhook_max_attempts:
        fields.update(status=DeliveryStatus.FAILED)
    else:
        fields.update(next_attempt_at=moment + backoff(delivery.attempts))
    WordPressDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING,
                                     attempts=delivery.attempts).update(**fields)
    delivery.refresh_from_db()
    return delivery
