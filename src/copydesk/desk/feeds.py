"""Feeds on the desk: which feeds are polled, and what each poll brings in.

A feed belongs to a source language and names the editions its items are
translated into at once (review is still required). ``schedule_due`` runs in
the worker's upkeep: a feed that is due is claimed with one conditional
UPDATE of its next poll time, so with many workers each feed is polled once
per interval, and a ``poll_feed`` task is queued. ``poll`` takes a lease on
the feed (another conditional UPDATE) so two polls of the same feed, from
the command line and a worker, never run at once.

Each item is read once: the feed's entries map an item's key (GUID or link)
to its article. A new item becomes an article (keyed by its link, so an
article added earlier by its URL is updated rather than duplicated) and is
queued for the feed's editions; an item whose text changed is a new source
version of its article, which re-translates the live translations as every
update does. Each item is stored in its own transaction, so one bad item
does not hold back the others, and the poll's report says what happened to
each.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import httpx
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from copydesk import languages
from copydesk.article import Article as SourceArticle
from copydesk.connectors import feeds as feed_client
from copydesk.desk import audit, intake, roles
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.models import Article, Edition, Feed, FeedEntry, Role, User
from copydesk.errors import CopydeskError, InputError, NotFoundError, WorkflowError
from copydesk.ingest.fetch import Resolver, resolve_host

log = logging.getLogger(__name__)
MIN_INTERVAL, MAX_INTERVAL = 1, 24 * 60  # minutes between polls
POLL_LEASE = timedelta(minutes=15)  # a poll that did not finish by then is taken as dead
MAX_ERROR_CHARS = 2000


@dataclass
class PollReport:
    """What one poll did: item keys added, updated and failed (with the reason)."""

    feed: int
    unchanged: bool = False
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    same: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        if self.unchanged:
            return f"Feed {self.feed}: not changed since the last poll."
        parts = [f"{len(self.added)} new", f"{len(self.updated)} updated",
                 f"{self.same} unchanged"]
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        if self.skipped:
            parts.append(f"{self.skipped} without an id or link (skipped)")
        return f"Feed {self.feed}: " + ", ".join(parts) + "."


def add_feed(url: str, edition_codes: Sequence[str], *, owner: User, language: str = "",
             interval_minutes: int = 15, transport: httpx.BaseTransport | None = None,
             resolve: Resolver = resolve_host) -> Feed:
    """Register a feed after reading it once (so a wrong address is refused at once)."""
    roles.require(owner, Role.EDITOR, "add feeds")
    editions = _editions(edition_codes)
    if not MIN_INTERVAL <= interval_minutes <= MAX_INTERVAL:
        raise InputError(f"Poll a feed every {MIN_INTERVAL} to {MAX_INTERVAL} minutes "
                         f"(not {interval_minutes}).")
    chosen = languages.normalize(language) if language.strip() else ""
    address = feed_client.web_link(url)
    if address is None:
        raise InputError("A feed's address must start with http:// or https://; give the "
                         "address of the RSS or Atom feed.")
    if Feed.objects.filter(url=address).exists():
        raise WorkflowError(f"The feed {address} is on the desk already; see 'copydesk feeds "
                            "list'.")
    page = feed_client.read_feed(address, settings=copydesk_settings(), transport=transport,
                                 resolve=resolve)
    with transaction.atomic():
        feed = Feed.objects.create(url=address, title=page.title[:500], language=chosen,
                                   owner=owner, interval_minutes=interval_minutes)
        feed.editions.set(editions)
    return feed


def feeds() -> list[Feed]:
    return list(Feed.objects.select_related("owner").prefetch_related("editions").order_by("pk"))


def find_feed(feed_id: int) -> Feed:
    found = Feed.objects.select_related("owner").filter(pk=feed_id).first()
    if found is None:
        raise NotFoundError(f"No feed {feed_id}; see 'copydesk feeds list'.")
    return found


def remove_feed(feed_id: int) -> Feed:
    """Stop polling the feed; its articles stay on the desk."""
    feed = find_feed(feed_id)
    Feed.objects.filter(pk=feed.pk).update(active=False)
    feed.refresh_from_db()
    return feed


def schedule_due() -> list[int]:
    """Queue a poll of every active feed whose time has come; returns their ids."""
    now = timezone.now()
    queued = []
    for feed_id, due, interval in Feed.objects.filter(active=True, next_poll_at__lte=now) \
            .values_list("pk", "next_poll_at", "interval_minutes"):
        claimed = Feed.objects.filter(pk=feed_id, next_poll_at=due).update(
            next_poll_at=now + timedelta(minutes=interval))
        if claimed:
            poll_feed.enqueue(feed_id)
            queued.append(feed_id)
    return queued


@task()
def poll_feed(feed_id: int) -> dict[str, object]:
    """The worker's poll of one feed; a feed that cannot be read is noted on the feed."""
    try:
        report = poll(feed_id)
    except CopydeskError as problem:
        log.warning("Feed %s was not polled: %s", feed_id, problem)
        return {"feed": feed_id, "error": str(problem)}
    return {"feed": feed_id, "added": len(report.added), "updated": len(report.updated),
            "failed": len(report.failed)}


