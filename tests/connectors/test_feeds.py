"""Reading RSS and Atom feeds: items, keys, validators, and what a hostile feed cannot do.

Feeds are served from 127.0.0.1 (``tests.fixtures.feed_server``) with private
addresses allowed, as an intranet CMS would be configured.
"""

from __future__ import annotations

import importlib
import time
import unicodedata

import pytest

from copydesk import settings as settings_module
from copydesk.connectors import feeds
from copydesk.errors import InputError, PrivateAddressError, TooLargeError
from tests.fixtures.feed_server import FeedServer, Story, feed_server

__all__ = ["feed_server"]  # fixtures

ALLOWED = settings_module.load(environ={"COPYDESK_ALLOW_PRIVATE_URLS": "true"})
BODY = '<p>The council approved the <a href="https://example.org/plan">plan</a>.</p>' \
       "<p>Work starts in May.</p>"


def test_rss_items_carry_their_text_links_author_date_and_categories(feed_server: FeedServer):
    feed_server.site.stories = [Story(guid="post-1", title="Bridge & road", body_html=BODY,
                                      path="/bridge")]
    page = feeds.read_feed(feed_server.feed_url, settings=ALLOWED)
    assert (page.title, page.language, page.skipped) == ("Loopback News", "en", 0)
    [item] = page.items
    assert (item.key, item.link, item.title) == ("post-1", f"{feed_server.base}/bridge",
                                                 "Bridge & road")
    article = feeds.item_article(item, settings=ALLOWED, language=page.language)
    assert article.title == "Bridge & road"
    assert [block.text for block in article.blocks] == [
        "The council approved the <g1>plan</g1>.", "Work starts in May."]
    assert article.blocks[0].tags["1"].attrs["href"] == "https://example.org/plan"
    assert (article.byline, article.date, article.language) == (
        "Ana Ruiz", "2026-12-02T10:00:00Z", "en")
    assert article.url == f"{feed_server.base}/bridge"


def test_an_unchanged_feed_is_not_sent_again(feed_server: FeedServer):
    feed_server.site.stories = [Story(guid="post-1", title="Bridge", body_html=BODY)]
    first = feeds.read_feed(feed_server.feed_url, settings=ALLOWED)
    assert set(first.validators) == {"etag"}
    again = feeds.read_feed(feed_server.feed_url, settings=ALLOWED, validators=first.validators)
    assert again.unchanged and again.items == [] and again.validators == first.validators
    assert feed_server.site.requests[-1][1]["if-none-match"] == first.validators["etag"]
    feed_server.site.stories[0].body_html = "<p>Work starts in June.</p>"
    changed = feeds.read_feed(feed_server.feed_url, settings=ALLOWED,
                              validators=first.validators)
    assert not changed.unchanged and changed.items[0].fingerprint != first.items[0].fingerprint


def test_an_atom_feed_of_summaries_is_read_from_the_linked_pages(feed_server: FeedServer):
    feed_server.site.atom = True
    feed_server.site.language = "en-GB"
    feed_server.site.stories = [Story(guid="urn:story:7", title="Harbour", summary="Short.",
                                      path="/harbour")]
    feed_server.site.pages["/harbour"] = (
        "<html><head><title>Harbour reopens</title></head><body><article>"
        "<h1>Harbour reopens after storm</h1><p>The harbour reopened on Tuesday after the "
        "storm damaged two piers.</p><p>Ferries run again from Wednesday, the port said."
        "</p></article></body></html>")
    page = feeds.read_feed(feed_server.feed_url, settings=ALLOWED)
    [item] = page.items
    assert (item.key, page.language, item.content_html) == ("urn:story:7", "en-GB", "")
    article = feeds.item_article(item, settings=ALLOWED, language=page.language)
    assert "harbour reopened on Tuesday" in " ".join(block.text for block in article.blocks)


def test_a_page_that_is_not_a_feed_is_refused_with_what_to_give(feed_server: FeedServer):
    feed_server.site.raw_feed = b"<html><body><p>Our news</p></body></html>"
    with pytest.raises(InputError, match=r"not an RSS or Atom feed.*address of the feed"):
        feeds.read_feed(feed_server.feed_url, settings=ALLOWED)


def test_a_loopback_feed_is_refused_unless_private_addresses_are_allowed(
        feed_server: FeedServer):
    with pytest.raises(PrivateAddressError):
        feeds.read_feed(feed_server.feed_url, settings=settings_module.load(environ={}))
    assert feed_server.site.requests == []


def test_a_feed_over_the_size_limit_is_refused(feed_server: FeedServer):
    small = settings_module.load(environ={"COPYDESK_ALLOW_PRIVATE_URLS": "true",
                                          "COPYDESK_FETCH_MAX_BYTES": "20000"})
    feed_server.site.stories = [Story(guid=f"p{n}", title="x", body_html="<p>" + "y" * 500
                                      + "</p>") for n in range(100)]
    with pytest.raises(TooLargeError):
        feeds.read_feed(feed_server.feed_url, settings=small)


@pytest.mark.parametrize("link", ["javascript:alert(1)", "\u2003javascript:alert(1)",
                                  "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>",
                                  "file:///etc/passwd", "ftp://example.org/x"])
