"""Reading a web page: main-content extraction, then our own mapping to blocks.

HTML that is not a page (a CMS body field: no ``<html>``, ``<head>`` or
``<body>``) is read by ``fragment`` instead.

trafilatura finds the article body (dropping navigation, share bars, related
links and comments) and the metadata (title, author, date, description);
its XML body (``p``, ``head``, ``list/item``, ``quote``, ``table``, ``hi``,
``ref``, ``lb``, ``graphic``) is mapped here to copydesk blocks and protected
tags. Tables become one paragraph per row, cells separated by `` | ``. An
image becomes an ``image`` block after the paragraph it stood in, with the
caption and credit of its figure on the page (``page_figures``: extraction
keeps neither, and drops some figures outright).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import trafilatura
from lxml.etree import _Element
from trafilatura.metadata import Document
from trafilatura.utils import load_html

from copydesk import links
from copydesk.article import Article, Block, BlockKind
from copydesk.errors import EmptyInputError, NoArticleError
from copydesk.ingest import figures, page_figures
from copydesk.ingest.assemble import finish_article
from copydesk.ingest.decode import decode
from copydesk.ingest.fragment import from_fragment, inline_children, is_fragment
from copydesk.ingest.hygiene import MAX_NOTES as MAX_LINK_NOTES
from copydesk.ingest.hygiene import clean_text, link_note
from copydesk.ingest.inline import BlockBuilder, image_target, link_target, normalize_space

HI_KINDS = {"#b": "bold", "#i": "italic", "#u": "underline", "#t": "code",
            "#sub": "sub", "#sup": "sup"}
CONTAINERS = frozenset({"div", "body", "figure", "note"})
CELL_SEPARATOR = " | "
# "Headline | Site | Date": parts after a bar or bullet that are short or the site's name.
_TITLE_PARTS = re.compile(r"(\s+[|•·»–—-]\s+)")
SITE_PART_WORDS = 3
# A numeric character reference, checked in _drop_control_reference.
_CONTROL_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")
# Fewer words than this is menu or widget text that extraction fell back to, not an article.
MIN_BODY_WORDS = 8


def from_html(html: str | bytes, *, url: str | None = None) -> Article:
    """The article of a web page; raises NoArticleError when the page has none."""
    text = _CONTROL_REFERENCE.sub(_drop_control_reference,
                                  clean_text(decode(html) if isinstance(html, bytes) else html))
    if not text.strip():
        raise EmptyInputError("The page is empty; check the file or URL and try again.")
    if is_fragment(text):
        return from_fragment(text, url=url)
    tree = load_html(text)
    if tree is None:
        raise NoArticleError("This page has no readable HTML; paste the article text instead.")
    declared_language = tree.get("lang") or tree.get("xml:lang")
    refused = _refuse_unsafe_links(tree)
    collected = page_figures.collect(tree)
    document = trafilatura.bare_extraction(
        tree, url=url, output_format="xml", include_comments=False, include_formatting=True,
        include_links=True, include_tables=True, include_images=True, with_metadata=True,
    )
    if not isinstance(document, Document) or document.body is None:
        raise NoArticleError("This page has no article body; paste the text instead.")
    base_url = url or document.url
    for graphic in list(document.body.iter("graphic")):
        figures.lift(graphic, CONTAINERS)
    blocks = page_figures.place(list(_body_blocks(document.body, base_url)), collected, base_url,
                           lambda element, builder: inline_children(element, builder, base_url))
    article = finish_article(
        blocks,
        title=_page_title(document.title, document.sitename),
        standfirst=document.description,
        byline=document.author,
        date=document.date,
        url=base_url,
        language=declared_language,
        metadata={"sitename": document.sitename} if document.sitename else {},
        empty_message="This page has no article body; paste the text instead.",
        min_words=MIN_BODY_WORDS,
    )
    article.warnings[:0] = refused[:MAX_LINK_NOTES]
    return article


def _refuse_unsafe_links(tree: _Element) -> list[str]:
    """Apply the link rule to the page's own ``<a href>`` before extraction resolves them
    against the page address (which would hide a refused target inside an http URL)."""
    notes = []
    for anchor in tree.iter("a"):
        href = anchor.get("href")
        if href is None:
            continue
        safe = links.safe_link(href)
        if safe is None:
            del anchor.attrib["href"]
            if links.normalize(href):
                notes.append(link_note("The page", anchor.text_content(), href))
        else:
            anchor.set("href", safe)
    return notes


def _drop_control_reference(match: re.Match[str]) -> str:
    """``&#1;`` and the like name no text (and break the parser): gone, like the characters.

    ``&#128;``-``&#159;`` stay: HTML reads them as Windows-1252 letters (``&#x9f;`` is Ÿ).
    """
    hexadecimal, decimal = match.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return ""
    if (code < 0x20 and chr(code) not in "\t\n\r") or code == 0x7F:
        return ""
    return match.group(0)


def _page_title(title: str | None, sitename: str | None) -> str:
    """The headline without the site name and date that pages append to <title>."""
    pieces = _TITLE_PARTS.split(normalize_space(title or ""))
    site = (sitename or "").casefold()
    while len(pieces) >= 3:
        separator, last = pieces[-2], pieces[-1].casefold()
        named = bool(site) and (site in last or last in site)
        short = separator.strip() in "|•·»" and len(last.split()) <= SITE_PART_WORDS
        if not (named or short):
            break
        pieces = pieces[:-2]
    return "".join(pieces)


def _body_blocks(container: _Element, base_url: str | None) -> Iterator[Block]:
    for element in container:
        tag = element.tag
        if tag in CONTAINERS:
            yield from _body_blocks(element, base_url)
        elif tag == "head":
            yield from _single(element, BlockKind.HEADING, base_url, _heading_level(element))
        elif tag == "list":
            yield from _list_items(element, base_url, level=1)
        elif tag == "quote":
            yield from _quote_blocks(element, base_url)
        elif tag == "table":
            yield from _table_rows(element, base_url)
        elif tag == "code":
            builder = BlockBuilder()
            builder.open("code")
            _inline(element, builder, base_url)
            block = builder.block(BlockKind.PARAGRAPH)
            if block:
                yield block
        elif tag == "graphic":
            src = image_target(figures.first_address(element.get("src")), base_url)
            if src:
                yield Block(kind=BlockKind.IMAGE, src=src,
                            text=figures.alt_text(element.get("alt")))
        else:
            yield from _single(element, BlockKind.PARAGRAPH, base_url)


def _single(element: _Element, kind: BlockKind, base_url: str | None,
            level: int | None = None) -> Iterator[Block]:
    builder = BlockBuilder()
    _inline(element, builder, base_url)
    block = builder.block(kind, level)
    if block:
        yield block


def _heading_level(element: _Element) -> int:
    rend = element.get("rend") or "h2"
    digits = rend[1:] if rend[:1] == "h" else ""
    return max(2, min(6, int(digits))) if digits.isdigit() else 2


def _list_items(element: _Element, base_url: str | None, level: int) -> Iterator[Block]:
    for item in element:
        if item.tag != "item":
            yield from _single(item, BlockKind.LIST_ITEM, base_url, level)
            continue
        builder = BlockBuilder()
        _inline(item, builder, base_url, skip=("list",))
        block = builder.block(BlockKind.LIST_ITEM, level)
        if block:
            yield block
        for nested in item.iterchildren("list"):
            yield from _list_items(nested, base_url, level + 1)


def _quote_blocks(element: _Element, base_url: str | None) -> Iterator[Block]:
    parts = [child for child in element if child.tag in ("p", "list", "quote", "head")]
    if not parts:
        yield from _single(element, BlockKind.QUOTE, base_url)
        return
    if (element.text or "").strip():
        builder = BlockBuilder()
        builder.text(element.text)
        block = builder.block(BlockKind.QUOTE)
        if block:
            yield block
    for child in element:
        yield from _single(child, BlockKind.QUOTE, base_url)


def _table_rows(element: _Element, base_url: str | None) -> Iterator[Block]:
    for row in element.iter("row"):
        builder = BlockBuilder()
        for index, cell in enumerate(row.iterchildren("cell")):
            if index:
                builder.text(CELL_SEPARATOR)
            _inline(cell, builder, base_url)
        block = builder.block(BlockKind.PARAGRAPH)
        if block:
            yield block


def _inline(element: _Element, builder: BlockBuilder, base_url: str | None,
            skip: tuple[str, ...] = ()) -> None:
    """Feed an element's text and inline children to ``builder``."""
    builder.text(element.text)
    for child in element:
        if child.tag in skip:
            builder.text(child.tail)
            continue
        if child.tag == "lb":
            builder.line_break()
        elif child.tag in ("graphic", "list"):
            pass
        else:
            _inline_markup(child, builder, base_url)
        builder.text(child.tail)


def _inline_markup(child: _Element, builder: BlockBuilder, base_url: str | None) -> None:
    kind, attrs = _tag_for(child, base_url)
    if kind:
        builder.open(kind, **attrs)
    elif child.tag in ("p", "head", "item", "cell", "row"):
        builder.text(" ")
    _inline(child, builder, base_url)
    if kind:
        builder.close()
    elif child.tag in ("p", "head", "item", "cell", "row"):
        builder.text(" ")


def _tag_for(element: _Element, base_url: str | None) -> tuple[str | None, dict[str, str]]:
    if element.tag == "hi":
        return HI_KINDS.get(element.get("rend") or "#i", "italic"), {}
    if element.tag == "code":
        return "code", {}
    if element.tag == "ref":
        href = link_target(element.get("target"), base_url)
        return ("link", {"href": href}) if href else (None, {})
    return None, {}
