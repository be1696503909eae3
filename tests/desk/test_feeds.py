"""Feeds on the desk: each item once, a changed item an update, polls that never overlap.

The feed is a real HTTP server on 127.0.0.1 (``tests.fixtures.feed_server``);
the immediate task backend translates what a poll queues at once.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from copydesk.desk import feeds, sources, workflow
from copydesk.desk.models import (
    Article,
    AuditEvent,
    Edition,
    Feed,
    FeedEntry,
    Translation,
    TranslationState,
)
from copydesk.errors import InputError, NotFoundError, PermissionDeniedError, WorkflowError
from tests.desk.conftest import NO_CHECKS, story
from tests.fixtures.feed_server import FeedServer, Story, feed_server

__all__ = ["feed_server"]  # fixtures

BODY = "<p>The council approved the plan on Monday.</p><p>Work starts in May.</p>"


@pytest.fixture(autouse=True)
def loopback_allowed(settings: Any) -> None:
    """The feed server is on 127.0.0.1, as an intranet CMS would be."""
    desk = settings.COPYDESK_SETTINGS
    settings.COPYDESK_SETTINGS = dataclasses.replace(
        desk, values={**desk.values, "allow_private_urls": True})


@pytest.fixture
def french(db: None) -> Edition:
    return Edition.objects.create(code="fr", name="French edition", language="fr",
                                  engine="pseudo", options=NO_CHECKS)


def stories(server: FeedServer, *texts: str) -> None:
    server.site.stories = [Story(guid=f"post-{n}", title=f"Story {n}", body_html=text,
                                 path=f"/story-{n}") for n, text in enumerate(texts, 1)]


def test_a_feed_is_read_once_when_added_and_a_page_that_is_not_a_feed_is_refused(
        feed_server, editor, edition):
    stories(feed_server, BODY)
    feed = feeds.add_feed(feed_server.feed_url, ["de"], owner=editor)
    assert (feed.title, [e.code for e in feed.editions.all()]) == ("Loopback News", ["de"])
    assert Article.objects.count() == 0  # adding reads the feed, polling brings the items

    feed_server.site.pages["/news"] = "<html><body><p>News</p></body></html>"
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        feeds.add_feed(f"{feed_server.base}/news", ["de"], owner=editor)
    assert Feed.objects.count() == 1


@pytest.mark.parametrize(("url", "codes", "interval", "error"), [
    ("javascript:alert(1)", ["de"], 15, InputError),
    ("\u2003file:///etc/passwd", ["de"], 15, InputError),
    ("FEED_URL", [], 15, InputError),
    ("FEED_URL", ["xx"], 15, NotFoundError),
    ("FEED_URL", ["de"], 0, InputError),
    ("FEED_URL", ["de"], 100_000, InputError),
])
def test_a_bad_feed_is_refused_before_anything_is_stored(feed_server, editor, edition, url,
                                                        codes, interval, error):
    with pytest.raises(error):
        feeds.add_feed(url.replace("FEED_URL", feed_server.feed_url), codes, owner=editor,
                       interval_minutes=interval)
    assert Feed.objects.count() == 0


def test_only_editors_add_feeds(feed_server, publisher, edition):
    with pytest.raises(PermissionDeniedError):
        feeds.add_feed(feed_server.feed_url, ["de"], owner=publisher)


def test_a_poll_puts_each_new_item_on_the_desk_for_the_feeds_editions(
        feed_server, editor, edition, french):
    stories(feed_server, BODY, "<p>The harbour reopened on Tuesday.</p>")
    feed = feeds.add_feed(feed_server.feed_url, ["de", "fr"], owner=editor)
    report = feeds.poll(feed.pk)
    assert (report.added, report.updated, report.failed) == (["post-1", "post-2"], [], [])
    article = Article.objects.get(key=f"{feed_server.base}/story-1")
    assert sorted(t.edition.code for t in article.translations.all()) == ["de", "fr"]
    assert {t.state for t in Translation.objects.all()} == {TranslationState.IN_REVIEW}
    kinds = list(AuditEvent.objects.filter(article=article).values_list("kind", flat=True))
    assert kinds[0] == "source_ingested" and "feed_item_added" in kinds
    event = AuditEvent.objects.get(article=article, kind="feed_item_added")
    assert (event.actor, event.payload["item"]) == ("user:erika", "post-1")
    feed.refresh_from_db()
    assert feed.last_error == "" and feed.last_polled_at is not None


def test_an_unchanged_feed_adds_nothing_and_is_asked_for_conditionally(
        feed_server, editor, edition):
    stories(feed_server, BODY)
    feed = feeds.add_feed(feed_server.feed_url, ["de"], owner=editor)
    feeds.poll(feed.pk)
    again = feeds.poll(feed.pk)
    assert again.unchanged and Article.objects.count() == 1
    assert "if-none-match" in feed_server.site.requests[-1][1]

    feed_server.site.send_validators = False  # a server without ETags: items are compared
    stories(feed_server, BODY)
    third = feeds.poll(feed.pk)
    assert (third.added, third.updated, third.same) == ([], [], 1)
    assert Article.objects.get().versions.count() == 1


def test_a_changed_item_is_a_new_source_version_that_is_translated_again(
        feed_server, editor, edition):
    stories(feed_server, BODY)
    feed = feeds.add_feed(feed_server.feed_url, ["de"], owner=editor)
    feeds.poll(feed.pk)
    stories(feed_server, "<p>The council approved the plan on Tuesday.</p>")
    report = feeds.poll(feed.pk)
    assert report.updated == ["post-1"] and report.added == []
    article = Article.objects.get()
    assert article.versions.count() == 2
    translation = article.translations.get()
    assert translation.source_version.number == 2
    assert "feed_item_changed" in AuditEvent.objects.filter(article=article).values_list(
        "kind", flat=True)


def test_an_item_for_an_article_already_on_the_desk_updates_it(feed_server, editor, edition):
    stories(feed_server, BODY)
    key = f"{feed_server.base}/story-1"
    ingested = sources.ingest(story(), key=key, user=editor)
    workflow.request_translation(ingested.article, edition, user=editor)
    feed = feeds.add_feed(feed_server.feed_url, ["de"], owner=editor)
    assert feeds.poll(feed.pk).added == ["post-1"]
    assert Article.objects.count() == 1 and Article.objects.get().versions.count() == 2
    assert FeedEntry.objects.get().article.key == key


def test_one_impossible_item_is_reported_and_the_others_are_stored(
        feed_server, editor, edition):
    stories(feed_server, BODY, "<p>Der Rat hat den Plan am Montag gebilligt, sagte die "
                               "Bürgermeisterin heute in Berlin.</p>")
    feed = feeds.add_feed(feed_server.feed_url, ["de"], owner=editor, language="")
    feed_server.site.language = ""  # no feed language: each item's is detected
    report = feeds.poll(feed.pk)
    assert report.added == ["post-1"]
    assert [key for key, _ in report.failed] == ["post-2"]
    assert "nothing to translate" in report.failed[0][1]
    feed.refresh_from_db()
    assert "1 item(s) failed" in feed.last_error
    assert FeedEntry.objects.count() == 1


def test_a_feed_being_polled_is_not_polled_again_until_its_lease_ends(
        feed_server, editor, edition):
    stories(feed_server, BODY)
    feed = feeds.add_feed(feed_server.feed_url, ["de"], owner=editor)
    Feed.objects.filter(pk=feed.pk).update(
        poll_lease_until=timezone.now() + timedelta(minutes=5))
    with pytest.raises(WorkflowError, match="being polled right now"):
        feeds.poll(feed.pk)
    assert Article.objects.count() == 0
    Feed.objects.filter(pk=feed.pk).update(
        poll_lease_until=timezone.now() - timedelta(seconds=1))  # that poller died
    assert feeds.poll(feed.pk).added == ["post-1"]
    feed.refresh_from_db()
    assert feed.poll_lease_until is None


def test_a_feed_that_cannot_be_read_keeps_the_reason(feed_server, editor, edition):
    stories(feed_server, BODY)
    feed = feeds.add_feed(feed_server.feed_url, ["de"], owner=editor)
    feed_server.site.raw_feed = b"not xml at all"
    with pytest.raises(InputError):
        feeds.poll(feed.pk)
    feed.refresh_from_db()
    assert "not an RSS or Atom feed" in feed.last_error and feed.poll_lease_until is None
    assert feeds.poll_feed.call(feed.pk)["error"].startswith(feed.url)


def test_due_feeds_are_claimed_once_and_polled_by_the_worker_task(
        feed_server, editor, edition):
    stories(feed_server, BODY)
    feed = feeds.add_feed(feed_server.feed_url, ["de"], owner=editor, interval_minutes=10)
    assert feeds.schedule_due() == [feed.pk]  # the immediate backend polls at once
    assert Article.objects.count() == 1
    assert feeds.schedule_due() == []  # not due again for ten minutes
    feed.refresh_from_db()
    assert feed.next_poll_at > timezone.now() + timedelta(minutes=9)
    feeds.remove_feed(feed.pk)
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now())
    assert feeds.schedule_due() == []
    with pytest.raises(WorkflowError, match="removed"):
        feeds.poll(feed.pk)


@pytest.mark.django_db(transaction=True)
def test_two_polls_at_once_bring_each_item_in_once(feed_server, make_user):
    import threading

    from django.db import connection

    Edition.objects.create(code="de", name="German edition", language="de", engine="pseudo",
                           options=NO_CHECKS)
    owner = make_user("erika", "editor")
    stories(feed_server, BODY, "<p>The harbour reopened on Tuesday.</p>")
    feed = feeds.add_feed(feed_server.feed_url, ["de"], owner=owner)
    start, outcomes = threading.Barrier(4), []

    def poll() -> None:
        start.wait()
        try:
            outcomes.append(feeds.poll(feed.pk).added)
        except WorkflowError as refused:
            outcomes.append(str(refused))
        finally:
            connection.close()

    threads = [threading.Thread(target=poll) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    polled = [outcome for outcome in outcomes if isinstance(outcome, list)]
    assert polled == [["post-1", "post-2"]], outcomes
    assert Article.objects.count() == 2 and FeedEntry.objects.count() == 2
    assert Translation.objects.count() == 2
