"""The document model: an article, its blocks and their inline markup.

Inline markup (links, bold, italic, ...) lives inside a block's text as
protected tags so that it survives segmentation and translation:

* ``<g1>…</g1>`` a paired tag (bold, italic, link, ...), numbered per block;
* ``<x1/>`` a standalone tag (line break).

What each tag stands for is kept beside the text in ``Block.tags``
(``{"1": InlineTag(kind="link", attrs={"href": ...})}``), so engines and
editors only ever see short, neutral tags. Any other ``<`` or ``&`` in the
text is literal text, never markup. Plain text that would read as a tag
(``<g1>`` in an article about markup) goes into tagged text through
``escape_tags``, which gives its ``<`` the look-alike ``˂`` (U+02C2).

An image is a block of its own (kind ``image``): ``src`` is its address,
``text`` its alt text (plain text, no tags; translated like any other text,
since it is what a reader who cannot see the image gets; empty for a purely
decorative image) and ``credit`` the photo credit, kept as written and never
translated. The figure's caption is the ``caption`` block right after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from copydesk.errors import InputError

TAG_RE = re.compile(r"<g(\d+)>|</g(\d+)>|<x(\d+)/>")
LOOKALIKE_LT = "\u02c2"  # MODIFIER LETTER LEFT ARROWHEAD: looks like "<", is no quote


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    LIST_ITEM = "list_item"
    CAPTION = "caption"
    IMAGE = "image"


INLINE_KINDS = ("link", "bold", "italic", "code", "underline", "sup", "sub", "break")
# Paired tags open at once, at most: real articles nest two or three; readers drop the
# markup (not the text) beyond this, and renderers never build a deeper tree.
MAX_INLINE_DEPTH = 16


@dataclass(frozen=True)
class InlineTag:
    """What a protected tag stands for: ``kind`` plus attributes (``href`` for links)."""

    kind: str
    attrs: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "attrs": dict(self.attrs)}

    @classmethod
    def from_dict(cls, data: Any) -> InlineTag:
        data = _object(data, "An inline tag")
        kind = data.get("kind")
        if kind not in INLINE_KINDS:
            kinds = ", ".join(INLINE_KINDS)
            raise InputError(f"Unknown inline tag kind {kind!r}; use one of {kinds}.")
        attrs = _object(data.get("attrs") or {}, "A tag's 'attrs'")
        return cls(kind=kind, attrs={str(k): str(v) for k, v in attrs.items()})


@dataclass
class Segment:
    """One translatable unit (usually a sentence) of a block.

    ``id`` is stable within an article version (``"b3.s1"``: block 3, sentence 1).
    ``source`` and ``target`` carry the block's protected tags.
    """

    id: str
    source: str
    target: str | None = None
    origin: str | None = None  # "mt", "memory", "editor", "style-fix"
    signature: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def from_dict(cls, data: Any) -> Segment:
        data = _object(data, "A segment")
        if not isinstance(data.get("id"), str) or not isinstance(data.get("source"), str):
            raise InputError("Every segment needs an 'id' and a 'source' string.")
        return cls(id=data["id"], source=data["source"], target=data.get("target"),
                   origin=data.get("origin"), signature=data.get("signature"))


@dataclass
class Block:
    """A paragraph, heading, quote, list item, image (``src``, alt text, ``credit``) or
    caption."""

    kind: BlockKind
    text: str
    tags: dict[str, InlineTag] = field(default_factory=dict)
    level: int | None = None  # heading level (2-6) or list nesting
    segments: list[Segment] = field(default_factory=list)
    src: str | None = None  # an image's address (images only)
    credit: str | None = None  # an image's credit, as written (images only)

    @property
    def plain(self) -> str:
        return plain_text(self.text)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind.value, "text": self.text}
        if self.tags:
            data["tags"] = {tid: tag.to_dict() for tid, tag in self.tags.items()}
        if self.level is not None:
            data["level"] = self.level
        if self.src is not None:
            data["src"] = self.src
        if self.credit is not None:
            data["credit"] = self.credit
        if self.segments:
            data["segments"] = [s.to_dict() for s in self.segments]
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Block:
        data = _object(data, "A block")
        try:
            kind = BlockKind(data.get("kind", "paragraph"))
        except ValueError:
            kinds = ", ".join(k.value for k in BlockKind)
            raise InputError(
                f"Unknown block kind {data.get('kind')!r}; use one of {kinds}.") from None
        text = data.get("text")
        if not isinstance(text, str):
            raise InputError("Every block needs a 'text' string.")
        tags = {str(k): InlineTag.from_dict(v)
                for k, v in _object(data.get("tags") or {}, "A block's 'tags'").items()}
        segments = data.get("segments") or []
        level = data.get("level")
        if not isinstance(segments, list):
            raise InputError("A block's 'segments' must be a list of segments.")
        if level is not None and (not isinstance(level, int) or isinstance(level, bool)):
            raise InputError(f"A block's 'level' must be a whole number, not {level!r}.")
        src, credit = _image_fields(kind, data, tags)
        return cls(kind=kind, text=text, tags=tags, level=level,
                   segments=[Segment.from_dict(s) for s in segments], src=src, credit=credit)


def _image_fields(kind: BlockKind, data: dict[str, Any],
                  tags: dict[str, InlineTag]) -> tuple[str | None, str | None]:
    """An image block's ``src`` and ``credit``; other blocks have neither."""
    src, credit = data.get("src"), data.get("credit")
    if kind != BlockKind.IMAGE:
        if src is not None or credit is not None:
            raise InputError("Only an image block has a 'src' or a 'credit'; give the block "
                             "\"kind\": \"image\" or remove them.")
        return None, None
    if not isinstance(src, str) or not src.strip():
        raise InputError("An image block needs a 'src' string: the image's address.")
    if credit is not None and not isinstance(credit, str):
        raise InputError(f"An image's 'credit' must be a string, not {credit!r}.")
    if tags:
        raise InputError("An image block's text is its alt text, which has no markup; "
                         "remove its 'tags'.")
    return src, credit


