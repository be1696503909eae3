"""Reading Markdown (CommonMark): the first ``# `` heading is the title.

Paragraphs, ``##``–``######`` headings, ``>`` quotes and list items become
blocks, and a paragraph that is only an image (``![alt](src)``) an image
block; links, bold, italic, inline code and hard line breaks become
protected tags; other inline HTML is kept as literal text and HTML blocks are
left out. A YAML front matter block (``---`` … ``---``) may give
``title``, ``standfirst``/``description``, ``author``/``byline``, ``date``,
``url`` and ``language``.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from copydesk.article import Article, Block, BlockKind, escape_tags
from copydesk.errors import EmptyInputError, InputError
from copydesk.ingest.assemble import finish_article
from copydesk.ingest.hygiene import clean_text
from copydesk.ingest.inline import BlockBuilder, normalize_space

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_BREAK_HTML = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
BLOCK_KINDS = {"paragraph_open": BlockKind.PARAGRAPH, "heading_open": BlockKind.HEADING}


def from_markdown(text: str) -> Article:
    """The article in a Markdown document."""
    meta, body = _front_matter(clean_text(text))
    if not body.strip() and not meta:
        raise EmptyInputError("The Markdown is empty; write the title as '# Title' and the "
                              "text below it.")
    parser = MarkdownIt("commonmark")
    parser.validateLink = _every_link  # type: ignore[method-assign]
    tokens = parser.parse(body)
    title, blocks = _blocks(tokens)
    return finish_article(
        blocks,
        title=str(meta.get("title") or title or ""),
        standfirst=_field(meta, "standfirst", "description"),
        byline=_field(meta, "byline", "author"),
        date=_field(meta, "date"),
        url=_field(meta, "url"),
        language=_field(meta, "language", "lang"),
        empty_message="The Markdown has no body text; add paragraphs below the '# Title' line.",
    )


def _every_link(url: str) -> bool:
    """Let every link through the parser: the link rule (``copydesk.links``) decides, the
    same way for every reader, and tells the editor what it removed."""
    return True


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"The front matter at the top is not valid YAML ({exc}); fix it or "
                         "remove the lines between the '---' markers.") from None
    if not isinstance(meta, dict):
        raise InputError("The front matter must be 'key: value' lines (title, author, date, ...).")
    return meta, text[match.end():]


def _field(meta: dict[str, Any], *names: str) -> str | None:
    for name in names:
        if meta.get(name) not in (None, ""):
            return str(meta[name])
    return None


def _blocks(tokens: list[Token]) -> tuple[str | None, list[Block]]:
    """The title (first level-1 heading) and the body blocks."""
    title: str | None = None
    blocks: list[Block] = []
    quote_depth = list_depth = 0
    for index, token in enumerate(tokens):
        if token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type in ("fence", "code_block"):
            blocks.extend(_code_block(token.content))
        elif token.type in BLOCK_KINDS:
            block = _block(token, tokens[index + 1], quote_depth, list_depth)
            if block is None:
                continue
            if token.tag == "h1" and title is None and not blocks:
                title = block.plain
            else:
                blocks.append(block)
    return title, blocks


def _block(opener: Token, inline: Token, quote_depth: int, list_depth: int) -> Block | None:
    shown = [t for t in inline.children or [] if t.type != "softbreak"
             and not (t.type == "text" and not t.content.strip())]
    if opener.type == "paragraph_open" and len(shown) == 1 and shown[0].type == "image":
        return Block(kind=BlockKind.IMAGE, src=str(shown[0].attrs.get("src", "")),
                     text=escape_tags(normalize_space(shown[0].content)))
    builder = BlockBuilder()
    _inline(inline.children or [], builder)
    if opener.type == "heading_open":
        return builder.block(BlockKind.HEADING, max(2, int(opener.tag[1:])))
    if list_depth:
        return builder.block(BlockKind.LIST_ITEM, list_depth)
    return builder.block(BlockKind.QUOTE if quote_depth else BlockKind.PARAGRAPH)


def _code_block(content: str) -> list[Block]:
    builder = BlockBuilder()
    builder.open("code")
    builder.text(content)
    block = builder.block(BlockKind.PARAGRAPH)
    return [block] if block else []


def _inline(children: list[Token], builder: BlockBuilder) -> None:
    for token in children:
        if token.type == "text":
            builder.text(token.content)
        elif token.type == "softbreak":
            builder.text(" ")
        elif token.type == "hardbreak" or (token.type == "html_inline"
                                           and _BREAK_HTML.match(token.content)):
            builder.line_break()
        elif token.type == "link_open":
            builder.open("link", href=str(token.attrs.get("href", "")))
        elif token.type in ("strong_open", "em_open"):
            builder.open("bold" if token.type == "strong_open" else "italic")
        elif token.type in ("link_close", "strong_close", "em_close"):
            builder.close()
        elif token.type == "code_inline":
            builder.open("code")
            builder.text(token.content)
            builder.close()
        elif token.type in ("image", "html_inline"):
            builder.text(token.content)
