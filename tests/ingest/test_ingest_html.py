"""The HTML reader on small pages: blocks, inline tags, chrome, refusals."""

from __future__ import annotations

import pytest

from copydesk.article import TAG_RE, InlineTag
from copydesk.errors import EmptyInputError, NoArticleError
from copydesk.ingest import from_html

FILLER = (
    "The city council voted on Tuesday to expand the tram network by twelve kilometres. "
    "Construction is expected to start next spring and to last about three years. "
)


def page(body: str, title: str = "Council approves tram extension", head: str = "") -> str:
    return (f"<!doctype html><html lang='en'><head><title>{title}</title>{head}</head><body>"
            f"<nav><ul><li><a href='/'>Home</a></li><li><a href='/politics'>Politics</a></li>"
            f"</ul></nav><article><h1>{title}</h1>{body}</article>"
            f"<footer><a href='/imprint'>Imprint</a></footer></body></html>")


def test_links_bold_italic_become_numbered_tags() -> None:
    html = page(f"<p>{FILLER}</p><p>The <a href='https://example.org/plan'>plan</a> is "
                f"<b>final</b> and <i>binding</i>.</p><p>{FILLER}</p>")
    article = from_html(html, url="https://news.example.com/tram")
    block = next(b for b in article.blocks if "plan" in b.plain)
    assert block.text == "The <g1>plan</g1> is <g2>final</g2> and <g3>binding</g3>."
    assert block.tags == {
        "1": InlineTag("link", {"href": "https://example.org/plan"}),
        "2": InlineTag("bold"),
        "3": InlineTag("italic"),
    }
    assert block.plain == "The plan is final and binding."


def test_nested_tags_breaks_and_relative_links() -> None:
    html = page(f"<p>{FILLER}</p><p>Read <b>the <a href='/report.pdf'>full report</a></b>"
                f"<br>on our site.</p><p>{FILLER}</p>")
    article = from_html(html, url="https://news.example.com/tram")
    block = next(b for b in article.blocks if "report" in b.plain)
    assert block.text == "Read <g1>the <g2>full report</g2></g1><x3/>on our site."
    assert block.tags["2"].attrs["href"] == "https://news.example.com/report.pdf"
    assert block.tags["3"].kind == "break"
    assert [m.group(0) for m in TAG_RE.finditer(block.text)] == [
        "<g1>", "<g2>", "</g2>", "</g1>", "<x3/>"]


def test_whitespace_is_normalised_and_spaces_leave_tags() -> None:
    html = page(f"<p>{FILLER}</p><p>  Spaces\n\n  everywhere<b> here </b>  and\tthere  </p>")
    article = from_html(html)
    block = next(b for b in article.blocks if "Spaces" in b.plain)
    assert block.text == "Spaces everywhere <g1>here</g1> and there"


def test_literal_text_that_looks_like_a_tag_is_not_a_tag() -> None:
    html = page(f"<p>{FILLER}</p><p>Editors type &lt;g1&gt;bold&lt;/g1&gt; and &lt;x2/&gt; "
                f"in <b>markup</b> guides.</p>")
    article = from_html(html)
    block = next(b for b in article.blocks if "guides" in b.plain)
    assert [m.group(0) for m in TAG_RE.finditer(block.text)] == ["<g1>", "</g1>"]
    assert "\u02c2g1>bold\u02c2/g1>" in block.text
    assert set(block.tags) == {"1"}


def test_headings_quotes_and_lists() -> None:
    html = page(f"<p>{FILLER}</p><h2>What changes</h2><blockquote><p>We waited long enough."
                f"</p></blockquote><ul><li>Line 4 to the airport</li><li>Line 7 to the "
                f"stadium</li></ul><p>{FILLER}</p>")
    kinds = [(b.kind.value, b.level, b.plain) for b in from_html(html).blocks]
    assert ("heading", 2, "What changes") in kinds
    assert ("quote", None, "We waited long enough.") in kinds
    assert ("list_item", 1, "Line 4 to the airport") in kinds
    assert ("list_item", 1, "Line 7 to the stadium") in kinds


def test_title_not_repeated_and_widget_residue_dropped() -> None:
    html = page(f"<p>{FILLER}</p><p>{FILLER}</p><p>Share</p><p>Newsletter abonnieren</p>"
                "<p>ODER ANMELDEN MIT</p>")
    article = from_html(html)
    assert article.title == "Council approves tram extension"
    texts = [b.plain for b in article.blocks]
    assert article.title not in texts
    assert not {"Share", "Newsletter abonnieren", "ODER ANMELDEN MIT"} & set(texts)
    assert article.language == "en"


def test_site_name_is_cut_from_the_title() -> None:
    html = page(f"<p>{FILLER}</p>", title="Council approves tram extension | City News")
    assert from_html(html).title == "Council approves tram extension"


def test_page_without_article_body_is_refused() -> None:
    html = ("<html><head><title>Home</title></head><body><nav><a href='/'>Home</a>"
            "<a href='/a'>About</a></nav></body></html>")
    with pytest.raises(NoArticleError, match="paste the text"):
        from_html(html)


def test_empty_page_is_refused() -> None:
    with pytest.raises(EmptyInputError):
        from_html("   \n")


def test_bytes_use_the_meta_charset() -> None:
    html = page(f"<p>{FILLER}</p><p>Der Bürgermeister äußerte sich.</p>",
                head="<meta charset='windows-1252'>").encode("cp1252")
    article = from_html(html)
    assert any("Bürgermeister äußerte" in b.plain for b in article.blocks)
