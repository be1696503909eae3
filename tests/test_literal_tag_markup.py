"""Text that looks like a protected tag (an article about markup) is text, everywhere."""

from __future__ import annotations

import json

import pytest

from copydesk.article import LOOKALIKE_LT, Article, Block, BlockKind, escape_tags
from copydesk.engines.pseudo import PseudoEngine
from copydesk.ingest import from_html, from_json, from_markdown, from_text
from copydesk.pipeline import translate_article
from copydesk.publish import render

BODY = "The council met on Monday and voted to extend the tram network by twelve kilometres."
LITERALS = ["<g1>", "</g1>", "<x2/>", "<g1>x</g1>", "<g1>a</g1> <g1>b</g1>", "</g2> <g2>",
            "<g12345678901234567890>", "<x1/><x1/>", "a<g1>b<x1/>c</g1>", "<g1><g2>x</g1></g2>"]


@pytest.mark.parametrize("literal", LITERALS)
@pytest.mark.parametrize("field", ["title", "standfirst"])
def test_plain_fields_with_tag_markup_translate(literal: str, field: str) -> None:
    values = {"title": "Tram plan approved", "standfirst": "A plan for the city."}
    values[field] = f"About {literal} tags"
    article = Article(blocks=[Block(BlockKind.PARAGRAPH, BODY)], language="en", **values)
    draft = translate_article(article, "de", PseudoEngine())
    for fmt in ("html", "md", "json"):
        assert "tags" in render(draft, fmt).replace("tágs", "tags")
    assert getattr(article, field) == f"About {literal} tags"  # the source keeps the real text


@pytest.mark.parametrize("literal", LITERALS)
@pytest.mark.parametrize("read", [
    lambda t: from_text(f"About {t} tags\n\n{BODY} Write {t} here."),
    lambda t: from_markdown(f"# About {t} tags\n\n{BODY} Write {t} here."),
    lambda t: from_html(f"<html><head><title>About {t} tags</title></head><body><article>"
                        f"<h1>About {t} tags</h1><p>{BODY} {BODY} Write {t} here.</p>"
                        "</article></body></html>".replace(t, t.replace("<", "&lt;"))),
    lambda t: from_json(json.dumps({"title": f"About {t} tags", "blocks": [
        {"kind": "paragraph", "text": f"{BODY} Write {escape_tags(t)} here."}]})),
], ids=["text", "markdown", "html", "json"])
def test_every_reader_then_the_pipeline(literal: str, read) -> None:  # type: ignore[no-untyped-def]
    article = read(literal)
    draft = translate_article(article, "de", PseudoEngine(), source_language="en")
    assert all(s.target for s in draft.segments())
    assert LOOKALIKE_LT in render(draft, "html") or "&lt;" in render(draft, "html")


def test_escape_tags_only_touches_tags() -> None:
    assert escape_tags("a < b, <g1>x</g1> <x2/> <b>") == "a < b, ˂g1>x˂/g1> ˂x2/> <b>"
