"""``copydesk translate`` on ninjs items, as a user runs it (a subprocess, a fresh home)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from copydesk.interop import ninjs
from tests.fixtures.readme_shell import VENV_BIN, user_environment

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ninjs"


def copydesk(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = user_environment(tmp_path / "home")
    return subprocess.run([str(VENV_BIN / "copydesk"), *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_ninjs_item_in_gives_a_valid_ninjs_item_out(tmp_path: Path) -> None:
    source = shutil.copy(FIXTURES / "harbour-1.5.json", tmp_path / "harbour.json")
    out = tmp_path / "harbour.de.json"
    done = copydesk(tmp_path, "translate", str(source), "--to", "de", "--engine", "pseudo",
                    "--format", "ninjs", "-o", str(out))
    assert done.returncode == 0, done.stderr
    item = json.loads(out.read_text(encoding="utf-8"))
    assert ninjs.validate(item, strict=True) == "2.1"
    assert item["language"] == "de"
    assert item["pubstatus"] == "withheld"  # nobody reviewed a command-line draft
    assert item["associations"][0]["uri"] == "https://wire.example/items/2026/harbour-ferry-strike"
    assert item["by"] == "By Maren Holt"


def test_ninjs1_and_a_folder_of_items(tmp_path: Path) -> None:
    folder = tmp_path / "wire"
    folder.mkdir()
    for name in ("harbour-1.5.json", "library-2.1.json"):
        shutil.copy(FIXTURES / name, folder / name)
    done = copydesk(tmp_path, "translate", str(folder), "--from", "en", "--to", "fr",
                    "--engine", "pseudo", "--format", "ninjs1", "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["harbour-1.5.fr.ninjs1.json", "library-2.1.fr.ninjs1.json"]
    for path in (tmp_path / "out").iterdir():
        item = json.loads(path.read_text(encoding="utf-8"))
        assert ninjs.validate(item, strict=True) == "1.5"
        assert item["associations"]["original"]["language"] == "en"


def test_an_invalid_item_is_refused_naming_the_problem(tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "library-2.1.json").read_text(encoding="utf-8"))
    data["headlines"] = "Library reopens"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    done = copydesk(tmp_path, "translate", str(source), "--to", "de", "--engine", "pseudo",
                    "--format", "ninjs", "-o", str(tmp_path / "bad.de.json"))
    assert done.returncode != 0
    assert "not a valid ninjs 2.1 item: at /headlines" in done.stderr
    assert not (tmp_path / "bad.de.json").exists()
