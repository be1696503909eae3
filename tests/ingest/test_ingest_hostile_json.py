"""JSON that no article is: refused with a clear InputError, never a traceback."""

from __future__ import annotations

import io
import json
import unicodedata

import pytest

from copydesk import settings as settings_module
from copydesk.errors import InputError, TooLargeError
from copydesk.ingest import from_html, from_json, from_markdown, from_text, load

BODY = "The council met on Monday and voted to extend the tram network."


def article(**changes: object) -> str:
    base = {"title": "Tram plan approved", "language": "en",
            "blocks": [{"kind": "paragraph", "text": BODY}]}
    return json.dumps({**base, **changes})


HOSTILE = {
    "huge integer in metadata": '{"title": "T", "blocks": [], "metadata": {"n": '
                                + "9" * 5000 + "}}",
    "huge integer as level": '{"title": "T", "blocks": [{"kind": "heading", "text": "x", '
                             '"level": ' + "9" * 30 + "}]}",
    "huge negative integer": '{"title": "T", "blocks": [], "metadata": {"n": -' + "9" * 400 + "}}",
    "float overflow": '{"title": "T", "blocks": [], "metadata": {"n": 1e999}}',
    "NaN": '{"title": "T", "blocks": [], "metadata": {"n": NaN}}',
    "Infinity": '{"title": "T", "blocks": [], "metadata": {"n": Infinity}}',
    "-Infinity": '{"title": "T", "blocks": [], "metadata": {"n": -Infinity}}',
    "nesting 100 deep": '{"title": "T", "blocks": [], "metadata": ' + "[" * 100 + "]" * 100 + "}",
    "nesting 100000 deep (lists)": "[" * 100_000 + "]" * 100_000,
    "nesting 100000 deep (objects)": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "lone high surrogate in title": '{"title": "T\\ud800", "blocks": []}',
    "lone low surrogate in text": '{"title": "T", "blocks": [{"kind": "paragraph", '
                                  '"text": "a\\udc00b"}]}',
    "lone surrogate in attrs": '{"title": "T", "blocks": [{"kind": "paragraph", "text": '
                               '"<g1>a</g1>", "tags": {"1": {"kind": "link", "attrs": '
                               '{"href": "https://a.example/\\ud83d"}}}}]}',
    "lone surrogate in a key": '{"title": "T", "blocks": [], "metadata": {"\\ud800": 1}}',
    "NUL in title": article(title="Tram\u0000plan"),
    "NUL in text": article(blocks=[{"kind": "paragraph", "text": BODY + "\u0000"}]),
    "NUL in byline": article(byline="\u0000"),
    "NUL in tag attrs": article(blocks=[{"kind": "paragraph", "text": "<g1>a</g1>",
                                         "tags": {"1": {"kind": "link",
                                                        "attrs": {"href": "/a\u0000"}}}}]),
    "NUL in metadata key": article(metadata={"a\u0000": "b"}),
    "NUL in segment": article(blocks=[{"kind": "paragraph", "text": BODY,
                                       "segments": [{"id": "b1.s1", "source": "\u0000"}]}]),
    "duplicate tag id": article(blocks=[{"kind": "paragraph", "text": "<g1>a</g1> <g1>b</g1>",
                                         "tags": {"1": {"kind": "bold"}}}]),
    "paired and standalone id": article(blocks=[{"kind": "paragraph", "text": "<g1>a</g1><x1/>",
                                                 "tags": {"1": {"kind": "bold"}}}]),
    "tags nested 40 deep": article(blocks=[{
        "kind": "paragraph", "text": "".join(f"<g{i}>" for i in range(1, 41)) + "x"
        + "".join(f"</g{i}>" for i in range(40, 0, -1)),
        "tags": {str(i): {"kind": "bold"} for i in range(1, 41)}}]),
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_json_is_refused_clearly(text: str) -> None:
    with pytest.raises(InputError) as refused:
        from_json(text)
    message = str(refused.value)
    assert message and "Traceback" not in message and len(message) < 400
    assert message.endswith((".", ")"))


def test_through_load_nothing_half_made_comes_back() -> None:
    settings = settings_module.load(options={"home": "/nonexistent-copydesk-home"}, environ={})
    for text in HOSTILE.values():
        with pytest.raises(InputError):
            load("-", settings=settings, stdin=io.BytesIO(text.encode()), format="json")


def test_numbers_an_article_may_have_still_load() -> None:
    loaded = from_json(article(metadata={"words": 1234, "score": 0.5, "id": -9_000_000_000}))
    assert loaded.metadata == {"words": 1234, "score": 0.5, "id": -9_000_000_000}


CONTROLS = "".join(chr(c) for c in [*range(1, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F,
                                    *range(0x80, 0x85), *range(0x86, 0xA0)])


def test_other_controls_are_removed_from_json_text() -> None:
    loaded = from_json(article(title=f"Tram{CONTROLS} plan", byline=f"Jane{CONTROLS} Doe",
                               blocks=[{"kind": "paragraph", "text": f"{BODY}{CONTROLS}",
                                        "tags": {}}]))
    assert loaded.title == "Tram plan" and loaded.byline == "Jane Doe"
    assert loaded.blocks[0].text == BODY


@pytest.mark.parametrize("read", [
    lambda t: from_text(f"Tram plan approved{t}\n\n{BODY}{t}"),
    lambda t: from_markdown(f"# Tram plan approved{t}\n\n{BODY}{t}"),
    lambda t: from_html(f"<html><head><title>Tram plan approved{t}</title></head><body>"
                        f"<article><h1>Tram plan approved{t}</h1><p>{BODY} {BODY}{t}</p>"
                        "</article></body></html>"),
], ids=["text", "markdown", "html"])
def test_every_reader_removes_nul_and_controls(read) -> None:  # type: ignore[no-untyped-def]
    loaded = read("\x00" + CONTROLS)
    everything = json.dumps(loaded.to_dict(), ensure_ascii=False)
    assert not any(c in everything for c in "\x00" + CONTROLS)


@pytest.mark.parametrize("read", [
    lambda t: from_text(f"Caf{t} plan\n\n{BODY} Caf{t}."),
    lambda t: from_markdown(f"# Caf{t} plan\n\n{BODY} Caf{t}."),
    lambda t: from_json(article(title=f"Caf{t} plan",
                                blocks=[{"kind": "paragraph", "text": f"{BODY} Caf{t}."}])),
], ids=["text", "markdown", "json"])
def test_text_is_nfc_normalised(read) -> None:  # type: ignore[no-untyped-def]
    loaded = read("e\u0301")  # e + combining acute
    assert loaded.title == "Café plan" and "Café." in loaded.blocks[0].text
    assert unicodedata.is_normalized("NFC", json.dumps(loaded.to_dict(), ensure_ascii=False))


def test_html_entities_for_controls_are_removed() -> None:
    page = (f"<html><head><title>Tram plan</title></head><body><article><h1>Tram plan</h1>"
            f"<p>{BODY} {BODY} {BODY} A&#1;B&#x7f;C&#x9f;D &#xD800;E&#0;&#x10FFFFFF;</p>"
            "</article></body></html>")
    text = from_html(page).blocks[-1].text
    assert "ABCŸD" in text  # HTML reads &#x9f; as Windows-1252 "Ÿ"
    assert not any(0xD800 <= ord(c) <= 0xDFFF or c in CONTROLS for c in text)


@pytest.mark.parametrize("field", ["title", "standfirst"])
def test_a_title_or_standfirst_over_the_paragraph_limit_is_refused(field: str) -> None:
    settings = settings_module.load(options={"home": "/nonexistent-copydesk-home",
                                             "max_block_chars": 500}, environ={})
    text = article(**{field: "word " * 200})
    with pytest.raises(TooLargeError, match="COPYDESK_MAX_BLOCK_CHARS"):
        load("-", settings=settings, stdin=io.BytesIO(text.encode()), format="json")
