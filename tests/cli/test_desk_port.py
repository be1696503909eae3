"""``copydesk demo`` and ``copydesk serve`` on a port another program holds: a message
that names the port and how to choose another, and nothing changed."""

from __future__ import annotations

import hashlib
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.readme_shell import VENV_BIN, user_environment

PASSWORD = "harbour-lights-2026"


def copydesk(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(VENV_BIN / "copydesk"), *args], input=stdin, cwd=home.parent,
                          env=user_environment(home), capture_output=True, text=True,
                          timeout=120, start_new_session=True)


def snapshot(home: Path) -> dict[str, str]:
    """Every file under the home folder and a digest of its bytes."""
    return {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(home.rglob("*")) if p.is_file()}


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A loopback port with a server listening on it, as a running desk would."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


@pytest.fixture
def home(tmp_path) -> Path:
    """A desk whose demo editor already has a password (the desk ran here before)."""
    home = tmp_path / "home"
    added = copydesk(home, "users", "add", "demo-editor", "--role", "editor",
                     "--password-stdin", stdin=f"{PASSWORD}\n")
    assert added.returncode == 0, added.stderr
    return home


@pytest.mark.parametrize("command", ["demo", "serve"])
def test_a_busy_port_is_refused_before_anything_changes(home, busy_port, command):
    before = snapshot(home)
    assert any(name.startswith("desk.sqlite3") for name in before)
    done = copydesk(home, command, "--port", str(busy_port))
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert f"Port {busy_port} on 127.0.0.1 is in use" in done.stderr
    assert f"'copydesk {command} --port {busy_port + 1}'" in done.stderr
    assert "Demo logins" not in done.stdout  # no new passwords were made or shown
    assert snapshot(home) == before  # the demo editor's password is the one it had


def test_a_fresh_home_stays_empty_when_the_port_is_busy(tmp_path, busy_port):
    home = tmp_path / "home"
    done = copydesk(home, "demo", "--port", str(busy_port))
    assert done.returncode == 1 and "nothing was changed" in done.stderr
    assert not home.exists() or not snapshot(home)
