"""The README stays honest: every setting, engine, check and command is documented."""

import re
from pathlib import Path

import pytest

from copydesk.checks.registry import check_classes
from copydesk.cli import main
from copydesk.engines.registry import engine_classes
from copydesk.publish.disclosure import WORDING
from copydesk.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# A disclosure note the README quotes: one that starts as a built-in note does.
NOTE_STARTS = {" ".join(text.split()[:4]) for case in WORDING.values() for text in case.values()}
_STARTS = "|".join(r"\s+".join(map(re.escape, s.split())) for s in sorted(NOTE_STARTS))
QUOTED_DISCLOSURE = re.compile(rf'[„"“]((?:{_STARTS})[^"“”]*)["“”]')


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


def test_the_disclosures_the_readme_quotes_are_the_built_in_wording():
    built_in = [text for case in WORDING.values() for text in case.values()]
    quoted = [" ".join(q.split()) for q in QUOTED_DISCLOSURE.findall(README)]
    assert len(quoted) >= 2
    for quote in quoted:  # "…" at the end: the quote is the start of the note
        shown = quote.removesuffix("…").rstrip()
        assert any(text.startswith(shown) if quote.endswith("…") else text == quote
                   for text in built_in), f"the desk never prints the README's {quote!r}"


def test_scripts_run_keeps_its_data_where_every_copydesk_command_does():
    lines = [line for line in (ROOT / "scripts" / "run").read_text().splitlines()
             if not line.lstrip().startswith("#")]
    assert not any("COPYDESK_HOME" in line for line in lines)
    assert "`~/.copydesk`" in README and "PORT=8080 scripts/run" in README
