import json

import pytest
from click.testing import CliRunner
from lxml import etree

from copydesk.cli.memory import memory
from tests.memory.data import TMX_DIR, needs_shared_data

ENGLISH_FRENCH = TMX_DIR / "compkit" / "ImportTest2A.tmx"


@pytest.fixture
def run(tmp_path):
    def invoke(*args):
        return CliRunner().invoke(memory, [str(a) for a in args],
                                  env={"COPYDESK_HOME": str(tmp_path / "home")})
    return invoke


@needs_shared_data
def test_import_lookup_export_and_stats(run, tmp_path):
    result = run("import", ENGLISH_FRENCH)
    assert result.exit_code == 0, result.output
    assert "Imported 7 segments" in result.stdout and "en-fr: 7" in result.stdout
    assert "<hi> markup dropped" in result.stderr

    result = run("lookup", "The big <g5>black</g5> <g6>cat</g6> sleeps.", "--from", "en",
                 "--to", "fr-CA")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("exact")
    assert "Le gros <g6>chat</g6> <g5>noir</g5> dors." in result.stdout

    result = run("lookup", "The big black cat sleeps.", "--from", "en", "--to", "fr", "--json")
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert found[0]["kind"] == "fuzzy" and found[0]["score"] == 0.99

    out = tmp_path / "out.tmx"
    result = run("export", "--from", "en", "--to", "fr", "-o", out)
    assert result.exit_code == 0 and "Wrote 7 translation units" in result.stdout
    assert etree.DTD(str(TMX_DIR / "tmx14.dtd")).validate(etree.parse(str(out)))

    result = run("stats")
    assert result.exit_code == 0
    assert "memory.sqlite3" in result.stdout
    assert "en -> fr           7 segments" in result.stdout


def test_no_match_says_so(run):
    result = run("lookup", "Nothing stored yet.", "--from", "en", "--to", "de")
    assert result.exit_code == 0
    assert "No match at or above 70%" in result.stdout
    assert "The memory is empty" in run("stats").stdout


@needs_shared_data
def test_bad_input_is_a_message_not_a_traceback(run, tmp_path):
    bad = tmp_path / "bad.tmx"
    bad.write_text("not xml", encoding="utf-8")
    result = run("import", bad)
    assert result.exit_code == 1
    assert "well-formed XML" in result.output and "[bad_input]" in result.output
    result = run("import", ENGLISH_FRENCH, "--to", "de")
    assert result.exit_code == 1 and "no translation units" in result.output
    result = run("lookup", "Text.", "--from", "en", "--to", "klingon")
    assert result.exit_code == 1 and "[bad_language]" in result.output
    assert "0 segments" not in run("stats").stdout  # nothing was stored
