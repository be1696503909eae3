"""The review screen's filters: which segments the editor sees, and how many each one keeps.

An editor narrows the sheet to the unconfirmed segments, those with open issues (any, or of
one severity), those changed in the new source version, those with open comments, or those
whose draft came from one kind of match. The filter is chosen with ``?show=`` so a reload
or a shared link keeps it; the server applies it as it renders the page (nothing flashes),
and the page's script filters again as the editor works, from the same facts the segments
carry as classes and data attributes (``confirmed``, ``needs-work``, ``data-issues``,
``data-comments``, ``data-match``). Segments of a block left out of the translation need no
review: every filter but *All* hides them, and no count includes them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from copydesk.desk import streaming
from copydesk.desk.models import SegmentState
from copydesk.desk.sheet import Sheet, SheetSegment

ALL = "all"
MAX_SHOW_CHARS = 32  # longer than any filter's name: refused before it is normalised
SHOWN_CHARS = 24  # how much of a refused value the message repeats


@dataclass(frozen=True)
class Filter:
    value: str  # as in ?show=
    label: str
    group: str  # "state", "severity" or "match": how the bar groups its buttons
    keeps: Callable[[SheetSegment], bool]
    empty: str  # what the screen says when nothing is left


def _unconfirmed(item: SheetSegment) -> bool:
    return item.segment.state != SegmentState.CONFIRMED


def _severity(severity: str) -> Callable[[SheetSegment], bool]:
    return lambda item: severity in item.open_severities


def _match(kind: str) -> Callable[[SheetSegment], bool]:
    return lambda item: item.match_type == kind


FILTERS: dict[str, Filter] = {f.value: f for f in (
    Filter(ALL, "All", "state", lambda item: True, ""),
    Filter("unconfirmed", "Unconfirmed", "state", _unconfirmed,
           "No unconfirmed segments: everything is confirmed."),
    Filter("issues", "With issues", "state", lambda item: bool(item.open_severities),
           "No segment has an open issue."),
    Filter("changed", "Changed in source", "state", lambda item: item.segment.needs_work,
           "No segment is left that changed in the new source version."),
    Filter("comments", "With comments", "state", lambda item: item.open_comments > 0,
           "No segment has an open comment."),
    Filter("blocker", "Blocker", "severity", _severity("blocker"),
           "No segment has an open blocker."),
    Filter("major", "Major", "severity", _severity("major"), "No segment has an open major issue."),
    Filter("minor", "Minor", "severity", _severity("minor"), "No segment has an open minor issue."),
    Filter("in-context", "In-context match", "match", _match("in-context"),
           "No segment's draft is an in-context match from the memory."),
    Filter("exact", "Exact match (100%)", "match", _match("exact"),
           "No segment's draft is an exact match from the memory."),
    Filter("fuzzy", "Fuzzy suggestions", "match", _match("fuzzy"),
           "No segment has fuzzy suggestions from the memory."),
    Filter("machine", "Machine draft", "match", _match("machine"),
           "No segment's draft is the machine's alone."),
)}


@dataclass(frozen=True)
class Choice:
    """One button of the bar: the filter, how many segments it keeps, whether it is on."""

    filter: Filter
    count: int
    on: bool

    @property
    def value(self) -> str:
        return self.filter.value

    @property
    def label(self) -> str:
        return self.filter.label


@dataclass(frozen=True)
class FilterBar:
    chosen: Filter
    choices: list[Choice]
    hidden: frozenset[int]  # ids of the segments the chosen filter hides
    hidden_blocks: frozenset[int]  # positions (from 0) of the blocks left with none shown
    shown: int  # segments the chosen filter keeps
    refused: str  # why ?show= was not followed ("" when it was, or was not given)

    def group(self, name: str) -> list[Choice]:
        """The choices of one group; a match kind no segment has is left out unless it is on."""
        return [c for c in self.choices if c.filter.group == name
                and (name != "match" or c.count or c.on)]

    @property
    def severities(self) -> list[Choice]:
        return self.group("severity")

    @property
    def states(self) -> list[Choice]:
        return self.group("state")

    @property
    def matches(self) -> list[Choice]:
        return self.group("match")


def parse(raw: str | None) -> tuple[Filter, str]:
    """The filter ``?show=`` names (NFKC, any case, spaces around ignored) and, when it names
    none, *All* with a message saying so."""
    if raw is None or raw == "":
        return FILTERS[ALL], ""
    value = unicodedata.normalize("NFKC", raw[:MAX_SHOW_CHARS + 1]).strip().casefold()
    if len(raw) <= MAX_SHOW_CHARS and value in FILTERS:
        return FILTERS[value], ""
    shown = "".join(ch for ch in raw[:SHOWN_CHARS] if unicodedata.category(ch)[0] not in "CZ"
                    or ch == " ")
    more = "…" if len(raw) > SHOWN_CHARS else ""
    names = ", ".join(FILTERS)
    return FILTERS[ALL], (f"The review screen has no filter “{shown}{more}”, so every segment "
                          f"is shown; the filters are {names}.")


def bar(sheet: Sheet, raw: str | None) -> FilterBar:
    """The filter bar for ``sheet`` with the filter ``?show=`` asks for (``raw``)."""
    chosen, refused = parse(raw)
    reviewed = [item for block in sheet.blocks for item in block.segments
                if not item.segment.excluded and item.segment.origin != streaming.PENDING]
    choices = [Choice(f, sum(1 for item in reviewed if f.keeps(item)), f is chosen)
               for f in FILTERS.values()]
    if chosen.value == ALL:
        return FilterBar(chosen, choices, frozenset(), frozenset(), len(reviewed), refused)
    kept = {item.segment.pk for item in reviewed if chosen.keeps(item)}
    hidden = frozenset(item.segment.pk for block in sheet.blocks for item in block.segments
                       if item.segment.pk not in kept)
    empty = frozenset(n for n, block in enumerate(sheet.blocks)
                      if all(item.segment.pk in hidden for item in block.segments))
    return FilterBar(chosen, choices, hidden, empty, len(kept), refused)
