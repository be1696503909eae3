"""``copydesk feeds`` as a user runs it: the installed command on a fresh ``COPYDESK_HOME``,
reading a feed served on 127.0.0.1."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.desk.test_webhooks_cli import COPYDESK, ok, run
from tests.fixtures.feed_server import FeedServer, Story, feed_server
from tests.fixtures.served_desk import desk_environment

__all__ = ["feed_server"]  # fixtures

ALLOWED = {"allow_private_urls": "true"}


def test_add_list_poll_and_remove_a_feed(tmp_path: Path, feed_server: FeedServer):
    home = tmp_path / "home"
    assert "No feeds yet" in ok(run(home, "feeds", "list"))
    ok(run(home, "editions", "add", "de", "--language", "de", "--engine", "pseudo"))
    added = subprocess.run([COPYDESK, "users", "add", "erika", "--role", "editor",
                            "--password-stdin"], input="a-long-pass-phrase-9\n",
                           capture_output=True, text=True, env=desk_environment(home),
                           timeout=120, check=False)
    assert added.returncode == 0, added.stderr
    feed_server.site.stories = [Story(guid="post-1", title="Bridge opens",
                                      body_html="<p>The bridge opened today.</p>",
                                      path="/bridge")]

    refused = run(home, "feeds", "add", feed_server.feed_url, "--edition", "de", "--as",
                  "erika")
    assert refused.returncode == 1 and "private or local address" in refused.stderr
    added = ok(run(home, "feeds", "add", feed_server.feed_url, "--edition", "de", "--as",
                   "erika", "--every", "5", **ALLOWED))
    assert "Feed 1 (Loopback News) is polled every 5 min" in added

    assert "Feed 1: 1 new, 0 updated, 0 unchanged." in ok(run(home, "feeds", "poll",
                                                              **ALLOWED))
    assert "Feed 1: not changed since the last poll." in ok(run(home, "feeds", "poll", "1",
                                                                **ALLOWED))
    listed = ok(run(home, "feeds", "list"))
    assert "active" in listed and "de" in listed and feed_server.feed_url in listed

    assert "no longer polled" in ok(run(home, "feeds", "remove", "1"))
    again = run(home, "feeds", "poll", "1", **ALLOWED)
    assert again.returncode == 1 and "was removed" in again.stderr
    unknown = run(home, "feeds", "add", feed_server.feed_url, "--edition", "xx", "--as",
                  "erika", **ALLOWED)
    assert unknown.returncode == 1 and "No edition xx" in unknown.stderr


def test_the_worker_polls_a_feed_when_it_is_due(tmp_path: Path, feed_server: FeedServer):
    import signal
    import time

    home = tmp_path / "home"
    ok(run(home, "editions", "add", "de", "--language", "de", "--engine", "pseudo"))
    added = subprocess.run([COPYDESK, "users", "add", "erika", "--role", "editor",
                            "--password-stdin"], input="a-long-pass-phrase-9\n",
                           capture_output=True, text=True, env=desk_environment(home),
                           timeout=120, check=False)
    assert added.returncode == 0, added.stderr
    feed_server.site.stories = [Story(guid="post-1", title="Bridge opens",
                                      body_html="<p>The bridge opened today.</p>")]
    ok(run(home, "feeds", "add", feed_server.feed_url, "--edition", "de", "--as", "erika",
           **ALLOWED))
    worker = subprocess.Popen([COPYDESK, "worker"], env=desk_environment(home, **ALLOWED),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(
                path == "/feed" for path, _ in feed_server.site.requests[1:]):
            time.sleep(0.5)
        polled = any(path == "/feed" for path, _ in feed_server.site.requests[1:])
        deadline = time.monotonic() + 60
        while polled and time.monotonic() < deadline and "never" in ok(
                run(home, "feeds", "list")):
            time.sleep(0.5)
    finally:
        worker.send_signal(signal.SIGTERM)
        _, errors = worker.communicate(timeout=60)
    assert polled, errors
    assert "never" not in ok(run(home, "feeds", "list"))
    assert "Feed 1: not changed since the last poll." in ok(run(home, "feeds", "poll",
                                                                **ALLOWED))
