"""WordPress through its REST API, with an application password (plain Python: no Django).

``WordPressClient`` talks to one site: ``{site}/wp-json/wp/v2/...`` (or
``?rest_route=`` on a site without pretty permalinks, found out on the first
request), HTTP Basic authentication with the user's application password
(WordPress: Users → Profile → Application Passwords), the fetch safety rules
of ``ingest.fetch`` before every request (http(s) only, public addresses
unless ``allow_private_urls``), ``fetch_timeout`` for each step and
``fetch_max_bytes`` for each answer. Redirects are never followed: the site's
address must be its final one. A refusal says what to do: 401 (user or
application password wrong), 403 (the user's role may not do it), 404 (no
such post, or no REST API there).

In: ``post`` reads a post with its author, terms and featured image
(``_embed``), ``parse_post`` turns the API's JSON into a ``Post`` and
``post_article`` into an article: the title, the excerpt the author wrote as
the standfirst, the content (rendered blocks, read by the HTML fragment
reader: figures, images and captions included), the featured image first
when the content does not show it, the author as the byline, the date, and
the post's site, id, link, categories and tags in ``metadata["wordpress"]``.

Out: ``term_ids`` finds categories and tags by name (creating the missing
ones), ``upload_image`` copies an image into the site's media library, and
``save_post`` creates or updates a post.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import SplitResult, parse_qs, urlsplit, urlunsplit

import httpx
import lxml.html

from copydesk import __version__, links
from copydesk.article import Article
from copydesk.errors import FetchError, FetchTimeoutError, InputError, TooLargeError
from copydesk.ingest.fetch import Resolver, check_url, fetch, resolve_host
from copydesk.ingest.fragment import from_fragment
from copydesk.ingest.hygiene import clean_text
from copydesk.ingest.sources import check_size
from copydesk.settings import Settings

USER_AGENT = f"copydesk/{__version__} (WordPress connector)"
TAXONOMIES = ("categories", "tags")
MAX_TERM_CHARS = 200  # WordPress's own limit on a term's name
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}
_SPACE = re.compile(r"\s+")
EMBED = "author,wp:term,wp:featuredmedia"


@dataclass(frozen=True)
class Credentials:
    """A user name and application password; ``origin`` says where the password came from
    (e.g. "the environment variable WP_PASSWORD"), for the messages. Never shown."""

    user: str
    password: str = field(repr=False)
    origin: str = "the application password"


@dataclass(frozen=True)
class FeaturedImage:
    src: str
    alt: str
    caption: str  # plain text


@dataclass(frozen=True)
class Post:
    """A post as the REST API gives it, in the terms the desk needs."""

    id: int
    link: str
    status: str
    title: str  # plain text
    excerpt: str  # plain text of the excerpt the author wrote ("" for an automatic one)
    content_html: str  # the rendered blocks
    author: str
    date: str | None  # ISO 8601 in UTC
    modified: str | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    featured_image: FeaturedImage | None


@dataclass(frozen=True)
class SavedPost:
    id: int
    link: str
    status: str


def site_address(raw: str) -> str:
    """A site's base address: http(s), no credentials, query or fragment, no trailing /."""
    try:
        url = links.web_url(raw)
    except InputError:
        raise InputError(f"{links.shown(raw)} is not a web address; give the WordPress site's "
                         "address, e.g. https://news.example.org") from None
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        raise InputError("Give the site's address without a user name or password in it; the "
                         "user is --user and the application password comes from the "
                         "environment.")
    if parts.query or parts.fragment:
        raise InputError(f"Give the site's address without '?' or '#' parts ({url}).")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"),
                       "", ""))


