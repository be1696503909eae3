"""Reading a block's protected tags: where they sit and what plain text they cover.

A tagged text is scanned once into its plain text (tags removed), the offset
of every plain character in the tagged text, and how many paired tags are open
around it. Splitting uses the offsets to cut the tagged text; tag protection
uses the spans to send plain text to engines that cannot carry tags.

A standalone tag (``<x1/>``, a line break) that sits between two words with
no space becomes a space in the plain text, so the words do not run together;
it is marked ``spaced`` and takes that space's place again on the way back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from copydesk.article import TAG_RE
from copydesk.errors import InputError

_NEXT_CHAR = re.compile(rf"(?:{TAG_RE.pattern})*(?P<char>.)", re.DOTALL)
_FIX_MARKUP = (
    "fix the block's inline markup so that every <gN> is closed by its </gN>, innermost first"
)


@dataclass(frozen=True)
class PairedTag:
    """A ``<gN>…</gN>`` pair: the plain text it covers, as offsets into ``TaggedSpans.plain``."""

    id: str
    start: int
    end: int
    text: str
    parent: str | None = None  # the id of the paired tag around this one
    index: int = 0  # where its opening tag sits in the tagged text (keeps source order)


@dataclass(frozen=True)
class StandaloneTag:
    """A ``<xN/>`` tag and its position in the plain text."""

    id: str
    position: int
    spaced: bool = False  # a space stands in for it in the plain text
    parent: str | None = None
    index: int = 0


@dataclass(frozen=True)
class TaggedSpans:
    """A tagged sentence taken apart: plain text plus where each tag was."""

    tagged: str
    plain: str
    paired: tuple[PairedTag, ...] = ()  # in order of their opening tags
    standalone: tuple[StandaloneTag, ...] = ()


@dataclass
class Scan:
    """Plain text of a tagged text, with each plain character's offset and tag depth."""

    spans: TaggedSpans
    offsets: list[int] = field(default_factory=list)
    depths: list[int] = field(default_factory=list)
    synthetic: set[int] = field(default_factory=set)  # plain indices of spaces standing for <x/>


def strip_tags(tagged: str) -> TaggedSpans:
    """The plain text of ``tagged`` and the spans its tags cover.

    Raises ``InputError`` when paired tags are not properly nested.
    """
    return scan(tagged).spans


def inner_texts(spans: TaggedSpans) -> dict[str, str]:
    """The plain text inside each paired tag, keyed by tag id, to be translated on its own."""
    return {tag.id: tag.text for tag in spans.paired if tag.text.strip()}


def scan(tagged: str) -> Scan:
    """Take ``tagged`` apart in one pass (see the module docstring)."""
    builder = _Builder(tagged)
    pos = 0
    for m in TAG_RE.finditer(tagged):
        builder.add_text(pos, m.start())
        if m.group(1):
            builder.open(m.group(1), m.start())
        elif m.group(2):
            builder.close(m.group(2))
        else:
            builder.standalone(m.group(3), m.start(), m.end())
        pos = m.end()
    builder.add_text(pos, len(tagged))
    return builder.finish()


class _Builder:
    def __init__(self, tagged: str) -> None:
        self.tagged = tagged
        self.chars: list[str] = []
        self.result = Scan(spans=TaggedSpans(tagged, ""))
        self.stack: list[tuple[str, int, int]] = []  # (id, plain start, tagged index)
        self.paired: list[PairedTag] = []
        self.breaks: list[StandaloneTag] = []
        self.seen: set[str] = set()

    def add_text(self, start: int, end: int) -> None:
        depth = len(self.stack)
        self.chars.extend(self.tagged[start:end])
        self.result.offsets.extend(range(start, end))
        self.result.depths.extend([depth] * (end - start))

    def open(self, tag_id: str, index: int) -> None:
        if tag_id in self.seen:
            raise InputError(f"The tag <g{tag_id}> appears twice in one text; {_FIX_MARKUP}.")
        self.seen.add(tag_id)
        self.stack.append((tag_id, len(self.chars), index))

    def close(self, tag_id: str) -> None:
        if not self.stack or self.stack[-1][0] != tag_id:
            expected = f"</g{self.stack[-1][0]}>" if self.stack else "no closing tag"
            raise InputError(f"Found </g{tag_id}> where {expected} was expected; {_FIX_MARKUP}.")
        _, start, index = self.stack.pop()
        parent = self.stack[-1][0] if self.stack else None
        text = "".join(self.chars[start:])
        self.paired.append(PairedTag(tag_id, start, len(self.chars), text, parent, index))

    def standalone(self, tag_id: str, index: int, end: int) -> None:
        if tag_id in self.seen:
            raise InputError(f"The tag <x{tag_id}/> appears twice in one text; {_FIX_MARKUP}.")
        self.seen.add(tag_id)
        before = self.chars[-1] if self.chars else " "
        following = _NEXT_CHAR.match(self.tagged, end)
        after = following.group("char") if following else " "
        spaced = not before.isspace() and not after.isspace()
        parent = self.stack[-1][0] if self.stack else None
        self.breaks.append(StandaloneTag(tag_id, len(self.chars), spaced, parent, index))
        if spaced:
            self.result.synthetic.add(len(self.chars))
            self.chars.append(" ")
            self.result.offsets.append(index)
            self.result.depths.append(len(self.stack))

    def finish(self) -> Scan:
        if self.stack:
            raise InputError(f"The tag <g{self.stack[-1][0]}> is never closed; {_FIX_MARKUP}.")
        plain = "".join(self.chars)
        paired = tuple(sorted(self.paired, key=lambda tag: tag.index))
        self.result.spans = TaggedSpans(self.tagged, plain, paired, tuple(self.breaks))
        return self.result
