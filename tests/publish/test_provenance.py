from __future__ import annotations

import dataclasses
import json

import pytest

from copydesk.errors import InputError
from copydesk.pipeline import Draft
from copydesk.publish import Provenance, Review, ReviewEditor
from copydesk.publish.provenance import byline_names
from tests.publish.drafts import CREATED_AT, SIGNATURE


def test_provenance_without_review_is_unreviewed(draft: Draft) -> None:
    prov = Provenance.from_draft(draft)
    assert (prov.reviewed, prov.pseudo, prov.machine_translated) == (False, False, True)
    assert prov.editors == ()
    assert prov.source_url == "https://news.example/eu-drones"
    assert prov.source_title == "EU tightens drone rules"
    assert prov.target_title == "EU verschärft Drohnenregeln"
    assert prov.modified_at == CREATED_AT


def test_to_dict_carries_signature_parts_and_review(draft: Draft, review: Review) -> None:
    data = Provenance.from_draft(draft, review).to_dict()
    assert data["translators"] == [{"engine": "ctranslate2", "model": "opus-mt-en-de",
                                    "version": "2020-02-26", "options": {"quant": "int8"},
                                    "signature": SIGNATURE}]
    assert data["reviewed"] is True
    assert data["editors"] == [  # not named: the edition did not ask for names
        {"role": "editor", "confirmed_at": "2026-03-01T11:00:00+00:00"},
        {"role": "editor", "confirmed_at": "2026-03-01T11:30:00+00:00"}]
    assert data["approved_by"] is None
    named = Provenance.from_draft(draft, dataclasses.replace(review, name_editors=True))
    assert [e["name"] for e in named.to_dict()["editors"]] == ["Anna Schmidt", "Ben Müller"]
    assert named.to_dict()["approved_by"] == "Cora Weiß"
    assert data["reviewed_at"] == "2026-03-01T11:30:00+00:00"
    assert data["modified_at"] == "2026-03-01T12:05:00+00:00"
    assert json.loads(json.dumps(data)) == data


def test_jsonld_is_a_translated_news_article(draft: Draft, review: Review) -> None:
    ld = Provenance.from_draft(draft, dataclasses.replace(review, name_editors=True)).to_jsonld()
    assert (ld["@context"], ld["@type"]) == ("https://schema.org", "NewsArticle")
    assert ld["headline"] == "EU verschärft Drohnenregeln"
    assert ld["inLanguage"] == "de"
    assert ld["translationOfWork"] == {
        "@type": "NewsArticle", "url": "https://news.example/eu-drones",
        "headline": "EU tightens drone rules", "inLanguage": "en", "datePublished": "2026-02-28"}
    assert ld["author"] == [{"@type": "Person", "name": "Jane Doe"},
                            {"@type": "Person", "name": "John Roe"}]
    assert (ld["dateCreated"], ld["datePublished"]) == (CREATED_AT, "2026-03-01T12:05:00+00:00")
    assert ld["translator"] == [{"@type": "SoftwareApplication", "name": "opus-mt-en-de",
                                 "applicationCategory": "Machine translation",
                                 "softwareVersion": "2020-02-26", "identifier": SIGNATURE}]
    assert ld["editor"] == [{"@type": "Person", "name": "Anna Schmidt"},
                            {"@type": "Person", "name": "Ben Müller"}]


def test_jsonld_additional_properties_are_property_values(draft: Draft, review: Review) -> None:
    named = dataclasses.replace(review, name_editors=True)
    props = Provenance.from_draft(draft, named).to_jsonld()["additionalProperty"]
    assert all(p["@type"] == "PropertyValue" and "propertyID" in p and "value" in p
               for p in props)
    by_id = {p["propertyID"]: p for p in props}
    assert by_id["humanReviewed"]["value"] is True
    assert by_id["machineTranslated"]["value"] is True
    assert by_id["translationEngine"]["value"] == "ctranslate2"
    assert by_id["approvedBy"]["value"] == "Cora Weiß"
    confirmations = [p for p in props if p["propertyID"] == "editorConfirmation"]
    assert [(p["name"], p["description"]) for p in confirmations] == [
        ("Anna Schmidt", "editor"), ("Ben Müller", "editor")]


