from __future__ import annotations

import json

from copydesk.pipeline import Draft
from copydesk.publish import Provenance, Review, render
from copydesk.publish.disclosure import WORDING
from tests.publish.drafts import SIGNATURE


def test_top_level_shape_and_key_order(draft: Draft) -> None:
    data = json.loads(render(draft, "json"))
    assert list(data) == ["format", "version", "source_language", "target_language", "engine",
                          "machine_translated", "warnings", "article", "disclosure", "corrections",
                          "provenance", "units"]
    assert (data["format"], data["version"]) == ("copydesk.draft", 1)
    assert (data["source_language"], data["target_language"]) == ("en", "de")


def test_units_carry_source_and_translation_per_segment(draft: Draft) -> None:
    units = json.loads(render(draft, "json"))["units"]
    assert [u["id"] for u in units][:3] == ["title", "standfirst", "b1"]
    assert len(units) == 2 + len(draft.blocks)
    paragraph = units[3]
    assert paragraph["kind"] == "paragraph"
    assert paragraph["tags"]["1"] == {"kind": "link",
                                      "attrs": {"href": "https://ec.europa.eu/news?id=1&lang=en"}}
    assert [s["id"] for s in paragraph["segments"]] == ["b2.s1", "b2.s2"]
    first = paragraph["segments"][0]
    assert list(first) == ["id", "source", "target", "origin", "signature", "suggestions"]
    assert first["source"].startswith("The <g1>Commission</g1>")
    assert first["target"].startswith("Die <g1>Kommission</g1>")
    assert (first["origin"], first["signature"]) == ("mt", SIGNATURE)
    assert paragraph["target"].endswith("Details folgen.<x5/>Mehr in Kürze.")
    assert units[0]["level"] == 1


def test_article_is_plain_text(draft: Draft) -> None:
    article = json.loads(render(draft, "json"))["article"]
    assert article["title"] == "EU verschärft Drohnenregeln"
    assert article["standfirst"] == "Ab Juni gelten neue Grenzen."
    assert article["blocks"][0] == {"kind": "heading", "level": 2, "text": "Was sich ändert",
                                    "html": "Was sich ändert"}
    assert "<" not in json.dumps([b["text"] for b in article["blocks"]])


def test_each_block_keeps_its_links_and_emphasis_as_safe_html(draft: Draft) -> None:
    blocks = json.loads(render(draft, "json"))["article"]["blocks"]
    linked = [b for b in blocks if "<a " in b["html"]]
    assert linked and all('href="https://' in b["html"] for b in linked)
    assert all("<script" not in b["html"] and "javascript:" not in b["html"] for b in blocks)


def test_a_draft_says_it_is_a_draft_and_a_publication_a_publication(draft: Draft,
                                                                    review: Review) -> None:
    assert json.loads(render(draft, "json"))["format"] == "copydesk.draft"
    assert json.loads(render(draft, "json", review=review))["format"] == "copydesk.publication"


def test_disclosure_and_provenance(draft: Draft, review: Review) -> None:
    data = json.loads(render(draft, "json", review=review))
    assert data["disclosure"] == {"text": WORDING["de"]["reviewed"], "language": "de",
                                  "case": "reviewed", "feedback": None}
    assert data["provenance"] == Provenance.from_draft(draft, review).to_dict()


def test_output_is_utf8_and_stable(draft: Draft) -> None:
    text = render(draft, "json")
    assert "verschärft" in text and "\\u00e4" not in text
    assert text == render(draft, "json")
    assert text.endswith("}\n")


def test_untranslated_segments_are_null_not_missing(make_draft) -> None:
    draft = make_draft()
    draft.blocks[0].segments[0].target = None
    draft.blocks[0].segments[0].origin = None
    segment = json.loads(render(draft, "json"))["units"][2]["segments"][0]
    assert segment["target"] is None and segment["origin"] is None
