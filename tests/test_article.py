"""The JSON form of an article: wrong shapes are refused with a message, never a traceback."""

import pytest

from copydesk.article import Article
from copydesk.errors import InputError


def article(**changes):
    return {"title": "A title", "blocks": [{"text": "A sentence."}], **changes}


def test_a_well_formed_article_round_trips():
    data = article(blocks=[{"kind": "heading", "text": "Read <g1>this</g1>", "level": 2,
                            "tags": {"1": {"kind": "link", "attrs": {"href": "https://x.org"}}}}])
    assert Article.from_dict(Article.from_dict(data).to_dict()).to_dict() == \
        Article.from_dict(data).to_dict()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (article(blocks=["text"]), "Block 1: A block must be a JSON object, not str"),
        (article(blocks=[{"text": "x", "tags": ["a"]}]), "'tags' must be a JSON object"),
        (article(blocks=[{"text": "x", "tags": {"1": "link"}}]), "An inline tag must be"),
        (article(blocks=[{"text": "x", "tags": {"1": {"kind": "link", "attrs": [1]}}}]),
         "'attrs' must be a JSON object"),
        (article(blocks=[{"text": "x", "segments": "s"}]), "'segments' must be a list"),
        (article(blocks=[{"text": "x", "segments": ["s"]}]), "A segment must be"),
        (article(blocks=[{"text": "x", "level": "x"}]), "'level' must be a whole number"),
        (article(metadata=[1]), "'metadata' must be a JSON object"),
        (article(language=5), "'language' must be a string"),
        (article(blocks=[{"text": "ok"}, {"kind": "table", "text": "x"}]),
         "Block 2: Unknown block kind 'table'"),
    ],
)
def test_wrong_shapes_are_refused_with_where_and_what(data, message):
    with pytest.raises(InputError, match=message):
        Article.from_dict(data)
