"""The one rule for link targets and image sources, and for the addresses the desk fetches.

Every reader applies it when an article comes in and every renderer again
when a translation goes out, so a target that slipped into a stored article
some other way is still dropped on the way to readers.

A target is first normalised the way a browser's URL parser does it (WHATWG
URL standard): leading and trailing spaces, control characters and every
other Unicode space or invisible format character (U+00A0, U+2028, U+3000,
U+0085, U+FEFF, U+200B, ...) are stripped, and tabs and line breaks inside
are removed; we also remove the other control and format characters inside,
which browsers would otherwise percent-encode. What remains is kept only if
its scheme is ``http``, ``https`` or ``mailto``, or if it is relative (no
scheme, and no ``:`` before the first ``/``, ``?`` or ``#``, so a consumer
that reads it differently cannot find a scheme either). The same check runs
on the target as an HTML-entity decoder, a percent decoder and Unicode NFKC
would read it (``javascript&colon;``, ``javascript%3A``, ``ｊavascript:``),
and all of them must pass. The normalised target is what is kept.

An image source (``image_source``) passes the same rule and must then be
``http``, ``https`` or relative: a ``mailto`` address is no image.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import unquote, urlsplit

from copydesk.errors import InputError

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
WEB_SCHEMES = frozenset({"http", "https"})
# Categories stripped at the edges: separators (Zs, Zl, Zp), controls (Cc), format (Cf).
_EDGE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})
_INSIDE_CATEGORIES = frozenset({"Cc", "Cf"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_FIRST_SEGMENT = re.compile(r"[^/?#]*")
SHOWN_CHARS = 80


def normalize(raw: str) -> str:
    """``raw`` as a browser reads it: edges stripped, tabs, line breaks and controls removed."""
    start, end = 0, len(raw)
    while start < end and _is_edge(raw[start]):
        start += 1
    while end > start and _is_edge(raw[end - 1]):
        end -= 1
    return "".join(c for c in raw[start:end] if unicodedata.category(c) not in _INSIDE_CATEGORIES)


def safe_link(raw: str | None) -> str | None:
    """The normalised target if it is http(s), mailto or relative; ``None`` otherwise."""
    if raw is None:
        return None
    value = normalize(raw)
    if not value:
        return None
    readings = {value, normalize(html.unescape(value))}
    readings |= {normalize(unquote(r)) for r in readings}
    readings |= {normalize(unicodedata.normalize("NFKC", r)) for r in readings}
    return value if all(_allowed(r) for r in readings) else None


def image_source(raw: str | None) -> str | None:
    """The normalised address if it is a safe http(s) or relative image source; else ``None``."""
    value = safe_link(raw)
    if value is None or _scheme(value) == "mailto":
        return None
    return value


def web_url(raw: str) -> str:
    """An http(s) address to fetch, normalised; InputError for anything else.

    The message is the same for every refused value (``story.html`` may be a
    file name or a host; it is neither here), so it says nothing about the
    server's files.
    """
    value = normalize(raw)
    scheme = _scheme(value)
    try:
        host = urlsplit(value).hostname if scheme in WEB_SCHEMES else None
    except ValueError:
        host = None
    if not host or safe_link(value) != value:
        raise InputError("Only web addresses starting with http:// or https:// can be added "
                         "here; to add a file, upload it, or paste its text.")
    return value


def shown(raw: str) -> str:
    """A refused target as an editor may safely see it in a note: quoted, controls visible."""
    text = raw if len(raw) <= SHOWN_CHARS else raw[:SHOWN_CHARS] + "…"
    return ascii(text) if not text.isprintable() else repr(text)


def _is_edge(char: str) -> bool:
    return char == " " or unicodedata.category(char) in _EDGE_CATEGORIES


def _scheme(value: str) -> str | None:
    match = _SCHEME.match(value)
    return match.group(1).lower() if match else None


def _allowed(value: str) -> bool:
    if not value:
        return True  # an empty reading of an escaped target points nowhere
    try:
        urlsplit(value)
    except ValueError:  # "http://[::1": no browser or CMS agrees on what it means
        return False
    scheme = _scheme(value)
    if scheme is not None:
        return scheme in LINK_SCHEMES
    first = _FIRST_SEGMENT.match(value)
    return first is not None and ":" not in first.group(0)
