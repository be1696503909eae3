"""``copydesk users`` and ``copydesk editions`` run as a person runs them.

Each command is the installed ``copydesk`` program in its own process, on a
fresh ``COPYDESK_HOME`` (SQLite there, or a PostgreSQL database of its own
when ``COPYDESK_TEST_DATABASE_URL`` names a server); nothing is set up in this
process. Passwords go in on standard input, typed at the prompt or with
``--password-stdin``.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from copydesk.cli.staff import editions, users

COPYDESK = Path(sys.executable).with_name("copydesk")
PASSWORD, NEW_PASSWORD = "harbour-lights-2026", "harbour-lights-2027"
Run = Callable[..., subprocess.CompletedProcess[str]]


def _postgres_database() -> Iterator[str]:
    """A database of this test's own on the test server, dropped afterwards."""
    import psycopg

    server = os.environ.get("COPYDESK_TEST_DATABASE_URL", "")
    if not server.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs PostgreSQL (set COPYDESK_TEST_DATABASE_URL)")
    name = f"copydesk_staffcli_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def copydesk(request, tmp_path) -> Iterator[Run]:
    """Run ``copydesk ARGS`` in a new process; returns the finished process."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE") and not k.startswith("COPYDESK_")}
    env["COPYDESK_HOME"] = str(tmp_path / "home")
    databases = _postgres_database() if request.param == "postgresql" else iter([""])
    url = next(databases)
    if url:
        env["DATABASE_URL"] = url

    def run(*args: str, stdin: str = "", ok: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([str(COPYDESK), *args], input=stdin, capture_output=True,
                              text=True, env=env, timeout=120, start_new_session=True)
        assert "Traceback" not in done.stderr, done.stderr
        assert (done.returncode == 0) is ok, (args, done.stdout, done.stderr)
        return done

    yield run
    next(databases, None)


COVERED = {
    "users": {"add", "roles", "passwd", "token", "tokens", "revoke-token", "deactivate",
              "activate", "lockouts", "unlock", "list"},
    "editions": {"add", "list"},
}


def test_the_tests_below_cover_every_subcommand():
    assert set(users.commands) == COVERED["users"]
    assert set(editions.commands) == COVERED["editions"]


def test_people_are_added_with_a_prompt_or_stdin_and_listed(copydesk):
    typed = copydesk("users", "add", "anna", "--name", "Anna Berg", "--role", "editor",
                     "--role", "publisher", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert "Added anna (editor, publisher)." in typed.stdout
    piped = copydesk("users", "add", "ben", "--role", "editor", "--password-stdin",
                     stdin=f"{PASSWORD}\n")
    assert "Added ben (editor)." in piped.stdout
    copydesk("users", "add", "carla", "--role", "editor", "--password-stdin",
             stdin="short\n", ok=False)
    copydesk("users", "roles", "ben", "--role", "admin")
    listed = copydesk("users", "list").stdout
    assert "Anna Berg" in listed and "editor, publisher" in listed
    assert "admin" in listed and "carla" not in listed


def test_a_token_is_listed_revoked_and_ended_by_a_password_change(copydesk):
    copydesk("users", "add", "anna", "--role", "editor", "--password-stdin",
             stdin=f"{PASSWORD}\n")
    first = copydesk("users", "token", "anna", "CMS import")
    token = first.stdout.strip()
    assert token.startswith("cdk_") and "not shown again" in first.stderr
    second = copydesk("users", "token", "anna", "nightly job").stdout.strip()
    listed = copydesk("users", "tokens", "anna").stdout
    assert token[:10] in listed and "CMS import" in listed and token not in listed
    assert "Revoked 1 API token" in copydesk("users", "revoke-token", "anna", token[:10]).stdout
    copydesk("users", "revoke-token", "anna", token[:10], ok=False)  # already revoked
    kept = copydesk("users", "passwd", "anna", "--keep-tokens", stdin=f"{NEW_PASSWORD}\n" * 2)
    assert "0 API tokens revoked" in kept.stdout
    changed = copydesk("users", "passwd", "anna", "--password-stdin", stdin=f"{PASSWORD}\n")
    assert "1 API token revoked" in changed.stdout
    live = [line for line in copydesk("users", "tokens", "anna").stdout.splitlines()[1:]
            if line.rstrip().endswith(" -")]
    assert live == [] and second[:10] in copydesk("users", "tokens", "anna").stdout


def test_a_deactivated_person_loses_tokens_until_activated(copydesk):
    copydesk("users", "add", "anna", "--role", "editor", "--password-stdin",
             stdin=f"{PASSWORD}\n")
    copydesk("users", "token", "anna", "CMS import")
    assert "1 API token revoked" in copydesk("users", "deactivate", "anna").stdout
    assert "(deactivated)" in copydesk("users", "list").stdout
    refused = copydesk("users", "token", "anna", "again", ok=False)
    assert "users activate anna" in refused.stderr
    assert "can sign in again" in copydesk("users", "activate", "anna").stdout
    copydesk("users", "token", "anna", "again")


def test_lockouts_are_listed_and_unlocked(copydesk):
    assert "No account or address is locked out." in copydesk("users", "lockouts").stdout
    assert "0 failure records cleared" in copydesk("users", "unlock", "anna").stdout
    copydesk("users", "unlock", "--address", "2001:db8::1")
    copydesk("users", "unlock", "anna", "--address", "203.0.113.7")
    assert "not an IP address" in copydesk("users", "unlock", "--address", "1.2.3",
                                           ok=False).stderr
    assert "Name the account" in copydesk("users", "unlock", ok=False).stderr


@pytest.mark.parametrize("args", [
    ["roles", "nobody", "--role", "editor"], ["passwd", "nobody", "--password-stdin"],
    ["token", "nobody", "CMS"], ["tokens", "nobody"], ["revoke-token", "nobody", "cdk_abcdef"],
    ["deactivate", "nobody"], ["activate", "nobody"],
])
def test_an_unknown_person_is_a_clear_error(copydesk, args):
    done = copydesk("users", *args, stdin=f"{PASSWORD}\n", ok=False)
    assert "No user 'nobody'; see 'copydesk users list'." in done.stderr


def test_editions_are_added_updated_and_listed(copydesk):
    added = copydesk("editions", "add", "de", "--language", "de", "--name", "Deutsche Ausgabe",
                     "--engine", "pseudo", "--options", '{"gender": "colon"}')
    assert "Added edition de: Deutsche Ausgabe (de, engine pseudo)." in added.stdout
    assert "Updated edition de" in copydesk("editions", "add", "de", "--language", "de-CH").stdout
    copydesk("editions", "add", "fr", "--language", "fr", "--options", "{oops", ok=False)
    copydesk("editions", "add", "xx", "--language", "klingon", ok=False)
    listed = copydesk("editions", "list").stdout
    assert "de-CH" in listed and "fr" not in listed and "xx" not in listed
