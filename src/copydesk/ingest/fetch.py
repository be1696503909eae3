"""Fetching a page over HTTP(S), safely.

* Only ``http`` and ``https`` URLs.
* Every host, and every redirect hop, must resolve to public addresses only
  (no private, loopback, link-local, multicast, reserved or unspecified
  IPv4/IPv6 addresses, IPv4-mapped ones included) unless the setting
  ``allow_private_urls`` is on. Redirects are followed by hand, at most 5.
* ``fetch_timeout`` bounds the whole fetch (connect, redirects, headers, body:
  a total deadline, however slowly the server sends), and
  ``fetch_max_bytes`` the body: a larger ``Content-Length`` is refused before
  reading, and streaming stops as soon as the limit is passed.

Known gap: the address is checked when the host is resolved here; a DNS
server that answers differently when the connection is made moments later
is not caught.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

import httpx

from copydesk import __version__
from copydesk.errors import FetchError, FetchTimeoutError, PrivateAddressError, TooLargeError
from copydesk.settings import Settings

MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
USER_AGENT = f"copydesk/{__version__} (newsroom translation desk)"
ACCEPT = "text/html,application/xhtml+xml,text/markdown,text/plain,application/json;q=0.9,*/*;q=0.5"
PRIVATE_HINT = "set COPYDESK_ALLOW_PRIVATE_URLS=true if this is your intranet CMS"

Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True)
class FetchedPage:
    """What a URL returned: the body, the URL after redirects, and its content type.

    ``status`` is 304 (and ``content`` empty) when a conditional request found
    the page unchanged; ``validators`` are the answer's ``ETag`` and
    ``Last-Modified`` headers, for the next conditional request.
    """

    content: bytes
    url: str
    content_type: str | None
    status: int = 200
    validators: Mapping[str, str] = field(default_factory=dict)


def resolve_host(host: str, port: int) -> list[str]:
    """All addresses ``host`` resolves to (what the connection may use)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"Could not find the server {host!r} ({exc}); check the URL, "
                         "or paste the article text instead.") from None
    return [str(info[4][0]) for info in infos]


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def host_addresses(parts: SplitResult, resolve: Resolver) -> tuple[str, list[str]]:
    """An http(s) URL's host and its addresses: the literal IP, or what ``resolve`` finds.

    Raises ``ValueError`` for an invalid port, and what ``resolve`` raises for a
    name that does not resolve.
    """
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    host = parts.hostname or ""
    try:
        return host, [str(ipaddress.ip_address(host))]
    except ValueError:
        return host, resolve(host, port)


