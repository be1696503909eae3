"""An unexpected server error (a 500) is logged with its traceback, and shown to nobody.

The error is a real one, the class a broken or half-migrated database gives:
the sessions table is gone, so every request that carries a session fails.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

COPYDESK = Path(sys.executable).with_name("copydesk")
TRACEBACK = "Traceback (most recent call last)"


def break_sessions() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE django_session")


@pytest.mark.parametrize("path", ["desk:login", "desk:inbox", "desk:add_article"])
def test_a_500_is_logged_with_its_traceback(db, caplog, path):
    break_sessions()
    browser = Client(raise_request_exception=False)
    browser.cookies["sessionid"] = "x" * 32
    with caplog.at_level(logging.ERROR, logger="django.request"):
        answer = browser.get(reverse(path))
    assert answer.status_code == 500
    assert TRACEBACK.encode() not in answer.content and b"django_session" not in answer.content
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert "django_session" in caplog.text and TRACEBACK in caplog.text


def test_request_errors_go_to_standard_error(settings):
    handler = settings.LOGGING["handlers"]["stderr"]
    assert handler["stream"] == "ext://sys.stderr"
    assert settings.LOGGING["loggers"]["django.request"] == {"handlers": ["stderr"],
                                                             "level": "ERROR"}
    assert logging.getLogger("django.request").isEnabledFor(logging.ERROR)
    assert not logging.getLogger("django.request").isEnabledFor(logging.WARNING)  # no 4xx noise


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(home: Path, port: int) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE") and not k.startswith("COPYDESK_")}
    env.update(COPYDESK_HOME=str(home), COPYDESK_WEB_WORKERS="1")
    return subprocess.Popen([str(COPYDESK), "serve", "--port", str(port)], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def wait_for(url: str, server: subprocess.Popen[str], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server stopped: {server.communicate()[1]}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.3)
    pytest.fail("the server did not answer in time")


def test_a_served_desk_prints_the_traceback_of_a_500(tmp_path):
    home, port = tmp_path / "home", free_port()
    server = serve(home, port)
    try:
        wait_for(f"http://127.0.0.1:{port}/login/", server)
        with sqlite3.connect(home / "desk.sqlite3") as database:
            database.execute("DROP TABLE django_session")
        answers = [httpx.get(f"http://127.0.0.1:{port}{path}", cookies={"sessionid": "x" * 32},
                             timeout=10) for path in ("/login/", "/")]
    finally:
        server.send_signal(signal.SIGINT)
        _, stderr = server.communicate(timeout=90)
    assert [a.status_code for a in answers] == [500, 500]
    assert all("django_session" not in a.text for a in answers)
    assert "ERROR django.request: Internal Server Error: /login/" in stderr
    assert "ERROR django.request: Internal Server Error: /\n" in stderr
    assert stderr.count(TRACEBACK) >= 2
    assert "no such table: django_session" in stderr
