"""``copydesk webhooks`` and the worker's deliveries as a user runs them: the installed
command in its own process, on a fresh ``COPYDESK_HOME``, sending to a receiver on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from standardwebhooks import Webhook

from tests.desk.test_webhooks import Receiver, receiver
from tests.fixtures.served_desk import desk_environment

__all__ = ["receiver"]  # fixtures

COPYDESK = str(Path(sys.executable).with_name("copydesk"))
SETUP = textwrap.dedent("""
    from copydesk import settings
    from copydesk.desk import bootstrap
    bootstrap.setup(settings.load())
    from copydesk.article import Article as Source
    from copydesk.desk import roles, sources, workflow
    from copydesk.desk.models import Edition, User
    editor = User.objects.create_user(username="erika")
    roles.grant(editor, "editor")
    edition = Edition.objects.get(code="de")
    story = Source.from_dict({"title": "Bridge opens", "language": "en",
                              "blocks": [{"kind": "paragraph", "text": "It opened today."}]})
    article = sources.ingest(story, key="https://example.org/bridge", user=editor).article
    workflow.request_translation(article, edition, user=editor)
""")


def run(home: Path, *args: str, program: list[str] | None = None,
        **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(program or [COPYDESK, *args], capture_output=True, text=True,
                          env=desk_environment(home, **settings), timeout=180, check=False)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def with_edition(home: Path) -> None:
    ok(run(home, "editions", "add", "de", "--language", "de", "--engine", "pseudo"))


def test_the_commands_work_on_an_empty_desk_and_refuse_a_loopback_receiver(tmp_path,
                                                                           receiver):
    home = tmp_path / "home"
    assert "No webhooks yet" in ok(run(home, "webhooks", "list"))
    assert ok(run(home, "webhooks", "deliveries", "--failed")).splitlines()[0].startswith("id ")
    missing = run(home, "webhooks", "replay", "7")
    assert missing.returncode == 1 and "No webhook delivery 7" in missing.stderr
    with_edition(home)
    refused = run(home, "webhooks", "add", "de", receiver.url)
    assert refused.returncode == 1 and "private or local address" in refused.stderr
    assert "No webhooks yet" in ok(run(home, "webhooks", "list"))


def test_add_test_log_replay_and_remove(tmp_path, receiver: Receiver):
    home = tmp_path / "home"
    with_edition(home)
    allowed = {"allow_private_urls": "true"}
    secret = ok(run(home, "webhooks", "add", "de", receiver.url, "--event",
                    "publication.published", **allowed)).strip()
    assert secret.startswith("whsec_")
    assert f"1     de       active   {receiver.url}  [publication.published]" in ok(
        run(home, "webhooks", "list"))

    assert "Delivered msg_" in ok(run(home, "webhooks", "test", "1", **allowed))
    headers, body = receiver.received[0]
    assert Webhook(secret).verify(body, headers)["type"] == "webhook.test"

    receiver.statuses = [500, 200]
    failed = run(home, "webhooks", "test", "1", **allowed)
    assert failed.returncode == 1 and "The receiver answered HTTP 500." in failed.stderr
    log = ok(run(home, "webhooks", "deliveries", "--failed")).splitlines()
    assert len(log) == 2 and log[1].split()[:6] == ["2", "1", "webhook.test", "failed", "1",
                                                   "500"]
    assert "Delivery 2 (webhook.test" in ok(run(home, "webhooks", "replay", "2"))
    ok(run(home, "worker", "--batch", **allowed))
    failed_id, replayed_id = (h["webhook-id"] for h, _ in receiver.received[1:])
    assert failed_id == replayed_id  # the same message, sent again by the worker
    assert ok(run(home, "webhooks", "deliveries", "--failed")).splitlines()[1:] == []

    assert "Webhook 1 removed" in ok(run(home, "webhooks", "remove", "1"))
    assert "1     de       removed" in ok(run(home, "webhooks", "list"))


def test_the_worker_sends_translation_ready_when_the_draft_is_stored(tmp_path, receiver):
    home = tmp_path / "home"
    with_edition(home)
    allowed = {"allow_private_urls": "true"}
    secret = ok(run(home, "webhooks", "add", "de", receiver.url, "--event", "translation.ready",
                    **allowed)).strip()
    ok(run(home, program=[sys.executable, "-c", SETUP]))
    assert receiver.received == []  # queued for the worker, which has not run yet
    ok(run(home, "worker", "--batch", **allowed))
    [(headers, body)] = receiver.received
    message = Webhook(secret).verify(body, headers)
    assert message["type"] == "translation.ready"
    assert message["data"]["translation"]["state"] == "in_review"
    assert message["data"]["article"]["key"] == "https://example.org/bridge"
    assert json.loads(body) == message
    assert " delivered " in ok(run(home, "webhooks", "deliveries"))
