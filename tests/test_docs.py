"""The README stays honest: every setting, engine, check and command is documented."""

from pathlib import Path

import pytest

from copydesk.checks.registry import check_classes
from copydesk.cli import main
from copydesk.engines.registry import engine_classes
from copydesk.settings import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [s.name for s in SETTINGS])
def test_every_setting_is_in_the_settings_table(name):
    assert f"| `COPYDESK_{name.upper()}` |" in README


@pytest.mark.parametrize("name", sorted(engine_classes()))
def test_every_engine_is_documented(name):
    assert f"| `{name}` |" in README


@pytest.mark.parametrize("check_id", sorted(check_classes()))
def test_every_check_is_documented_with_an_example(check_id):
    row = next((line for line in README.splitlines() if line.startswith(f"| `{check_id}` |")),
               None)
    assert row is not None, f"check {check_id} missing from the README's checks table"
    assert " -> " in row, f"check {check_id} has no example"


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_appears_in_an_example(command):
    assert f"copydesk {command}" in README
