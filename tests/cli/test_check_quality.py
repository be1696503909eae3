"""``copydesk check`` with the quality-estimate endpoint set, as a user runs it: a fresh data
directory, the model's spans in the output, its answers cached for the next run."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.fixtures.qe_server import Reply, errors, fake_quality_model, span
from tests.fixtures.readme_shell import VENV_BIN, user_environment

LINES = [{"id": "a", "source": "China denied the report.", "target": "Porcelana negó el informe."},
         {"id": "b", "source": "Two men came.", "target": "Vinieron dos hombres."}]


def answer(source: str, translation: str) -> Reply:
    if "Porcelana" in translation:
        return errors(span("Porcelana", severity="critical"), span("Pekín"))
    return errors()


def check(home: Path, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    stdin = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in LINES)
    env = user_environment(home, COPYDESK_QE_BASE_URL=url, COPYDESK_QE_MODEL="tiny-qe",
                           COPYDESK_QE_API_KEY="qe-secret-key-0000")
    return subprocess.run([str(VENV_BIN / "copydesk"), "check", "--from", "en", "--to", "es",
                           *extra], input=stdin, env=env, capture_output=True, text=True,
                          timeout=120, cwd=home.parent)


def test_copydesk_check_asks_the_model_once_per_pair(tmp_path):
    home = tmp_path / "home"
    with fake_quality_model(answer) as server:
        done = check(home, server.url, "--enable", "quality-estimate")
        assert done.returncode == 0, done.stderr
        out = [json.loads(line) for line in done.stdout.splitlines()]
        again = check(home, server.url)  # every check, and the answers from the cache
    assert server.count == 2
    first, second = out
    model, note = first["issues"]
    assert model["provenance"] == "qe:127.0.0.1|model:tiny-qe|prompt:1"
    assert model["severity"] == "major" and model["target_span"] == [0, 9]
    assert note["severity"] == "minor" and "not found in the target" in note["message"]
    assert second["issues"] == []
    assert (home / "cache" / "quality.sqlite3").exists()
    assert again.returncode == 0 and "qe:127.0.0.1" in again.stdout
    assert "qe-secret-key-0000" not in done.stderr + again.stderr


def test_copydesk_check_goes_on_when_the_server_fails(tmp_path):
    with fake_quality_model(lambda s, t: Reply(status=500)) as server:
        done = check(tmp_path / "home", server.url, "--enable", "quality-estimate")
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    [note] = first["issues"]
    assert "HTTP 500" in note["message"] and second["issues"] == []
    assert server.count == 1
