"""Writing a translation as a ninjs item: every output validates, and says what happened."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from copydesk.engines.pseudo import PseudoEngine
from copydesk.errors import InputError
from copydesk.ingest.json import from_json
from copydesk.interop import ninjs, ninjs_write
from copydesk.pipeline import Draft, translate_article
from copydesk.publish import Correction, Review, ReviewEditor, render
from copydesk.publish.disclosure import withdrawal_notice
from tests.publish.drafts import build_draft
from tests.test_links import is_dangerous

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ninjs"
REVIEW = Review(editors=[ReviewEditor("anna.s", "editor", "2026-03-01T11:00:00+00:00")],
                approved_by="cora.w", approved_at="2026-03-01T12:00:00+00:00",
                published_at="2026-03-01T12:05:00+00:00")
FORMATS = ("ninjs", "ninjs1")


def written(draft: Draft, fmt: str = "ninjs", **options: Any) -> dict[str, Any]:
    """The output, after checking it against the vendored schema with its formats."""
    text = render(draft, fmt, **options)
    data: dict[str, Any] = json.loads(text)
    assert ninjs.validate(data, strict=True) == ninjs_write.FORMAT_VERSIONS[fmt]
    return data


def as_published(name: str) -> Draft:
    """A fixture item translated, posing as a real engine's draft so it can be 'published'."""
    article = from_json((FIXTURES / name).read_text(encoding="utf-8"))
    draft = translate_article(article, "de", PseudoEngine(), source_language="en")
    return dataclasses.replace(draft, engine="ctranslate2", machine_translated=True)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("review", [None, REVIEW], ids=["draft", "published"])
def test_every_output_validates_against_its_schema(fmt: str, review: Review | None) -> None:
    for draft in (build_draft(), build_draft(engine="pseudo"), as_published("harbour-1.5.json"),
                  as_published("library-2.1.json"), build_draft(standfirst=False)):
        written(draft, fmt, review=review)


def test_a_published_2x_item_carries_language_headline_body_and_disclosure() -> None:
    data = written(build_draft(), review=REVIEW,
                   identity=ninjs_write.Identity("urn:uuid:5e0c7e0a-1111-5222-8333-444455556666",
                                                 3))
    assert data["standard"]["version"] == "2.1"
    assert data["uri"] == "urn:uuid:5e0c7e0a-1111-5222-8333-444455556666"
    assert data["version"] == "3"
    assert data["pubstatus"] == "usable" and "ednote" not in data
    assert data["language"] == "de"
    assert data["versioncreated"] == "2026-03-01T12:05:00+00:00"
    assert data["headlines"][0]["value"] == "EU verschärft Drohnenregeln"
    assert data["by"] == "By Jane Doe and John Roe"
    roles = {d["role"]: d["value"] for d in data["descriptions"]}
    assert roles["summary"] == "Ab Juni gelten neue Grenzen."
    assert "Redaktion" in roles["disclosure"] or "redaktionell" in roles["disclosure"].lower()
    body = data["bodies"][0]
    assert body["contenttype"] == "text/html"
    assert 'class="copydesk-disclosure"' in body["value"]
    assert roles["disclosure"].split(".")[0] in body["value"]


def test_no_login_name_reaches_the_item_unless_the_edition_names_editors() -> None:
    text = render(build_draft(), "ninjs", review=REVIEW)
    assert "anna.s" not in text and "cora.w" not in text


def test_the_original_is_a_related_item_in_both_versions() -> None:
    two = written(build_draft(), review=REVIEW)
    original = two["associations"][0]
    assert original == {"name": "original", "uri": "https://news.example/eu-drones",
                        "type": "text", "language": "en",
                        "headlines": [{"role": "main", "contenttype": "text/plain",
                                       "value": "EU tightens drone rules"}]}
    one = written(build_draft(), "ninjs1", review=REVIEW)
    assert one["associations"]["original"]["uri"] == "https://news.example/eu-drones"
    assert one["headline"] == "EU verschärft Drohnenregeln"
    assert one["byline"] == "By Jane Doe and John Roe"
    assert 'class="copydesk-disclosure"' in one["body_html"]
    assert one["$standard"]["version"] == "1.5"


def test_a_ninjs_original_keeps_its_own_uri_and_time() -> None:
    data = written(as_published("library-2.1.json"), review=REVIEW)
    original = data["associations"][0]
    assert original["uri"] == "urn:newsml:wire.example:20260305:library-reopens"
    assert original["versioncreated"] == "2026-03-05T09:30:00+01:00"


