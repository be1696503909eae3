"""A memory suggestion's source against the new source, word by word.

Words of the memory's source that the new source lacks are in ``<del>``,
words the new source has instead in ``<ins>``, each with a visually hidden
label for screen readers. Long texts are not compared (``MAX_TOKENS``), so
the matcher's work stays bounded whatever a segment holds.
"""

from __future__ import annotations

from collections.abc import Mapping

from django import template
from django.utils.safestring import SafeString

from copydesk.desk.templatetags.desk_markup import render, word_diff
from copydesk.desk.word_changes import tokens

register = template.Library()

MAX_TOKENS = 400  # words, spaces and tags of one side; a segment is a sentence


@register.simple_tag
def memory_difference(memory_source: str, new_source: str,
                      tags: Mapping[str, str] | None = None) -> SafeString:
    """The memory's source with what differs from ``new_source`` marked (escaped)."""
    old, new = tokens(memory_source), tokens(new_source)
    if len(old) > MAX_TOKENS or len(new) > MAX_TOKENS:
        return render(memory_source, tags)
    return word_diff(memory_source, new_source, tags,
                     removed='<del class="memory-only"><span class="visually-hidden">'
                             "memory source had: </span>{}</del>",
                     added='<ins class="source-only"><span class="visually-hidden">'
                           "new source has: </span>{}</ins>")
