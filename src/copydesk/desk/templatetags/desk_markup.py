"""Showing tagged segment text safely: tags as chips, issues marked, edits as a word diff.

Everything here escapes the text first; the only markup that reaches the page
is what these functions write themselves. A chip carries its tag in
``data-tag`` so the editor's script can turn the edited text back into the
tagged string.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from copydesk.article import TAG_RE
from copydesk.desk.word_changes import word_opcodes

register = template.Library()

RANK = {"minor": 1, "major": 2, "blocker": 3}


def chip(token: str, tags: Mapping[str, str]) -> str:
    """A non-editable badge for one protected tag such as ``<g1>``."""
    match = TAG_RE.fullmatch(token)
    number = next((g for g in match.groups() if g), "") if match else ""
    label = token.strip("<>").rstrip("/")
    return format_html('<span class="chip" contenteditable="false" data-tag="{}" title="{}">'
                       "{}</span>", token, tags.get(number, "inline markup"), label)


def _pieces(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, is_tag) runs of the text, in order."""
    at = 0
    for m in TAG_RE.finditer(text):
        if m.start() > at:
            yield at, m.start(), False
        yield m.start(), m.end(), True
        at = m.end()
    if at < len(text):
        yield at, len(text), False


def render(text: str, tags: Mapping[str, str] | None = None,
           marks: Sequence[tuple[int, int, str, str]] = ()) -> SafeString:
    """``text`` with chips for tags and ``<mark>`` around the (start, end, severity, message)
    spans."""
    tags = tags or {}
    out: list[str] = []
    for start, end, is_tag in _pieces(text):
        if is_tag:
            out.append(chip(text[start:end], tags))
            continue
        cuts = sorted({start, end, *(p for s, e, _, _ in marks for p in (s, e) if start < p < end)})
        for a, b in itertools.pairwise(cuts):
            covering = [m for m in marks if m[0] <= a and b <= m[1]]
            if not covering:
                out.append(escape(text[a:b]))
                continue
            worst = max(covering, key=lambda m: RANK.get(m[2], 0))
            out.append(format_html('<mark class="issue {}" title="{}">{}</mark>', worst[2],
                                   worst[3], text[a:b]))
    return mark_safe("".join(out))  # every piece above is escaped


@register.simple_tag
def segment_text(item: Any, side: str) -> SafeString:
    """A review-sheet segment's source or target with its issues marked at their spans."""
    text = item.segment.source if side == "source" else item.segment.target
    key = "source_span" if side == "source" else "target_span"
    marks = [(i[key][0], i[key][1], i.get("severity", "minor"), i.get("message", ""))
             for i in item.issues if i.get(key) and not i.get("overridden")]
    return render(text, item.tags, marks)


@register.simple_tag
def tagged(text: str, tags: Mapping[str, str] | None = None) -> SafeString:
    return render(text, tags)


def word_diff(before: str, after: str, tags: Mapping[str, str] | None = None, *,
              removed: str = "<del>{}</del>", added: str = "<ins>{}</ins>") -> SafeString:
    """``after`` against ``before`` word by word: removed words in ``removed`` (``<del>``),
    added ones in ``added`` (``<ins>``); both are ``format_html`` patterns. The work is
    bounded (``word_changes.word_opcodes``): a long text rewritten throughout is marked as
    one change."""
    old, new, ops = word_opcodes(before, after)
    out: list[str] = []
    for op, a1, a2, b1, b2 in ops:
        if op == "equal":
            out.append(render("".join(old[a1:a2]), tags))
            continue
        if a2 > a1:
            out.append(format_html(removed, render("".join(old[a1:a2]), tags)))
        if b2 > b1:
            out.append(format_html(added, render("".join(new[b1:b2]), tags)))
    return mark_safe("".join(out))  # built from escaped pieces


@register.simple_tag
def machine_diff(item: Any) -> SafeString:
    return word_diff(item.machine, item.segment.target, item.tags)


@register.simple_tag
def tagged_text(text: str, tags: Mapping[str, str] | None = None) -> SafeString:
    """Any tagged text (a memory suggestion) with its tags as chips."""
    return render(text, tags)