def check_url(url: str, settings: Settings, resolve: Resolver = resolve_host) -> None:
    """Refuse URLs we must not fetch (bad scheme, private address)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"Cannot fetch {url!r}: only http:// and https:// URLs are supported; "
                         "give a web address or a file path.")
    if settings.allow_private_urls:
        return
    try:
        host, addresses = host_addresses(parts, resolve)
    except ValueError:
        raise FetchError(f"The URL {url!r} has an invalid port; check the URL.") from None
    for address in addresses:
        if not is_public_address(address):
            raise PrivateAddressError(
                f"Refusing to fetch {url}: {host} is a private or local address ({address}); "
                f"{PRIVATE_HINT}."
            )


def fetch(
    url: str,
    *,
    settings: Settings,
    transport: httpx.BaseTransport | None = None,
    resolve: Resolver = resolve_host,
    accept: str = ACCEPT,
    conditional: Mapping[str, str] | None = None,
) -> FetchedPage:
    """Download ``url`` within the time and size limits of ``settings``.

    ``conditional`` holds the ``etag`` and ``last_modified`` of an earlier
    answer; the request then asks for the page only if it changed.
    """
    headers = {"User-Agent": USER_AGENT, "Accept": accept}
    if conditional and conditional.get("etag"):
        headers["If-None-Match"] = conditional["etag"]
    if conditional and conditional.get("last_modified"):
        headers["If-Modified-Since"] = conditional["last_modified"]
    with _Deadline(settings.fetch_timeout) as deadline, \
            httpx.Client(transport=transport, headers=headers, follow_redirects=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            check_url(url, settings, resolve)
            next_url, page = _fetch_once(client, url, settings, deadline)
            if page is not None:
                return page
            url = next_url
    raise FetchError(f"{url} redirects more than {MAX_REDIRECTS} times; open it in a browser "
                     "and give the final address.")


class _Deadline:
    """The end of the whole fetch: when it comes, open connections are cut.

    httpx's timeouts bound each read, so a server that sends one byte at a
    time never trips them; the timer shuts the sockets down instead, which
    wakes a blocked read at once.
    """

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._cut)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self.at

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpx's ``trace`` extension: remember each new connection's socket."""
        if event != "connection.connect_tcp.complete":
            return
        sock = info["return_value"].get_extra_info("socket")
        if isinstance(sock, socket.socket):
            with self._lock:
                self._sockets.append(sock)
            if self.passed:
                self._cut()

    def _cut(self) -> None:
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def _fetch_once(client: httpx.Client, url: str, settings: Settings,
                deadline: _Deadline) -> tuple[str, FetchedPage | None]:
    """One request: a redirect target, or the page."""
    try:
        request = client.build_request("GET", url, timeout=_remaining(deadline, settings, url),
                                       extensions={"trace": deadline.trace})
        response = client.send(request, stream=True)
        try:
            if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
                return urljoin(url, response.headers["location"]), None
            _check_status(response, url)
            unchanged = response.status_code == 304
            content = b"" if unchanged else _read_body(response, settings, deadline, url)
        finally:
            response.close()
    except httpx.TimeoutException:
        raise _timeout(settings, url) from None
    except httpx.HTTPError as exc:
        if deadline.passed:  # the deadline cut the connection
            raise _timeout(settings, url) from None
        raise _fetch_error(url, exc) from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"The URL {url!r} is not valid ({exc}); check it.") from None
    validators = {name: response.headers[header] for name, header in
                  (("etag", "etag"), ("last_modified", "last-modified"))
                  if response.headers.get(header)}
    return url, FetchedPage(content=content, url=str(response.url),
                            content_type=response.headers.get("content-type"),
                            status=response.status_code, validators=validators)


def _check_status(response: httpx.Response, url: str) -> None:
    status = response.status_code
    if status >= 400:
        hint = ("the page does not exist or needs a login; check the URL, or paste the text"
                if status < 500 else "the server has a problem; try again later, or paste the text")
        raise FetchError(f"{url} answered HTTP {status} {response.reason_phrase}: {hint}.")


def _read_body(response: httpx.Response, settings: Settings, deadline: _Deadline,
               url: str) -> bytes:
    limit = settings.fetch_max_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(url, limit)
    chunks: list[bytes] = []
    received = 0
    for chunk in response.iter_bytes():
        received += len(chunk)
        if received > limit:
            raise _too_large(url, limit)
        if deadline.passed:
            raise _timeout(settings, url)
        chunks.append(chunk)
    return b"".join(chunks)


def _remaining(deadline: _Deadline, settings: Settings, url: str) -> float:
    left = deadline.at - time.monotonic()
    if left <= 0:
        raise _timeout(settings, url)
    return left


def _timeout(settings: Settings, url: str) -> FetchTimeoutError:
    return FetchTimeoutError(
        f"{url} did not answer within {settings.fetch_timeout:g} s; try again later, raise "
        "COPYDESK_FETCH_TIMEOUT, or paste the article text instead."
    )


def _fetch_error(url: str, exc: httpx.HTTPError) -> FetchError:
    return FetchError(f"Could not fetch {url} ({exc.__class__.__name__}: {exc}); check the "
                      "URL and your connection, or paste the article text instead.")


def _too_large(url: str, limit: int) -> TooLargeError:
    return TooLargeError(
        f"{url} is larger than {limit:,} bytes; raise COPYDESK_FETCH_MAX_BYTES if this is "
        "really one article, or paste the article text instead."
    )