ARTICLE_FIELDS = ("title", "standfirst", "byline", "date", "url", "language")


@dataclass
class Article:
    """A news article in one language: metadata plus body blocks."""

    title: str
    blocks: list[Block]
    language: str | None = None
    standfirst: str | None = None
    byline: str | None = None
    date: str | None = None  # ISO 8601 date or datetime, as published
    url: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # notes for the editor from ingest

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {k: getattr(self, k) for k in ARTICLE_FIELDS}
        data["blocks"] = [b.to_dict() for b in self.blocks]
        if self.metadata:
            data["metadata"] = self.metadata
        if self.warnings:
            data["warnings"] = list(self.warnings)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Article:
        if not isinstance(data, dict):
            raise InputError("An article in JSON must be an object with 'title' and 'blocks'.")
        title = data.get("title")
        blocks = data.get("blocks")
        if not isinstance(title, str) or not title.strip():
            raise InputError("The article JSON has no 'title'; add a non-empty title string.")
        if not isinstance(blocks, list):
            raise InputError(
                "The article JSON has no 'blocks' list; add the body as a list of blocks.")
        fields = {k: data.get(k) for k in ARTICLE_FIELDS if k != "title"}
        for name, value in fields.items():
            if value is not None and not isinstance(value, str):
                raise InputError(f"The article's '{name}' must be a string, not {value!r}.")
        parsed = []
        for number, block in enumerate(blocks, 1):
            try:
                parsed.append(Block.from_dict(block))
            except InputError as err:
                raise InputError(f"Block {number}: {err}") from None
        warnings = data.get("warnings") or []
        if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
            raise InputError("The article's 'warnings' must be a list of strings.")
        return cls(title=title, blocks=parsed,
                   metadata=dict(_object(data.get("metadata") or {}, "The article's 'metadata'")),
                   warnings=list(warnings), **fields)


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{what} must be a JSON object, not {type(value).__name__}.")
    return value


def plain_text(tagged: str) -> str:
    """The text without protected tags (a ``<x/>`` break becomes a space)."""
    return TAG_RE.sub(lambda m: " " if m.group(3) else "", tagged)


def escape_tags(text: str) -> str:
    """Plain text made safe to use as tagged text: nothing in it reads as a protected tag."""
    return TAG_RE.sub(lambda m: LOOKALIKE_LT + m.group(0)[1:], text)


def mask_tags(tagged: str) -> str:
    """The text with every protected tag blanked out by spaces of the same length.

    Offsets stay valid, so checks can search the masked text and report spans
    in the original.
    """
    return TAG_RE.sub(lambda m: " " * len(m.group(0)), tagged)


def tag_ids(tagged: str) -> list[str]:
    """Tag tokens in order of appearance, e.g. ``["g1", "/g1", "x2"]``."""
    out = []
    for m in TAG_RE.finditer(tagged):
        if m.group(1):
            out.append("g" + m.group(1))
        elif m.group(2):
            out.append("/g" + m.group(2))
        else:
            out.append("x" + m.group(3))
    return out
