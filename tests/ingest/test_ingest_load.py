"""Loading from files, standard input and URLs, and refusing bad input."""

from __future__ import annotations

import codecs
import io
import json
from pathlib import Path

import httpx
import pytest

from copydesk import settings as settings_module
from copydesk.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    NoArticleError,
    TooLargeError,
)
from copydesk.ingest import load
from copydesk.ingest.decode import decode
from copydesk.settings import Settings

TEXT = "Tram plan approved\n\nThe council voted on Tuesday to extend the tram network.\n"
HTML = ("<html><head><title>Tram plan approved</title></head><body><article>"
        "<h1>Tram plan approved</h1><p>The council voted on Tuesday to extend the tram network "
        "by twelve kilometres, the mayor said.</p></article></body></html>")


def make_settings(**options: object) -> Settings:
    return settings_module.load(options={"home": "/nonexistent-copydesk-home", **options},
                                environ={})


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(("name", "data"), [
    ("story.txt", TEXT.encode()),
    ("story.md", b"# Tram plan approved\n\nThe council voted on Tuesday."),
    ("story.html", HTML.encode()),
    ("story", HTML.encode()),
    ("story.json", json.dumps({"title": "Tram plan approved", "blocks": [
        {"kind": "paragraph", "text": "The council voted on Tuesday."}]}).encode()),
])
def test_format_from_extension_or_content(tmp_path: Path, name: str, data: bytes) -> None:
    article = load(write(tmp_path, name, data), allow_paths=True, settings=make_settings())
    assert article.title == "Tram plan approved"
    assert article.blocks[0].plain.startswith("The council voted on Tuesday")


def test_explicit_format_wins(tmp_path: Path) -> None:
    path = write(tmp_path, "story.md", b"# Not a heading here\nSecond line.")
    loaded = load(path, allow_paths=True, settings=make_settings(), format="text")
    assert loaded.title == "# Not a heading here"
    with pytest.raises(InputError, match="Unknown input format"):
        load(path, allow_paths=True, settings=make_settings(), format="pdf")


def test_stdin() -> None:
    article = load("-", settings=make_settings(), stdin=io.BytesIO(TEXT.encode("utf-8-sig")))
    assert article.title == "Tram plan approved"


def test_url_with_content_type() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=HTML.encode(),
                              headers={"Content-Type": "text/html; charset=utf-8"})

    article = load("http://93.184.216.34/story", settings=make_settings(),
                   transport=httpx.MockTransport(handler))
    assert article.title == "Tram plan approved"
    assert article.url == "http://93.184.216.34/story"


@pytest.mark.parametrize(("data", "what"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
    (b"GIF89a\x01\x00", "GIF"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    (b"\x1f\x8b\x08\x00\x00\x00", "gzip"),
    (b"Title\nsome\x00binary\x00bytes", "binary data"),
])
def test_binary_files_are_refused(tmp_path: Path, data: bytes, what: str) -> None:
    with pytest.raises(BinaryInputError, match=what):
        load(write(tmp_path, "upload.txt", data), allow_paths=True, settings=make_settings())


@pytest.mark.parametrize("data", [b"", b"  \n\t \r\n", codecs.BOM_UTF8 + b"\n"])
def test_empty_files_are_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(EmptyInputError):
        load(write(tmp_path, "empty.txt", data), allow_paths=True, settings=make_settings())


def test_undeclared_latin1_is_refused(tmp_path: Path) -> None:
    data = "Grüße aus Köln\n\nDie Straße ist schön.".encode("latin-1")
    with pytest.raises(EncodingError, match="save the file as UTF-8"):
        load(write(tmp_path, "story.txt", data), allow_paths=True, settings=make_settings())


def test_declared_encodings_are_honoured() -> None:
    text = "Grüße aus Köln"
    assert decode(text.encode("latin-1"), content_type="text/plain; charset=ISO-8859-1") == text
    assert decode(text.encode("utf-16")) == text
    html = f'<html><head><meta charset="iso-8859-1"></head><body>{text}</body></html>'
    assert text in decode(html.encode("latin-1"))
    xml = f"<?xml version='1.0' encoding='windows-1252'?><p>{text}</p>"
    assert text in decode(xml.encode("cp1252"))


def test_html_without_body_text_is_refused(tmp_path: Path) -> None:
    data = b"<html><head><title>Nothing</title></head><body><div></div></body></html>"
    with pytest.raises(NoArticleError, match="paste the text"):
        load(write(tmp_path, "page.html", data), allow_paths=True, settings=make_settings())


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", b"Title\n\n" + b"word " * 500)
    with pytest.raises(TooLargeError, match="COPYDESK_FETCH_MAX_BYTES"):
        load(path, allow_paths=True, settings=make_settings(fetch_max_bytes=1000))


def test_too_long_article_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "long.txt", b"Title\n\n" + b"word " * 500)
    with pytest.raises(TooLargeError, match="COPYDESK_MAX_ARTICLE_CHARS"):
        load(path, allow_paths=True, settings=make_settings(max_article_chars=1000))


def test_too_large_stdin_is_refused() -> None:
    with pytest.raises(TooLargeError):
        load("-", settings=make_settings(fetch_max_bytes=100), stdin=io.BytesIO(b"x" * 500))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="No such file"):
        load(str(tmp_path / "nope.txt"), allow_paths=True, settings=make_settings())
    with pytest.raises(InputError, match="is a folder"):
        load(str(tmp_path), allow_paths=True, settings=make_settings())
