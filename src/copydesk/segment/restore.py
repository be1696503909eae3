"""Putting protected tags back into a translation made without them.

Engines that cannot carry tags get the plain sentence (``strip_tags``) and,
separately, the plain text inside each paired tag (``inner_texts``). Their
two answers are combined here, tag by tag, outermost first, each inside the
span already found for the tag around it:

1. a tag that covers all of its surroundings (the whole sentence, perhaps
   without its final punctuation or quotes) wraps all of the translation;
2. otherwise the translated inner text is looked for in the translation:
   exactly, then ignoring case, then as the most similar run of whole words
   (rapidfuzz, ``FUZZY_THRESHOLD``), then exactly inside a longer word (the
   only option in Chinese or Japanese; elsewhere the whole word is wrapped);
   among several matches the one nearest the tag's proportional position wins;
3. when nothing matches, the tag wraps as many words as it covered in the
   source, at its proportional position. An editor would rather move a link
   than lose it, so a tag is never left empty or detached from the text
   (unless the translation has no words at all).

Placements made by similarity, inside a longer word or by position are
*uncertain*:
``RestoredText.uncertain`` lists their tag ids so the checks can ask an
editor to look. Standalone tags (line breaks) go to their proportional
position, snapped to a word boundary. Any tag-like text the engine invented
is dropped first. The result is always well formed: every paired tag of the
source exactly once, properly nested, each opened before it is closed.
With the identity "translation" the original tagged text comes back exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from copydesk.article import TAG_RE
from copydesk.segment import placement
from copydesk.segment.markup import PairedTag, StandaloneTag, TaggedSpans
from copydesk.segment.placement import EDGE, Region, Span

UNCERTAIN_METHODS = frozenset({"fuzzy", "partial", "position"})


@dataclass(frozen=True)
class Placement:
    """How a paired tag was put back.

    Certain: ``whole``, ``exact``, ``case``, ``empty`` (an empty tag stays empty).
    Uncertain: ``fuzzy`` (with its similarity score), ``partial`` (found inside a
    longer word, which it now wraps) and ``position`` (nothing matched).
    """

    tag_id: str
    method: str
    score: float = 100.0

    @property
    def uncertain(self) -> bool:
        return self.method in UNCERTAIN_METHODS


class RestoredText(str):
    """The translation with its tags, plus how each paired tag was placed."""

    placements: tuple[Placement, ...]

    def __new__(cls, text: str, placements: tuple[Placement, ...] = ()) -> RestoredText:
        restored = super().__new__(cls, text)
        restored.placements = placements
        return restored

    @property
    def uncertain(self) -> tuple[str, ...]:
        """Ids of the paired tags an editor should check."""
        return tuple(p.tag_id for p in self.placements if p.uncertain)


def restore_tags(
    spans: TaggedSpans, translated_plain: str, translated_inner: Mapping[str, str]
) -> RestoredText:
    """Put the tags of ``spans`` into ``translated_plain`` (see the module docstring).

    ``translated_inner`` maps tag ids (as in ``Block.tags``) to the engine's
    translation of each tag's inner text; a missing id means "unchanged".
    """
    target = TAG_RE.sub("", translated_plain)
    found: dict[str | None, Span] = {None: (0, len(target))}
    placements = []
    for tag in spans.paired:
        region = _region(spans, target, found, tag)
        wanted = TAG_RE.sub("", translated_inner.get(tag.id) or tag.text)
        found[tag.id], how = _place(spans, tag, region, wanted)
        placements.append(how)
    layout = _Layout(spans, target, found)
    return RestoredText(layout.render(None, 0, len(target)), tuple(placements))


def _source_span(spans: TaggedSpans, tag_id: str | None) -> Span:
    if tag_id is None:
        return 0, len(spans.plain)
    tag = next(t for t in spans.paired if t.id == tag_id)
    return tag.start, tag.end


def _region(
    spans: TaggedSpans, target: str, found: dict[str | None, Span], tag: PairedTag | StandaloneTag
) -> Region:
    """The parent's span in the translation, and where the tag is expected inside it."""
    src_lo, src_hi = _source_span(spans, tag.parent)
    lo, hi = found[tag.parent]
    start = tag.start if isinstance(tag, PairedTag) else tag.position
    share = (start - src_lo) / (src_hi - src_lo) if src_hi > src_lo else 0.0
    siblings = tuple(
        found[t.id] for t in spans.paired if t.parent == tag.parent and t.id in found
    )
    return Region(target, lo, hi, lo + share * (hi - lo), siblings)


