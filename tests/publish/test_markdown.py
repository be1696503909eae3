from __future__ import annotations

import random

import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from copydesk.article import BlockKind, InlineTag, plain_text
from copydesk.pipeline import Draft, translated_text
from copydesk.publish import Review, render
from copydesk.publish.disclosure import WORDING
from copydesk.publish.markdown import escape_text
from tests.publish.drafts import SIGNATURE, build_draft, paragraph

PARSER = MarkdownIt("commonmark")


def split_front_matter(document: str) -> tuple[dict, str]:
    assert document.startswith("---\n")
    header, body = document[4:].split("\n---\n", 1)
    return yaml.safe_load(header), body


def tokens(document: str) -> list[Token]:
    return PARSER.parse(split_front_matter(document)[1])


def block_texts(document: str) -> list[str]:
    """The text of every inline run, as a reader would see it (breaks as spaces)."""
    texts = []
    for token in tokens(document):
        if token.type == "inline":
            text = "".join(" " if c.type in ("softbreak", "hardbreak") else c.content
                           for c in token.children or [] if c.type in
                           ("text", "code_inline", "softbreak", "hardbreak"))
            texts.append(" ".join(text.split()))
    return texts


def expected_texts(draft: Draft) -> list[str]:
    units = draft.units()
    return [" ".join(plain_text(translated_text(b, draft.target_language)).split()) for b in units]


def test_front_matter_describes_the_translation(draft: Draft) -> None:
    meta, _ = split_front_matter(render(draft, "md"))
    assert meta["title"] == "EU verschärft Drohnenregeln"
    assert meta["lang"] == "de"
    assert meta["source_url"] == "https://news.example/eu-drones"
    assert meta["signatures"] == [SIGNATURE]
    assert (meta["machine_translated"], meta["reviewed"], meta["pseudo_translation"]) == (
        True, False, False)
    assert meta["disclosure"] == WORDING["de"]["unreviewed"]


def test_reparsed_markdown_has_the_same_text(draft: Draft) -> None:
    texts = block_texts(render(draft, "md"))
    assert texts[:-1] == expected_texts(draft)
    assert texts[-1] == WORDING["de"]["unreviewed"]


def test_block_structure(draft: Draft) -> None:
    kinds = [(t.type, t.tag) for t in tokens(render(draft, "md")) if t.nesting == 1]
    assert kinds == [
        ("heading_open", "h1"), ("paragraph_open", "p"), ("heading_open", "h2"),
        ("paragraph_open", "p"), ("blockquote_open", "blockquote"), ("paragraph_open", "p"),
        ("bullet_list_open", "ul"), ("list_item_open", "li"), ("paragraph_open", "p"),
        ("bullet_list_open", "ul"), ("list_item_open", "li"), ("paragraph_open", "p"),
        ("list_item_open", "li"), ("paragraph_open", "p"), ("heading_open", "h3"),
        ("paragraph_open", "p"), ("paragraph_open", "p"), ("paragraph_open", "p")]


def test_inline_markup(draft: Draft) -> None:
    html = PARSER.render(split_front_matter(render(draft, "md"))[1])
    assert "<h1>EU <strong>verschärft</strong> Drohnenregeln</h1>" in html
    assert ('<a href="https://ec.europa.eu/news?id=1&amp;lang=en">Kommission</a> sagte am '
            "<strong>Montag</strong>, dass <em>neue <strong>Regeln</strong></em> gelten.") in html
    assert "Details folgen.<br />\nMehr in Kürze." in html
    assert "<code>drone --check</code>" in html
    assert "<p><em>Ab Juni gelten neue Grenzen.</em></p>" in html


def test_disclosure_closes_the_document(draft: Draft, review: Review) -> None:
    document = render(draft, "md", review=review)
    assert document.endswith("\n---\n\n_" + WORDING["de"]["reviewed"] + "_\n")


@pytest.mark.parametrize("text", [
    "*not bold* and _not italic_ and `not code`",
    "# not a heading",
    "- not a list",
    "1. not a list either",
    "> not a quote",
    "[not](a link) and ![not](an image)",
    "<b>not html</b> & &amp; entities",
    "back\\slash | pipe ~~tilde~~",
    "Ausrufezeichen!",
    "=== not a setext underline",
    "+ plus",
])
def test_markdown_syntax_in_text_stays_text(text: str) -> None:
    document = render(build_draft([paragraph(text)], standfirst=False), "md")
    assert block_texts(document)[1] == text
    parsed = tokens(document)
    assert [t.type for t in parsed[3:6]] == ["paragraph_open", "inline", "paragraph_close"]
    assert {child.type for child in parsed[4].children} == {"text"}


