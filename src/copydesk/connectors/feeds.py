"""RSS and Atom feeds as a source of articles (plain Python: no Django here).

``read_feed`` fetches a feed with the same safety rules as any page
(``ingest.fetch``: http(s) only, public addresses unless allowed, a total
deadline and a size limit) and asks for it only if it changed, with the
``ETag`` and ``Last-Modified`` of the previous answer. ``feedparser`` reads
RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 from the bytes (it never fetches anything
itself here).

Each item has a stable ``key``: its GUID (or Atom id), else its link, so the
same story is recognised on every poll; its ``fingerprint`` changes when the
title, link or text does, which makes the item an update. ``item_article``
turns an item into an article: from the full text the feed carries
(``content:encoded``, Atom ``content``), or, for a feed of summaries, from the
page the item links to.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import feedparser
import httpx
import lxml.html

from copydesk import languages, links
from copydesk.article import Article
from copydesk.errors import InputError, LanguageError
from copydesk.ingest.fetch import Resolver, fetch, resolve_host
from copydesk.ingest.fragment import from_fragment
from copydesk.ingest.hygiene import clean_text
from copydesk.ingest.sources import check_size
from copydesk.settings import Settings

FEED_ACCEPT = ("application/rss+xml,application/atom+xml,application/rdf+xml;q=0.9,"
               "application/xml;q=0.8,text/xml;q=0.8,*/*;q=0.5")
MAX_ITEMS = 200  # items read from one answer; a feed is a window on the newest stories
MAX_KEY_CHARS = 480  # the article key is "feed:" + this, within Article.key's 500
# Validators are sent back as request headers: printable ASCII of a sane length only.
_VALIDATOR = re.compile(r"[\x21-\x7e](?:[\x20-\x7e]{0,498}[\x21-\x7e])?")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class FeedItem:
    """One story in a feed, as the feed tells it."""

    key: str  # GUID or Atom id, else the link
    link: str | None
    title: str
    content_html: str  # the full text, when the feed carries it
    summary_html: str
    author: str
    published: str | None  # ISO 8601, when the feed gives a date
    updated: str | None
    categories: tuple[str, ...]

    @property
    def fingerprint(self) -> str:
        """Changes when what the item says changes (not when only its date does)."""
        data = [self.title, self.link or "", self.content_html, self.summary_html]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class FeedPage:
    """What one poll found: the items (none when ``unchanged``) and the validators."""

    title: str
    language: str  # the feed's own language, normalised, or ""
    items: list[FeedItem]
    unchanged: bool = False
    validators: Mapping[str, str] = field(default_factory=dict)
    skipped: int = 0  # items without a GUID, id or link, which cannot be told apart


def read_feed(url: str, *, settings: Settings, validators: Mapping[str, str] | None = None,
              transport: httpx.BaseTransport | None = None,
              resolve: Resolver = resolve_host) -> FeedPage:
    """Fetch and read the feed at ``url``; unchanged (no items) on HTTP 304."""
    page = fetch(url, settings=settings, transport=transport, resolve=resolve,
                       accept=FEED_ACCEPT, conditional=validators)
    kept = {name: value for name, value in page.validators.items()
            if _VALIDATOR.fullmatch(value)}
    if page.status == 304:
        return FeedPage(title="", language="", items=[], unchanged=True,
                        validators=kept or dict(validators or {}))
    parsed = parse_feed(page.content, url=page.url, content_type=page.content_type)
    return FeedPage(title=parsed.title, language=parsed.language, items=parsed.items,
                    validators=kept, skipped=parsed.skipped)


def parse_feed(data: bytes, *, url: str, content_type: str | None = None) -> FeedPage:
    """The items of an RSS or Atom document; InputError when it is not a feed."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed: Any = feedparser.parse(data, response_headers=headers, sanitize_html=True,
                                   resolve_relative_uris=True)
    if not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        raise InputError(f"{url} is not an RSS or Atom feed ({reason or 'no feed found'}); "
                         "give the address of the feed itself (it often ends in /feed or "
                         ".xml).")
    channel = parsed.get("feed", {})
    items, skipped = [], 0
    for entry in parsed.get("entries", [])[:MAX_ITEMS]:
        item = _item(entry)
        if item is None:
            skipped += 1
        else:
            items.append(item)
    return FeedPage(title=_plain(channel, "title"),
                    language=_language(channel.get("language", "")), items=items,
                    skipped=skipped)


def item_article(item: FeedItem, *, settings: Settings, language: str = "",
                 transport: httpx.BaseTransport | None = None,
                 resolve: Resolver = resolve_host) -> Article:
    """The article an item stands for, in ``language`` when the feed names it."""
    if item.content_html.strip():
        body = f"<h1>{html.escape(item.title)}</h1>{item.content_html}" if item.title else \
            item.content_html
        article = from_fragment(clean_text(body), url=item.link)
    elif item.link:
        from copydesk.ingest.sources import load

        article = load(item.link, settings=settings, transport=transport)
    else:
        raise InputError(f"The feed item {item.key!r} has no text and no link to read it "
                         "from.")
    check_size(article, settings)
    if language:
        article.language = language
    if item.link and not article.url:
        article.url = item.link
    article.byline = article.byline or item.author or None
    article.date = article.date or item.published
    return article


def _item(entry: dict[str, Any]) -> FeedItem | None:
    link = web_link(entry.get("link"))
    key = _key(entry.get("id") or "") or _key(link or "")
    if not key:
        return None
    contents = [part.get("value", "") for part in entry.get("content", [])
                if "html" in part.get("type", "text/html")]
    text_contents = [html.escape(part.get("value", "")) for part in entry.get("content", [])
                     if "html" not in part.get("type", "text/html")]
    categories = tuple(dict.fromkeys(
        _text(tag.get("term") or tag.get("label") or "") for tag in entry.get("tags", [])
        if _text(tag.get("term") or tag.get("label") or "")))
    return FeedItem(
        key=key, link=link, title=_plain(entry, "title"),
        content_html="".join(contents) or "".join(f"<p>{value}</p>" for value in text_contents),
        summary_html=str(entry.get("summary", "")), author=_text(entry.get("author", "")),
        # dict.get: feedparser's own get maps a missing date to another with a warning
        published=_date(dict.get(entry, "published_parsed")),
        updated=_date(dict.get(entry, "updated_parsed")),
        categories=categories)


def web_link(raw: Any) -> str | None:
    """The item's link when it is an http(s) address (the only kind the desk fetches)."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        return links.web_url(raw)
    except InputError:
        return None


def _key(raw: str) -> str:
    """A GUID or link as a key: NFC, no control or surrounding space, bounded length."""
    text = _text(raw)
    if len(text) > MAX_KEY_CHARS:
        text = "sha256:" + hashlib.sha256(text.encode()).hexdigest()
    return text


def _plain(element: Mapping[str, Any], name: str) -> str:
    """A feed's or item's text field as plain text (the HTML kind with its markup removed)."""
    value = str(element.get(name, ""))
    detail = element.get(f"{name}_detail") or {}
    if "html" in str(detail.get("type", "")) and value.strip():
        value = lxml.html.fragment_fromstring(value, create_parent="div").text_content()
    return _text(value)


def _text(value: Any) -> str:
    text = clean_text(unicodedata.normalize("NFC", str(value)))
    return _SPACE.sub(" ", text).strip()


def _language(value: Any) -> str:
    try:
        return languages.normalize(_text(value)) if _text(value) else ""
    except LanguageError:
        return ""


def _date(parsed: Any) -> str | None:
    if not parsed:
        return None
    year, month, day, hour, minute, second = tuple(parsed)[:6]
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"
