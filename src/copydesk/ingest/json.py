"""Reading an article from JSON.

Accepted shapes:

* the document model itself, as written by ``Article.to_dict()``:
  ``{"title": ..., "blocks": [{"kind": "paragraph", "text": ..., "tags": {...}}, ...]}``;
* an object whose ``"source"`` member is such an article (the JSON that the
  JSON renderer writes for a translation), from which the source is read.
"""

from __future__ import annotations

import json
from typing import Any

from copydesk.article import TAG_RE, Article
from copydesk.errors import EmptyInputError, InputError


def from_json(text: str) -> Article:
    """The article in a JSON document (see the module docstring for the shapes)."""
    if not text.strip():
        raise EmptyInputError("The JSON is empty; give an article object with 'title' and "
                              "'blocks'.")
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"This is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                         f"{exc.msg}); fix the file or give it as HTML, Markdown or "
                         "text.") from None
    if isinstance(data, dict) and "blocks" not in data and isinstance(data.get("source"), dict):
        data = data["source"]
    article = Article.from_dict(data)
    for number, block in enumerate(article.blocks, start=1):
        _check_tags(number, block.text, set(block.tags))
    return article


def _check_tags(number: int, text: str, known: set[str]) -> None:
    """Every tag in a block's text must be described in its ``tags``, and pairs must match."""
    open_ids: list[str] = []
    for match in TAG_RE.finditer(text):
        tag_id = match.group(1) or match.group(2) or match.group(3)
        if tag_id not in known:
            raise InputError(f"Block {number} uses tag {match.group(0)} but its 'tags' do not "
                             f"describe id {tag_id!r}; add it or remove the tag from the text.")
        if match.group(1):
            open_ids.append(tag_id)
        elif match.group(2) and (not open_ids or open_ids.pop() != tag_id):
            raise InputError(f"Block {number} closes {match.group(0)} without opening it first; "
                             "fix the order of the tags in its text.")
    if open_ids:
        raise InputError(f"Block {number} opens <g{open_ids[-1]}> but never closes it; "
                         "add the closing tag.")
