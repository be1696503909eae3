"""Fetching URLs: limits, address checks, redirects, errors."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from copydesk import settings as settings_module
from copydesk.errors import FetchError, FetchTimeoutError, PrivateAddressError, TooLargeError
from copydesk.ingest import fetch
from copydesk.ingest.fetch import is_public_address
from copydesk.settings import Settings

PUBLIC_URL = "http://93.184.216.34/news/tram"
PAGE = b"<html><body><p>Hello</p></body></html>"


def make_settings(**options: object) -> Settings:
    return settings_module.load(options={"home": "/nonexistent-copydesk-home", **options},
                                environ={})


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/missing":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def local_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_loopback_is_refused_by_default(local_server: str) -> None:
    with pytest.raises(PrivateAddressError, match="COPYDESK_ALLOW_PRIVATE_URLS=true"):
        fetch(local_server + "/", settings=make_settings())


def test_loopback_is_allowed_with_the_setting(local_server: str) -> None:
    page = fetch(local_server + "/", settings=make_settings(allow_private_urls=True))
    assert page.content == PAGE
    assert page.content_type == "text/html; charset=utf-8"
    assert page.url == local_server + "/"


def test_slow_server_times_out(local_server: str) -> None:
    settings = make_settings(allow_private_urls=True, fetch_timeout=0.5)
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError, match="did not answer"):
        fetch(local_server + "/slow", settings=settings)
    assert time.monotonic() - started < 1.8


def test_http_404_is_a_fetch_error(local_server: str) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(local_server + "/missing", settings=make_settings(allow_private_urls=True))


def test_redirect_to_a_private_address_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "http://10.0.0.5/admin"})

    with pytest.raises(PrivateAddressError, match=r"10\.0\.0\.5"):
        fetch(PUBLIC_URL, settings=make_settings(), transport=httpx.MockTransport(handler))


def test_redirects_are_followed_and_rechecked() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/final":
            return httpx.Response(200, content=PAGE, headers={"Content-Type": "text/html"})
        return httpx.Response(301, headers={"Location": "/final"})

    page = fetch(PUBLIC_URL, settings=make_settings(), transport=httpx.MockTransport(handler))
    assert page.url == "http://93.184.216.34/final"
    assert seen == [PUBLIC_URL, "http://93.184.216.34/final"]


def test_too_many_redirects() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(302, headers={"Location": "/again"}))
    with pytest.raises(FetchError, match="redirects more than 5"):
        fetch(PUBLIC_URL, settings=make_settings(), transport=transport)


def test_host_resolving_to_private_address_is_refused() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(200, content=PAGE))
    with pytest.raises(PrivateAddressError, match="intranet CMS"):
        fetch("https://cms.example.com/story", settings=make_settings(), transport=transport,
              resolve=lambda host, port: ["93.184.216.34", "192.168.1.20"])


def test_too_large_content_length_is_refused_up_front() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Length": "999999"}, content=b"x" * 999999)

    with pytest.raises(TooLargeError, match="COPYDESK_FETCH_MAX_BYTES"):
        fetch(PUBLIC_URL, settings=make_settings(fetch_max_bytes=1000),
              transport=httpx.MockTransport(handler))


def test_too_large_streamed_body_stops_early() -> None:
    chunks_sent = 0

    def body() -> Iterator[bytes]:
        nonlocal chunks_sent
        for _ in range(1000):
            chunks_sent += 1
            yield b"x" * 500

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body())

    with pytest.raises(TooLargeError):
        fetch(PUBLIC_URL, settings=make_settings(fetch_max_bytes=1000),
              transport=httpx.MockTransport(handler))
    assert chunks_sent < 10


@pytest.mark.parametrize("url", ["ftp://example.com/a", "file:///etc/passwd", "javascript:x",
                                 "http:///nohost"])
def test_bad_schemes_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="only http"):
        fetch(url, settings=make_settings())


def test_unknown_host_is_a_fetch_error() -> None:
    def fail(host: str, port: int) -> list[str]:
        from copydesk.ingest.fetch import resolve_host
        return resolve_host("name.invalid", port)

    with pytest.raises(FetchError, match="Could not find the server"):
        fetch("http://name.invalid/", settings=make_settings(), resolve=fail)


@pytest.mark.parametrize(("address", "public"), [
    ("93.184.216.34", True), ("2606:2800:220:1:248:1893:25c8:1946", True),
    ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.0.1", False),
    ("169.254.169.254", False), ("0.0.0.0", False), ("224.0.0.1", False), ("240.0.0.1", False),
    ("100.64.0.1", False), ("::1", False), ("::", False), ("fe80::1", False), ("fc00::1", False),
    ("ff02::1", False), ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False),
    ("::ffff:93.184.216.34", True),
])
def test_address_classification(address: str, public: bool) -> None:
    assert is_public_address(address) is public
