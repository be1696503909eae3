"""Turning input bytes into text, or refusing them clearly.

Order of evidence for the encoding: a byte-order mark, then the charset the
server declared (``Content-Type``), then one declared inside the document
(``<meta charset>``, ``<meta http-equiv>``, an XML declaration), then UTF-8.

Text that is not UTF-8 and declares no encoding is refused with
:class:`EncodingError` rather than guessed: on short articles charset
detection confuses Latin-1, Windows-1250 and Baltic code pages, and a wrong
guess would silently corrupt the source that editors translate and publish.
"""

from __future__ import annotations

import codecs
import re

from copydesk.errors import BinaryInputError, EmptyInputError, EncodingError

# Leading bytes of common binary formats, with what to tell the user.
MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\x1f\x8b", "a gzip archive"),
)
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Browsers read these labels as Windows-1252, and so do we.
WINDOWS_1252_ALIASES = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1",
                                  "us-ascii", "ascii", "cp819"})

_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_DECL_RE = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
SNIFF_BYTES = 4096


def sniff_binary(data: bytes) -> None:
    """Raise BinaryInputError for images, PDFs, archives and other non-text bytes."""
    for magic, what in MAGIC_NUMBERS:
        if data.startswith(magic):
            raise BinaryInputError(
                f"This is {what}, not an article; copy the article text out of it, "
                "or give the page's URL, an HTML, Markdown, text or JSON file instead."
            )
    if not data.startswith(tuple(bom for bom, _ in BOMS)) and b"\x00" in data[:SNIFF_BYTES]:
        raise BinaryInputError(
            "This file contains binary data, not text; give an HTML, Markdown, text or "
            "JSON file (saved as UTF-8) instead."
        )


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _CHARSET_RE.search(content_type.encode("latin-1", "replace"))
    return match.group(1).decode("ascii").lower() if match else None


def declared_charset(data: bytes) -> str | None:
    """A charset named in the document itself (meta tag or XML declaration)."""
    head = data[:SNIFF_BYTES]
    match = _XML_DECL_RE.search(head)
    if match:
        return match.group(1).decode("ascii").lower()
    for meta in re.finditer(rb"<meta\b[^>]*>", head, re.IGNORECASE):
        found = _CHARSET_RE.search(meta.group(0))
        if found:
            return found.group(1).decode("ascii").lower()
    return None


def decode(data: bytes, *, content_type: str | None = None) -> str:
    """The text of ``data``; see the module docstring for the rules."""
    if not data.strip():
        raise EmptyInputError("The input is empty; give an article with a title and some text.")
    sniff_binary(data)
    # Stray control characters (a pasted form feed, a legacy CMS export) carry no text.
    text = _CONTROL_RE.sub("", _decode_known(data, content_type))
    if not text.strip():
        raise EmptyInputError("The input is empty; give an article with a title and some text.")
    return text


def _decode_known(data: bytes, content_type: str | None) -> str:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _strict(data, encoding)
    for charset in (charset_from_content_type(content_type), declared_charset(data)):
        declared = _python_encoding(charset)
        if declared:
            try:
                return data.decode(declared)
            except UnicodeDecodeError:
                continue
    return _strict(data, "utf-8")


def _python_encoding(charset: str | None) -> str | None:
    if not charset:
        return None
    if charset in WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"The input is not valid {encoding.upper()} text (byte {exc.start}) and does not "
            "declare another encoding; save the file as UTF-8 (or declare its charset, e.g. "
            "<meta charset=\"windows-1252\"> in HTML) and try again."
        ) from None
