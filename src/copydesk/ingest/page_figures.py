"""Figures on a web page, around main-content extraction.

Extraction decides which images belong to the article, but keeps neither a
figure's caption nor its credit, and drops some figures outright. So
``collect`` reads the page's figures before it runs (with the text just
before and after each), and ``place`` gives each extracted image its
figure's caption and credit (``figures.read_figure``), drops the pieces of
caption that extraction left as paragraphs, and puts a figure that
extraction dropped back next to the article text it stood beside. A figure
beside no article text (a teaser, a sidebar) stays out, and so does one whose
caption is a headline or a single link (a teaser for another article).

Both steps take one pass over the page and the blocks (dictionaries, no
search per pair), so a long page costs no more than reading it.
"""

from __future__ import annotations

import copy
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from lxml.etree import _Element

from copydesk.article import Block, BlockKind
from copydesk.ingest import figures
from copydesk.ingest.figures import Inline
from copydesk.ingest.inline import image_target, normalize_space

MAX_FIGURES = 200  # per page: more is a gallery page, not an article
KEY_CHARS = 40  # letters and digits that identify a paragraph beside a figure
MIN_KEY_CHARS = 12
RESIDUE_BLOCKS = 3  # paragraphs after an image checked for caption pieces
_NON_WORD = re.compile(r"[\W_]+")
_TEXT_BLOCKS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "dd"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass
class PageFigure:
    """A figure of a web page, copied before extraction, with the text around it."""

    element: _Element
    before: str  # key of the text block just before it in the page
    after: str  # key of the text block just after it
    used: bool = False


def collect(tree: _Element) -> list[PageFigure]:
    """The page's figures that have an image and are no teaser, in page order (one pass
    over the page, so a long page costs no more than reading it)."""
    order: dict[_Element, int] = {}
    texts: list[tuple[int, str]] = []
    found: list[_Element] = []
    for number, element in enumerate(tree.iter()):
        order[element] = number
        if not isinstance(element.tag, str):
            continue
        if element.tag in _TEXT_BLOCKS:
            key = text_key(element.text_content())
            if len(key) >= MIN_KEY_CHARS:
                texts.append((number, key))
        if figures.is_figure(element) and len(found) < MAX_FIGURES and figures.images(element) \
                and not any(figures.inside(element, earlier) for earlier in found[-3:]):
            found.append(element)
    positions = [number for number, _ in texts]
    collected = []
    for element in found:
        if _is_teaser(element):
            continue
        start, end = order[element], max(order[e] for e in element.iter())
        before = bisect_left(positions, start) - 1
        after = bisect_right(positions, end)
        collected.append(PageFigure(
            element=copy.deepcopy(element),
            before=texts[before][1] if before >= 0 else "",
            after=texts[after][1] if after < len(texts) else ""))
    return collected


def _is_teaser(figure: _Element) -> bool:
    caption = figures.caption_element(figure)
    if caption is None:
        return False
    if any(e.tag in _HEADINGS for e in caption.iter()):
        return True
    text = normalize_space(caption.text_content())
    if not text or figures.starts_with_credit(text):
        return False
    linked = sum(len(normalize_space(a.text_content())) for a in caption.iter("a"))
    return linked >= len(text) * 0.8


def text_key(text: str) -> str:
    """What identifies a paragraph on both sides of extraction: its first letters and digits."""
    return _NON_WORD.sub("", text).casefold()[:KEY_CHARS]


def place(blocks: list[Block], collected: list[PageFigure], base_url: str | None,
          inline: Inline) -> list[Block]:
    """The extracted blocks with each image's figure (caption, credit) filled in, caption
    pieces left as paragraphs removed, and dropped figures put back beside their text."""
    by_address: dict[str, PageFigure] = {}
    for figure in collected:
        for img in figures.images(figure.element):
            for raw in figures.image_addresses(img):
                address = image_target(raw, base_url)
                if address:
                    by_address.setdefault(address, figure)
    out: list[Block] = []
    for block in blocks:
        found = by_address.get(block.src or "") if block.kind == BlockKind.IMAGE else None
        if found is None:
            out.append(block)
        elif not found.used:
            found.used = True
            out += figures.read_figure(found.element, base_url, inline)
    out = _without_residue(out)
    return _put_back([f for f in collected if not f.used], out, base_url, inline)


def _loose_key(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text).casefold().split())


def _without_residue(blocks: list[Block]) -> list[Block]:
    """Drop the paragraphs right after a figure that only repeat a piece of its caption or
    credit (extraction keeps those as text)."""
    out: list[Block] = []
    figure_text, left = "", 0
    for block in blocks:
        if block.kind == BlockKind.IMAGE:
            figure_text = _loose_key(" ".join(filter(None, (block.plain, block.credit))))
            left = RESIDUE_BLOCKS
            out.append(block)
            continue
        if block.kind == BlockKind.CAPTION and left:
            figure_text += " " + _loose_key(block.plain)
            out.append(block)
            continue
        piece = _loose_key(block.plain)
        if left and piece and f" {piece} " in f" {figure_text} ":
            left -= 1
            continue
        left = 0
        out.append(block)
    return out


def _put_back(left: list[PageFigure], blocks: list[Block], base_url: str | None,
              inline: Inline) -> list[Block]:
    """Insert each figure before the block that followed it on the page, else after the
    one before it; a figure beside no extracted text is not part of the article."""
    starts: dict[str, int] = {}
    for index, block in enumerate(blocks):
        if block.kind != BlockKind.IMAGE:
            starts.setdefault(text_key(block.plain), index)
    before: dict[int, list[Block]] = {}
    after: dict[int, list[Block]] = {}
    for figure in left:
        if len(figure.after) >= MIN_KEY_CHARS and figure.after in starts:
            before.setdefault(starts[figure.after], []).extend(
                figures.read_figure(figure.element, base_url, inline))
        elif len(figure.before) >= MIN_KEY_CHARS and figure.before in starts:
            after.setdefault(starts[figure.before], []).extend(
                figures.read_figure(figure.element, base_url, inline))
    if not before and not after:
        return blocks
    return _without_residue(list(_merged(blocks, before, after)))


def _merged(blocks: list[Block], before: dict[int, list[Block]],
            after: dict[int, list[Block]]) -> Iterator[Block]:
    for index, block in enumerate(blocks):
        yield from before.get(index, [])
        yield block
        yield from after.get(index, [])
