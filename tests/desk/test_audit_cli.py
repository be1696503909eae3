"""``copydesk audit verify`` and ``copydesk audit checkpoint`` as a user runs them: the installed
command in its own process, on a fresh ``COPYDESK_HOME``, with nothing set up beforehand."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.desk.audit_desk import KEY

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
    edition = Edition.objects.create(code="de", name="German", language="de", engine="pseudo")
    story = Source.from_dict({"title": "Bridge opens", "language": "en",
                              "blocks": [{"kind": "paragraph", "text": "It opened today."}]})
    article = sources.ingest(story, key="https://example.org/bridge", user=editor).article
    workflow.request_translation(article, edition, user=editor)
""")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def run(home: Path, *args: str, key: str | None = None,
        program: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k != "DATABASE_URL" and not k.startswith("COPYDESK_")}
    env["COPYDESK_HOME"] = str(home)
    if key:
        env["COPYDESK_AUDIT_KEY"] = key
    return subprocess.run(program or [COPYDESK, *args], capture_output=True, text=True,
                          env=env, timeout=120, check=False)


def rewind(database: Path) -> None:
    """Drop the triggers, delete the last event and move the head back: plain sqlite3."""
    with sqlite3.connect(database) as db:
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                                  "tbl_name = 'desk_auditevent'").fetchall():
            db.execute(f"DROP TRIGGER {name}")
        db.execute("DELETE FROM desk_auditevent WHERE seq = (SELECT MAX(seq) FROM "
                   "desk_auditevent)")
        seq, digest = db.execute("SELECT seq, hash FROM desk_auditevent ORDER BY seq DESC "
                                 "LIMIT 1").fetchone()
        db.execute("UPDATE desk_article SET audit_seq = ?, audit_head = ?", (seq, digest))


def test_without_a_key_the_commands_say_the_trail_is_only_hash_chained(home):
    checkpoint = run(home, "audit", "checkpoint")
    assert checkpoint.returncode == 0, checkpoint.stderr
    assert "only hash-chained" in checkpoint.stderr
    verified = run(home, "audit", "verify", "--all")
    assert verified.returncode == 0, verified.stderr
    assert "0 article(s) verified, 0 altered." in verified.stdout
    assert "cannot be detected" in verified.stderr


def test_checkpoint_then_verify_then_a_rewind_is_caught(home):
    made = run(home, program=[sys.executable, "-c", SETUP])
    assert made.returncode == 0, made.stderr
    written = run(home, "audit", "checkpoint", key=KEY)
    assert written.returncode == 0, written.stderr
    assert "Wrote checkpoint 1" in written.stdout
    assert (home / "audit-checkpoints.jsonl").exists()
    clean = run(home, "audit", "verify", "--all", key=KEY)
    assert clean.returncode == 0, clean.stderr
    assert "chain intact, anchored up to event 3" in clean.stdout
    one = run(home, "audit", "verify", "https://example.org/bridge", key=KEY)
    assert one.returncode == 0 and "chain intact" in one.stdout, one.stderr

    rewind(home / "desk.sqlite3")
    caught = run(home, "audit", "verify", "--all", key=KEY)
    assert caught.returncode == 1
    assert "the audit trail was altered" in caught.stderr
    assert "behind event 3 anchored in checkpoint 1: the trail was rewound" in caught.stderr
    assert "1 article(s) verified, 1 altered." in caught.stdout
    refused = run(home, "audit", "checkpoint", key=KEY)
    assert refused.returncode == 1 and "no longer extends checkpoint 1" in refused.stderr
    unkeyed = run(home, "audit", "verify", "1")
    assert unkeyed.returncode == 0  # without the key a rewind cannot be seen: said plainly
    assert "only hash-chained" in unkeyed.stderr


@pytest.mark.parametrize("args", [["audit", "verify"], ["audit", "verify", "1", "--all"]])
def test_verify_needs_one_article_or_all(home, args):
    done = run(home, *args)
    assert done.returncode == 2 and "Give an ARTICLE" in done.stderr
