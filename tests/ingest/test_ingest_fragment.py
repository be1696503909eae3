"""HTML fragments (a CMS body field, no <html> or <body>) read as the article they are."""

from __future__ import annotations

import io

import lxml.html
import pytest

from copydesk import settings
from copydesk.article import Article
from copydesk.errors import NoArticleError
from copydesk.ingest import from_html, load
from copydesk.ingest.fragment import is_fragment
from tests.fixtures.shared_data import PAGES, needs_shared_data
from tests.ingest.test_ingest_pages import GOLDEN, _spaced

BODY = ("<p>The house is red.</p><p>The council met on Monday and voted to extend the tram "
        "network by twelve kilometres.</p>")


def kinds(article: Article) -> list[tuple[str, str, int | None]]:
    return [(block.kind.value, block.text, block.level) for block in article.blocks]


def test_a_body_field_keeps_every_paragraph_and_takes_its_title_from_the_first_sentence():
    article = from_html(BODY)
    assert article.title == "The house is red."
    assert [b.plain for b in article.blocks] == [
        "The house is red.",
        "The council met on Monday and voted to extend the tram network by twelve kilometres."]
    assert article.language == "en"
    assert "made from its first sentence" in article.warnings[0]


def test_a_leading_heading_is_the_title_and_the_structure_becomes_blocks():
    article = from_html(
        "<h1>Tram line <em>approved</em></h1>"
        "<p>The council voted on <a href='https://example.org/vote'>Monday</a> to extend the "
        "network, <strong>the mayor said</strong>.<br>Work starts in May.</p>"
        "<h2>What changes</h2><ul><li>Twelve new stops<ul><li>Four in the north</li></ul></li>"
        "<li>Trams every <code>5</code> minutes</li></ul>"
        "<blockquote><p>It is a good day for the city.</p></blockquote>"
        "<table><tr><th>Line</th><td>Length</td></tr><tr><td>T3</td><td>12 km</td></tr></table>"
        "<figure><img src='map.png' alt='Map'><figcaption>The new route.</figcaption></figure>"
        "<p>H<sub>2</sub>O and m<sup>2</sup>, <u>underlined</u>, <i>italic</i>.</p>")
    assert article.title == "Tram line approved"
    assert not article.warnings
    assert kinds(article) == [
        ("paragraph", "The council voted on <g1>Monday</g1> to extend the network, "
                      "<g2>the mayor said</g2>.<x3/>Work starts in May.", None),
        ("heading", "What changes", 2),
        ("list_item", "Twelve new stops", 1),
        ("list_item", "Four in the north", 2),
        ("list_item", "Trams every <g1>5</g1> minutes", 1),
        ("quote", "It is a good day for the city.", None),
        ("paragraph", "Line | Length", None),
        ("paragraph", "T3 | 12 km", None),
        ("image", "Map", None),
        ("caption", "The new route.", None),
        ("paragraph", "H<g1>2</g1>O and m<g2>2</g2>, <g3>underlined</g3>, <g4>italic</g4>.",
         None),
    ]
    first = article.blocks[0].tags
    assert (first["1"].kind, first["1"].attrs) == ("link", {"href": "https://example.org/vote"})
    assert [first["2"].kind, first["3"].kind] == ["bold", "break"]
    assert [t.kind for t in article.blocks[-1].tags.values()] == [
        "sub", "sup", "underline", "italic"]


def test_relative_links_are_made_absolute_against_the_article_address():
    article = from_html("<h2>Tram</h2><p>See <a href='/plan'>the plan</a> for the council "
                        "vote today.</p>", url="https://example.org/news/tram")
    assert article.blocks[0].tags["1"].attrs["href"] == "https://example.org/plan"


HOSTILE = (
    "<h2 onclick='steal()'>Council votes</h2>"
    "<script>document.write('SCRIPTED')</script><style>p{color:red} /* STYLED */</style>"
    "<p onmouseover=\"alert('x')\" style='x'>The council met on <a href='javascript:alert(1)'>"
    "Monday</a> and <a href=' java\tscript:alert(2)'>voted</a> to extend the tram network "
    "(<a href='data:text/html,x'>source</a>).<img src=x onerror='alert(3)'></p>"
    "<iframe src='https://evil.example/'>FRAMED</iframe><noscript>NOSCRIPTED</noscript>"
    "<svg><title>ICON</title><script>alert(4)</script></svg><template>TEMPLATED</template>"
    "<form action='https://evil.example/'><input value='FORMED'><button>PRESSED</button></form>"
    "<!-- COMMENTED --><math><mi>MATHS</mi></math><object>EMBEDDED</object>"
    "<p>Work starts in <span class='x' onfocus='y'>May</span>.</p>"
)


