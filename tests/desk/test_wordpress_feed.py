"""WordPress's own RSS feed as a feed on the desk, against the real source site (see
tests/fixtures/wordpress_sites.py): each post once, a post edited on WordPress an update
(a new source version), and a poll with nothing changed asked conditionally, storing
nothing.

The feed is the one of a category made for the test (``/?feed=rss2&cat=N``), so posts other
tests make on the same site do not appear in it."""

from __future__ import annotations

import time
import uuid
from typing import Any

from copydesk.desk import feeds
from copydesk.desk.models import Article, AuditEvent, FeedEntry, SourceVersion, Translation
from tests.desk.test_wordpress import sites, wordpress_sites
from tests.fixtures.wordpress_sites import WordPressSite

__all__ = ["sites", "wordpress_sites"]  # fixtures


def posts_in_a_new_category(site: WordPressSite, run: str) -> tuple[int, list[dict[str, Any]]]:
    category = site.api("POST", "/wp/v2/categories", json={"name": f"Feed {run}"})["id"]
    made = [site.api("POST", "/wp/v2/posts", json={
        "title": title, "status": "publish", "categories": [category],
        "content": f"<!-- wp:paragraph --><p>{text}</p><!-- /wp:paragraph -->"})
        for title, text in (
            (f"Harbour strike ends {run}", "The dock workers went back to work on Monday."),
            (f"Council approves the bridge {run}", "Work starts in May, the mayor said."))]
    return category, made


def test_the_sites_feed_brings_each_post_once_and_an_edit_as_an_update(sites, editor):
    run = uuid.uuid4().hex[:8]
    category, made = posts_in_a_new_category(sites.source, run)
    feed = feeds.add_feed(f"{sites.source.url}/?feed=rss2&cat={category}", ["de"],
                          owner=editor, language="en")

    first = feeds.poll(feed.pk)
    assert len(first.added) == 2 and first.updated == [] and first.failed == []
    articles = {a.versions.get().content["title"]: a
                for a in Article.objects.filter(feed_entries__feed=feed)}
    assert set(articles) == {post["title"]["raw"] for post in made}
    assert {a.key for a in articles.values()} == {post["link"] for post in made}
    assert Translation.objects.filter(article__in=articles.values(),
                                      edition__code="de").count() == 2
    feed.refresh_from_db()
    assert feed.validators, "WordPress sends ETag and Last-Modified for its feeds"

    edited = made[1]
    # WordPress's feed validators are the last modification time to the second: an edit in
    # the same second as the posts were made would not change them.
    time.sleep(1.1)
    sites.source.api("POST", f"/wp/v2/posts/{edited['id']}", json={
        "content": "<!-- wp:paragraph --><p>Work starts in June, the mayor said.</p>"
                   "<!-- /wp:paragraph -->"})
    second = feeds.poll(feed.pk)
    assert second.added == [] and len(second.updated) == 1 and second.same == 1
    article = articles[edited["title"]["raw"]]
    versions = list(article.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert "June" in str(versions[1].content) and "June" not in str(versions[0].content)
    assert AuditEvent.objects.filter(article=article, kind="feed_item_changed").count() == 1

    stored = SourceVersion.objects.count()
    validators = dict(FeedEntry.objects.get(article=article).feed.validators)
    third = feeds.poll(feed.pk)
    assert third.added == third.updated == third.failed == []
    assert SourceVersion.objects.count() == stored
    feed.refresh_from_db()
    # Asked with If-None-Match / If-Modified-Since, WordPress answers 304 Not Modified;
    # only a post changed elsewhere on the site meanwhile moves its Last-Modified.
    assert third.unchanged or feed.validators != validators
