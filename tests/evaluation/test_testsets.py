"""Test sets are found in the local folder by name and direction, never downloaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.errors import ConfigError, InputError
from copydesk.evaluation import testsets
from tests.fixtures.shared_data import FLORES, WMT19, WMT24, needs_shared_data, require


def _write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


@pytest.fixture
def wmt24_folder(tmp_path: Path) -> Path:
    """A small folder laid out as WMT24's files: canary first, then two domains."""
    base = tmp_path / "wmt" / "wmttest2024_en-de"
    domains = ["canary", "news", "social", "news", "speech"]
    _write(base / "sources" / "en-de.txt", ["CANARY", "news one", "post", "news two", "talk"])
    _write(base / "references" / "en-de.refA.txt", ["CANARY", "A1", "A2", "A3", "A4"])
    _write(base / "references" / "en-de.refB.txt", ["CANARY", "B1", "B2", "B3", "B4"])
    _write(base / "documents" / "en-de.docs", [f"{d}\tdoc{i}" for i, d in enumerate(domains)])
    return tmp_path


def test_wmt24_leaves_the_canary_out_and_the_news_set_takes_only_news(wmt24_folder):
    everything = testsets.load("wmt24", "en", "de", wmt24_folder)
    assert everything.sources == ["news one", "post", "news two", "talk"]
    news = testsets.load("wmt24-news", "en", "de", wmt24_folder, all_references=True)
    assert news.sources == ["news one", "news two"]
    assert news.references == [["A1", "A3"], ["B1", "B3"]]
    assert news.lines == (1, 3) and news.file_lines == 5


def test_hypotheses_for_every_line_of_the_files_are_narrowed_to_the_set(wmt24_folder):
    news = testsets.load("wmt24-news", "en", "de", wmt24_folder)
    assert news.select(["c", "h1", "h2", "h3", "h4"]) == ["h1", "h3"]
    assert news.select(["h1", "h3"]) == ["h1", "h3"]
    with pytest.raises(InputError, match="test set wmt24-news: 2, hypotheses: 3"):
        news.select(["x", "y", "z"])
    assert news.limited(1).sources == ["news one"] and news.limited(1).references == [["A1"]]


def test_an_unknown_name_or_direction_lists_what_there_is(tmp_path):
    with pytest.raises(InputError, match=r"Unknown test set 'wmt99'.*newstest2019 \(en-de\)"):
        testsets.load("wmt99", "en", "de", tmp_path)
    with pytest.raises(InputError, match=r"'newstest2019' has no de-en direction.*wmt24-news"):
        testsets.load("newstest2019", "de", "en", tmp_path)
    assert any(entry.startswith("flores200-devtest (en-de, en-fr") for entry in
               testsets.available())


def test_missing_files_are_named(tmp_path):
    with pytest.raises(InputError, match=r"needs .*newstest2019\.eng, which is missing"):
        testsets.load("newstest2019", "en", "de", tmp_path)


def test_the_folder_must_be_set_and_exist(tmp_path):
    with pytest.raises(ConfigError, match="COPYDESK_TESTSETS_DIR at the folder that holds wmt/"):
        testsets.folder("")
    with pytest.raises(ConfigError, match="does not exist"):
        testsets.folder(str(tmp_path / "nowhere"))


def test_own_files_need_a_reference_and_the_same_number_of_lines(tmp_path):
    _write(tmp_path / "src.txt", ["a", "b"])
    _write(tmp_path / "ref.txt", ["A"])
    with pytest.raises(InputError, match="--reference FILE"):
        testsets.from_files(tmp_path / "src.txt", [])
    with pytest.raises(InputError, match=r"src\.txt: 2, .*ref\.txt: 1"):
        testsets.from_files(tmp_path / "src.txt", [tmp_path / "ref.txt"])
    own = testsets.from_files(None, [tmp_path / "ref.txt"])
    assert own.sources is None and own.references == [["A"]] and own.name is None


@needs_shared_data
@pytest.mark.parametrize(("name", "pair", "segments", "first_source"), [
    ("newstest2019", ("en", "de"), 1997, (WMT19 / "newstest2019.eng", 0)),
    ("newstest2020", ("en", "de"), 1418, (WMT19 / "newstest2020.eng", 0)),
    ("wmt24", ("en", "de"), 997, (WMT24 / "sources" / "en-de.txt", 1)),
    ("wmt24-news", ("en", "de"), 149, (WMT24 / "sources" / "en-de.txt", 1)),
    ("flores200-devtest", ("fr", "nl"), 1012, (FLORES / "fra_Latn.devtest", 0)),
])
def test_the_shared_test_sets_load(name, pair, segments, first_source):
    loaded = testsets.load(name, *pair, require())
    assert loaded.segments == segments == len(loaded.sources or [])
    path, line = first_source
    assert loaded.sources and loaded.sources[0] == path.read_text("utf-8").split("\n")[line]
    assert len(loaded.references) == 1


@needs_shared_data
def test_newstest2020_has_a_second_reference_on_request():
    loaded = testsets.load("newstest2020", "en", "de", require(), all_references=True)
    assert [p.name for p in loaded.reference_files] == ["newstest2020.deu", "newstestB2020.deu"]
    assert loaded.references[0] != loaded.references[1]
