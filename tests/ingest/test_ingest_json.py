"""The JSON reader: the model's own form, and a renderer's document with a "source"."""

from __future__ import annotations

import json

import pytest

from copydesk.article import Article, Block, BlockKind, InlineTag
from copydesk.errors import EmptyInputError, InputError
from copydesk.ingest import from_json


def sample() -> Article:
    return Article(
        title="Council approves tram extension",
        blocks=[Block(BlockKind.PARAGRAPH, "The <g1>plan</g1> is final.",
                      {"1": InlineTag("link", {"href": "https://example.org/plan"})}),
                Block(BlockKind.HEADING, "What changes", level=2)],
        language="en", byline="Jane Doe", date="2024-05-01",
    )


def test_article_to_dict_round_trips() -> None:
    assert from_json(json.dumps(sample().to_dict())) == sample()


def test_renderer_document_with_source_is_accepted() -> None:
    document = {"source": sample().to_dict(), "target": {"language": "de"}}
    assert from_json(json.dumps(document)) == sample()


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "must be an object"),
    ('{"title": "T", "blocks": [{"kind": "paragraph", "text": "A <g1>b</g1>"}]}',
     "do not describe id '1'"),
    ('{"title": "T", "blocks": [{"kind": "paragraph", "text": "A <g1>b",'
     ' "tags": {"1": {"kind": "bold"}}}]}', "never closes"),
    ('{"title": "T", "blocks": [{"kind": "poem", "text": "A"}]}', "Unknown block kind"),
])
def test_bad_json_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        from_json(text)


def test_empty_json_is_refused() -> None:
    with pytest.raises(EmptyInputError):
        from_json("  ")