def test_pictures_become_associations_with_alt_caption_and_credit() -> None:
    data = written(as_published("harbour-1.5.json"), review=REVIEW)
    picture = data["associations"][1]
    assert picture["name"] == "picture1" and picture["type"] == "picture"
    assert picture["uri"] == "https://wire.example/media/ferry-pier-1600.jpg"
    assert picture["by"] == "Photo: Jonas Brandt"
    roles = {d["role"] for d in picture["descriptions"]}
    assert roles == {"alt", "caption"}
    one = written(as_published("harbour-1.5.json"), "ninjs1", review=REVIEW)
    assert one["associations"]["picture1"]["renditions"]["original"]["href"] == picture["uri"]


def test_an_unreviewed_or_pseudo_draft_is_withheld_with_the_reason() -> None:
    unreviewed = written(build_draft())
    assert unreviewed["pubstatus"] == "withheld"
    assert "no editor has reviewed" in unreviewed["ednote"]
    pseudo = written(build_draft(engine="pseudo"), review=REVIEW)
    assert pseudo["pubstatus"] == "withheld" and "Pseudo-translation" in pseudo["ednote"]


def test_corrections_are_described_and_keep_the_first_publication_time() -> None:
    review = dataclasses.replace(
        REVIEW, published_at="2026-03-02T08:00:00+00:00",
        first_published_at="2026-03-01T12:05:00+00:00",
        corrections=[Correction("The fine was 5,000 euros.", "2026-03-02T08:00:00+00:00")])
    data = written(build_draft(), review=review)
    assert data["firstcreated"] == "2026-03-01T12:05:00+00:00"
    assert data["versioncreated"] == "2026-03-02T08:00:00+00:00"
    corrections = [d for d in data["descriptions"] if d["role"] == "correction"]
    assert len(corrections) == 1
    assert corrections[0]["value"] in data["bodies"][0]["value"]
    one = written(build_draft(), "ninjs1", review=review)
    assert one["description_correction"] == corrections[0]["value"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_withdrawal_is_the_next_version_canceled_with_the_notice(fmt: str) -> None:
    published = render(build_draft(), fmt, review=REVIEW,
                       identity=ninjs_write.Identity("urn:uuid:5e0c7e0a-1111-5222-8333-4444"
                                                     "55556666", 1))
    notice = withdrawal_notice("de", "2026-03-03T09:00:00+00:00")
    canceled = json.loads(ninjs_write.cancel(published, notice, "2026-03-03T09:00:00+00:00"))
    ninjs.validate(canceled, strict=True)
    assert canceled["pubstatus"] == "canceled"
    assert canceled["version"] == "2"
    assert canceled["uri"] == json.loads(published)["uri"]
    assert canceled["versioncreated"] == "2026-03-03T09:00:00+00:00"
    body = canceled["bodies"][0]["value"] if fmt == "ninjs" else canceled["body_html"]
    assert notice.text in body and "Drohnen" not in body
    assert "Drohnen" not in json.dumps(canceled, ensure_ascii=False)  # no translated text left
    originals = (canceled["associations"] if fmt == "ninjs"
                 else list(canceled["associations"].values()))
    assert [a["uri"] for a in originals] == ["https://news.example/eu-drones"]


def test_the_uri_stays_the_same_for_every_version_of_a_translation() -> None:
    first = written(build_draft(), review=REVIEW)
    again = written(build_draft(), review=dataclasses.replace(
        REVIEW, published_at="2026-03-05T10:00:00+00:00"))
    other = written(build_draft(target_language="fr"), review=REVIEW)
    assert first["uri"] == again["uri"] != other["uri"]
    assert first["uri"].startswith("urn:uuid:")


def test_a_round_trip_reads_the_translation_back_as_an_article() -> None:
    text = render(as_published("library-2.1.json"), "ninjs", review=REVIEW)
    article = from_json(text)
    assert article.language == "de"
    assert article.title == json.loads(text)["headlines"][0]["value"]
    assert article.metadata["ninjs"]["uri"] == json.loads(text)["uri"]


def test_hostile_links_never_reach_the_item() -> None:
    data = json.loads((FIXTURES / "harbour-1.5.json").read_text(encoding="utf-8"))
    data["body_html"] = ('<p>Crews <a href="javascript:alert(1)">walked</a> out '
                         '<a href="data:text/html,x">today</a>.</p>')
    article = from_json(json.dumps(data))
    draft = translate_article(article, "de", PseudoEngine(), source_language="en")
    for fmt in FORMATS:
        assert not is_dangerous(render(draft, fmt))


def test_an_output_that_would_be_invalid_is_refused() -> None:
    with pytest.raises(InputError, match="ninjs output would not be valid"):
        ninjs_write.dump({"uri": "not a uri", "headlines": []}, "2.1")