class WordPressClient:
    """One WordPress site's REST API, as the given user."""

    def __init__(self, url: str, credentials: Credentials, *, settings: Settings,
                 transport: httpx.BaseTransport | None = None,
                 resolve: Resolver = resolve_host) -> None:
        self.url = site_address(url)
        self.credentials = credentials
        self.settings = settings
        self._resolve = resolve
        self._transport = transport
        self._plain_routes = False  # True: ?rest_route= (a site without pretty permalinks)
        self._http = httpx.Client(
            transport=transport, follow_redirects=False, timeout=settings.fetch_timeout,
            auth=httpx.BasicAuth(credentials.user, credentials.password),
            headers={"user-agent": USER_AGENT, "accept": "application/json"})

    def __enter__(self) -> WordPressClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def me(self) -> dict[str, Any]:
        """The user the credentials sign in as (``context=edit``: only a signed-in user)."""
        return self.request("GET", "/wp/v2/users/me", params={"context": "edit"},
                            doing="sign in")

    def post(self, post_id: int) -> Post:
        data = self.request("GET", f"/wp/v2/posts/{post_id}",
                            params={"context": "edit", "_embed": EMBED},
                            doing=f"read post {post_id}", missing=f"post {post_id}")
        return parse_post(data)

    def find_post(self, reference: str) -> int:
        """A post's id from its id or its address on this site."""
        text = unicodedata.normalize("NFKC", reference).strip()
        if text.isdigit() and text.isascii():
            return _post_id(text)
        try:
            url = links.web_url(text)
        except InputError:
            raise InputError(f"{links.shown(reference)} is neither a post id nor a post's "
                             "address; give e.g. 42 or the post's link.") from None
        parts, site = urlsplit(url), urlsplit(self.url)
        if _origin(parts) != _origin(site):
            raise InputError(f"{url} is not on the site {self.url}; pull it from the site it "
                             "is on.")
        for name in ("p", "post"):
            value = parse_qs(parts.query).get(name, [""])[0]
            if value.isdigit() and value.isascii():
                return _post_id(value)
        slug = parts.path.rstrip("/").rpartition("/")[2]
        if not slug:
            raise InputError(f"{url} is the site's address, not a post's; give a post's link.")
        found = self.request("GET", "/wp/v2/posts", params={
            "slug": slug, "context": "edit", "status": "publish,future,draft,pending,private",
            "_fields": "id"}, doing=f"look up the post at {url}")
        if not isinstance(found, list) or not found:
            raise FetchError(f"No post at {url} on {self.url}; check the link (a page or a "
                             "custom post type is not a post).")
        return _post_id(str(found[0].get("id", "")))

    def term_ids(self, taxonomy: str, names: Iterable[str]) -> list[int]:
        """The ids of the categories or tags with these names, creating the missing ones."""
        if taxonomy not in TAXONOMIES:
            raise InputError(f"Unknown taxonomy {taxonomy!r}; use one of {', '.join(TAXONOMIES)}.")
        ids: list[int] = []
        for name in dict.fromkeys(_text(n)[:MAX_TERM_CHARS] for n in names):
            if name:
                ids.append(self._term_id(taxonomy, name))
        return list(dict.fromkeys(ids))

    def _term_id(self, taxonomy: str, name: str) -> int:
        found = self.request("GET", f"/wp/v2/{taxonomy}", params={
            "search": name, "per_page": "100", "context": "edit", "hide_empty": "false"},
            doing=f"look up the {taxonomy} {name!r}")
        wanted = name.casefold()
        for term in found if isinstance(found, list) else []:
            if _text(html.unescape(str(term.get("name", "")))).casefold() == wanted:
                return int(term["id"])
        try:
            made = self.request("POST", f"/wp/v2/{taxonomy}", body={"name": name},
                                doing=f"create the {taxonomy} {name!r}")
        except _TermExists as exists:
            return exists.term_id
        return int(made["id"])

    def upload_image(self, src: str, *, alt: str = "") -> int:
        """Copy the image at ``src`` into the site's media library; returns its media id."""
        page = fetch(src, settings=self.settings, transport=self._transport,
                     resolve=self._resolve, accept=",".join(IMAGE_TYPES))
        kind = (page.content_type or "").split(";")[0].strip().lower()
        if kind not in IMAGE_TYPES:
            raise InputError(f"{src} is not a JPEG, PNG, GIF or WebP image ({kind or 'no type'}).")
        name = urlsplit(page.url).path.rpartition("/")[2] or "image"
        if "." not in name:
            name = f"{name}.{IMAGE_TYPES[kind]}"
        name = re.sub(r"[^A-Za-z0-9._-]", "-", name)[-100:]
        made = self.request("POST", "/wp/v2/media", content=page.content, headers={
            "content-type": kind, "content-disposition": f'attachment; filename="{name}"'},
            doing="upload the featured image")
        if alt:
            self.request("POST", f"/wp/v2/media/{int(made['id'])}", body={"alt_text": alt},
                         doing="set the featured image's alt text")
        return int(made["id"])

    def save_post(self, post_id: int | None, fields: Mapping[str, Any]) -> SavedPost:
        """Create a post (``post_id`` None) or update the post ``post_id``."""
        route = "/wp/v2/posts" if post_id is None else f"/wp/v2/posts/{post_id}"
        saved = self.request("POST", route, body=dict(fields),
                             doing="create a post" if post_id is None else f"update post {post_id}",
                             missing=None if post_id is None else f"post {post_id}")
        return SavedPost(id=int(saved["id"]), link=str(saved.get("link", "")),
                         status=str(saved.get("status", "")))

    def request(self, method: str, route: str, *, params: Mapping[str, str] | None = None,
                body: Any = None, content: bytes | None = None,
                headers: Mapping[str, str] | None = None, doing: str,
                missing: str | None = None) -> Any:
        """One call of the REST API: its JSON, or a FetchError that says what to do."""
        for _ in range(2):
            url, query = self._address(route, params or {})
            check_url(url, self.settings, self._resolve)
            try:
                with self._http.stream(method, url, params=query, json=body, content=content,
                                       headers=headers) as response:
                    data = self._read(response)
            except httpx.TimeoutException:
                raise FetchTimeoutError(
                    f"{self.url} did not answer within {self.settings.fetch_timeout:g} s "
                    f"when asked to {doing}; try again later or raise "
                    "COPYDESK_FETCH_TIMEOUT.") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"Could not reach the WordPress site {self.url} "
                                 f"({type(exc).__name__}: {exc}); check its address.") from None
            status, answer = data
            if status == 404 and answer is None and not self._plain_routes:
                self._plain_routes = True  # no /wp-json/: try ?rest_route= once
                continue
            return self._answer(status, answer, doing=doing, missing=missing)
        raise FetchError(f"{self.url} has no WordPress REST API (neither /wp-json/ nor "
                         "?rest_route= answered); check the site's address.")

    def _address(self, route: str, params: Mapping[str, str]) -> tuple[str, dict[str, str]]:
        if self._plain_routes:
            return f"{self.url}/", {"rest_route": route, **params}
        return f"{self.url}/wp-json{route}", dict(params)

    def _read(self, response: httpx.Response) -> tuple[int, Any]:
        """The status and the JSON answer (None when the answer is not JSON)."""
        limit = self.settings.fetch_max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise TooLargeError(f"{self.url} answered with more than {limit:,} bytes; raise "
                                "COPYDESK_FETCH_MAX_BYTES if that is one post.")
        chunks, received = [], 0
        for chunk in response.iter_bytes():
            received += len(chunk)
            if received > limit:
                raise TooLargeError(f"{self.url} answered with more than {limit:,} bytes; "
                                    "raise COPYDESK_FETCH_MAX_BYTES if that is one post.")
            chunks.append(chunk)
        if 300 <= response.status_code < 400:
            where = response.headers.get("location", "elsewhere")
            raise FetchError(f"{self.url} redirects to {where}, which is not followed; give "
                             "the site's final address (https:// and the exact host).")
        try:
            return response.status_code, json.loads(b"".join(chunks))
        except ValueError:
            return response.status_code, None

    def _answer(self, status: int, answer: Any, *, doing: str, missing: str | None) -> Any:
        if 200 <= status < 300:
            if answer is None:
                raise FetchError(f"{self.url} did not answer with JSON when asked to {doing}; "
                                 "is it a WordPress site?")
            return answer
        code, message = _error(answer)
        user = self.credentials.user
        if status == 401:
            raise FetchError(
                f"{self.url} refused the user {user!r} and {self.credentials.origin} "
                f"({status} {code}): check the user name, and create a new application "
                "password in WordPress (Users → Profile → Application Passwords).")
        if status == 403:
            raise FetchError(
                f"The user {user!r} may not {doing} on {self.url} ({status} {code}: {message}); "
                "give them the Editor or Administrator role there.")
        if status == 404:
            if missing and code != "rest_no_route":
                raise PostMissingError(f"{self.url} has no {missing} ({code}); check the id "
                                       "or link.")
            raise FetchError(f"{self.url} has no REST API route to {doing} ({code}); check "
                             "the site's address and that its REST API is on.")
        if status == 400 and code == "term_exists" and isinstance(answer, dict):
            raise _TermExists(int((answer.get("data") or {}).get("term_id", 0)))
        raise FetchError(f"{self.url} answered HTTP {status} when asked to {doing}"
                         f"{f' ({code}: {message})' if code else ''}.")