def test_jsonld_claims_no_review_and_no_publication_without_a_review(draft: Draft) -> None:
    ld = Provenance.from_draft(draft).to_jsonld()
    assert "editor" not in ld
    assert "datePublished" not in ld
    assert "contributor" not in ld
    props = {p["propertyID"]: p["value"] for p in ld["additionalProperty"]}
    assert props["humanReviewed"] is False
    assert "approvedBy" not in props and "editorConfirmation" not in props


def test_review_without_confirming_editors_is_not_a_review(draft: Draft) -> None:
    prov = Provenance.from_draft(draft, Review(approved_by="Cora Weiß"))
    assert prov.reviewed is False
    assert "editor" not in prov.to_jsonld()


def test_pseudo_draft_is_flagged(make_draft) -> None:
    prov = Provenance.from_draft(make_draft(engine="pseudo"))
    assert prov.pseudo and not prov.machine_translated
    props = {p["propertyID"]: p["value"] for p in prov.to_jsonld()["additionalProperty"]}
    assert props["pseudoTranslation"] is True
    assert prov.to_jsonld()["translator"][0]["name"] == "pseudo"


def test_bad_review_time_is_an_input_error(draft: Draft) -> None:
    review = Review(editors=[ReviewEditor("Anna", "editor", "yesterday")])
    with pytest.raises(InputError, match="ISO 8601"):
        Provenance.from_draft(draft, review)


def test_latest_time_compares_instants_not_strings(draft: Draft) -> None:
    review = Review(editors=[ReviewEditor("A", "editor", "2026-03-01T13:00:00+02:00"),
                             ReviewEditor("B", "editor", "2026-03-01T12:00:00+00:00")])
    assert Provenance.from_draft(draft, review).reviewed_at == "2026-03-01T12:00:00+00:00"


@pytest.mark.parametrize(("byline", "names"), [
    ("By Jane Doe", ["Jane Doe"]),
    ("Von Anna Schmidt und Ben Müller", ["Anna Schmidt", "Ben Müller"]),
    ("Jane Doe, John Roe & Ana Ruiz", ["Jane Doe", "John Roe", "Ana Ruiz"]),
    ("  ", []),
    (None, []),
])
def test_byline_names(byline: str | None, names: list[str]) -> None:
    assert byline_names(byline) == names


@pytest.mark.parametrize("url", ["javascript:alert(1)", "\u00a0javascript:alert(1)",
                                 "data:text/html,x", "file:///etc/passwd", "//evil.example/x",
                                 "ftp://example.org/a", "relative/path"])
def test_a_source_url_that_is_not_http_never_reaches_the_provenance(draft: Draft,
                                                                    url: str) -> None:
    draft.source.url = url
    provenance = Provenance.from_draft(draft)
    assert provenance.source_url is None
    assert url not in json.dumps(provenance.to_jsonld(), ensure_ascii=False)


def test_an_http_source_url_is_kept_normalised(draft: Draft) -> None:
    draft.source.url = "\u3000https://example.org/story\t"
    assert Provenance.from_draft(draft).source_url == "https://example.org/story"


def test_without_name_editors_no_output_names_a_person(draft: Draft, review: Review) -> None:
    provenance = Provenance.from_draft(draft, review)
    text = json.dumps([provenance.to_dict(), provenance.to_jsonld()], ensure_ascii=False)
    for name in ("Anna Schmidt", "Ben Müller", "Cora Weiß"):
        assert name not in text
    props = [p for p in provenance.to_jsonld()["additionalProperty"]
             if p["propertyID"] == "editorConfirmation"]
    assert [(p["description"], "name" in p) for p in props] == [("editor", False)] * 2
    assert "editor" not in provenance.to_jsonld()


def test_a_memory_signature_never_shows_the_editors_login(draft: Draft) -> None:
    reused = ("engine:memory|match:exact|origin:editor|editor:erika|"
              "changed:2026-01-01T00:00:00+00:00|v:0.1.0")
    provenance = Provenance.from_draft(dataclasses.replace(draft, signatures=[reused, reused]))
    assert provenance.signatures == ("engine:memory|match:exact|origin:editor|"
                                     "changed:2026-01-01T00:00:00+00:00|v:0.1.0",)
