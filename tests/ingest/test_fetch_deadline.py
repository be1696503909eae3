"""The fetch timeout is a total deadline: a server that drips bytes cannot stretch it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from copydesk import settings as settings_module
from copydesk.errors import FetchTimeoutError
from copydesk.ingest import fetch

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n"
DRIP_SECONDS = 0.2


def _drip(connection: socket.socket, at_once: bytes, slowly: bytes) -> None:
    with connection:
        try:
            connection.recv(65536)
            connection.sendall(at_once)
            for byte in slowly:
                connection.sendall(bytes([byte]))
                time.sleep(DRIP_SECONDS)
        except OSError:
            pass  # the client hung up, as it should


def _serve(listener: socket.socket, at_once: bytes, slowly: bytes) -> None:
    while True:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        threading.Thread(target=_drip, args=(connection, at_once, slowly), daemon=True).start()


@pytest.fixture(params=["headers", "body"])
def dripping_server(request: pytest.FixtureRequest) -> Iterator[str]:
    """A loopback server that sends one byte every 0.2 s, in the headers or in the body."""
    at_once, slowly = (b"", HEAD) if request.param == "headers" else (HEAD, b"x" * 500)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    threading.Thread(target=_serve, args=(listener, at_once, slowly), daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/story"
    listener.close()


@pytest.mark.parametrize("limit", [1.0, 0.6])
def test_a_dripping_server_is_cut_off_at_the_deadline(dripping_server: str, limit: float) -> None:
    settings = settings_module.load(options={"home": "/nonexistent-copydesk-home",
                                             "allow_private_urls": True,
                                             "fetch_timeout": limit}, environ={})
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError, match="did not answer within"):
        fetch(dripping_server, settings=settings)
    assert time.monotonic() - started < limit + 0.5