def _place(
    spans: TaggedSpans, tag: PairedTag, region: Region, wanted: str
) -> tuple[Span, Placement]:
    if not tag.text.strip():
        position = placement.snap(region, spaced=False)
        return (position, position), Placement(tag.id, "empty")
    src_lo, src_hi = _source_span(spans, tag.parent)
    if tag.text.strip(EDGE) == spans.plain[src_lo:src_hi].strip(EDGE):
        span = _whole(region, spans.plain[src_lo : tag.start], spans.plain[tag.end : src_hi])
        if region.is_free(span):
            return span, Placement(tag.id, "whole")
    # A tag that cut through a word in the source may cut through one here too.
    source_words = Region(spans.plain, 0, len(spans.plain), 0).on_word_edges((tag.start, tag.end))
    if found := _find_text(region, wanted, whole_words=source_words):
        return found[0], Placement(tag.id, found[1])
    if fuzzy := placement.find_fuzzy(region, wanted):
        return fuzzy[0], Placement(tag.id, "fuzzy", fuzzy[1])
    if found := _find_text(region, wanted, whole_words=False):
        if any(char.isspace() for char in region.target):
            return placement.widen_to_words(region, found[0]), Placement(tag.id, "partial")
        return found[0], Placement(tag.id, found[1])
    return placement.guess(region, tag.text), Placement(tag.id, "position", 0.0)


def _find_text(region: Region, wanted: str, whole_words: bool) -> tuple[Span, str] | None:
    """The translated inner text in the translation, exactly or ignoring case.

    Matches inside a word (``braun`` in ``braune``) are only taken after the
    similarity search failed; in Chinese or Japanese nothing else is possible,
    elsewhere the tag then wraps the whole word and is reported as uncertain.
    """
    for method, ignore_case in (("exact", False), ("case", True)):
        for needle in placement.needles(wanted):
            if span := placement.find_exact(region, needle, ignore_case, whole_words):
                return span, method
    return None


def _whole(region: Region, prefix: str, suffix: str) -> Span:
    """All of the region, less the edge punctuation the source tag left outside too."""
    text, start, end = region.target, region.lo, region.hi
    left = EDGE if prefix.strip() else " \t\n\u00a0\u202f"
    right = EDGE if suffix.strip() else " \t\n\u00a0\u202f"
    while start < end and text[start] in left:
        start += 1
    while end > start and text[end - 1] in right:
        end -= 1
    return start, end


class _Layout:
    """Writes the translation with the tags at their spans, always well formed."""

    def __init__(self, spans: TaggedSpans, target: str, found: dict[str | None, Span]) -> None:
        self.spans = spans
        self.target = target
        self.found = found
        self.breaks = {
            tag.id: placement.snap(_region(spans, target, found, tag), tag.spaced)
            for tag in spans.standalone
        }

    def render(self, parent: str | None, lo: int, hi: int) -> str:
        items: list[tuple[int, int, PairedTag | StandaloneTag]] = [
            (self.found[t.id][0], t.index, t) for t in self.spans.paired if t.parent == parent
        ]
        items += [
            (self.breaks[t.id], t.index, t) for t in self.spans.standalone if t.parent == parent
        ]
        out: list[str] = []
        cursor = lo
        for position, _, tag in sorted(items, key=lambda item: item[:2]):
            start = min(max(position, cursor), hi)
            out.append(self.target[cursor:start])
            if isinstance(tag, PairedTag):
                end = min(max(self.found[tag.id][1], start), hi)
                out.append(f"<g{tag.id}>{self.render(tag.id, start, end)}</g{tag.id}>")
                cursor = end
            else:
                out.append(f"<x{tag.id}/>")
                cursor = start
                if tag.spaced and start == position and start < hi and self.target[start].isspace():
                    cursor += 1
        out.append(self.target[cursor:hi])
        return "".join(out)
