"""Sentence segmentation and inline-tag protection.

* ``split(text, language)`` cuts a block's tagged text into sentences and
  ``join(sentences, language)`` puts them back together (see ``sentences``
  and, for the rules per language, ``boundaries`` and ``abbreviations/*.txt``).
* ``strip_tags(tagged)`` takes a sentence's tags out for engines that cannot
  carry them, ``inner_texts(spans)`` lists the tagged pieces to translate on
  their own, and ``restore_tags(spans, translated, translated_inner)`` puts
  the tags back into the translation (see ``restore`` for how).
"""

from copydesk.segment.markup import PairedTag, StandaloneTag, TaggedSpans, inner_texts, strip_tags
from copydesk.segment.restore import Placement, RestoredText, restore_tags
from copydesk.segment.sentences import join, split

__all__ = [
    "PairedTag",
    "Placement",
    "RestoredText",
    "StandaloneTag",
    "TaggedSpans",
    "inner_texts",
    "join",
    "restore_tags",
    "split",
    "strip_tags",
]
