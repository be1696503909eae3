"""Reading an HTML fragment: the body field of a CMS, not a whole page.

HTML without ``<html>``, ``<head>``, ``<body>``, a doctype or a leading
``<title>`` is the article body itself, so no main-content extraction runs (it takes a short
body for page chrome and its first paragraph for the headline). Its elements
map to blocks here: paragraphs, headings, list items (nested lists one level
deeper), quotes, preformatted text, table rows (cells separated by `` | ``)
and figures (an ``image`` block per image, with its alt text and credit, and
the caption after it; see ``figures``); an image inside running text becomes
a figure of its own after its paragraph. Links, bold, italic, underline,
code, sub- and superscript and line breaks become protected tags, other
inline elements keep only their text.

Scripts, styles, embedded documents and media, forms and comments are
dropped with their content. No attribute but a link's target and an image's
address and alt text is read, so event handlers go too, and link targets
and image addresses pass the link rule when the article is cleaned
(``hygiene``), which tells the editor what it removed.

The title is a heading that comes before any text. Without one it is the
first sentence of the first block (shortened to ``MAX_TITLE_WORDS`` words);
that block stays in the body, and the article carries a note saying where
the title came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
from lxml.etree import ParserError, XMLSyntaxError, _Element

from copydesk import segment
from copydesk.article import Article, Block, BlockKind
from copydesk.errors import NoArticleError
from copydesk.ingest import figures
from copydesk.ingest.assemble import finish_article, guess_language
from copydesk.ingest.inline import BlockBuilder, link_target

# A page names its parts; an inline SVG's <title> does not make a page, a leading one does.
_PAGE = re.compile(r"<(?:!doctype|html|head|body)[\s/>]", re.IGNORECASE)
_PAGE_START = re.compile(r"\s*<(?:title|meta|base|link)[\s/>]", re.IGNORECASE)
DROPPED = frozenset({
    "script", "style", "template", "noscript", "iframe", "frame", "frameset", "object",
    "embed", "applet", "svg", "math", "form", "button", "select", "textarea", "input",
    "option", "canvas", "audio", "video", "picture", "source", "track", "img", "map",
    "area", "head", "title", "meta", "link", "base", "dialog",
})
HEADINGS = {f"h{n}": n for n in range(1, 7)}
PARAGRAPHS = frozenset({"p", "address", "dt", "dd", "summary", "caption"})
LISTS = frozenset({"ul", "ol", "menu"})
STRUCTURE = frozenset({*HEADINGS, *PARAGRAPHS, *LISTS, "li", "blockquote", "pre", "table",
                       "figure", "figcaption", "hr", "div", "section", "article", "main",
                       "header", "footer", "aside", "nav", "details", "dl", "center",
                       "hgroup", "fieldset", "tr", "td", "th", "thead", "tbody", "tfoot"})
# Elements an image may stand in as a figure of its own; elsewhere it is lifted out.
CONTAINERS = frozenset({"div", "section", "article", "main", "header", "footer", "aside",
                        "body", "center", "details"})
MARKUP = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "cite": "italic",
          "u": "underline", "code": "code", "kbd": "code", "samp": "code", "tt": "code",
          "sub": "sub", "sup": "sup"}
CELL_SEPARATOR = " | "
MAX_TITLE_WORDS = 12
TITLE_NOTE = ("The HTML has no headline (a heading before the text), so the title “{title}” "
              "was made from its first sentence. Put the headline in an <h1> at the top to "
              "set it.")


def is_fragment(text: str) -> bool:
    """Whether ``text`` is a piece of HTML rather than a page."""
    return _PAGE.search(text) is None and _PAGE_START.match(text) is None


def from_fragment(text: str, *, url: str | None = None) -> Article:
    """The article in an HTML fragment; NoArticleError when it holds no text."""
    try:
        root = lxml.html.fragment_fromstring(text, create_parent="div")
    except (ParserError, XMLSyntaxError):
        raise NoArticleError("This HTML has no readable text; paste the article text "
                             "instead.") from None
    _lift_images(root)
    blocks = list(_blocks(root, url))
    if not blocks:
        raise NoArticleError("This HTML has no text to translate; check what was pasted.")
    title, derived = _title(blocks)
    article = finish_article(
        blocks, title=title, url=url, title_from_body=derived,
        empty_message="This HTML has a headline but no body text; paste the whole article.")
    if derived:
        article.warnings.insert(0, TITLE_NOTE.format(title=article.title))
    return article


def _lift_images(root: _Element) -> None:
    """Give every image outside a figure a figure of its own, after its paragraph."""
    for img in list(root.iter("img")):
        parent = img.getparent()
        unit = parent if parent is not None and parent.tag == "picture" else img
        node, inside = unit.getparent(), False
        while node is not None and not inside:
            inside, node = figures.is_figure(node) or node.tag in DROPPED, node.getparent()
        if inside:
            continue
        figures.lift(unit, CONTAINERS)
        figure = unit.makeelement("figure", {})
        unit.addprevious(figure)
        figures.detach(unit)
        figure.append(unit)


def _title(blocks: list[Block]) -> tuple[str, bool]:
    """A leading heading (taken out of the blocks), else the first sentence of the text."""
    if blocks[0].kind == BlockKind.HEADING:
        return blocks.pop(0).plain, False
    text = next((b.plain for b in blocks if b.kind != BlockKind.IMAGE), "")
    first = (segment.split(text, guess_language(None, blocks) or "en") or [text])[0]
    words = first.split()
    return (" ".join(words[:MAX_TITLE_WORDS]) + "…" if len(words) > MAX_TITLE_WORDS
            else first), True


def _blocks(container: _Element, url: str | None) -> Iterator[Block]:
    """The blocks of a container; loose text and inline elements between its block
    elements make paragraphs of their own."""
    loose = BlockBuilder()
    loose.text(container.text)
    for child in container:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in STRUCTURE:
            yield from _finished(loose, BlockKind.PARAGRAPH)
            loose = BlockBuilder()
            yield from _structure(child, tag, url)
        elif tag and tag not in DROPPED:
            _inline(child, loose, url)
        loose.text(child.tail)
    yield from _finished(loose, BlockKind.PARAGRAPH)


def _structure(element: _Element, tag: str, url: str | None) -> Iterator[Block]:
    if figures.is_figure(element) and figures.images(element):
        yield from figures.read_figure(element, url, lambda e, b: inline_children(e, b, url))
    elif tag in HEADINGS:
        yield from _single(element, BlockKind.HEADING, url, max(2, HEADINGS[tag]))
    elif tag in PARAGRAPHS:
        yield from _single(element, BlockKind.PARAGRAPH, url)
    elif tag in LISTS:
        yield from _list_items(element, url, level=1)
    elif tag == "li":
        yield from _single(element, BlockKind.LIST_ITEM, url, 1)
    elif tag == "blockquote":
        yield from (Block(kind=BlockKind.QUOTE, text=b.text, tags=b.tags)
                    for b in _blocks(element, url))
    elif tag == "pre":
        builder = BlockBuilder()
        builder.open("code")
        inline_children(element, builder, url)
        yield from _finished(builder, BlockKind.PARAGRAPH)
    elif tag in ("table", "thead", "tbody", "tfoot", "tr"):
        yield from _table_rows(element, url)
    elif tag == "figcaption":
        yield from _single(element, BlockKind.CAPTION, url)
    elif tag != "hr":
        yield from _blocks(element, url)


def _single(element: _Element, kind: BlockKind, url: str | None,
            level: int | None = None) -> Iterator[Block]:
    builder = BlockBuilder()
    inline_children(element, builder, url)
    yield from _finished(builder, kind, level)


def _finished(builder: BlockBuilder, kind: BlockKind, level: int | None = None) -> Iterator[Block]:
    block = builder.block(kind, level)
    if block:
        yield block


def _list_items(element: _Element, url: str | None, level: int) -> Iterator[Block]:
    for item in element:
        if not isinstance(item.tag, str) or item.tag in DROPPED:
            continue
        builder = BlockBuilder()
        inline_children(item, builder, url, skip=LISTS)
        yield from _finished(builder, BlockKind.LIST_ITEM, level)
        for nested in item:
            if nested.tag in LISTS:
                yield from _list_items(nested, url, level + 1)


def _table_rows(element: _Element, url: str | None) -> Iterator[Block]:
    """The caption, then one paragraph per row of this table (not of tables in its cells)."""
    for caption in element.iterchildren("caption"):
        yield from _single(caption, BlockKind.PARAGRAPH, url)
    for row in _rows(element):
        builder = BlockBuilder()
        for index, cell in enumerate(c for c in row if c.tag in ("td", "th")):
            if index:
                builder.text(CELL_SEPARATOR)
            inline_children(cell, builder, url)
        yield from _finished(builder, BlockKind.PARAGRAPH)


def _rows(element: _Element) -> Iterator[_Element]:
    if element.tag == "tr":
        yield element
        return
    for child in element:
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from _rows(child)


def inline_children(element: _Element, builder: BlockBuilder, url: str | None,
                    skip: frozenset[str] = frozenset()) -> None:
    """An element's text and inline content; nested block elements read as spaced text."""
    builder.text(element.text)
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag and tag not in DROPPED and tag not in skip:
            _inline(child, builder, url)
        builder.text(child.tail)


def _inline(element: _Element, builder: BlockBuilder, url: str | None) -> None:
    tag = element.tag
    if tag == "br":
        builder.line_break()
        return
    href = link_target(element.get("href"), url) if tag == "a" else None
    kind = "link" if href else MARKUP.get(str(tag))
    spaced = tag in STRUCTURE
    if kind:
        builder.open(kind, **({"href": href} if href else {}))
    elif spaced:
        builder.text(" ")
    inline_children(element, builder, url)
    if kind:
        builder.close()
    elif spaced:
        builder.text(" ")