class PostMissingError(FetchError):
    """The post to update is not on the site (any more)."""


class _TermExists(FetchError):
    """A term of that name (or slug) was there after all."""

    def __init__(self, term_id: int) -> None:
        super().__init__(f"The term {term_id} exists.")
        self.term_id = term_id


def _error(answer: Any) -> tuple[str, str]:
    if isinstance(answer, dict):
        return _text(answer.get("code", ""))[:100], _text(answer.get("message", ""))[:300]
    return "", ""


def _origin(parts: SplitResult) -> tuple[str, str | None, int]:
    scheme = parts.scheme.lower()
    return scheme, parts.hostname, parts.port or (443 if scheme == "https" else 80)


def _post_id(text: str) -> int:
    number = int(text)
    if not 0 < number < 2**63:
        raise InputError(f"{text} is not a post id; give a positive whole number.")
    return number


def parse_post(data: Any) -> Post:
    """A ``Post`` from the REST API's JSON for one post (``context=edit``, ``_embed``)."""
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        raise FetchError("The WordPress answer is not a post (no id); is the address a "
                         "WordPress site?")
    embedded = data.get("_embedded") or {}
    authors = [a for a in embedded.get("author", []) if isinstance(a, dict)]
    terms: dict[str, list[str]] = {"category": [], "post_tag": []}
    for group in embedded.get("wp:term", []):
        for term in group if isinstance(group, list) else []:
            if isinstance(term, dict) and term.get("taxonomy") in terms:
                terms[term["taxonomy"]].append(_text(html.unescape(str(term.get("name", "")))))
    return Post(
        id=data["id"], link=str(data.get("link", "")), status=str(data.get("status", "")),
        title=_field_text(data.get("title")), excerpt=_text(_raw(data.get("excerpt"))),
        content_html=str(_part(data.get("content"), "rendered")),
        author=_text(authors[0].get("name", "")) if authors else "",
        date=_utc(data.get("date_gmt")), modified=_utc(data.get("modified_gmt")),
        categories=tuple(dict.fromkeys(t for t in terms["category"] if t)),
        tags=tuple(dict.fromkeys(t for t in terms["post_tag"] if t)),
        featured_image=_featured(embedded.get("wp:featuredmedia")))


