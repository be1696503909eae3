"""The Apertium engine, translating for real with the installed Debian pairs
(apertium-eng-spa, apertium-eng-cat)."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from copydesk.engines.apertium import ApertiumEngine, parse_modes, unmark
from copydesk.errors import BadResponseError, EngineUnavailableError, UnsupportedPairError
from tests.fixtures.engine_fakes import engines_cli

needs_apertium = pytest.mark.skipif(
    shutil.which("apertium") is None,
    reason="the apertium command is not installed (apt-get install apertium apertium-eng-spa)")


@pytest.fixture(scope="module")
def engine() -> ApertiumEngine:
    return ApertiumEngine()


def fake_command(tmp_path: Path, script: str) -> str:
    path = tmp_path / "apertium"
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


@needs_apertium
def test_translates_english_into_spanish(engine):
    [candidate] = engine.translate(["The minister said the talks would continue on Monday."],
                                   "en", "es")
    assert candidate.text == "El ministro dijo que las charlas continuarían el lunes."
    assert str(candidate.signature).startswith("engine:apertium|model:eng-spa|")
    assert candidate.notes == ()


@needs_apertium
def test_a_batch_is_one_process_and_keeps_segment_boundaries(engine, monkeypatch):
    calls = []
    run = engine._run
    monkeypatch.setattr(engine, "_run", lambda args, text: calls.append(args) or run(args, text))
    segments = ["Second line here", "", "Costs rose\n\nby [3] $ ^a/b\\c <b> & x.", "Yes."]
    candidates = engine.translate(segments, "en", "es")
    assert calls == [["-f", "txt", "eng-spa"]]
    assert [c.text for c in candidates][:2] == ["Segunda línea aquí", ""]
    assert "[3] $ ^" in candidates[2].text and "<b> &" in candidates[2].text
    assert candidates[3].text == "Sí."


@needs_apertium
def test_unknown_word_marks_are_removed_and_counted(engine):
    [candidate] = engine.translate(["She has dwindled the greatests mices."], "en", "es")
    assert candidate.text == "Ha disminuido el greatests mices."
    assert candidate.notes == ("apertium: 2 word(s) unknown: greatests, mices",)


@needs_apertium
def test_hashtags_handles_and_asterisks_in_the_source_survive(engine):
    [candidate] = engine.translate(["Follow @nytimes and #ClimateStrike, *really*."], "en", "es")
    assert candidate.text == "Sigue @nytimes y #ClimateStrike, *realmente*."
    assert candidate.notes == ("apertium: 2 word(s) unknown: nytimes, ClimateStrike",)


@needs_apertium
def test_supported_pairs_come_from_the_installed_modes(engine):
    assert engine.supports("en", "es") and engine.supports("es", "en")
    assert not engine.supports("en", "de")
    assert engine.signature_for("es", "en-US").model == "spa-eng_US"
    assert engine.signature_for("es", "en").model == "spa-eng"


@needs_apertium
def test_an_unsupported_pair_names_what_is_installed(engine):
    with pytest.raises(UnsupportedPairError, match="eng-spa"):
        engine.translate(["Hello."], "en", "de")


def test_mode_names_map_to_our_language_codes():
    modes = parse_modes(["eng-spa", "spa-eng_US", "eng-cat_valencia", "cat-eng", "en-es",
                         "eng-spa-debug", "xyz-eng"])
    assert modes == {("en", "es"): "en-es", ("es", "en_US"): "spa-eng_US",
                     ("ca", "en"): "cat-eng"}


def test_unmark_counts_each_kind_of_mark():
    text, notes = unmark("El #tener *blorfle y @gato  aquí.")
    assert text == "El tener blorfle y gato aquí."
    assert notes == ("apertium: 1 word(s) unknown: blorfle",
                     "apertium: 1 word(s) not generated: tener",
                     "apertium: 1 word(s) not in the bilingual dictionary: gato")


def test_a_missing_command_says_how_to_install_it():
    engine = ApertiumEngine("/nonexistent/apertium")
    assert "apt-get install apertium" in engine.availability()
    assert not engine.supports("en", "es")


def test_a_hanging_command_times_out(tmp_path):
    engine = ApertiumEngine(fake_command(tmp_path, 'echo eng-spa; [ "$1" = -l ] || exec sleep 5\n'),
                            timeout=0.3)
    with pytest.raises(EngineUnavailableError, match="did not finish"):
        engine.translate(["Hello."], "en", "es")


def test_a_lost_segment_boundary_is_a_bad_response(tmp_path):
    engine = ApertiumEngine(fake_command(tmp_path, 'if [ "$1" = -l ]; then echo eng-spa; '
                                                   "else tr -s '\\n' ' '; fi\n"))
    with pytest.raises(BadResponseError, match="returned 1 segments for 2"):
        engine.translate(["One.", "Two."], "en", "es")


def test_engines_cli_reports_a_missing_command(monkeypatch, tmp_path):
    result = engines_cli(monkeypatch, tmp_path, "test", "apertium", "--to", "es",
                          config='apertium_command = "/nonexistent/apertium"\n')
    assert result.exit_code == 1
    assert "apertium" in result.output and "apt-get install" in result.output


@needs_apertium
def test_engines_cli_translates_and_reports_an_unsupported_pair(monkeypatch, tmp_path):
    result = engines_cli(monkeypatch, tmp_path, "test", "apertium", "--to", "es")
    assert result.exit_code == 0, result.output
    assert "es: El ministro dijo" in result.output
    result = engines_cli(monkeypatch, tmp_path, "test", "apertium", "--to", "de")
    assert result.exit_code == 1 and "cannot translate en->de" in result.output
