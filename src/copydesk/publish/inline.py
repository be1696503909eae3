"""Protected tags back to inline markup, as a small tree the renderers walk.

A translated block's text carries ``<g1>…</g1>`` / ``<x1/>`` tags and the
block's ``tags`` table says what each one is. ``parse`` turns that into a
list of ``str`` (text) and ``Inline`` nodes. It never fails: a tag the table
does not know, or a link to an unsafe address, keeps its text and loses its
markup (kind ``span``; the rule is :func:`copydesk.links.safe_link`, and the
normalised target is what the renderers write), a closing tag without an
opening one is dropped, and tags an engine left open or crossed are closed
where the block (or the enclosing tag) ends, so every output stays well formed.
Markup nested deeper than ``MAX_INLINE_DEPTH`` keeps only its text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from copydesk import links
from copydesk.article import MAX_INLINE_DEPTH, TAG_RE, InlineTag


@dataclass
class Inline:
    """One piece of inline markup: ``kind`` as in ``copydesk.article.INLINE_KINDS``."""

    kind: str
    attrs: Mapping[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)


Node = str | Inline


def parse(tagged: str, tags: Mapping[str, InlineTag]) -> list[Node]:
    """The tagged text of one block as a tree of text and inline markup."""
    root = Inline("root")
    stack: list[tuple[str | None, Inline]] = [(None, root)]
    position = 0
    for match in TAG_RE.finditer(tagged):
        _add_text(stack[-1][1], tagged[position:match.start()])
        position = match.end()
        opening, closing, standalone = match.groups()
        if opening:
            if len(stack) > MAX_INLINE_DEPTH:
                continue  # its text joins the parent; its closing tag finds nothing to close
            node = Inline(*_describe(tags.get(opening)))
            if node.kind == "link" and any(n.kind == "link" for _, n in stack):
                node = Inline("span")  # a link inside a link is neither HTML nor Markdown
            stack[-1][1].children.append(node)
            stack.append((opening, node))
        elif closing:
            open_ids = [tid for tid, _ in stack]
            if closing in open_ids:
                del stack[open_ids.index(closing):]
        elif (tag := tags.get(standalone)) and tag.kind == "break":
            stack[-1][1].children.append(Inline("break"))
    _add_text(stack[-1][1], tagged[position:])
    return root.children


def plain(nodes: list[Node]) -> str:
    """The text of a tree, with breaks as spaces."""
    return "".join(n if isinstance(n, str) else " " if n.kind == "break" else plain(n.children)
                   for n in nodes)


def _describe(tag: InlineTag | None) -> tuple[str, Mapping[str, str]]:
    if tag is None or tag.kind == "break":
        return "span", {}
    if tag.kind == "link":
        href = links.safe_link(tag.attrs.get("href"))
        title = tag.attrs.get("title")
        return ("link", {"href": href, **({"title": title} if title else {})}) if href \
            else ("span", {})
    return tag.kind, {}


def _add_text(parent: Inline, text: str) -> None:
    if not text:
        return
    if parent.children and isinstance(parent.children[-1], str):
        parent.children[-1] += text
    else:
        parent.children.append(text)