def post_article(post: Post, *, site: str, settings: Settings) -> Article:
    """The article a post stands for, with the post's terms in ``metadata["wordpress"]``."""
    body = post.content_html
    image = post.featured_image
    if image is not None and image.src not in body:
        figure = (f'<figure><img src="{html.escape(image.src)}" alt="{html.escape(image.alt)}">'
                  + (f"<figcaption>{html.escape(image.caption)}</figcaption>"
                     if image.caption else "") + "</figure>")
        body = figure + body
    title = post.title or f"Post {post.id}"
    link = links.safe_link(post.link) if post.link else None
    article = from_fragment(clean_text(f"<h1>{html.escape(title)}</h1>{body}"), url=link)
    article.standfirst = post.excerpt or article.standfirst
    article.byline = post.author or article.byline
    article.date = post.date or article.date
    article.metadata = {**article.metadata, "wordpress": {
        "site": site, "post": post.id, "link": link or "", "categories": list(post.categories),
        "tags": list(post.tags), "featured_image": image.src if image else ""}}
    check_size(article, settings)
    return article


def _featured(media: Any) -> FeaturedImage | None:
    first = media[0] if isinstance(media, list) and media else None
    if not isinstance(first, dict) or not first.get("source_url"):
        return None
    src = links.safe_link(str(first["source_url"]))
    if not src or not src.lower().startswith(("http://", "https://")):
        return None
    return FeaturedImage(src=src, alt=_text(first.get("alt_text", "")),
                         caption=_html_text(str(_part(first.get("caption"), "rendered"))))


def _field_text(value: Any) -> str:
    """A title: the text as written (``raw``), else the rendered HTML as plain text."""
    raw = _raw(value)
    return _text(raw) if raw.strip() else _html_text(str(_part(value, "rendered")))


def _raw(value: Any) -> str:
    return str(_part(value, "raw"))


def _part(value: Any, name: str) -> Any:
    return value.get(name, "") if isinstance(value, dict) else ""


def _html_text(value: str) -> str:
    if not value.strip():
        return ""
    return _text(lxml.html.fragment_fromstring(value, create_parent="div").text_content())


def _text(value: Any) -> str:
    return _SPACE.sub(" ", clean_text(unicodedata.normalize("NFC", str(value)))).strip()


def _utc(value: Any) -> str | None:
    text = str(value or "")
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", text) or text.startswith("0000"):
        return None
    return text + "Z"
