"""The translated article laid out for the renderers.

``layout`` takes a ``Draft`` and returns a ``Page``: the headline, the
standfirst and the body as parsed inline trees, with consecutive list items
gathered into (possibly nested) lists, and each image with the caption right
after it (and its credit) as one figure. An image whose address the image
rule refuses (``links.image_source``) is left out; its caption stays.
Renderers only walk this structure, so HTML and Markdown agree on what the
article contains.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from copydesk import links
from copydesk.article import Block, BlockKind
from copydesk.pipeline import Draft, translated_text
from copydesk.publish import inline
from copydesk.publish.inline import Node

MIN_HEADING, MAX_HEADING = 2, 6  # h1 is the headline


@dataclass
class Text:
    """A paragraph, heading (``level`` 2-6), quote or caption."""

    kind: BlockKind
    nodes: list[Node]
    level: int = MAX_HEADING


@dataclass
class ListItem:
    nodes: list[Node]
    sublist: BulletList | None = None


@dataclass
class BulletList:
    items: list[ListItem] = field(default_factory=list)


@dataclass
class Figure:
    """An image (safe ``src``, translated ``alt``), its caption and its credit as written."""

    src: str
    alt: str
    credit: str | None = None
    caption: list[Node] | None = None


Part = Text | BulletList | Figure


@dataclass
class Page:
    language: str
    headline: list[Node]
    standfirst: list[Node] | None
    body: list[Part]

    @property
    def title(self) -> str:
        return " ".join(inline.plain(self.headline).split())


def layout(draft: Draft) -> Page:
    language = draft.target_language

    def nodes(block: Block) -> list[Node]:
        return inline.parse(translated_text(block, language), block.tags)

    body: list[Part] = []
    previous: BlockKind | None = None
    for block in draft.blocks:
        if block.kind == BlockKind.IMAGE:
            src = links.image_source(block.src)
            if src is not None:
                alt = " ".join(inline.plain(nodes(block)).split())
                body.append(Figure(src, alt, block.credit or None))
        elif (block.kind == BlockKind.CAPTION and previous == BlockKind.IMAGE and body
              and isinstance(body[-1], Figure) and body[-1].caption is None):
            body[-1].caption = nodes(block)
        elif block.kind == BlockKind.LIST_ITEM:
            bullets = body[-1] if body and isinstance(body[-1], BulletList) else None
            if bullets is None:
                bullets = BulletList()
                body.append(bullets)
            _add_item(bullets, ListItem(nodes(block)), max(1, block.level or 1))
        else:
            level = min(MAX_HEADING, max(MIN_HEADING, block.level or MIN_HEADING))
            body.append(Text(block.kind, nodes(block), level))
        previous = block.kind
    standfirst = nodes(draft.standfirst) if draft.standfirst else None
    return Page(language, nodes(draft.headline), standfirst, body)


def _add_item(bullets: BulletList, item: ListItem, depth: int) -> None:
    """Append at nesting ``depth`` (1 = top); a jump of several levels nests one deeper."""
    while depth > 1 and bullets.items:
        last = bullets.items[-1]
        if last.sublist is None:
            last.sublist = BulletList()
        bullets, depth = last.sublist, depth - 1
    bullets.items.append(item)
