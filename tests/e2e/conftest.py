"""End-to-end tests: a real ``copydesk demo`` process driven by a real Chromium.

The desk runs as separate processes (gunicorn, its database worker, SQLite in
a temporary ``COPYDESK_HOME``), so this test process needs no Django. The
browser is Debian's Chromium driven by the Python Playwright package; without
either, every test here is skipped with the reason.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fixtures.chromium import missing_browser

START_SECONDS = 300  # a machine busy with a parallel test run starts the demo desk slowly
STOP_SECONDS = 60
VIEWPORT = {"width": 1400, "height": 900}
LOGIN_LINE = re.compile(r"^\s+(\w+)\s+(\S+)\s+(\S+)\s*$", re.MULTILINE)


@dataclass
class DeskProcess:
    """A running desk: where it answers and the demo logins it printed."""

    url: str
    passwords: dict[str, str]  # user name -> password
    process: subprocess.Popen[bytes]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _desk_environment(home: Path) -> dict[str, str]:
    """The caller's environment without desk settings: SQLite in ``home``."""
    env = {k: v for k, v in os.environ.items()
           if k != "DATABASE_URL" and not k.startswith("COPYDESK_")}
    env["COPYDESK_HOME"] = str(home)
    return env


def _wait_until_up(desk: DeskProcess, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if desk.process.poll() is not None:
            pytest.fail(f"copydesk demo stopped:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{desk.url}login/", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"copydesk demo did not answer in {START_SECONDS} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)  # gunicorn stops, then the worker is stopped
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeskProcess]:
    """``copydesk demo`` on a free loopback port, with no example articles."""
    reason = missing_browser()
    if reason:
        pytest.skip(reason)
    root = tmp_path_factory.mktemp("desk")
    with running_demo(root, root / "home", _free_port()) as desk:
        yield desk


@contextmanager
def running_demo(root: Path, home: Path, port: int) -> Iterator[DeskProcess]:
    """``copydesk demo`` on ``port`` with ``home`` and no example articles, until the block
    ends; its output goes to files in ``root``."""
    (root / "examples").mkdir()
    out, log = root / "stdout.txt", root / "stderr.txt"
    with out.open("wb") as stdout, log.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-c", "from copydesk.cli import main; main()", "demo",
             "--port", str(port), "--examples", str(root / "examples")],
            env=_desk_environment(home), stdout=stdout, stderr=stderr)
    desk = DeskProcess(url=f"http://127.0.0.1:{port}/", passwords={}, process=process)
    try:
        _wait_until_up(desk, log)
        desk.passwords = {user: password for _, user, password
                          in LOGIN_LINE.findall(out.read_text())}
        yield desk
    finally:
        _stop(process)


def log_in(context: Any, desk: DeskProcess, username: str) -> Any:
    """A new page of ``context`` signed in as the demo user ``username``."""
    page = context.new_page()
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", desk.passwords[username])
    page.click("button[type=submit].primary")
    page.wait_for_url(desk.url)
    return page


@pytest.fixture
def sign_in(desk: DeskProcess, browser: Any) -> Iterator[Callable[[str], Any]]:
    """Open a fresh browser context (its own cookies) signed in as a demo user; a page."""
    contexts: list[Any] = []

    def open_as(username: str) -> Any:
        context = browser.new_context(viewport=VIEWPORT, base_url=desk.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return log_in(context, desk, username)

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screens(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots taken during the run go (outside the repository)."""
    return tmp_path_factory.mktemp("screens")
