from __future__ import annotations

import json

import pytest

from copydesk.article import Article, Block, BlockKind, InlineTag
from copydesk.engines.pseudo import PseudoEngine
from copydesk.errors import ConfigError
from copydesk.pipeline import Draft, translate_article
from copydesk.publish import FORMATS, render


@pytest.mark.parametrize("fmt", ["pdf", "HTML", "markdown", ""])
def test_unknown_format_lists_the_formats(draft: Draft, fmt: str) -> None:
    with pytest.raises(ConfigError, match="html, fragment, md, json"):
        render(draft, fmt)


def test_pseudo_translation_end_to_end_in_every_format() -> None:
    article = Article(
        title="EU tightens rules", language="en", url="https://news.example/a",
        blocks=[Block(BlockKind.PARAGRAPH, "The <g1>Commission</g1> acted. It was fast.",
                      tags={"1": InlineTag("link", {"href": "https://ec.europa.eu/"})}),
                Block(BlockKind.LIST_ITEM, "One"), Block(BlockKind.LIST_ITEM, "Two")])
    draft = translate_article(article, "fr", PseudoEngine())
    outputs = {fmt: render(draft, fmt) for fmt in FORMATS}
    assert "copydesk-pseudo-warning" in outputs["html"]
    assert '<a href="https://ec.europa.eu/">' in outputs["html"]
    assert "CECI N’EST PAS UNE TRADUCTION" in outputs["md"]
    data = json.loads(outputs["json"])
    assert data["disclosure"]["case"] == "pseudo"
    assert len(data["units"][1]["segments"]) == 2
    assert all(s["target"].startswith("⟦") for s in data["units"][1]["segments"])
