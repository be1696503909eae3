"""The plain-text reader, with the seed article."""

from __future__ import annotations

import pytest

from copydesk.errors import EmptyInputError, NoArticleError
from copydesk.ingest import from_text
from tests.fixtures.shared_data import SEED_ARTICLE as SEED
from tests.fixtures.shared_data import needs_shared_data


@needs_shared_data
def test_seed_article() -> None:
    article = from_text(SEED.read_text(encoding="utf-8"))
    assert article.title == ("Alibaba dementiert Bericht über angebliche Unterstützung des "
                             "chinesischen Militärs gegen die USA")
    assert article.language == "de"
    texts = [block.plain for block in article.blocks]
    # Ten news paragraphs and the two disclosure paragraphs.
    assert len(texts) == 12
    assert all(block.kind == "paragraph" for block in article.blocks)
    assert texts[0].startswith("Der chinesische E-Commerce-Riese Alibaba hat am Samstag")
    assert "Nutzer:innen" in texts[2]
    assert texts[-2] == "Dieser Artikel wurde mithilfe von digitalen Tools übersetzt."
    assert texts[-1].startswith("FashionUnited nutzt Künstliche Intelligenz")
    assert texts[-1].endswith("info@fashionunited.com")
    assert not any("ANMELDEN" in text for text in texts)


def test_blank_line_paragraphs_join_their_lines() -> None:
    article = from_text("Title line\n\nFirst paragraph\nwraps here.\n\n\nSecond one.\n")
    assert [b.plain for b in article.blocks] == ["First paragraph wraps here.", "Second one."]


def test_line_separated_paragraphs() -> None:
    article = from_text("Title line\r\nOne.\r\n  Two  with   spaces. \r\n")
    assert article.title == "Title line"
    assert [b.text for b in article.blocks] == ["One.", "Two with spaces."]


@pytest.mark.parametrize("residue", ["SIGN IN WITH", "Share", "Teilen", "Newsletter abonnieren",
                                     "We use cookies to improve your experience. Accept",
                                     "PARTAGER CET ARTICLE"])
def test_trailing_widget_residue_is_dropped(residue: str) -> None:
    article = from_text(f"A title\nThe mayor resigned on Friday.\n{residue}\n")
    assert [b.plain for b in article.blocks] == ["The mayor resigned on Friday."]


def test_capitals_inside_the_article_are_kept() -> None:
    article = from_text("A title\nNATO SUMMIT OPENS\nLeaders met in Vilnius.\nTHE END IS NEAR.\n")
    assert [b.plain for b in article.blocks] == [
        "NATO SUMMIT OPENS", "Leaders met in Vilnius.", "THE END IS NEAR."]


def test_title_repeated_as_first_line_is_dropped() -> None:
    article = from_text("Storm hits coast\n\nStorm hits coast\n\nWinds reached 120 km/h.")
    assert [b.plain for b in article.blocks] == ["Winds reached 120 km/h."]


def test_literal_tag_lookalikes_are_neutralised() -> None:
    article = from_text("Markup guide\nWrite <g1>this</g1> and <x2/> never.")
    assert article.blocks[0].tags == {}
    assert "<g" not in article.blocks[0].text and "<x" not in article.blocks[0].text


def test_empty_and_title_only_text_are_refused() -> None:
    with pytest.raises(EmptyInputError):
        from_text(" \n\t\n")
    with pytest.raises(NoArticleError, match="no body"):
        from_text("Only a title\n\n")
