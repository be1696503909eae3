"""The translate command as a newsroom engineer runs it."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from copydesk.cli import main
from tests.fixtures.shared_data import PAGES, needs_shared_data
from tests.fixtures.shared_data import SEED_ARTICLE as SEED

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("COPYDESK_HOME", str(tmp_path / "home"))
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


def test_html_article_to_german_keeps_structure_links_and_disclosure(run, tmp_path):
    out = tmp_path / "story.de.html"
    result = run("translate", EXAMPLES / "harbour-strike.html", "--from", "en", "--to", "de",
                 "-o", out)
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert '<html lang="de">' in html
    assert 'href="https://example.org/union"' in html
    assert html.count("<h2>") == 2 and "<ul>" in html and "<blockquote>" in html
    assert "copydesk-disclosure" in html and "application/ld+json" in html
    assert "Sign up for our morning briefing" not in html and "Comments (12)" not in html
    assert "PSEUDO engine" in result.output  # no model installed: loud warning
    assert "segments" in result.output and "risk" in result.output


def test_json_output_keeps_source_and_translation_per_segment(run):
    result = run("translate", EXAMPLES / "bakery-prize.md", "--from", "en", "--to", "fr",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{"):result.output.rindex("}") + 1])
    text = json.dumps(data, ensure_ascii=False)
    assert "Village bakery wins national bread award" in text
    assert '"target_language": "fr"' in text or '"fr"' in text


@needs_shared_data
def test_seed_article_from_standard_input_drops_the_login_widget(run):
    result = run("translate", "-", "--from", "de", "--to", "en", "--format", "md",
                 input=SEED.read_bytes())
    assert result.exit_code == 0, result.output
    assert "Alibaba" in result.output
    assert "ANMELDEN" not in result.output


@needs_shared_data
def test_source_language_is_detected_when_omitted(run, tmp_path):
    result = run("translate", PAGES / "dw.com.colonial.html", "--to", "de", "-o",
                 tmp_path / "dw.html")
    assert result.exit_code == 0, result.output
    assert '"inLanguage": "en"' in (tmp_path / "dw.html").read_text()


def test_a_folder_translates_as_a_batch_into_an_output_folder(run, tmp_path):
    out = tmp_path / "translated"
    result = run("translate", EXAMPLES, "--from", "en", "--to", "nl", "--format", "md", "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["bakery-prize.nl.md",
                                                     "harbour-strike.nl.md"]


def test_a_bad_file_in_a_batch_fails_alone_and_leaves_no_output(run, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.md").write_text("# Title here\n\nA sentence with enough words in it.\n")
    (folder / "broken.html").write_bytes(b"%PDF-1.4\x00\x01binary")
    out = tmp_path / "out"
    result = run("translate", folder, "--from", "en", "--to", "de", "-o", out)
    assert result.exit_code == 1
    assert "broken.html" in result.output and "binary" in result.output.lower()
    assert [p.name for p in out.iterdir()] == ["good.de.html"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"<html><body><nav>Home</nav></body></html>", "no article"),
    ],
)
def test_bad_input_gets_a_clear_error_and_writes_nothing(run, tmp_path, content, message):
    source = tmp_path / "input.html"
    source.write_bytes(content)
    out = tmp_path / "out.html"
    result = run("translate", source, "--from", "en", "--to", "de", "-o", out)
    assert result.exit_code == 1
    assert message in result.output.lower()
    assert not out.exists()
    assert list(tmp_path.glob(".out.html.*")) == []


def test_unknown_language_is_refused_before_any_work(run):
    result = run("translate", EXAMPLES / "bakery-prize.md", "--from", "en", "--to", "xx")
    assert result.exit_code == 1
    assert "Unknown language 'xx'" in result.output


def test_private_address_is_refused_unless_allowed(run):
    result = run("translate", "http://127.0.0.1:9/story", "--from", "en", "--to", "de")
    assert result.exit_code == 1
    assert "COPYDESK_ALLOW_PRIVATE_URLS" in result.output


def test_several_inputs_need_an_output_folder(run):
    result = run("translate", EXAMPLES / "bakery-prize.md", EXAMPLES / "harbour-strike.html",
                 "--from", "en", "--to", "de")
    assert result.exit_code == 1
    assert "-o FOLDER" in result.output


def test_settings_command_lists_every_setting_with_its_source(run):
    result = run("settings")
    assert result.exit_code == 0
    assert "threads = 2  (default)" in result.output
    assert "COPYDESK_ALLOW_PRIVATE_URLS" in result.output


def test_a_page_through_an_installed_opus_mt_model_keeps_links_and_signs_the_output(
        opus_mt_archive, tmp_path, monkeypatch):
    """The whole path a user takes: install from a local release file, then translate.

    The model has random weights: this proves the plumbing, not the quality.
    """
    monkeypatch.setenv("COPYDESK_HOME", str(tmp_path / "home"))
    runner = CliRunner()
    installed = runner.invoke(main, ["models", "install", "opus-mt", "--from", "en", "--to", "de",
                                     "--source", str(opus_mt_archive)])
    assert installed.exit_code == 0, installed.output
    out = tmp_path / "story.de.html"
    result = runner.invoke(main, ["translate", str(EXAMPLES / "harbour-strike.html"), "--from",
                                  "en", "--to", "de", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "PSEUDO" not in result.output
    html = out.read_text()
    assert 'href="https://example.org/union"' in html and "<strong>" in html
    assert "engine:ctranslate2|model:opus-mt-en-de" in html
    assert "copydesk-disclosure" in html and "role=\"alert\"" not in html


def test_an_output_that_cannot_be_written_is_a_clear_error(run, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = run("translate", EXAMPLES / "bakery-prize.md", "--from", "en", "--to", "de",
                 "-o", blocker / "out.html")
    assert result.exit_code == 1
    assert "Cannot write" in result.output and "Traceback" not in result.output
