"""Reading ninjs 1.x and 2.x news items as articles: fields, pictures, refusals, attacks."""

from __future__ import annotations

import copy
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from copydesk import ingest
from copydesk import settings as settings_module
from copydesk.article import BlockKind
from copydesk.errors import InputError, NoArticleError, TooLargeError
from copydesk.ingest.json import from_json
from copydesk.interop import ninjs, ninjs_read

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ninjs"


def item(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return loaded


def read(data: dict[str, Any]) -> Any:
    return from_json(json.dumps(data))


def test_a_1x_item_reads_headline_body_byline_language_date_and_uri() -> None:
    article = read(item("harbour-1.5.json"))
    assert article.title == "Harbour ferry crews walk out over new rota"
    assert article.byline == "By Maren Holt"
    assert article.language == "en"
    assert article.date == "2026-03-02T07:40:00Z"
    assert article.url == "https://wire.example/items/2026/harbour-ferry-strike"
    assert article.standfirst == "Commuters face a second day without the morning crossing."
    assert article.metadata["ninjs"] == {
        "uri": "https://wire.example/items/2026/harbour-ferry-strike", "schema": "1.5",
        "version": "2"}
    kinds = [b.kind for b in article.blocks]
    assert kinds == [BlockKind.IMAGE, BlockKind.CAPTION, BlockKind.PARAGRAPH,
                     BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.PARAGRAPH]
    assert article.blocks[2].tags["1"].attrs["href"] == "https://port.example/"
    assert article.blocks[3].tags["1"].kind == "bold"


def test_a_1x_picture_association_takes_the_widest_rendition_and_its_credit() -> None:
    image, caption = read(item("harbour-1.5.json")).blocks[:2]
    assert image.src == "https://wire.example/media/ferry-pier-1600.jpg"
    assert image.text == "Empty ferry pier at dawn"
    assert image.credit == "Photo: Jonas Brandt"
    assert caption.text == "The pier stood empty on Monday morning."


def test_a_2x_item_reads_the_main_headline_the_html_body_and_by() -> None:
    article = read(item("library-2.1.json"))
    assert article.title == "Town library reopens after two-year rebuild"
    assert article.byline == "Priya Natarajan"
    assert article.language == "en-GB"
    assert article.date == "2026-03-05T09:30:00+01:00"
    assert article.url is None  # a urn is no web address
    assert article.metadata["ninjs"]["uri"] == "urn:newsml:wire.example:20260305:library-reopens"
    assert article.standfirst.startswith("The new building has twice the reading space")
    texts = [b.plain for b in article.blocks]
    assert "Entry is free" in texts
    assert not any(t == "opened again on Thursday." for t in texts)  # the plain body is unused


def test_a_2x_picture_uses_its_caption_and_the_text_association_is_not_a_figure() -> None:
    blocks = read(item("library-2.1.json")).blocks
    images = [b for b in blocks if b.kind == BlockKind.IMAGE]
    assert len(images) == 1
    assert images[0].src == "https://wire.example/img/library-2400.jpg"
    assert images[0].credit == "Tomás Ferreira"
    assert blocks[1].text == "The rooftop garden is open to everyone."


def test_a_picture_the_body_already_shows_is_not_added_twice() -> None:
    data = item("library-2.1.json")
    data["bodies"][1]["value"] += ('<figure><img src="https://wire.example/img/library-2400.jpg"'
                                   ' alt="Terrace"></figure>')
    images = [b for b in read(data).blocks if b.kind == BlockKind.IMAGE]
    assert [i.text for i in images] == ["Terrace"]


def test_a_plain_text_body_becomes_paragraphs() -> None:
    data = {"uri": "urn:x:1", "headline": "Bridge closed",
            "body_text": "The bridge closed on Monday.\n\nIt reopens in May.", "language": "en"}
    article = read(data)
    assert article.title == "Bridge closed"
    assert [b.plain for b in article.blocks] == ["The bridge closed on Monday.",
                                                 "It reopens in May."]


def test_the_version_is_found_from_the_properties_when_not_declared() -> None:
    assert ninjs.version_of({"uri": "x", "headline": "a", "body_html": "b"}) == "1.5"
    assert ninjs.version_of({"uri": "x", "headlines": [], "bodies": []}) == "2.1"
    assert ninjs.version_of({"uri": "x", "$standard": {"version": "1.3"}, "headlines": []}) \
        == "1.5"


@pytest.mark.parametrize(("change", "where"), [
    (lambda d: d["headlines"][0].pop("value"), "/headlines/0"),
    (lambda d: d.update(headlines="Library reopens"), "/headlines"),
    (lambda d: d.update(pubstatus="published"), "/pubstatus"),
    (lambda d: d["associations"][0].pop("name"), "/associations/0"),
    (lambda d: d.update(headline="A 1.x headline in a 2.x item"), "the top level"),
    (lambda d: d.pop("uri") and d.update(standard={"version": "2.1"}), "the top level"),
])
def test_an_invalid_2x_item_is_refused_naming_the_place(change: Any, where: str) -> None:
    data = item("library-2.1.json")
    change(data)
    data.setdefault("headlines", [])
    with pytest.raises(InputError, match=re.escape(f"not a valid ninjs 2.1 item: at {where}")):
        ninjs_read.read(data)


def test_an_invalid_1x_item_is_refused_naming_the_place() -> None:
    data = item("harbour-1.5.json")
    del data["associations"]["featureimage"]["uri"]
    with pytest.raises(InputError, match=re.escape(
            "ninjs 1.5 item: at /associations/featureimage, 'uri' is a required property")):
        read(data)


def test_ninjs_3_is_refused_with_what_is_read() -> None:
    data = item("library-2.1.json")
    data["standard"]["version"] = "3.0"
    with pytest.raises(InputError, match=re.escape(
            "ninjs 3.0 item; copydesk reads ninjs 1.x and 2.x")):
        read(data)


def test_an_item_without_a_body_is_refused() -> None:
    with pytest.raises(NoArticleError, match="no body text"):
        read({"uri": "urn:x:photo", "type": "picture", "headline": "Sunset"})


def test_a_hostile_body_loses_scripts_handlers_and_script_links() -> None:
    data = item("harbour-1.5.json")
    data["body_html"] = (
        '<p onclick="steal()">Crews stopped work.<script>alert(1)</script></p>'
        '<p><a href="javascript:alert(2)">Click</a> and <a href="JaVaScRiPt&colon;x">this</a>'
        '</p><iframe src="https://evil.example/"></iframe><style>p{}</style>'
        '<p><img src="x" onerror="alert(3)">More text here.</p>')
    data["headline"] = "<script>alert(4)</script>Strike"
    article = read(data)
    dumped = json.dumps([b.to_dict() for b in article.blocks])
    for bad in ("alert(1)", "alert(2)", "alert(3)", "steal", "javascript", "evil.example",
                "onerror"):
        assert bad not in dumped.lower()
    assert article.title == "<script>alert(4)</script>Strike"  # text, shown as text
    assert any("removed the link" in w for w in article.warnings)


def test_a_hostile_picture_address_is_left_out() -> None:
    data = item("harbour-1.5.json")
    rendition = data["associations"]["featureimage"]["renditions"]["original"]
    rendition["href"] = "javascript:alert(1)"
    data["associations"]["featureimage"]["renditions"].pop("thumbnail")
    data["associations"]["featureimage"]["uri"] = "javascript:alert(2)"
    article = read(data)
    assert all(b.kind != BlockKind.IMAGE for b in article.blocks)
    assert "javascript" not in json.dumps(article.to_dict())


def test_text_is_normalised_before_it_is_checked() -> None:
    data = item("harbour-1.5.json")
    data["headline"] = "Cafe\u0301 crews walk out"  # e + combining acute accent
    assert read(data).title == "Café crews walk out"


def test_copydesk_article_json_is_still_read_as_such() -> None:
    article = from_json(json.dumps({"title": "Tram plan", "uri": "urn:x", "blocks": [
        {"kind": "paragraph", "text": "The council met."}]}))
    assert article.title == "Tram plan" and "ninjs" not in article.metadata


def test_a_huge_item_is_refused_by_the_size_limits(tmp_path: Path) -> None:
    settings = settings_module.load(options={"home": str(tmp_path)}, environ={})
    data = item("harbour-1.5.json")
    data["body_html"] = "<p>" + "word " * (settings.max_block_chars // 4) + "</p>"
    raw = json.dumps(data).encode()
    with pytest.raises(TooLargeError, match="over the limit"):
        ingest.load("-", settings=settings, stdin=io.BytesIO(raw), format="json")
    data["body_html"] = "<p>x</p>" * (settings.fetch_max_bytes // 8)
    with pytest.raises(TooLargeError, match="bytes"):
        ingest.load("-", settings=settings, stdin=io.BytesIO(json.dumps(data).encode()),
                    format="json")


def test_many_associations_read_in_linear_time() -> None:
    import time

    def timed(n: int) -> float:
        data = item("library-2.1.json")
        picture = data["associations"][0]
        data["associations"] = [dict(copy.deepcopy(picture), uri=f"urn:p:{i}")
                                for i in range(n)]
        started = time.perf_counter()
        read(data)
        return time.perf_counter() - started

    small, large = min(timed(500) for _ in range(2)), min(timed(2_000) for _ in range(2))
    assert large < 0.25 or large / small < 8
