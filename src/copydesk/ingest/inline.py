"""Building a block's text with protected inline tags.

Readers feed literal text, opening and closing inline markup and line breaks
into a :class:`BlockBuilder`; it returns the block text with ``<gN>…</gN>`` /
``<xN/>`` tags numbered from 1, whitespace collapsed, empty markup dropped and
spaces moved outside tags (``<g1> word </g1>`` becomes `` <g1>word</g1> ``).

Literal text that would read as a protected tag (``<g1>`` typed in an
article about markup) has its ``<`` replaced by the look-alike ``˂``
(U+02C2, which the house style does not take for a quotation mark), so
every tag in a block's text is one the reader put there.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from copydesk import links
from copydesk.article import LOOKALIKE_LT, MAX_INLINE_DEPTH, TAG_RE, Block, BlockKind, InlineTag

# A literal "<" that could start a protected tag, now or once pieces are joined.
_RISKY_LT = re.compile(r"<(?=/?(?:[gx]|$))")
# Whitespace to collapse; no-break spaces are typography (French « », "10 %") and stay.
_SPACES = re.compile(r"[^\S\u00a0\u202f]+")
# Invisible characters that only break words apart for search and translation.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
_OPEN_THEN_SPACE = re.compile(r"(<g\d+>)( +)")
_SPACE_THEN_CLOSE = re.compile(r"( +)(</g\d+>)")
_EMPTY_PAIR = re.compile(r"<g(\d+)></g\1>")
_AROUND_BREAK = re.compile(r" *(<x\d+/>) *")
_EDGE_BREAKS = re.compile(r"^(?:<x\d+/>)+|(?:<x\d+/>)+$")


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace to one space, drop soft hyphens, strip the ends."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


class BlockBuilder:
    """Collects the pieces of one block and turns them into text plus tags."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._literal: list[str] = []
        self._tags: dict[str, InlineTag] = {}
        self._open: list[str] = []

    def text(self, literal: str | None) -> None:
        if literal:
            self._literal.append(literal)

    def open(self, kind: str, **attrs: str) -> None:
        self._flush()
        if len(self._open) >= MAX_INLINE_DEPTH:
            self._open.append("")  # too deep: the text stays, the markup goes
            return
        tag_id = str(len(self._tags) + 1)
        self._tags[tag_id] = InlineTag(kind, dict(attrs))
        self._open.append(tag_id)
        self._parts.append(f"<g{tag_id}>")

    def close(self) -> None:
        self._flush()
        tag_id = self._open.pop()
        if tag_id:
            self._parts.append(f"</g{tag_id}>")

    def line_break(self) -> None:
        self._flush()
        tag_id = str(len(self._tags) + 1)
        self._tags[tag_id] = InlineTag("break")
        self._parts.append(f"<x{tag_id}/>")

    def build(self) -> tuple[str, dict[str, InlineTag]]:
        """The finished text and its tags, renumbered in order of appearance."""
        self._flush()
        while self._open:
            self.close()
        text = _tidy("".join(self._parts))
        return renumber(text, self._tags)

    def block(self, kind: BlockKind, level: int | None = None) -> Block | None:
        """The finished block, or None when it holds no text."""
        text, tags = self.build()
        if not text:
            return None
        return Block(kind=kind, text=text, tags=tags, level=level)

    def _flush(self) -> None:
        if self._literal:
            literal = _INVISIBLE.sub("", "".join(self._literal))
            self._parts.append(_RISKY_LT.sub(LOOKALIKE_LT, literal))
            self._literal = []


def _tidy(text: str) -> str:
    text = _SPACES.sub(" ", text)
    previous = None
    while previous != text:
        previous = text
        text = _OPEN_THEN_SPACE.sub(r"\2\1", text)
        text = _SPACE_THEN_CLOSE.sub(r"\2\1", text)
        text = _EMPTY_PAIR.sub("", text)
        text = _AROUND_BREAK.sub(r"\1", text)
        text = _EDGE_BREAKS.sub("", text.strip())
        text = re.sub(" {2,}", " ", text)
    if not plain_has_text(text):
        return ""
    return text


def plain_has_text(text: str) -> bool:
    return bool(TAG_RE.sub("", text).strip())


def renumber(text: str, tags: dict[str, InlineTag]) -> tuple[str, dict[str, InlineTag]]:
    """Tag ids renumbered from 1 in order of appearance; tags the text no longer uses go."""
    new_ids: dict[str, str] = {}
    new_tags: dict[str, InlineTag] = {}

    def replace(match: re.Match[str]) -> str:
        old = match.group(1) or match.group(2) or match.group(3)
        if old not in new_ids:
            new_ids[old] = str(len(new_ids) + 1)
            new_tags[new_ids[old]] = tags[old]
        new = new_ids[old]
        if match.group(1):
            return f"<g{new}>"
        return f"</g{new}>" if match.group(2) else f"<x{new}/>"

    return TAG_RE.sub(replace, text), new_tags


def link_target(target: str | None, base_url: str | None) -> str | None:
    """A link's address, made absolute; in-page anchors and empty targets are no links.

    A target the link rule refuses is passed on as it is, so the article's
    cleaning drops it with a note to the editor.
    """
    safe = links.safe_link(target)
    if safe is None:
        return target if target and links.normalize(target) else None
    if safe.startswith("#"):
        return None
    try:
        return urljoin(base_url, safe) if base_url else safe
    except ValueError:  # an address urljoin cannot parse ("http://[::1"): kept as written
        return safe


def image_target(source: str | None, base_url: str | None) -> str | None:
    """An image's address, made absolute; ``None`` when there is none.

    An address the image rule refuses is passed on as it is, so the article's
    cleaning leaves the image out with a note to the editor.
    """
    safe = links.image_source(source)
    if safe is None:
        return source if source and links.normalize(source) else None
    try:
        return urljoin(base_url, safe) if base_url else safe
    except ValueError:
        return safe
