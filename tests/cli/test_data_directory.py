"""One data directory: without ``COPYDESK_HOME`` every ``copydesk`` command, run from any
folder (as ``scripts/run`` runs ``copydesk demo`` from the checkout), keeps the desk in
``~/.copydesk``, so a second terminal works on the same database."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.fixtures.readme_shell import VENV_BIN, user_environment

PASSWORD = "harbour-lights-2026"


def copydesk(env: dict[str, str], cwd: Path, *args: str,
             stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(VENV_BIN / "copydesk"), *args], input=stdin, cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, start_new_session=True)


def test_without_copydesk_home_two_folders_share_the_desk_in_the_home_folder(tmp_path):
    env = user_environment(tmp_path / "unused")
    del env["COPYDESK_HOME"]
    user = Path(env["HOME"])
    checkout, elsewhere = tmp_path / "checkout", tmp_path / "elsewhere"
    for folder in (user, checkout, elsewhere):
        folder.mkdir()
    added = copydesk(env, checkout, "users", "add", "anna", "--role", "editor",
                     "--password-stdin", stdin=f"{PASSWORD}\n")
    assert added.returncode == 0, added.stderr
    listed = copydesk(env, elsewhere, "users", "list")
    assert listed.returncode == 0, listed.stderr
    assert "anna" in listed.stdout and "editor" in listed.stdout
    assert (user / ".copydesk" / "desk.sqlite3").is_file()
    assert not (checkout / ".copydesk").exists() and not (elsewhere / ".copydesk").exists()
    assert not (tmp_path / "unused").exists()
