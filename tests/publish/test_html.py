from __future__ import annotations

import json
from html.parser import HTMLParser

import lxml.html
import pytest

from copydesk.article import BlockKind, InlineTag
from copydesk.pipeline import Draft
from copydesk.publish import Provenance, Review, render
from copydesk.publish.disclosure import WORDING
from copydesk.publish.html import script_json
from tests.publish.drafts import build_draft, paragraph

VOID = {"br", "meta", "link", "img", "hr", "input"}


class BalanceChecker(HTMLParser):
    """Fails on any end tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()


def well_formed(document: str) -> lxml.html.HtmlElement:
    checker = BalanceChecker()
    checker.feed(document)
    checker.close()
    assert checker.open == []
    assert document.startswith("<!DOCTYPE html>\n")
    return lxml.html.document_fromstring(document)


def body_html(target: str, tags: dict[str, InlineTag] | None = None) -> lxml.html.HtmlElement:
    """The rendered <article> of a draft with one paragraph ``target``."""
    root = well_formed(render(build_draft([paragraph(target, tags)]), "html"))
    return root.xpath("//article/p[not(@class)]")[0]


def test_document_shell(draft: Draft) -> None:
    root = well_formed(render(draft, "html"))
    assert root.get("lang") == "de"
    assert root.xpath("/html/head/meta/@charset") == ["utf-8"]
    assert root.findtext("head/title") == "EU verschärft Drohnenregeln"


def test_article_structure_keeps_block_kinds(draft: Draft) -> None:
    article = well_formed(render(draft, "html")).xpath("//body/article")[0]
    children = [child.tag for child in article]
    assert children == ["h1", "p", "h2", "p", "blockquote", "ul", "h3", "p", "figure", "p"]
    assert article.xpath("p[@class='copydesk-standfirst']/text()") == [
        "Ab Juni gelten neue Grenzen."]
    assert article.findtext("blockquote/p") == "„Wir handeln jetzt“, sagte sie."
    assert article.findtext("figure/figcaption") == "Eine Drohne. Foto: AP"
    assert lxml.html.tostring(article.find("h1"), encoding="unicode", with_tail=False) == (
        "<h1>EU <strong>verschärft</strong> Drohnenregeln</h1>")


def test_consecutive_list_items_form_one_nested_list(draft: Draft) -> None:
    ul = well_formed(render(draft, "html")).xpath("//article/ul")[0]
    items = ul.xpath("./li")
    assert [li.text for li in items] == ["Drohnen über 250 g", "Bußgelder bis 5000 €"]
    assert items[0].xpath("ul/li/em/text()") == ["Registrierung"]


def test_inline_tags_become_elements(draft: Draft) -> None:
    root = well_formed(render(draft, "html"))
    first, second = root.xpath("//article/p[not(@class)]")
    assert lxml.html.tostring(first, encoding="unicode", with_tail=False) == (
        '<p>Die <a href="https://ec.europa.eu/news?id=1&amp;lang=en">Kommission</a> sagte am '
        "<strong>Montag</strong>, dass <em>neue <strong>Regeln</strong></em> gelten. "
        "Details folgen.<br>Mehr in Kürze.</p>")
    assert [child.tag for child in second] == ["code", "u", "sup", "sub"]
    assert second.findtext("code") == "drone --check"


def test_text_that_looks_like_markup_is_escaped() -> None:
    document = render(build_draft([paragraph("Use <script>alert(1)</script> & co.")]), "html")
    assert "<script>alert" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co." in document
    assert well_formed(document).xpath("//article/p[not(@class)]")[0].text == (
        "Use <script>alert(1)</script> & co.")


def test_attribute_values_are_escaped() -> None:
    tags = {"1": InlineTag("link", {"href": 'https://x.example/?q="a"&b=<c>', "title": 'say "hi"'})}
    link = body_html("<g1>Link</g1>", tags).find("a")
    assert link.get("href") == 'https://x.example/?q="a"&b=<c>'
    assert link.get("title") == 'say "hi"'


@pytest.mark.parametrize("href", ["javascript:alert(1)", " JavaScript:alert(1)",
                                  "java\tscript:alert(1)", "data:text/html,<b>x</b>",
                                  "vbscript:msgbox", ""])
def test_unsafe_links_lose_their_anchor_but_keep_their_text(href: str) -> None:
    p = body_html("Klicken Sie <g1>hier</g1>.", {"1": InlineTag("link", {"href": href})})
    assert p.find("a") is None
    assert p.text_content() == "Klicken Sie hier."


@pytest.mark.parametrize("href", ["https://a.example/", "http://a.example/x", "mailto:a@b.example",
                                  "/politik/eu", "#top", "../x.html"])
def test_safe_links_are_kept(href: str) -> None:
    p = body_html("<g1>hier</g1>", {"1": InlineTag("link", {"href": href})})
    assert p.find("a").get("href") == href


def test_unbalanced_and_unknown_tags_still_give_well_formed_html() -> None:
    tags = {"1": InlineTag("bold"), "2": InlineTag("italic")}
    p = body_html("<g1>eins <g2>zwei</g1> drei</g2> <g9>vier</g9> <x7/>fünf", tags)
    assert lxml.html.tostring(p, encoding="unicode", with_tail=False) == (
        "<p><strong>eins <em>zwei</em></strong> drei vier fünf</p>")


def test_disclosure_is_the_last_paragraph_of_the_article(draft: Draft, review: Review) -> None:
    root = well_formed(render(draft, "html", review=review))
    last = root.xpath("//article/*[last()]")[0]
    assert (last.tag, last.get("class")) == ("p", "copydesk-disclosure")
    assert last.text == WORDING["de"]["reviewed"]
    assert last.get("lang") is None


def test_fallback_disclosure_is_marked_as_english(make_draft) -> None:
    root = well_formed(render(make_draft(target_language="pl"), "html"))
    note = root.xpath("//p[@class='copydesk-disclosure']")[0]
    assert (root.get("lang"), note.get("lang")) == ("pl", "en")


def test_jsonld_script_parses_back_to_the_provenance(draft: Draft, review: Review) -> None:
    root = well_formed(render(draft, "html", review=review))
    scripts = root.xpath("//head/script[@type='application/ld+json']")
    assert len(scripts) == 1
    assert json.loads(scripts[0].text) == Provenance.from_draft(draft, review).to_jsonld()


def test_jsonld_cannot_close_its_script_element() -> None:
    draft = build_draft([paragraph("x")])
    draft.source.url = "https://e.example/</script><script>alert(1)</script><!--"
    document = render(draft, "html")
    script = document.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and ">" not in script
    assert json.loads(script)["translationOfWork"]["url"] == draft.source.url
    assert json.loads(script_json({"a": "</b>&"})) == {"a": "</b>&"}


def test_pseudo_translation_gets_a_visible_banner(make_draft) -> None:
    root = well_formed(render(make_draft(engine="pseudo"), "html"))
    banner = root.xpath("//body/*[1]")[0]
    assert banner.get("class") == "copydesk-pseudo-warning"
    assert banner.get("role") == "alert"
    assert "KEINE ÜBERSETZUNG" in banner.text
    assert "copydesk-pseudo-warning" in root.findtext("head/style")


def test_real_translation_has_no_banner(draft: Draft) -> None:
    assert "copydesk-pseudo-warning" not in render(draft, "html").split("</head>", 1)[1]


def test_draft_without_standfirst_and_heading_levels_are_clamped() -> None:
    body = [(BlockKind.HEADING, 1, {}, [("A", "A")]), (BlockKind.HEADING, 9, {}, [("B", "B")])]
    article = well_formed(render(build_draft(body, standfirst=False), "html")).find(".//article")
    assert [child.tag for child in article] == ["h1", "h2", "h6", "p"]