def test_escaped_text_before_a_link_does_not_become_an_image() -> None:
    tags = {"1": InlineTag("link", {"href": "https://a.example/"})}
    document = render(build_draft([paragraph("Achtung!<g1>Link</g1>", tags)]), "md")
    assert "<img" not in PARSER.render(split_front_matter(document)[1])


def test_break_followed_by_block_syntax_stays_in_the_paragraph() -> None:
    tags = {"1": InlineTag("break")}
    document = render(build_draft([paragraph("Zeile eins<x1/>- zwei<x1/># drei", tags)]), "md")
    assert block_texts(document)[2] == "Zeile eins - zwei # drei"
    assert "<li>" not in PARSER.render(split_front_matter(document)[1])


def test_emphasis_with_edge_spaces_and_awkward_links() -> None:
    tags = {"1": InlineTag("bold"), "2": InlineTag("link", {"href": "https://a.example/a b(c)"})}
    document = render(build_draft([paragraph("Das ist<g1> wichtig </g1>: <g2>hier</g2>", tags)]),
                      "md")
    html = PARSER.render(split_front_matter(document)[1])
    assert "Das ist <strong>wichtig</strong> : " in html
    assert '<a href="https://a.example/a%20b%28c%29">hier</a>' in html


@pytest.mark.parametrize("text", ["Platz #1 #", "#", "## ##", "C#"])
def test_heading_ending_in_hashes_keeps_them(text: str) -> None:
    body = [(BlockKind.HEADING, 2, {}, [(text, text)])]
    assert block_texts(render(build_draft(body), "md"))[2] == text


def test_pseudo_translation_opens_with_a_warning_quote(make_draft) -> None:
    document = render(make_draft(engine="pseudo"), "md")
    meta, body = split_front_matter(document)
    assert meta["pseudo_translation"] is True
    assert body.lstrip().startswith("> **TESTAUSGABE – KEINE ÜBERSETZUNG.")


def test_escape_text_is_minimal_for_ordinary_prose() -> None:
    assert escape_text("Die EU (27 Staaten) sagt: 3,5 % mehr.") == (
        "Die EU (27 Staaten) sagt: 3,5 % mehr.")


@pytest.mark.parametrize(("target", "tags", "expected"), [
    ("<g1>Frage:</g1>Antwort", {"1": InlineTag("bold")}, "<strong>Frage:</strong>Antwort"),
    ("<g1>„Zitat“</g1>sagte", {"1": InlineTag("italic")}, "<em>„Zitat“</em>sagte"),
    ("<g1>Frage:</g1> Antwort", {"1": InlineTag("bold")}, "<strong>Frage:</strong> Antwort"),
    ("Bundes<g1>kanzler</g1>amt", {"1": InlineTag("bold")}, "Bundes<strong>kanzler</strong>amt"),
    ("<g1>a</g1><g2>b</g2>", {"1": InlineTag("bold"), "2": InlineTag("italic")},
     "<strong>a</strong><em>b</em>"),
])
def test_emphasis_next_to_punctuation_still_parses_as_emphasis(target: str, tags: dict,
                                                                expected: str) -> None:
    document = render(build_draft([paragraph(target, tags)], standfirst=False), "md")
    assert f"<p>{expected}</p>" in PARSER.render(split_front_matter(document)[1])
    assert block_texts(document)[1] == plain_text(target)


def random_tagged_text(rnd: random.Random, tags: dict[str, InlineTag], depth: int = 0) -> str:
    """Text full of Markdown syntax with randomly nested inline tags."""
    pieces = []
    for _ in range(rnd.randint(1, 4)):
        roll = rnd.random()
        if roll < 0.6 or depth > 2:
            pieces.append("".join(rnd.choice(FUZZ_ALPHABET) for _ in range(rnd.randint(1, 6))))
            continue
        tid = str(len(tags) + 1)
        if roll < 0.7:
            tags[tid] = InlineTag("break")
            pieces.append(f"<x{tid}/>")
            continue
        kind = rnd.choice(["bold", "italic", "link", "code", "underline", "sup", "sub"])
        tags[tid] = InlineTag(kind, {"href": "https://a.example/(x)"} if kind == "link" else {})
        pieces.append(f"<g{tid}>{random_tagged_text(rnd, tags, depth + 1)}</g{tid}>")
    return "".join(pieces)


FUZZ_ALPHABET = [*"ab xy ", *"*_`[]()<>#!&;|~\\-+=.:,\"'„“1", "&amp;", "1. ", "- ", "# ", "http://x"]


@pytest.mark.parametrize("seed", range(4))
def test_random_markup_round_trips_through_markdown(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(100):
        tags: dict[str, InlineTag] = {}
        text = random_tagged_text(rnd, tags).strip()
        document = render(build_draft([paragraph(text, tags)], standfirst=False), "md")
        texts = block_texts(document)
        assert texts[1:-1] == ([" ".join(plain_text(text).split())] if plain_text(text).strip()
                               else []), text
