"""Reading an article from JSON.

Accepted shapes:

* the document model itself, as written by ``Article.to_dict()``:
  ``{"title": ..., "blocks": [{"kind": "paragraph", "text": ..., "tags": {...}}, ...]}``;
* an object whose ``"source"`` member is such an article (the JSON that the
  JSON renderer writes for a translation), from which the source is read;
* a ninjs 1.x or 2.x news item (``copydesk.interop.ninjs_read``), told apart
  by its ``uri`` and news item properties.

The JSON must be plain data: numbers that fit in 64 bits (no ``NaN`` or
``Infinity``), at most ``MAX_DEPTH`` levels of nesting, and strings without
NUL characters or lone surrogates (``\\ud800``), which no database or file
can store as text. Anything else is refused before an article is made.
"""

from __future__ import annotations

import json
import math
from typing import Any

from copydesk.article import MAX_INLINE_DEPTH, TAG_RE, Article
from copydesk.errors import EmptyInputError, InputError
from copydesk.ingest.hygiene import clean_article

MAX_DEPTH = 32
MAX_INT_DIGITS = 19
_FIX = "fix the file or give the article as HTML, Markdown or text"


def from_json(text: str) -> Article:
    """The article in a JSON document (see the module docstring for the shapes)."""
    if not text.strip():
        raise EmptyInputError("The JSON is empty; give an article object with 'title' and "
                              "'blocks'.")
    data = _parse(text)
    _check_values(data, "the document", 0)
    from copydesk.interop import ninjs, ninjs_read  # ninjs reads HTML through ingest

    if ninjs.is_item(data):
        return ninjs_read.read(data)
    if isinstance(data, dict) and "blocks" not in data and isinstance(data.get("source"), dict):
        data = data["source"]
    article = Article.from_dict(data)
    for number, block in enumerate(article.blocks, start=1):
        _check_tags(number, block.text, set(block.tags))
    return clean_article(article)


def _parse(text: str) -> Any:
    try:
        return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"This is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                         f"{exc.msg}); {_FIX}.") from None
    except RecursionError:
        raise _too_deep() from None


def _int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise InputError(f"The JSON has a number with {len(digits):,} digits; an article has "
                         f"no such numbers, {_FIX}.")
    return int(digits)


def _float(digits: str) -> float:
    value = float(digits)
    if not math.isfinite(value):
        raise InputError(f"The JSON has the number {digits[:30]}, too large to store; {_FIX}.")
    return value


def _constant(name: str) -> float:
    raise InputError(f"The JSON has the value {name}, which is not standard JSON; {_FIX}.")


def _too_deep() -> InputError:
    return InputError(f"The JSON is nested more than {MAX_DEPTH} levels deep; an article is "
                      f"an object with a list of blocks, {_FIX}.")


def _check_values(value: Any, where: str, depth: int) -> None:
    """Refuse deep nesting, NUL characters and lone surrogates anywhere in the data."""
    if depth > MAX_DEPTH:
        raise _too_deep()
    if isinstance(value, str):
        _check_string(value, where)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_string(key, where)
            _check_values(item, f"'{key[:40]}'" if depth < 3 else where, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_values(item, where, depth + 1)


def _check_string(text: str, where: str) -> None:
    if "\x00" in text:
        raise InputError(f"The JSON has a NUL character (\\u0000) in {where}; remove it, "
                         "it is not text.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"The JSON has a lone surrogate escape (like \\ud800) in {where}, "
                         "which is not a character; fix the program that wrote the "
                         "file.") from None


def _check_tags(number: int, text: str, known: set[str]) -> None:
    """Every tag in a block's text must be described in its ``tags``, used once, and nested."""
    open_ids: list[str] = []
    seen: set[str] = set()
    for match in TAG_RE.finditer(text):
        tag_id = match.group(1) or match.group(2) or match.group(3)
        if tag_id not in known:
            raise InputError(f"Block {number} uses tag {match.group(0)} but its 'tags' do not "
                             f"describe id {tag_id!r}; add it or remove the tag from the text.")
        if match.group(2):
            if not open_ids or open_ids.pop() != tag_id:
                raise InputError(f"Block {number} closes {match.group(0)} without opening it "
                                 "first; fix the order of the tags in its text.")
            continue
        if tag_id in seen:
            raise InputError(f"Block {number} uses tag id {tag_id!r} twice; give every tag in "
                             "a block its own id.")
        seen.add(tag_id)
        if match.group(1):
            open_ids.append(tag_id)
            if len(open_ids) > MAX_INLINE_DEPTH:
                raise InputError(f"Block {number} nests more than {MAX_INLINE_DEPTH} tags inside "
                                 "each other; no article needs that, simplify its markup.")
    if open_ids:
        raise InputError(f"Block {number} opens <g{open_ids[-1]}> but never closes it; "
                         "add the closing tag.")
