"""ninjs on the desk: items in through the API and the add form, items out per publication."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from copydesk.desk import publishing, workflow
from copydesk.desk.models import Article, AuditEvent, Publication, Translation
from copydesk.interop import ninjs
from tests.desk.api.conftest import error_of
from tests.desk.test_views_auth import signed_in

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ninjs"
ITEM_URI = "urn:newsml:wire.example:20260305:library-reopens"


def item(name: str = "library-2.1.json") -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def publication(approved, publisher):
    return publishing.publish_translation(approved, user=publisher)


def test_an_item_posted_as_ninjs_goes_on_the_desk_under_its_uri(script_as, editor, edition):
    answer = script_as(editor).post("/articles", {"ninjs": item(), "editions": ["de"]})
    assert answer.status_code == 201, answer.content
    article = Article.objects.get()
    assert answer.json()["key"] == ITEM_URI == article.key
    content = Translation.objects.get().source_version.content
    assert content["title"] == "Town library reopens after two-year rebuild"
    assert content["metadata"]["ninjs"]["uri"] == ITEM_URI
    changed = item()
    changed["version"] = "2"
    changed["bodies"][1]["value"] += "<p>The café opens in April.</p>"
    again = script_as(editor).post("/articles", {"ninjs": changed, "editions": ["de"]})
    assert again.status_code == 201, again.content
    assert again.json()["version"] == 2 and Article.objects.count() == 1  # the next version


@pytest.mark.parametrize(("change", "where"), [
    (lambda d: d.pop("uri"), "the top level"),
    (lambda d: d["headlines"][0].pop("value"), "/headlines/0"),
    (lambda d: d.update(bodies={"value": "x"}), "/bodies"),
])
def test_an_invalid_item_is_refused_naming_the_place_and_stores_nothing(script_as, editor,
                                                                        edition, change, where):
    data = item()
    change(data)
    error = error_of(script_as(editor).post("/articles", {"ninjs": data, "editions": ["de"]}),
                     400)
    assert f"not a valid ninjs 2.1 item: at {where}" in error["message"]
    assert not Article.objects.exists() and not AuditEvent.objects.exists()


def test_an_item_uploaded_on_the_add_form_goes_on_the_desk(client, editor, edition):
    upload = SimpleUploadedFile("harbour.json", (FIXTURES / "harbour-1.5.json").read_bytes())
    response = signed_in(client, editor).post(reverse("desk:add_article"),
                                              {"editions": [edition.pk], "file": upload})
    assert response.status_code == 302
    translation = Translation.objects.get()
    assert translation.article.key == "https://wire.example/items/2026/harbour-ferry-strike"
    assert translation.source_version.content["byline"] == "By Maren Holt"


def test_each_publication_has_valid_ninjs_items(script_as, publication, editor):
    for fmt, version in (("ninjs", "2.1"), ("ninjs1", "1.5")):
        answer = script_as(editor).get(f"/publications/{publication.pk}", format=fmt)
        assert answer.status_code == 200
        assert answer["Content-Type"] == "application/json; charset=utf-8"
        assert answer.content.decode("utf-8") == publication.outputs[fmt]
        data = answer.json()
        assert ninjs.validate(data, strict=True) == version
        assert data["language"] == "de" and data["version"] == "1"
    data = json.loads(publication.outputs["ninjs"])
    assert data["pubstatus"] == "usable"
    assert data["associations"][0] == {
        "name": "original", "uri": "https://example.org/bridge", "type": "text",
        "language": "en", "headlines": [{"role": "main", "contenttype": "text/plain",
                                         "value": "Ministry pays 3.5 million euros for new "
                                                  "bridge"}]}
    disclosure = next(d for d in data["descriptions"] if d["role"] == "disclosure")
    assert "von unserer Redaktion geprüft" in disclosure["value"]
    assert publication.published_by.username not in publication.outputs["ninjs"]


def test_a_later_publication_is_the_next_version_of_the_same_item(publication, publisher,
                                                                   editor):
    translation = workflow.open_correction(publication.translation, user=editor,
                                           reason="The price was wrong.")
    from tests.desk.conftest import confirm_all

    confirm_all(translation, editor)
    workflow.approve(translation, user=editor)
    second = publishing.publish_translation(translation, user=publisher)
    first, later = json.loads(publication.outputs["ninjs"]), json.loads(second.outputs["ninjs"])
    assert later["uri"] == first["uri"] and later["version"] == "2"
    assert later["firstcreated"] == first["firstcreated"]


def test_a_withdrawn_publication_answers_canceled(script_as, client, publication, publisher):
    workflow.withdraw(publication.translation, user=publisher, reason="The story was wrong.")
    answer = script_as(publisher).get(f"/publications/{publication.pk}", format="ninjs")
    assert answer.status_code == 200 and answer["X-Copydesk-Withdrawn"].startswith("20")
    canceled = answer.json()
    ninjs.validate(canceled, strict=True)
    assert canceled["pubstatus"] == "canceled" and canceled["version"] == "2"
    assert canceled["uri"] == json.loads(publication.outputs["ninjs"])["uri"]
    assert "Ministerium" not in answer.content.decode("utf-8")
    stored = Publication.objects.get(pk=publication.pk).outputs["ninjs"]
    assert json.loads(stored)["pubstatus"] == "usable"  # as published, as hashed
    download = signed_in(client, publisher).get(
        reverse("desk:download", args=[publication.pk, "ninjs1"]))
    assert json.loads(download.content)["pubstatus"] == "canceled"
    assert download["Content-Disposition"].endswith('-withdrawn.ninjs1.json"')


def test_the_publication_page_offers_the_ninjs_downloads(client, publication, editor):
    page = signed_in(client, editor).get(
        reverse("desk:publication", args=[publication.pk])).content.decode()
    for fmt in ("ninjs", "ninjs1"):
        assert reverse("desk:download", args=[publication.pk, fmt]) in page


def test_a_deeply_nested_non_item_is_refused_clearly(script_as, editor, edition):
    depth = 5_000
    body = ('{"ninjs": ' + '{"a": ' * depth + '{"headline": "x"}' + "}" * depth
            + ', "editions": ["de"]}')
    answer = script_as(editor).post("/articles", body)
    assert answer.status_code in (400, 422), answer.content
    assert answer.json()["error"]["message"]
    assert not Article.objects.exists()