def poll(feed_id: int, *, transport: httpx.BaseTransport | None = None,
         resolve: Resolver = resolve_host) -> PollReport:
    """Read the feed and bring its new and changed items onto the desk."""
    feed = find_feed(feed_id)
    if not feed.active:
        raise WorkflowError(f"Feed {feed_id} was removed; add it again to poll it.")
    now = timezone.now()
    if not Feed.objects.filter(pk=feed.pk).exclude(poll_lease_until__gt=now).update(
            poll_lease_until=now + POLL_LEASE):
        raise WorkflowError(f"Feed {feed_id} is being polled right now; try again in a "
                            "minute.")
    report = PollReport(feed=feed.pk)
    error = ""
    try:
        _poll(feed, report, transport=transport, resolve=resolve)
    except CopydeskError as problem:
        error = str(problem)
        raise
    except Exception:
        log.exception("Polling feed %s (%s) failed", feed.pk, feed.url)
        error = "The poll failed unexpectedly; the worker's log has the details."
        raise
    finally:
        if report.failed and not error:
            key, reason = report.failed[0]
            error = f"{len(report.failed)} item(s) failed, e.g. {key}: {reason}"
        Feed.objects.filter(pk=feed.pk).update(poll_lease_until=None, last_polled_at=now,
                                               last_error=error[:MAX_ERROR_CHARS])
    return report


def _poll(feed: Feed, report: PollReport, *, transport: httpx.BaseTransport | None,
          resolve: Resolver) -> None:
    settings = copydesk_settings()
    page = feed_client.read_feed(feed.url, settings=settings, validators=feed.validators,
                                 transport=transport, resolve=resolve)
    report.unchanged, report.skipped = page.unchanged, page.skipped
    editions = list(feed.editions.order_by("pk"))
    language = feed.language or page.language
    seen = {entry.key: entry for entry in FeedEntry.objects.filter(
        feed=feed, key__in=[item.key for item in page.items]).select_related("article")}
    for item in page.items:
        entry = seen.get(item.key)
        if entry is not None and entry.fingerprint == item.fingerprint:
            report.same += 1
            continue
        try:
            source = feed_client.item_article(item, settings=settings, language=language,
                                              transport=transport, resolve=resolve)
            if entry is None:
                _add(feed, item, source, editions)
                report.added.append(item.key)
            else:
                _update(feed, entry, item, source)
                report.updated.append(item.key)
        except CopydeskError as problem:
            report.failed.append((item.key, str(problem)))
        except IntegrityError:  # another poll stored the item first; the next poll sees it
            report.failed.append((item.key, "stored by another poll at the same moment"))
    Feed.objects.filter(pk=feed.pk).update(validators=dict(page.validators),
                                           title=page.title[:500] or feed.title)


def _add(feed: Feed, item: feed_client.FeedItem, source: SourceArticle,
         editions: list[Edition]) -> None:
    """A new item: an article (or an update of the one with its address) on the editions."""
    key = intake.article_key(item.link or f"{feed.url}#{item.key}")
    with transaction.atomic():
        added = intake.add_article(source, key, editions, user=feed.owner)
        FeedEntry.objects.create(feed=feed, key=item.key, article=added.article,
                                 fingerprint=item.fingerprint)
        _note(added.article, feed, item, "feed_item_added")


def _update(feed: Feed, entry: FeedEntry, item: feed_client.FeedItem,
            source: SourceArticle) -> None:
    """A changed item: a new version of its article, as any update of it would be."""
    with transaction.atomic():
        intake.add_article(source, entry.article.key, [], user=feed.owner)
        FeedEntry.objects.filter(pk=entry.pk).update(fingerprint=item.fingerprint,
                                                     changed_at=timezone.now())
        _note(entry.article, feed, item, "feed_item_changed")


def _note(article: Article, feed: Feed, item: feed_client.FeedItem, kind: str) -> None:
    audit.record(article, kind, actor=feed.owner, payload={
        "feed": feed.pk, "feed_url": feed.url, "item": item.key, "link": item.link or ""})


def _editions(codes: Sequence[str]) -> list[Edition]:
    wanted = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    if not wanted:
        raise InputError("Name at least one edition to translate the feed's items into "
                         "(--edition de).")
    found = {edition.code: edition for edition in Edition.objects.filter(code__in=wanted)}
    missing = [code for code in wanted if code not in found]
    if missing:
        raise NotFoundError(f"No edition {', '.join(missing)}; see 'copydesk editions list'.")
    return [found[code] for code in wanted]
