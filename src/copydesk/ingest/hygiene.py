"""What every reader does to an article before anyone else sees it.

* Text is Unicode-normalised (NFC); control characters other than tab and
  line breaks are removed (PostgreSQL refuses NUL, and none of them is text)
  and a lone surrogate becomes U+FFFD.
* Tags keep only the attributes the renderers know (``href`` and ``title``
  on links).
* Link targets pass :mod:`copydesk.links`: a refused link loses its markup,
  keeps its text, and the editor gets a note in ``Article.warnings``. The
  article's own ``url`` must be an http(s) address.
* An image's ``src`` must be an http(s) or relative address
  (``links.image_source``); an image whose address is refused is left out,
  with a note. Its alt text and credit are plain text on one line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Any

from copydesk import links
from copydesk.article import (
    ARTICLE_FIELDS,
    TAG_RE,
    Article,
    Block,
    BlockKind,
    InlineTag,
    plain_text,
)
from copydesk.errors import InputError
from copydesk.ingest.inline import normalize_space, renumber

# C0 and C1 controls except tab, line feed, carriage return and NEL (a line break).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
TAG_ATTRIBUTES = {"link": ("href", "title")}
SHOWN_WORDS_CHARS = 60
MAX_NOTES = 20  # notes per article about removed links; the rest are counted
LINK_NOTE = ("{where}: removed the link on “{text}”, whose target {target} is not an http, "
             "https, mailto or relative address; the text is kept. Add the link again by hand "
             "if it is needed.")
IMAGE_NOTE = ("{where}: left out the image “{text}”, whose address {target} is not an http, "
              "https or relative address. Add the image again by hand if it is needed.")


def clean_text(text: str) -> str:
    """NFC text without control characters or lone surrogates."""
    text = _SURROGATE.sub("\ufffd", _CONTROLS.sub("", text))
    return unicodedata.normalize("NFC", text)


def clean_article(article: Article) -> Article:
    """The article with clean text everywhere, safe links and notes for what was dropped."""
    warnings = list(article.warnings)
    fields: dict[str, Any] = {name: _clean_optional(getattr(article, name))
                              for name in ARTICLE_FIELDS}
    if fields["url"] is not None:
        fields["url"] = _source_url(fields["url"], warnings)
    notes: list[str] = []
    cleaned = [_clean_block(block, f"Block {number}", notes)
               for number, block in enumerate(article.blocks, start=1)]
    blocks = [block for block in cleaned if block is not None]
    warnings += notes[:MAX_NOTES]
    if len(notes) > MAX_NOTES:
        warnings.append(f"…and {len(notes) - MAX_NOTES} more links removed for the same reason.")
    return replace(article, **fields, blocks=blocks, metadata=_clean_value(article.metadata),
                   warnings=warnings)


def _clean_block(block: Block, where: str, warnings: list[str]) -> Block | None:
    if block.kind == BlockKind.IMAGE or block.src is not None:
        return _clean_image(block, where, warnings)
    text = clean_text(block.text)
    tags = {tid: _known_attributes(tag) for tid, tag in block.tags.items()}
    refused = {tid for tid, tag in tags.items()
               if tag.kind == "link" and links.safe_link(tag.attrs.get("href")) is None}
    if not refused:
        tags = {tid: _with_safe_href(tag) for tid, tag in tags.items()}
        segments = [replace(s, source=clean_text(s.source),
                            target=_clean_optional(s.target)) for s in block.segments]
        return replace(block, text=text, tags=tags, segments=segments)
    shown = _link_texts(text, refused)
    for tid in sorted(refused, key=int):
        warnings.append(link_note(where, shown.get(tid, ""), tags[tid].attrs.get("href")))
    text = TAG_RE.sub(lambda m: "" if (m.group(1) or m.group(2) or m.group(3)) in refused
                      else m.group(0), text)
    kept = {tid: _with_safe_href(tag) for tid, tag in tags.items() if tid not in refused}
    text, kept = renumber(text, kept)
    return replace(block, text=text, tags=kept, segments=[])  # segments are made again


def _clean_image(block: Block, where: str, warnings: list[str]) -> Block | None:
    """The image with a safe address and one-line alt text and credit, or ``None``."""
    alt = normalize_space(clean_text(block.text))
    src = links.image_source(block.src)
    if src is None:
        shown = alt[:SHOWN_WORDS_CHARS] + ("…" if len(alt) > SHOWN_WORDS_CHARS else "")
        warnings.append(IMAGE_NOTE.format(where=where, text=shown or "without alt text",
                                          target=_scheme_shown(block.src)))
        return None
    credit = normalize_space(clean_text(block.credit or "")) or None
    segments = [replace(s, source=clean_text(s.source), target=_clean_optional(s.target))
                for s in block.segments] if alt == block.text else []
    return replace(block, kind=BlockKind.IMAGE, text=alt, tags={}, src=src, credit=credit,
                   segments=segments)


def _with_safe_href(tag: InlineTag) -> InlineTag:
    if tag.kind != "link":
        return tag
    return InlineTag("link", {**tag.attrs, "href": links.safe_link(tag.attrs.get("href")) or ""})


def link_note(where: str, text: str, href: str | None) -> str:
    """The editor's note about a removed link (the target itself is not repeated)."""
    words = " ".join(text.split())
    words = words[:SHOWN_WORDS_CHARS] + ("…" if len(words) > SHOWN_WORDS_CHARS else "")
    return LINK_NOTE.format(where=where, text=words, target=_scheme_shown(href))


def _known_attributes(tag: InlineTag) -> InlineTag:
    keep = TAG_ATTRIBUTES.get(tag.kind, ())
    return InlineTag(tag.kind, {name: clean_text(tag.attrs[name]) for name in keep
                                if name in tag.attrs})


def _link_texts(text: str, tag_ids: set[str]) -> dict[str, str]:
    """The words inside each of the given paired tags, shortened for a note."""
    found = {}
    for match in TAG_RE.finditer(text):
        tid = match.group(1)
        if tid in tag_ids and tid not in found:
            end = text.find(f"</g{tid}>", match.end())
            inner = text[match.end():end if end >= 0 else match.end() + SHOWN_WORDS_CHARS * 2]
            words = " ".join(plain_text(inner[:SHOWN_WORDS_CHARS * 2]).split())
            cut = len(words) > SHOWN_WORDS_CHARS
            found[tid] = words[:SHOWN_WORDS_CHARS] + ("…" if cut else "")
    return found


def _scheme_shown(href: str | None) -> str:
    """Which kind of target it was, without repeating the target itself."""
    value = links.normalize(href or "")
    scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.-]{0,30})\s*(?::|&colon;|%3a)", value,
                      re.IGNORECASE)
    if not value:
        return "(empty)"
    return f"(a {scheme.group(1).lower()!r} address)" if scheme else "(an unusual address)"


def _source_url(url: str, warnings: list[str]) -> str | None:
    try:
        return links.web_url(url) if url.strip() else None
    except InputError:
        warnings.append(f"The article's source address {_scheme_shown(url)} is not an http(s) "
                        "address and was left out.")
        return None


def _clean_optional(value: str | None) -> str | None:
    return clean_text(value) if isinstance(value, str) else value


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): _clean_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_value(v) for v in value]
    return value
