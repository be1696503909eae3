"""Reading a ninjs 1.x or 2.x news item as an article.

The item is checked against its IPTC schema first (``ninjs.validate``), its
text in Unicode NFC. Then:

* the headline (1.x ``headline``; 2.x the ``headlines`` entry with role
  ``main``, else the first) is the title; without one, the item's ``title``;
* the body is the HTML one (1.x ``body_html``, else ``body_xhtml``; 2.x the
  ``bodies`` entry whose ``contenttype`` is HTML or whose role says so), else
  the plain-text one, a paragraph per blank-line-separated chunk. It is read
  as an HTML fragment by the same reader as a CMS body field
  (``copydesk.ingest.fragment``): scripts, styles, embedded frames and event
  handlers are dropped, and links pass the link rule;
* the standfirst is a summary description (1.x ``description_text`` or
  ``description_summary``; 2.x ``descriptions`` with role ``summary``,
  ``abstract``, ``lead``, ``teaser`` or none);
* byline (1.x ``byline``, 2.x ``by``), ``language`` (where copydesk knows it, else
  detected), ``versioncreated`` (else
  ``firstcreated``) as the date, and the item's ``uri`` as its URL when it is
  an http(s) address;
* pictures and graphics among the ``associations`` become figures at the
  top of the body (unless the body shows them already): the address of the
  widest rendition (else the association's ``uri``), the headline as alt
  text (or an ``alt`` description), the caption from a caption or summary
  description (1.x ``description_caption``, ``description_text`` or
  ``body_text``), and the credit from ``by``/``byline``, else the copyright
  notice or holder.

``Article.metadata["ninjs"]`` keeps the item's ``uri``, ``version`` and the
schema version it was checked against, so a translation can name its original.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from html import escape
from typing import Any

from copydesk import languages, links
from copydesk.article import Article
from copydesk.errors import InputError, LanguageError, NoArticleError
from copydesk.ingest.html import from_html
from copydesk.ingest.hygiene import clean_article
from copydesk.interop import ninjs

SUMMARY_ROLES = frozenset({"summary", "abstract", "lead", "teaser", "standfirst", ""})
CAPTION_ROLES = frozenset({"caption", "summary", "description", ""})
ALT_ROLES = frozenset({"alt", "alttext", "alt-text", "alternative"})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
PICTURES = frozenset({"picture", "graphic"})
MAX_PICTURES = 20


@dataclasses.dataclass(frozen=True)
class Picture:
    src: str
    alt: str
    caption: str
    credit: str


@dataclasses.dataclass(frozen=True)
class Fields:
    """What copydesk reads of an item, the same for either version."""

    headline: str
    html: str | None
    text: str | None
    standfirst: str | None
    byline: str | None
    pictures: tuple[Picture, ...]


def read(data: dict[str, Any]) -> Article:
    """The article in a ninjs item (see the module docstring)."""
    item = ninjs.normalized(data)
    version = ninjs.validate(item)
    fields = _fields_1(item) if version == ninjs.V1 else _fields_2(item)
    body = fields.html if fields.html is not None else _paragraphs(fields.text or "")
    if not body.strip():
        raise NoArticleError("This ninjs item has no body text (body_html or body_text in "
                             "1.x, bodies in 2.x); copydesk translates text items.")
    uri = item["uri"]
    url = uri if _is_web(uri) else None
    headline = fields.headline or _string(item.get("title"))
    head = f"<h1>{escape(headline, quote=False)}</h1>\n" if headline else ""
    figures = "".join(_figure(p) for p in fields.pictures if not _shown(p.src, body))
    article = from_html(head + figures + body, url=url)
    date = _string(item.get("versioncreated")) or _string(item.get("firstcreated"))
    language = _language(item.get("language")) or article.language
    meta = {"uri": uri, "schema": version, **({"version": item["version"]}
                                              if isinstance(item.get("version"), str) else {})}
    return clean_article(dataclasses.replace(
        article, language=language, byline=fields.byline or article.byline,
        standfirst=fields.standfirst or article.standfirst, date=date or article.date,
        metadata={**article.metadata, "ninjs": meta}))


def _fields_1(item: dict[str, Any]) -> Fields:
    html = _first(item, ("body_html", "body_xhtml"))
    return Fields(
        headline=_string(item.get("headline")),
        html=html,
        text=_first(item, ("body_text",)),
        standfirst=_first(item, ("description_text", "description_summary")),
        byline=_string(item.get("byline")) or None,
        pictures=tuple(_pictures(_picture_1(a) for a in _associations_1(item))),
    )


def _fields_2(item: dict[str, Any]) -> Fields:
    bodies = item.get("bodies") or []
    html = next((b["value"] for b in bodies if _is_html(b)), None)
    return Fields(
        headline=_main_headline(item.get("headlines") or []),
        html=html,
        text=next((b["value"] for b in bodies if not _is_html(b)), None),
        standfirst=_described(item.get("descriptions"), SUMMARY_ROLES) or None,
        byline=_string(item.get("by")) or None,
        pictures=tuple(_pictures(_picture_2(a) for a in item.get("associations") or [])),
    )


def _associations_1(item: dict[str, Any]) -> list[dict[str, Any]]:
    found = item.get("associations") or {}
    return [value for value in found.values() if isinstance(value, dict)]


def _picture_1(item: dict[str, Any]) -> Picture | None:
    if item.get("type") not in PICTURES:
        return None
    renditions = item.get("renditions") or {}
    src = _widest(r for r in renditions.values() if isinstance(r, dict)) or item["uri"]
    return Picture(
        src=src, alt=_first(item, ("description_alt",)) or _string(item.get("headline")),
        caption=_first(item, ("description_caption", "description_text", "body_text")) or "",
        credit=_credit(item, "byline"))


def _picture_2(item: dict[str, Any]) -> Picture | None:
    if item.get("type") not in PICTURES:
        return None
    src = _widest(item.get("renditions") or []) or item["uri"]
    descriptions = item.get("descriptions")
    return Picture(
        src=src,
        alt=_described(descriptions, ALT_ROLES) or _main_headline(item.get("headlines") or []),
        caption=_described(descriptions, CAPTION_ROLES), credit=_credit(item, "by"))


def _pictures(found: Iterable[Picture | None]) -> Iterator[Picture]:
    count = 0
    for picture in found:
        if picture is not None and _is_web(picture.src) and count < MAX_PICTURES:
            count += 1
            yield picture


def _widest(renditions: Iterable[dict[str, Any]]) -> str | None:
    """The address of the widest rendition with an http(s) address (the first if none
    says its width)."""
    usable = [r for r in renditions if _is_web(r.get("href"))]
    if not usable:
        return None
    best = max(usable, key=lambda r: r["width"] if isinstance(r.get("width"), int | float)
               else -1)
    return str(best["href"])


def _credit(item: dict[str, Any], by: str) -> str:
    return (_string(item.get(by)) or _string(item.get("copyrightnotice"))
            or _string(item.get("copyrightholder")))


def _figure(picture: Picture) -> str:
    credit = (f' <span class="credit">{escape(picture.credit, quote=False)}</span>'
              if picture.credit else "")
    caption = escape(picture.caption, quote=False) + credit
    figcaption = f"<figcaption>{caption}</figcaption>" if caption.strip() else ""
    return (f'<figure><img src="{escape(picture.src)}" alt="{escape(picture.alt)}">'
            f"{figcaption}</figure>\n")


def _shown(src: str, body: str) -> bool:
    return src in body or escape(src) in body


def _main_headline(headlines: list[dict[str, Any]]) -> str:
    main = next((h for h in headlines if h.get("role") == "main"), None)
    chosen = main or (headlines[0] if headlines else None)
    return _string(chosen["value"]) if chosen else ""


def _described(descriptions: Any, roles: frozenset[str]) -> str:
    for entry in descriptions or []:
        role = _string(entry.get("role")).strip().lower()
        if role in roles and _string(entry.get("value")).strip():
            return _string(entry["value"])
    return ""


def _is_html(body: dict[str, Any]) -> bool:
    kind = _string(body.get("contenttype")).split(";")[0].strip().lower()
    role = _string(body.get("role")).lower()
    return kind in HTML_TYPES or (not kind and ("html" in role or "rich" in role))


def _first(item: dict[str, Any], names: tuple[str, ...]) -> str | None:
    return next((item[n] for n in names if isinstance(item.get(n), str) and item[n].strip()),
                None)


def _paragraphs(text: str) -> str:
    chunks = [c.strip() for c in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{escape(c, quote=False)}</p>\n" for c in chunks if c)


def _is_web(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return links.web_url(value) == value
    except InputError:
        return False


def _language(value: Any) -> str | None:
    """The item's declared language, which an agency sets with care, where copydesk knows it."""
    try:
        return languages.normalize(value) if isinstance(value, str) else None
    except LanguageError:
        return None


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""
