"""A memory suggestion's source against the new source, word by word.

Words of the memory's source that the new source lacks are in ``<del>``,
words the new source has instead in ``<ins>``, each with a visually hidden
label for screen readers. Long texts are not compared (``MAX_TOKENS``), so
the matcher's work stays bounded whatever a segment holds.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from copydesk.desk.templatetags.desk_markup import _WORDS, render

register = template.Library()

MAX_TOKENS = 400  # words, spaces and tags of one side; a segment is a sentence


@register.simple_tag
def memory_difference(memory_source: str, new_source: str,
                      tags: Mapping[str, str] | None = None) -> SafeString:
    """The memory's source with what differs from ``new_source`` marked (escaped)."""
    old, new = _WORDS.findall(memory_source), _WORDS.findall(new_source)
    if len(old) > MAX_TOKENS or len(new) > MAX_TOKENS:
        return render(memory_source, tags)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(render("".join(old[a1:a2]), tags))
            continue
        if a2 > a1:
            out.append(format_html('<del class="memory-only"><span class="visually-hidden">'
                                   "memory source had: </span>{}</del>",
                                   render("".join(old[a1:a2]), tags)))
        if b2 > b1:
            out.append(format_html('<ins class="source-only"><span class="visually-hidden">'
                                   "new source has: </span>{}</ins>",
                                   render("".join(new[b1:b2]), tags)))
    return mark_safe("".join(out))  # built from escaped pieces