def test_an_item_link_that_is_not_a_web_address_is_dropped_and_the_guid_keys_it(link: str):
    rss = ('<rss version="2.0"><channel><title>T</title><item><title>A</title>'
           f"<link>{link.replace('<', '&lt;')}</link><guid isPermaLink=\"false\">g-1</guid>"
           "<description>Text.</description></item></channel></rss>").encode()
    [item] = feeds.parse_feed(rss, url="http://127.0.0.1/feed").items
    assert item.key == "g-1"
    # feedparser may read a target without a scheme as a path on the feed's site
    assert item.link is None or item.link.startswith("http://127.0.0.1/")


def test_items_without_id_or_link_are_counted_and_keys_are_normalised():
    decomposed = unicodedata.normalize("NFD", "café-1")
    rss = ('<rss version="2.0"><channel><title>T</title>'
           "<item><title>No id</title><description>x</description></item>"
           f"<item><title>B</title><guid isPermaLink=\"false\"> {decomposed}\u0007 </guid>"
           "<description>x</description></item></channel></rss>").encode()
    page = feeds.parse_feed(rss, url="http://127.0.0.1/feed")
    assert page.skipped == 1 and [item.key for item in page.items] == ["café-1"]


def test_a_huge_guid_becomes_a_bounded_key():
    rss = ('<rss version="2.0"><channel><title>T</title><item><title>B</title>'
           f"<guid>{'g' * 5000}</guid><description>x</description></item></channel></rss>")
    [item] = feeds.parse_feed(rss.encode(), url="http://127.0.0.1/feed").items
    assert item.key.startswith("sha256:") and len(item.key) <= feeds.MAX_KEY_CHARS


def test_scripts_and_event_handlers_in_item_html_do_not_reach_the_article():
    body = ('<p onclick="steal()">Safe text.</p><script>alert(1)</script>'
            '<p><a href="javascript:alert(2)">click</a> <img src=x onerror=alert(3)></p>')
    rss = ('<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
           "<channel><title>T</title><item><title>B</title><guid>g</guid>"
           f"<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>")
    [item] = feeds.parse_feed(rss.encode(), url="http://127.0.0.1/feed").items
    article = feeds.item_article(item, settings=ALLOWED)
    shown = str(article.to_dict())
    for marker in ("alert", "steal", "onerror", "javascript"):
        assert marker not in shown


def test_an_external_entity_is_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    rss = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<rss version="2.0"><channel><title>T</title><item><title>&x;</title>'
           "<guid>g</guid><description>&x;</description></item></channel></rss>")
    try:
        page = feeds.parse_feed(rss.encode(), url="http://127.0.0.1/feed")
    except InputError:
        return
    assert "TOP-SECRET-VALUE" not in str(page)


def test_nested_entities_do_not_blow_up():
    lol = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
           + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">'
                     for n in range(8))
           + ']><rss version="2.0"><channel><title>T</title><item><title>&i;</title>'
           "<guid>g</guid></item></channel></rss>")
    started = time.monotonic()
    try:
        page = feeds.parse_feed(lol.encode(), url="http://127.0.0.1/feed")
    except InputError:
        page = None
    assert time.monotonic() - started < 10
    assert page is None or all(len(item.title) < 1_000_000 for item in page.items)


def test_only_the_newest_items_of_a_long_feed_are_read():
    items = "".join(f'<item><title>S{n}</title><guid isPermaLink="false">g{n}</guid>'
                    "<description>x</description></item>" for n in range(feeds.MAX_ITEMS + 50))
    rss = f'<rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    page = feeds.parse_feed(rss.encode(), url="http://127.0.0.1/feed")
    assert len(page.items) == feeds.MAX_ITEMS and page.items[0].key == "g0"


@pytest.mark.parametrize("etag", ['"ok\r\nX-Injected: 1"', "a" * 600, '"\u00e9t\u00e9"'])
def test_a_validator_that_cannot_be_sent_back_is_dropped(feed_server: FeedServer, etag: str,
                                                        monkeypatch):
    fetch_module = importlib.import_module("copydesk.ingest.fetch")
    real = fetch_module.fetch

    def with_bad_etag(*args, **kwargs):
        page = real(*args, **kwargs)
        return fetch_module.FetchedPage(content=page.content, url=page.url,
                                        content_type=page.content_type, status=page.status,
                                        validators={"etag": etag})

    monkeypatch.setattr(feeds, "fetch", with_bad_etag)
    feed_server.site.stories = [Story(guid="g", title="B", body_html=BODY)]
    assert feeds.read_feed(feed_server.feed_url, settings=ALLOWED).validators == {}


def test_titles_are_plain_text_whether_the_feed_sends_text_or_html():
    atom = ('<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:t</id>'
            '<entry><id>urn:1</id><title type="html">Tom &amp;amp; Jerry &lt;b&gt;live'
            '&lt;/b&gt;</title><summary>x</summary></entry>'
            '<entry><id>urn:2</id><title type="text">Use &amp;amp; in HTML</title>'
            "<summary>x</summary></entry></feed>")
    page = feeds.parse_feed(atom.encode(), url="http://127.0.0.1/feed")
    assert [item.title for item in page.items] == ["Tom & Jerry live", "Use &amp; in HTML"]
