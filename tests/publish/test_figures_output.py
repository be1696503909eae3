"""Figures in every output: image, translated alt and caption, the credit as written."""

from __future__ import annotations

import json
import re

import pytest
from markdown_it import MarkdownIt

from copydesk import publish
from copydesk.article import Article, Block, BlockKind, InlineTag
from copydesk.engines.pseudo import PseudoEngine
from copydesk.ingest.html import from_html
from copydesk.pipeline import Draft, translate_article
from tests.fixtures import shared_data

LINK = InlineTag("link", {"href": "https://example.org/map"})
CREDIT = "Foto: J. Doe / dpa"


def draft_of(*blocks: Block) -> Draft:
    article = Article(title="Council approves harbour plan", language="en", blocks=[
        Block(kind=BlockKind.PARAGRAPH, text="The council approved the plan on Monday."),
        *blocks])
    return translate_article(article, "de", PseudoEngine())


def image(src: str = "https://img.example/quay.jpg", alt: str = "The new quay",
          credit: str | None = CREDIT) -> Block:
    return Block(kind=BlockKind.IMAGE, text=alt, src=src, credit=credit)


def caption(text: str = "The quay <g1>on the map</g1>.") -> Block:
    return Block(kind=BlockKind.CAPTION, text=text, tags={"1": LINK} if "<g1>" in text else {})


def figures(text: str) -> list[str]:
    return re.findall(r"<figure>.*?</figure>", text)


@pytest.mark.parametrize("fmt", ["html", "fragment", "md"])
def test_a_figure_is_an_image_with_its_caption_and_credit(fmt):
    out = publish.render(draft_of(image(), caption()), fmt)
    [figure] = figures(out)
    assert re.fullmatch(
        r'<figure><img src="https://img\.example/quay\.jpg" alt="⟦[^"]+⟧"><figcaption>⟦.+'
        r'<a href="https://example\.org/map">.+</a>.*⟧ <small class="copydesk-credit">'
        r"Foto: J\. Doe / dpa</small></figcaption></figure>", figure), figure
    assert out.count(CREDIT) == 1  # kept as written, never translated


def test_the_markdown_figure_is_one_html_block():
    out = publish.render(draft_of(image(), caption()), "md")
    tokens = MarkdownIt("commonmark").parse(out)
    blocks = [t for t in tokens if t.type == "html_block" and "<figure>" in t.content]
    assert len(blocks) == 1 and blocks[0].content.strip() == figures(out)[0]


def test_the_json_keeps_the_address_and_the_credit():
    data = json.loads(publish.render(draft_of(image(), caption()), "json"))
    pictured = data["article"]["blocks"][1]
    assert (pictured["kind"], pictured["src"], pictured["credit"]) == (
        "image", "https://img.example/quay.jpg", CREDIT)
    assert pictured["text"].startswith("⟦")  # the alt text is translated
    assert data["article"]["blocks"][2]["kind"] == "caption"
    units = {unit["id"]: unit for unit in data["units"]}
    unit = units["b2"]
    assert (unit["src"], unit["credit"], unit["source"]) == (
        "https://img.example/quay.jpg", CREDIT, "The new quay")
    assert "src" not in data["article"]["blocks"][0] and "src" not in units["b1"]


def test_everything_is_escaped():
    hostile = image(src='https://img.example/a.jpg?x="><script>alert(1)</script>&y=1',
                    alt='"><script>alert(2)</script>', credit="<script>alert(3)</script> & Co")
    for fmt in ("html", "fragment", "md"):
        out = publish.render(draft_of(hostile, caption("<b>not markup</b>")), fmt)
        [figure] = figures(out)
        assert "<script>" not in figure and "&lt;script&gt;alert(3)&lt;/script&gt; &amp; Co" \
            in figure
        assert 'src="https://img.example/a.jpg?x=&quot;&gt;&lt;script&gt;' in figure
        assert "<b>" not in figure


@pytest.mark.parametrize("src", ["javascript:alert(1)", "mailto:desk@example.org",
                                 "data:image/png;base64,AAAA", "vbscript:x",
                                 "java\nscript:alert(1)", "ｊavascript:alert(1)",
                                 "javascript&colon;alert(1)", "//evil.example/x.jpg#ok"])
def test_an_image_with_a_refused_address_is_left_out_its_caption_stays(src):
    draft = draft_of(image(src=src), caption("The caption."))
    for fmt in ("html", "fragment", "md"):
        out = publish.render(draft, fmt)
        if src.startswith("//"):  # a relative address (same scheme as the page) is an image
            assert '<img src="//evil.example/x.jpg#ok"' in out
            continue
        assert "<img" not in out and "javascript" not in out.lower()
        assert "<figure><figcaption>⟦" in out or "_⟦" in out
    data = json.loads(publish.render(draft, "json"))
    if not src.startswith("//"):
        assert data["article"]["blocks"][1]["src"] is None


def test_an_image_alone_and_a_credit_alone():
    out = publish.render(draft_of(image(credit=None)), "html")
    assert re.search(r'<figure><img src="https://img\.example/quay\.jpg" alt="⟦[^"]+⟧">'
                     r"</figure>", out)
    out = publish.render(draft_of(image(alt="")), "html")
    assert '<figure><img src="https://img.example/quay.jpg" alt=""><figcaption>' \
           '<small class="copydesk-credit">Foto: J. Doe / dpa</small></figcaption></figure>' in out


def test_a_caption_goes_with_the_image_right_before_it_only():
    draft = draft_of(image(), Block(kind=BlockKind.PARAGRAPH, text="Between them."), caption())
    out = publish.render(draft, "html")
    first, second = figures(out)
    assert "<figcaption><small" in first and "<img" not in second
    assert second.startswith("<figure><figcaption>⟦")


@shared_data.needs_shared_data
def test_the_nature_page_comes_out_with_its_figure():
    source = from_html((shared_data.require() / "pages" / "nature.com.telescope.html")
                       .read_bytes())
    draft = translate_article(source, "de", PseudoEngine())
    for fmt in ("html", "fragment", "md"):
        [figure] = figures(publish.render(draft, fmt))
        assert figure.startswith('<figure><img src="https://media.nature.com/lw800/')
        assert '<small class="copydesk-credit">Credit: Ou Dongqu/Xinhua/ZUMA</small>' in figure
        assert "⟦FAST wîll" in figure  # the caption, translated (pseudo)
