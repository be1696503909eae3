"""Where an article comes from (URL, standard input, file) and which reader takes it.

File paths are a command-line feature: ``load`` reads one only when asked
with ``allow_paths``; the web desk never asks.

The format is the one asked for, else guessed from the file extension, the
server's content type, and finally the content itself.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import urlsplit

import httpx

from copydesk import links
from copydesk.article import Article
from copydesk.errors import InputError, TooLargeError
from copydesk.ingest.decode import decode
from copydesk.ingest.fetch import fetch
from copydesk.ingest.html import from_html
from copydesk.ingest.json import from_json
from copydesk.ingest.markdown import from_markdown
from copydesk.ingest.text import from_text
from copydesk.settings import Settings

FORMATS = ("html", "md", "text", "json")
EXTENSIONS = {".html": "html", ".htm": "html", ".xhtml": "html", ".md": "md",
              ".markdown": "md", ".txt": "text", ".text": "text", ".json": "json"}
CONTENT_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/markdown": "md",
                 "text/x-markdown": "md", "application/json": "json", "text/plain": "text"}
READERS: dict[str, Callable[[str], Article]] = {
    "html": from_html, "md": from_markdown, "text": from_text, "json": from_json,
}
_HTML_SNIFF = re.compile(r"<(?:!doctype\s+html|html|head|body|article|p|div)\b", re.IGNORECASE)
# Text that starts with an element, such as a CMS body field opening with <h2> or <ul>.
_HTML_START = re.compile(r"<(?:h[1-6]|ul|ol|li|dl|blockquote|figure|figcaption|section|header|"
                         r"main|aside|nav|footer|table|pre|hr|br|img|picture|span|strong|em|"
                         r"b|i|u|a|script|style|iframe|svg)\b", re.IGNORECASE)
_WEB_SCHEME = re.compile(r"https?:", re.IGNORECASE)
_MARKDOWN_SNIFF = re.compile(r"^(?:#{1,6} \S|> |[-*] \S)|\[[^\]]+\]\([^)]+\)", re.MULTILINE)


def load(
    source: str,
    *,
    settings: Settings,
    format: str | None = None,
    stdin: BinaryIO | None = None,
    transport: httpx.BaseTransport | None = None,
    allow_paths: bool = False,
) -> Article:
    """Read an article from an http(s) URL, ``-`` (standard input) or, with
    ``allow_paths`` (the command line only), a file path.

    Without ``allow_paths`` anything but ``-`` must be an http(s) address, and
    the refusal is the same whatever the server's files are.
    """
    if format is not None and format not in FORMATS:
        raise InputError(f"Unknown input format {format!r}; use one of {', '.join(FORMATS)}.")
    url = None
    content_type = None
    if source == "-":
        data = _read_limited(stdin or sys.stdin.buffer, settings, "standard input")
    elif allow_paths and not _is_web_address(source):
        data = _read_file(Path(source), settings)
    else:
        page = fetch(links.web_url(source), settings=settings, transport=transport)
        data, url, content_type = page.content, page.url, page.content_type
    text = decode(data, content_type=content_type)
    chosen = format or _guess_format(url or source, content_type, text)
    if chosen in ("text", "md") and len(text) > settings.max_article_chars:
        raise _too_long(settings)
    article = from_html(text, url=url) if chosen == "html" else READERS[chosen](text)
    check_size(article, settings)
    if url and not article.url:
        article.url = url
    return article


def check_size(article: Article, settings: Settings) -> None:
    """Refuse an article, or one of its paragraphs, over the configured limits."""
    if sum(len(block.text) for block in article.blocks) > settings.max_article_chars:
        raise _too_long(settings)
    limit = settings.max_block_chars
    units = [("The title", article.title), ("The standfirst", article.standfirst or "")]
    units += [(f"Paragraph {n}", block.text) for n, block in enumerate(article.blocks, 1)]
    for name, text in units:
        if len(text) > limit:
            raise TooLargeError(
                f"{name} is {len(text):,} characters long, over the limit of {limit:,} for one "
                "paragraph; break it into paragraphs, or raise COPYDESK_MAX_BLOCK_CHARS if it "
                "really is one.")


def _is_web_address(source: str) -> bool:
    return bool(_WEB_SCHEME.match(links.normalize(source)))


def _read_file(path: Path, settings: Settings) -> bytes:
    try:
        size = path.stat().st_size
        if size > settings.fetch_max_bytes:
            raise TooLargeError(
                f"{path} is {size:,} bytes, over the limit of {settings.fetch_max_bytes:,}; "
                "raise COPYDESK_FETCH_MAX_BYTES if this is really one article."
            )
        with path.open("rb") as handle:
            return _read_limited(handle, settings, str(path))
    except IsADirectoryError:
        raise InputError(f"{path} is a folder; give one article file.") from None
    except FileNotFoundError:
        raise InputError(f"No such file: {path}; check the path, or give an http(s) URL.") from None
    except PermissionError:
        raise InputError(f"Cannot read {path}: permission denied; check the file's "
                         "permissions.") from None


def _read_limited(stream: BinaryIO, settings: Settings, name: str) -> bytes:
    data = stream.read(settings.fetch_max_bytes + 1)
    if len(data) > settings.fetch_max_bytes:
        raise TooLargeError(f"{name} is over the limit of {settings.fetch_max_bytes:,} bytes; "
                            "raise COPYDESK_FETCH_MAX_BYTES if this is really one article.")
    return data


def _guess_format(name: str, content_type: str | None, text: str) -> str:
    suffix = PurePosixPath(urlsplit(name).path if "://" in name else name).suffix.lower()
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in CONTENT_TYPES and mime != "text/plain":
        return CONTENT_TYPES[mime]
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    head = text.lstrip()[:2000]
    if head.startswith(("{", "[")):
        return "json"
    if _HTML_SNIFF.search(head) or _HTML_START.match(head):
        return "html"
    if _MARKDOWN_SNIFF.search(head):
        return "md"
    return CONTENT_TYPES.get(mime, "text")


def _too_long(settings: Settings) -> TooLargeError:
    return TooLargeError(
        f"The article is longer than {settings.max_article_chars:,} characters; split it, "
        "or raise COPYDESK_MAX_ARTICLE_CHARS if this is really one article."
    )
