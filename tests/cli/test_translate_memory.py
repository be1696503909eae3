"""``copydesk translate`` takes what the translation memory has, run after run."""

import json

import pytest
from click.testing import CliRunner

from copydesk.cli import main
from copydesk.memory import TranslationMemory

STORY = ("# Harbour strike ends\n\nDock workers returned on Monday. The union accepted the "
         "offer. Ships are unloading again.\n")


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYDESK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def translate(tmp_path, *extra):
    source = tmp_path / "story.md"
    source.write_text(STORY, encoding="utf-8")
    result = CliRunner().invoke(main, ["translate", str(source), "--from", "en", "--to", "de",
                                       "--engine", "pseudo", "--format", "json", *extra],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.stdout
    return json.loads(out[out.index("{"):]), result.stderr


def segments(data):
    return [s for unit in data["units"] for s in unit["segments"]]


def confirm_everything(home, data):
    """What the desk does when an editor confirms each segment: store it with its context."""
    found = segments(data)
    with TranslationMemory.in_home(home) as memory:
        for i, seg in enumerate(found):
            memory.add(seg["source"], f"Bestätigt {i}.", "en", "de", editor="erika",
                       previous=found[i - 1]["source"] if i else None,
                       next=found[i + 1]["source"] if i + 1 < len(found) else None)


def test_a_second_run_takes_the_confirmed_segments_from_the_memory(home, tmp_path):
    first, summary = translate(tmp_path)
    assert {s["origin"] for s in segments(first)} <= {"mt", "style-fix"}
    assert "4 segments (0 from memory)" in summary
    assert not (home / "memory.sqlite3").exists()  # translating writes no memory
    confirm_everything(home, first)
    second, summary = translate(tmp_path)
    assert "4 segments (4 from memory)" in summary
    assert [s["target"] for s in segments(second)] == [f"Bestätigt {i}." for i in range(4)]
    assert all(s["signature"].startswith("engine:memory|match:in-context|origin:editor|"
                                         "changed:") for s in segments(second))
    assert "erika" not in json.dumps([s["signature"] for s in segments(second)])


def test_fuzzy_matches_come_out_as_suggestions_in_the_json(home, tmp_path):
    with TranslationMemory.in_home(home) as memory:
        memory.add("Dock workers returned on Tuesday.", "Die Hafenarbeiter kehrten am Dienstag "
                   "zurück.", "en", "de", editor="erika")
    data, summary = translate(tmp_path)
    seg = next(s for s in segments(data) if s["source"] == "Dock workers returned on Monday.")
    assert seg["origin"] == "mt"
    [suggestion] = seg["suggestions"]
    assert suggestion["target"] == "Die Hafenarbeiter kehrten am Dienstag zurück."
    assert suggestion["score"] >= 0.75 and suggestion["provenance"]["editor"] == "erika"
    assert "(0 from memory)" in summary


def test_memory_off_and_the_threshold_are_settings(home, tmp_path, monkeypatch):
    first, _ = translate(tmp_path)
    confirm_everything(home, first)
    monkeypatch.setenv("COPYDESK_MEMORY", "off")
    _, summary = translate(tmp_path)
    assert "(0 from memory)" in summary
    monkeypatch.setenv("COPYDESK_MEMORY", "on")
    monkeypatch.setenv("COPYDESK_MEMORY_THRESHOLD", "1.5")
    result = CliRunner().invoke(main, ["translate", str(tmp_path / "story.md"), "--to", "de"])
    assert result.exit_code != 0
    assert "memory_threshold" in result.output and "at most 1" in result.output
