"""The translated article laid out for the renderers.

``layout`` takes a ``Draft`` and returns a ``Page``: the headline, the
standfirst and the body as parsed inline trees, with consecutive list items
gathered into (possibly nested) lists. Renderers only walk this structure,
so HTML and Markdown agree on what the article contains.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


Part = Text | BulletList


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
    for block in draft.blocks:
        if block.kind == BlockKind.LIST_ITEM:
            bullets = body[-1] if body and isinstance(body[-1], BulletList) else None
            if bullets is None:
                bullets = BulletList()
                body.append(bullets)
            _add_item(bullets, ListItem(nodes(block)), max(1, block.level or 1))
        else:
            level = min(MAX_HEADING, max(MIN_HEADING, block.level or MIN_HEADING))
            body.append(Text(block.kind, nodes(block), level))
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
