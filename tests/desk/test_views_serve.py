"""``copydesk demo`` and ``copydesk serve``: demo data, and a real server with its worker."""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from django_tasks_db.models import DBTaskResult

from copydesk import settings as copydesk_settings
from copydesk.cli import web as serve_cli
from copydesk.desk import demo, roles
from copydesk.desk.models import Edition, Translation, User
from copydesk.desk.project import settings as project

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def queued_only(settings):
    """Tasks wait in the database queue, as with the real worker, instead of running at once."""
    settings.TASKS = project.DATABASE_TASKS


def test_the_demo_creates_people_editions_and_queues_the_examples(db, queued_only):
    prepared = demo.prepare(EXAMPLES, password=lambda: "pw-for-tests")
    assert [(u, r) for u, _, r in prepared.logins] == [
        ("demo-editor", "editor"), ("demo-publisher", "publisher"), ("demo-admin", "admin")]
    assert User.objects.get(username="demo-editor").check_password("pw-for-tests")
    assert roles.has_role(User.objects.get(username="demo-publisher"), "publisher")
    assert set(Edition.objects.values_list("code", flat=True)) == {"de", "fr", "nl"}
    # two example articles, three editions, waiting for the worker
    assert Translation.objects.filter(state="translating").count() == 2 * 3
    assert DBTaskResult.objects.count() == 6
    assert any("Port workers" in line and "Dutch edition" in line for line in prepared.queued)
    again = demo.prepare(EXAMPLES)
    assert again.queued == [] and Translation.objects.count() == 6
    assert not User.objects.get(username="demo-editor").check_password("pw-for-tests")


def test_the_demo_without_examples_says_so(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(demo, "find_examples", lambda given=None: None)
    prepared = demo.prepare()
    assert "No examples folder found" in prepared.notes[0]
    assert len(prepared.logins) == 3


def test_the_demo_command_prints_the_logins_once(db, queued_only, monkeypatch):
    served = []
    monkeypatch.setattr(serve_cli, "run_desk", lambda settings, **kw: served.append(kw))
    port = free_port()  # the demo checks that it can listen there before anything else
    result = CliRunner().invoke(serve_cli.demo, ["--examples", str(EXAMPLES), "--port", str(port)])
    assert result.exit_code == 0, result.output
    assert re.search(r"editor\s+demo-editor\s+\S{12,}", result.output)
    assert "Queued for translation: Village bakery" in result.output
    assert served == [{"host": "127.0.0.1", "port": port, "config_file": None}]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, server: subprocess.Popen, seconds: float = 40.0) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server stopped: {server.stderr.read().decode()}")
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail("the server did not answer in time")


def test_the_server_runs_as_many_processes_and_threads_as_set(tmp_path):
    desk = copydesk_settings.load(environ={"COPYDESK_HOME": str(tmp_path)})
    assert desk.web_workers >= 2 and desk.web_threads >= 1
    one = dataclasses.replace(desk, values={**desk.values, "web_workers": 3, "web_threads": 1})
    options = serve_cli.server_options(one, host="127.0.0.1", port=8123)
    assert options["workers"] == 3 and options["worker_class"] == "sync"
    assert options["bind"] == ["127.0.0.1:8123"] and options["control_socket_disable"]
    four = dataclasses.replace(desk, values={**desk.values, "web_threads": 4})
    options = serve_cli.server_options(four, host="::", port=8000)
    assert options["worker_class"] == "gthread" and options["threads"] == 4
    assert options["bind"] == ["[::]:8000"]


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def test_demo_serves_with_gunicorn_and_stops_its_worker(tmp_path):
    """The real command in its own processes: demo people, sign-in, static files, clean stop."""
    port, home = free_port(), tmp_path / "home"
    env = {k: v for k, v in os.environ.items()
           if k != "DATABASE_URL" and not k.startswith("COPYDESK_")}
    env.update(COPYDESK_HOME=str(home), COPYDESK_WEB_WORKERS="3")
    server = subprocess.Popen(
        [sys.executable, "-c", "from copydesk.cli.web import demo; demo()",
         "--port", str(port), "--examples", str(tmp_path)],  # no articles: stays quick
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        login = wait_for(f"http://127.0.0.1:{port}/login/", server)
        assert login.status_code == 200 and "Sign in" in login.text
        assert login.headers["content-security-policy"].startswith("default-src 'self'")
        assert login.headers["server"] == "gunicorn"  # no version number given away
        script = httpx.get(f"http://127.0.0.1:{port}/static/desk/htmx.min.js", timeout=5)
        assert script.status_code == 200 and "htmx" in script.text
        running = children(server.pid)
        for _ in range(100):  # the first process may answer before the last one has forked
            if len(running) == 3 + 1:
                break
            time.sleep(0.1)
            running = children(server.pid)
        assert len(running) == 3 + 1  # three server processes and the background worker
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=90)
    assert server.returncode == 0, err.decode()
    assert re.search(rb"editor\s+demo-editor\s+\S{12,}", out)
    assert out.count(b"demo-editor") == 1  # nothing printed twice by the forked processes
    worker = int(re.search(rb"3 server processes, background worker pid (\d+)", out).group(1))
    assert worker in running
    for pid in running:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # stopped and reaped with the server
    assert (home / "desk.sqlite3").exists()
