"""Reading plain text: the first non-empty line is the title.

Paragraphs are separated by blank lines; text without blank lines has one
paragraph per line. Lines inside a paragraph are joined with spaces.
"""

from __future__ import annotations

import re

from copydesk.article import Article, Block, BlockKind
from copydesk.errors import EmptyInputError
from copydesk.ingest.assemble import finish_article
from copydesk.ingest.hygiene import clean_text
from copydesk.ingest.inline import BlockBuilder

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def from_text(text: str) -> Article:
    """The article in plain text (title line, then paragraphs)."""
    text = clean_text(text).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise EmptyInputError("The text is empty; paste the article with its title first.")
    title, _, body = text.partition("\n")
    return finish_article(
        [block for block in map(_paragraph, _paragraphs(body)) if block],
        title=title,
        empty_message="The text has a title but no body; put the article text below the title.",
    )


def _paragraphs(body: str) -> list[str]:
    body = body.strip("\n")
    if _BLANK_LINE.search(body):
        return _BLANK_LINE.split(body)
    return body.split("\n")


def _paragraph(chunk: str) -> Block | None:
    builder = BlockBuilder()
    builder.text(chunk)
    return builder.block(BlockKind.PARAGRAPH)
