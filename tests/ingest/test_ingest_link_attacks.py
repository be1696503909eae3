"""Every reader applies the link rule: a refused target loses its link, keeps its text,
and leaves a note for the editor."""

from __future__ import annotations

import html
import io
import json

import pytest

from copydesk import links
from copydesk import settings as settings_module
from copydesk.article import Article, plain_text
from copydesk.ingest import from_html, from_json, from_markdown, from_text, load
from tests.test_links import ATTACKS, SAFE, is_dangerous

BODY = "The council met on Monday and voted to extend the tram network by twelve kilometres."
# HTML-only spellings: the parser decodes these entities before we see the target.
HTML_SPELLINGS = ["jav&#x09;ascript:alert(1)", "jav&#9;ascript:alert(1)",
                  "&#106;avascript:alert(1)", "javascript&#58;alert(1)",
                  "javascript&colon;alert(1)", "&#x6A;&#x61;vascript:alert(1)",
                  "java&#x0A;script:alert(1)", "java&NewLine;script:alert(1)",
                  "&nbsp;javascript:alert(1)", "&#x2028;javascript:alert(1)",
                  "&#12288;javascript:alert(1)", "&Tab;javascript:alert(1)"]


def _attribute(target: str) -> str:
    """``target`` written into an HTML attribute without changing what the parser reads."""
    return html.escape(target, quote=True).replace("\x00", "&#0;")


def html_page(href_attribute: str) -> str:
    return (f"<html><head><title>Tram plan approved</title></head><body><article>"
            f"<h1>Tram plan approved</h1><p>{BODY} Read the plan "
            f'<a href="{href_attribute}">click here</a> for details today.</p>'
            f"</article></body></html>")


def json_article(href: str, **attrs: str) -> str:
    return json.dumps({"title": "Tram plan approved", "language": "en", "blocks": [
        {"kind": "paragraph", "text": f"{BODY} Read <g1>click here</g1> now.",
         "tags": {"1": {"kind": "link", "attrs": {"href": href, **attrs}}}}]})


def assert_no_unsafe_link(article: Article, *, in_text: bool = True) -> None:
    """No tag keeps an unsafe target; with ``in_text``, no text names one either."""
    for block in article.blocks:
        for tag in block.tags.values():
            assert set(tag.attrs) <= {"href", "title"}
            if tag.kind == "link":
                assert links.safe_link(tag.attrs["href"]) == tag.attrs["href"]
                assert not is_dangerous(tag.attrs["href"])
    if in_text:
        assert not is_dangerous(json.dumps(article.to_dict(), ensure_ascii=False))


def assert_dropped_with_note(article: Article) -> None:
    assert_no_unsafe_link(article)
    assert "click here" in plain_text(article.blocks[-1].text)
    assert not any(tag.kind == "link" for b in article.blocks for tag in b.tags.values())
    assert any("removed the link on “click here”" in w for w in article.warnings)


@pytest.mark.parametrize("target", ATTACKS)
def test_html_reader(target: str) -> None:
    article = from_html(html_page(_attribute(target)), url="https://news.example/tram")
    assert_no_unsafe_link(article)
    assert "click here" in plain_text(article.blocks[-1].text)


@pytest.mark.parametrize("attribute", HTML_SPELLINGS)
def test_html_reader_entity_spellings(attribute: str) -> None:
    article = from_html(html_page(attribute))
    assert_dropped_with_note(article)


@pytest.mark.parametrize("target", ATTACKS)
def test_json_reader_tag_attributes(target: str) -> None:
    if "\x00" in target:
        pytest.skip("a NUL is refused outright (see test_ingest_hostile_json)")
    assert_dropped_with_note(from_json(json_article(target)))


@pytest.mark.parametrize("target", ATTACKS)
def test_markdown_reader(target: str) -> None:
    escaped = target.replace("(", "%28").replace(")", "%29").replace("\n", "")
    text = f"# Tram plan approved\n\n{BODY} Read [click here]({escaped}) now.\n"
    article = from_markdown(text)
    # A destination with a space in it is no link in CommonMark: it stays literal text.
    assert_no_unsafe_link(article, in_text=False)
    assert "click here" in article.blocks[0].plain
    if "](" not in article.blocks[0].plain:
        assert any("removed the link on “click here”" in w for w in article.warnings)


@pytest.mark.parametrize("target", ATTACKS)
def test_text_reader_makes_no_links(target: str) -> None:
    article = from_text(f"Tram plan approved\n\n{BODY} See {target} now.")
    assert not any(b.tags for b in article.blocks)


@pytest.mark.parametrize(("target", "kept"), SAFE)
def test_safe_targets_are_kept_in_their_normal_form(target: str, kept: str) -> None:
    if kept.startswith("#"):
        return  # in-page anchors are dropped by the HTML reader on purpose
    article = from_json(json_article(target))
    assert article.blocks[0].tags["1"].attrs["href"] == kept and not article.warnings


def test_unknown_attributes_and_image_sources_are_dropped() -> None:
    article = from_json(json_article("https://a.example/", onclick="alert(1)",
                                     src="javascript:alert(1)", title="Plan"))
    assert article.blocks[0].tags["1"].attrs == {"href": "https://a.example/", "title": "Plan"}


def test_the_article_url_must_be_a_web_address() -> None:
    data = json.loads(json_article("https://a.example/"))
    article = from_json(json.dumps({**data, "url": "\u00a0javascript:alert(1)"}))
    assert article.url is None and any("source address" in w for w in article.warnings)


def test_the_rule_holds_through_load_from_standard_input() -> None:
    settings = settings_module.load(options={"home": "/nonexistent-copydesk-home"}, environ={})
    stream = io.BytesIO(json_article("\u2028javascript:alert(1)").encode())
    article = load("-", settings=settings, stdin=stream, format="json")
    assert_dropped_with_note(article)


def test_many_refused_links_give_a_bounded_number_of_notes() -> None:
    text = " ".join(f"<g{i}>word{i}</g{i}>" for i in range(1, 101))
    tags = {str(i): {"kind": "link", "attrs": {"href": "javascript:x"}} for i in range(1, 101)}
    article = from_json(json.dumps({"title": "T", "blocks": [
        {"kind": "paragraph", "text": text, "tags": tags}]}))
    assert len(article.warnings) == 21 and "80 more" in article.warnings[-1]
    assert not article.blocks[0].tags and "word100" in article.blocks[0].text