def test_scripts_styles_handlers_and_script_links_are_dropped():
    article = from_html(HOSTILE)
    assert article.title == "Council votes"
    text = " ".join(block.text for block in article.blocks if block.kind != "image")
    assert text == ("The council met on Monday and voted to extend the tram network (source). "
                    "Work starts in May.")
    image = next(block for block in article.blocks if block.kind == "image")
    assert (image.src, image.text) == ("x", "")  # the image stays, its handler goes
    for dropped in ("SCRIPTED", "STYLED", "FRAMED", "NOSCRIPTED", "ICON", "TEMPLATED",
                    "FORMED", "PRESSED", "COMMENTED", "MATHS", "EMBEDDED", "alert"):
        assert dropped not in text
    assert all(not block.tags for block in article.blocks)
    notes = [w for w in article.warnings if "removed the link" in w]
    assert len(notes) == 3  # the editor is told about each refused link


def test_deep_nesting_and_unclosed_tags_still_read():
    deep = "<div>" * 100 + "<p>The council met on Monday to vote on the tram." + "<b><i>" * 60
    article = from_html(deep + " The end.")
    assert article.blocks[0].plain == "The council met on Monday to vote on the tram. The end."


def test_nesting_deeper_than_the_parser_reads_is_refused_not_a_crash():
    with pytest.raises(NoArticleError):  # the parser stops at 255 levels; nothing is left
        from_html("<div>" * 5000 + "<p>The council met on Monday to vote on the tram.")


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script><style>p{}</style>",
    "<p>   </p><div><br></div><!-- nothing -->",
])
def test_a_fragment_without_text_is_refused_with_a_message(text):
    with pytest.raises(NoArticleError, match="no text to translate"):
        from_html(text)


def test_a_headline_without_a_body_is_refused():
    with pytest.raises(NoArticleError, match="headline but no body"):
        from_html("<h1>Council votes on trams</h1>")


@pytest.mark.parametrize(("text", "fragment"), [
    ("<p>Body</p>", True),
    ("<h2>Sub</h2><p>Body</p>", True),
    ("<p>An icon <svg><title>Comments</title></svg></p>", True),
    ("<!DOCTYPE html><p>Body</p>", False),
    ("<html><p>Body</p></html>", False),
    ("<body><p>Body</p></body>", False),
    ("  <title>Page</title><p>Body</p>", False),
    ("<header>Site</header><p>Body</p>", True),
])
def test_a_page_is_told_from_a_fragment(text, fragment):
    assert is_fragment(text) is fragment


@pytest.mark.parametrize("start", ["<h2>The plan</h2>", "<ul><li>The plan</li></ul>",
                                   "<blockquote>The plan</blockquote>", "<p>The plan</p>"])
def test_standard_input_starting_with_an_element_is_read_as_html(tmp_path, start):
    given = settings.load(environ={"COPYDESK_HOME": str(tmp_path)})
    text = f"{start}<p>The council met on Monday and voted to extend the tram network.</p>"
    article = load("-", settings=given, stdin=io.BytesIO(text.encode()))
    assert article.title == "The plan"
    assert article.blocks[-1].plain.startswith("The council met on Monday")


def test_text_that_only_mentions_a_tag_stays_text(tmp_path):
    given = settings.load(environ={"COPYDESK_HOME": str(tmp_path)})
    text = "<g1>a</g1> is how tags look\n\nThe council met on Monday and voted on trams."
    article = load("-", settings=given, stdin=io.BytesIO(text.encode()))
    assert article.title.endswith("is how tags look")


# Real article bodies, cut out of saved pages as a CMS would hold them.
BODY_PAGES = sorted(set(GOLDEN) - {"futurezone.at.lyft.html"})  # its sentences span elements
_READABLE = "//text()[not(ancestor::script or ancestor::style)]"


def body_of(page: str) -> str:
    """The inner HTML of the smallest element that holds the page's golden sentences."""
    _, _, sentences, min_chars, _ = GOLDEN[page]
    tree = lxml.html.fromstring((PAGES / page).read_bytes())
    texts = tree.xpath(_READABLE)
    holders = [next(node.getparent() for node in texts
                    if s[:20] in _spaced(node) or s[-20:] in _spaced(node)) for s in sentences]
    common = holders[0]
    while not all(common is h or common in h.iterancestors() for h in holders):
        common = common.getparent()
    while len(_spaced(common.text_content())) < min_chars and common.getparent() is not None:
        common = common.getparent()
    return (common.text or "") + "".join(lxml.html.tostring(child, encoding=str)
                                         for child in common)


@needs_shared_data
@pytest.mark.parametrize("page", BODY_PAGES)
def test_a_real_article_body_reads_as_a_fragment(page):
    language, _, sentences, _, _ = GOLDEN[page]
    fragment = body_of(page)
    assert is_fragment(fragment)
    article = from_html(fragment)
    body = _spaced("\n".join(block.plain for block in article.blocks))
    assert article.title.strip() and article.language == language
    for sentence in sentences:
        assert sentence in body
    tree = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for code in tree.iter("script", "style"):
        sample = _spaced(code.text_content())[:40]
        assert len(sample) < 10 or sample not in body, f"{page}: script text kept"
    hrefs = [t.attrs["href"] for b in article.blocks for t in b.tags.values() if t.kind == "link"]
    assert all(h.startswith(("http://", "https://", "mailto:", "/", "#")) or ":" not in h
               for h in hrefs)
