"""A source edition's boilerplate is left out before translation, and the warnings say so."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from copydesk.article import Article, Block, BlockKind
from copydesk.errors import ConfigError, NoArticleError
from copydesk.ingest import boilerplate
from copydesk.ingest.text import from_text
from tests.fixtures import shared_data

COPYDESK = Path(sys.executable).with_name("copydesk")
DISCLOSURE = "Dieser Artikel wurde mithilfe von digitalen Tools übersetzt."
SEED_RULES = {"boilerplate": [DISCLOSURE,
                              {"starts": "FashionUnited nutzt Künstliche Intelligenz"}]}
SEED_CONFIG = """[editions.de]
boilerplate = ["Dieser Artikel wurde mithilfe von digitalen Tools übersetzt.",
               { starts = "FashionUnited nutzt Künstliche Intelligenz" }]
"""


def article(*texts: str, kind: BlockKind = BlockKind.PARAGRAPH) -> Article:
    return Article(title="Headline", language="de",
                   blocks=[Block(kind=kind, text=text) for text in texts])


def kept(rules: list, *texts: str) -> list[str]:
    found = boilerplate.rules({"boilerplate": rules}, "the test edition")
    return [b.text for b in boilerplate.drop(article(*texts), found, "the test edition").blocks]


@shared_data.needs_shared_data
def test_the_seed_articles_own_disclosure_is_left_out_with_a_note():
    source = from_text(shared_data.SEED_ARTICLE.read_text(encoding="utf-8"))
    texts = [b.plain for b in source.blocks]
    assert any(t.startswith("FashionUnited nutzt") for t in texts) and DISCLOSURE in texts
    found = boilerplate.rules(SEED_RULES, "[editions.de]")
    cleaned = boilerplate.drop(source, found, "the German edition")
    assert len(cleaned.blocks) == len(source.blocks) - 2
    assert not any("FashionUnited" in b.plain or "digitalen Tools" in b.plain
                   for b in cleaned.blocks)
    notes = cleaned.warnings[len(source.warnings):]
    assert len(notes) == 2
    assert notes[0].startswith(f"Left out block {texts.index(DISCLOSURE) + 1} (“Dieser Artikel")
    assert "boilerplate of the German edition" in notes[1]
    assert "starts with “FashionUnited nutzt Künstliche Intelligenz”" in notes[1]
    assert cleaned.blocks[-1].plain.startswith("Der Sprecher des chinesischen Außenministeriums")


@shared_data.needs_shared_data
def test_copydesk_translate_leaves_it_out_by_the_config_file(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(SEED_CONFIG, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPYDESK_")
           and k != "DATABASE_URL"}
    env["COPYDESK_HOME"] = str(home)
    done = subprocess.run([str(COPYDESK), "translate", str(shared_data.SEED_ARTICLE), "--to",
                           "en", "--engine", "pseudo", "--format", "json"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert not any("FashionUnited" in unit["source"] or "digitalen Tools" in unit["source"]
                   for unit in data["units"])
    assert sum("Left out block" in w for w in data["warnings"]) == 2
    assert done.stderr.count("warning: Left out block") == 2
    plain = subprocess.run([str(COPYDESK), "translate", str(shared_data.SEED_ARTICLE), "--to",
                            "en", "--engine", "pseudo", "--format", "json"],
                           env={**env, "COPYDESK_HOME": str(tmp_path / "bare")},
                           capture_output=True, text=True, timeout=120)
    assert "FashionUnited" in plain.stdout  # no rules, nothing left out


def test_a_broken_rule_is_refused_with_what_to_write(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('[editions.de]\nboilerplate = "FashionUnited"\n',
                                      encoding="utf-8")
    (tmp_path / "story.txt").write_text("Schlagzeile\n\nDer Stadtrat hat am Montag den neuen "
                                        "Plan für den Hafen beschlossen, sagte die Sprecherin.\n",
                                        encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPYDESK_")}
    env["COPYDESK_HOME"] = str(home)
    done = subprocess.run([str(COPYDESK), "translate", str(tmp_path / "story.txt"), "--from",
                           "de", "--to", "en", "--engine", "pseudo"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and not done.stdout
    assert "'boilerplate' of [editions.de] in the config file is str" in done.stderr


@pytest.mark.parametrize("text", [
    "FashionUnited nutzt Künstliche Intelligenz, um …",
    "FASHIONUNITED NUTZT KÜNSTLICHE INTELLIGENZ.",
    "Fashion\u200bUnited nutzt Ku\u0308nstliche  Intelligenz",  # zero width, NFD, two spaces
    "FashionUnited\u00a0nutzt Künstliche\u2003Intelligenz",  # no-break and em spaces
    "\ufeffFashionUnited nutzt\u00ad Künstliche Intelligenz",  # BOM, soft hyphen
])
def test_a_phrase_matches_its_unicode_variants(text):
    assert kept([{"starts": "FashionUnited nutzt Künstliche Intelligenz"}], text, "Bleibt.") \
        == ["Bleibt."]


@pytest.mark.parametrize(("rules", "text", "dropped"), [
    (["Anzeige"], "Anzeige", True),
    (["Anzeige"], "Anzeige: Jetzt kaufen", True),
    (["Anzeige"], "Anzeigenmarkt bricht ein", False),  # whole words only
    (["Anzeige"], "Die Anzeige wurde erstattet.", False),  # starts, not contains
    ([{"contains": "Anzeige"}], "Die Anzeige wurde erstattet.", True),
    ([{"contains": "Anzeige"}], "Die Anzeigen wurden erstattet.", False),
    ([{"contains": "ist"}], "Mistkäfer sind da und Listen auch", False),
    ([{"contains": "ist"}], "Mistkäfer sind da und ist auch", True),
    ([{"is": "Newsletter abonnieren"}], "Newsletter abonnieren!", True),
    ([{"is": "Newsletter abonnieren"}], "Newsletter abonnieren und gewinnen", False),
    (["Alle.*"], "Alles klar", False),  # no pattern language: a dot and a star are text
    (["Alle.*"], "Alle.* gut", True),
    (["^Der"], "Der Rat tagt.", False),
    (["(c) dpa"], "(c) dpa 2026", True),
])
def test_rules_match_what_they_say_and_no_more(rules, text, dropped):
    assert kept(rules, text, "Bleibt.") == (["Bleibt."] if dropped else [text, "Bleibt."])


@pytest.mark.parametrize("value", [
    "a phrase", {"starts": "x y z"}, [42], [{"regex": "^a"}], [{"starts": "ab", "is": "abc"}],
    [""], ["  "], ["ab"], ["\u200b\u200b\u200b\u200b"], ["...."], [{"is": 7}], [None],
    ["x" * 1001], ["Rule"] * 201,
])
def test_a_rule_that_is_not_a_phrase_is_refused(value):
    with pytest.raises(ConfigError, match="boilerplate"):
        boilerplate.rules({"boilerplate": value}, "the test edition")


def test_no_rules_no_change():
    source = article("Eins.", "Zwei.")
    assert boilerplate.drop(source, boilerplate.rules({}, "x"), "x") is source
    assert boilerplate.rules({"boilerplate": []}, "x") == ()


def test_an_article_that_is_all_boilerplate_is_refused():
    found = boilerplate.rules({"boilerplate": [{"contains": "der"}]}, "x")
    with pytest.raises(NoArticleError, match="too broad"):
        boilerplate.drop(article("Der Rat.", "Und der Bürgermeister."), found, "the x edition")


def test_images_and_headings_are_never_compared():
    source = Article(title="Anzeige", language="de", blocks=[
        Block(kind=BlockKind.HEADING, text="Anzeige", level=2),
        Block(kind=BlockKind.IMAGE, text="Anzeige", src="https://x.example/a.jpg"),
        Block(kind=BlockKind.PARAGRAPH, text="Anzeige"),
        Block(kind=BlockKind.CAPTION, text="Anzeige"),
        Block(kind=BlockKind.QUOTE, text="Text bleibt."),
    ])
    found = boilerplate.rules({"boilerplate": ["Anzeige"]}, "x")
    cleaned = boilerplate.drop(source, found, "x")
    assert [b.kind for b in cleaned.blocks] == ["heading", "image", "quote"]
    assert cleaned.title == "Anzeige"


def test_a_long_article_is_checked_in_linear_time():
    rules = [{"contains": "a" * 500 + "b"}] * 1 + [f"Satz {n} ist keiner" for n in range(199)]
    found = boilerplate.rules({"boilerplate": rules}, "x")
    big = article(*(["a" * 100_000] * 20))
    started = time.perf_counter()
    assert len(boilerplate.drop(big, found, "x").blocks) == 20
    assert time.perf_counter() - started < 5
