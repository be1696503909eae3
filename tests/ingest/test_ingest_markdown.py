"""The Markdown reader."""

from __future__ import annotations

import pytest

from copydesk.article import InlineTag
from copydesk.errors import EmptyInputError, InputError, NoArticleError
from copydesk.ingest import from_markdown

DOC = """---
author: Jane Doe
date: 2024-05-01
url: https://news.example.com/tram
---
# Council approves tram extension

The *council* voted on **Tuesday** to [extend](https://example.org/plan) the
network.\\
Work starts in spring.

## What changes

> "We waited long enough," said a resident.

- Line 4 to the airport
  - with a stop at the fair
- Line 7 to the stadium
"""


def test_structure_and_metadata() -> None:
    article = from_markdown(DOC)
    assert article.title == "Council approves tram extension"
    assert (article.byline, article.date, article.url) == (
        "Jane Doe", "2024-05-01", "https://news.example.com/tram")
    assert article.language == "en"
    assert [(b.kind.value, b.level, b.plain) for b in article.blocks[1:]] == [
        ("heading", 2, "What changes"),
        ("quote", None, '"We waited long enough," said a resident.'),
        ("list_item", 1, "Line 4 to the airport"),
        ("list_item", 2, "with a stop at the fair"),
        ("list_item", 1, "Line 7 to the stadium"),
    ]


def test_inline_markup_round_trips_into_tags() -> None:
    first = from_markdown(DOC).blocks[0]
    assert first.text == ("The <g1>council</g1> voted on <g2>Tuesday</g2> to "
                          "<g3>extend</g3> the network.<x4/>Work starts in spring.")
    assert first.tags == {
        "1": InlineTag("italic"), "2": InlineTag("bold"),
        "3": InlineTag("link", {"href": "https://example.org/plan"}), "4": InlineTag("break"),
    }


def test_first_block_is_the_title_without_a_heading() -> None:
    article = from_markdown("Tram plan approved\n\nThe council voted on Tuesday.")
    assert article.title == "Tram plan approved"
    assert [b.plain for b in article.blocks] == ["The council voted on Tuesday."]


def test_literal_tag_lookalikes_are_neutralised() -> None:
    article = from_markdown("# Guide\n\nType `<g1>` or <g2>raw</g2> text.")
    block = article.blocks[0]
    assert set(block.tags) == {"1"} and block.tags["1"].kind == "code"
    assert block.text.count("<g") == 1


def test_refusals() -> None:
    with pytest.raises(EmptyInputError):
        from_markdown("\n\n")
    with pytest.raises(NoArticleError):
        from_markdown("# Just a title\n")
    with pytest.raises(InputError, match="front matter"):
        from_markdown("---\ntitle: [unclosed\n---\n# T\n\nText.")
