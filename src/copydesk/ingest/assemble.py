"""The last step every reader shares: from raw blocks and metadata to an Article.

Drops widget residue, a title repeated as the first block and a standfirst
repeated as the first paragraph; fills in the language when the source
declares it or identification is confident; cleans text and links (see
``hygiene``).
"""

from __future__ import annotations

import re
from typing import Any

from copydesk import languages
from copydesk.article import Article, Block, BlockKind
from copydesk.errors import LanguageError, NoArticleError
from copydesk.ingest.chrome import strip_chrome
from copydesk.ingest.hygiene import clean_article
from copydesk.ingest.inline import normalize_space

MAX_TITLE_WORDS = 25
DETECT_SAMPLE_CHARS = 3000
_NON_WORD = re.compile(r"[\W_]+")
# A first line that only names the author ("Von Gregory Lipinski", "By Jane Doe").
_BYLINE_LINE = re.compile(
    r"^(?i:von|by|par|door|por|di)\s+([A-ZÀ-Ý][\w'’.-]*(?:\s+[A-ZÀ-Ý][\w'’.-]*){0,3})$"
)
REPEAT_SEARCH_BLOCKS = 3


def finish_article(
    blocks: list[Block],
    *,
    title: str | None,
    standfirst: str | None = None,
    byline: str | None = None,
    date: str | None = None,
    url: str | None = None,
    language: str | None = None,
    metadata: dict[str, Any] | None = None,
    empty_message: str = "The input has no article body; paste the article text instead.",
    min_words: int = 1,
    title_from_body: bool = False,
) -> Article:
    """Tidy the blocks and metadata into an Article; NoArticleError if no body remains.

    ``title_from_body``: the title was made from the first block, which stays.
    """
    blocks = strip_chrome(blocks)
    title = normalize_space(title or "")
    if (not title and blocks and blocks[0].kind != BlockKind.IMAGE
            and len(blocks[0].plain.split()) <= MAX_TITLE_WORDS):
        title = blocks.pop(0).plain
    standfirst = normalize_space(standfirst or "") or None
    if not title_from_body:
        blocks = _drop_repeat(blocks, title)
    if standfirst:
        blocks = _drop_repeat(blocks, standfirst)
    byline = normalize_space(byline or "") or None
    if blocks and blocks[0].kind != BlockKind.IMAGE and (
            found := _BYLINE_LINE.match(blocks[0].plain)):
        byline = byline or found.group(1)
        blocks = blocks[1:]
    words = sum(len(block.plain.split()) for block in blocks if block.kind != BlockKind.IMAGE)
    if not title or words < min_words:
        raise NoArticleError(empty_message)
    return clean_article(Article(
        title=title,
        blocks=blocks,
        language=guess_language(language, blocks),
        standfirst=standfirst,
        byline=byline,
        date=date or None,
        url=url or None,
        metadata=metadata or {},
    ))


def same_text(a: str, b: str) -> bool:
    """Equal up to case, spacing and surrounding punctuation."""
    return _NON_WORD.sub("", a).casefold() == _NON_WORD.sub("", b).casefold()


def _drop_repeat(blocks: list[Block], text: str) -> list[Block]:
    """The blocks without a repeat of ``text`` among the first few."""
    return [block for index, block in enumerate(blocks)
            if index >= REPEAT_SEARCH_BLOCKS or block.kind == BlockKind.IMAGE
            or not same_text(block.plain, text)]


def guess_language(declared: str | None, blocks: list[Block]) -> str | None:
    """A confident guess from the text, else the declared language if we know it.

    The text wins because page templates often declare a default language
    that the article does not use.
    """
    sample = " ".join(block.plain for block in blocks
                      if block.kind != BlockKind.IMAGE)[:DETECT_SAMPLE_CHARS]
    for guess in (lambda: languages.detect(sample), lambda: languages.base(declared or "")):
        try:
            return guess()
        except LanguageError:
            continue
    return None
