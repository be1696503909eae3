"""Splitting a block's tagged text into sentences, and joining them back.

Sentence ends are found in the plain text (see ``boundaries``) and mapped
back onto the tagged text. A cut is only made where no paired tag is open,
so a sentence end inside ``<g1>…</g1>`` keeps those sentences together.
Closing tags right after a sentence end stay with that sentence; opening and
standalone tags go with the next one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from copydesk import languages
from copydesk.segment.boundaries import find_breaks
from copydesk.segment.markup import Scan, scan
from copydesk.segment.rules import NO_SPACE_LANGUAGES, rules_for

_CLOSING_TAG = re.compile(r"</g\d+>")


def split(text: str, language: str) -> list[str]:
    """Split a block's tagged text into sentences that keep their tags.

    ``join(split(text, lang), lang)`` gives ``text`` back with the white space
    between sentences normalised. Raises ``LanguageError`` for an unknown
    language and ``InputError`` for badly nested tags.
    """
    lang = languages.base(language)
    if not text.strip():
        return []
    markup = scan(text)
    no_space = lang in NO_SPACE_LANGUAGES
    breaks = find_breaks(markup.spans.plain, rules_for(lang), no_space)
    cut = _cut_no_space if no_space else _cut_at_space
    sentences: list[str] = []
    start = 0
    for end in breaks:
        position = cut(markup, end)
        if position is not None and text[start:position].strip():
            sentences.append(text[start:position].strip())
            start = position
    if text[start:].strip():
        sentences.append(text[start:].strip())
    return sentences


def join(sentences: Sequence[str], language: str) -> str:
    """Join sentences into a block's text: one space between them, none for Chinese and Japanese."""
    separator = "" if languages.base(language) in NO_SPACE_LANGUAGES else " "
    return separator.join(s.strip() for s in sentences if s.strip())


def _cut_at_space(markup: Scan, end: int) -> int | None:
    """The offset in the tagged text of a real space after ``end`` with no paired tag open."""
    plain = markup.spans.plain
    index = end
    while index < len(plain) and plain[index].isspace():
        if markup.depths[index] == 0 and index not in markup.synthetic:
            return markup.offsets[index]
        index += 1
    return None


def _cut_no_space(markup: Scan, end: int) -> int | None:
    """The offset in the tagged text right after ``end`` and the closing tags that follow it."""
    tagged = markup.spans.tagged
    position = markup.offsets[end - 1] + 1
    depth = markup.depths[end - 1]
    while closing := _CLOSING_TAG.match(tagged, position):
        position = closing.end()
        depth -= 1
    return position if depth == 0 else None
