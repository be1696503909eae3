"""``GET /api/v1/publications/{id}``: each output exactly as published, withdrawn ones marked."""

from __future__ import annotations

import json

import pytest

from copydesk.desk import publishing, workflow
from tests.desk.api.conftest import error_of


@pytest.fixture
def publication(approved, publisher):
    return publishing.publish_translation(approved, user=publisher)


@pytest.mark.parametrize(("fmt", "media"), [("html", "text/html"), ("fragment", "text/html"),
                                             ("md", "text/markdown"),
                                             ("json", "application/json")])
def test_each_output_is_the_stored_one(script_as, publication, editor, fmt, media):
    answer = script_as(editor).get(f"/publications/{publication.pk}", format=fmt)
    assert answer.status_code == 200
    assert answer["Content-Type"] == f"{media}; charset=utf-8"
    assert answer.content.decode("utf-8") == publication.outputs[fmt]
    assert "X-Copydesk-Withdrawn" not in answer


def test_json_is_the_default_and_the_fragment_carries_the_disclosure(script_as, publication,
                                                                     editor):
    script = script_as(editor)
    assert script.get(f"/publications/{publication.pk}").json() == json.loads(
        publication.outputs["json"])
    fragment = script.get(f"/publications/{publication.pk}", format="fragment").content.decode()
    assert 'class="copydesk-disclosure"' in fragment and "<head>" not in fragment


def test_a_withdrawn_publication_says_when_it_was_withdrawn(script_as, publication, publisher):
    workflow.withdraw(publication.translation, user=publisher, reason="The story was wrong.")
    answer = script_as(publisher).get(f"/publications/{publication.pk}", format="html")
    assert answer.status_code == 200
    assert answer.content.decode("utf-8") == publication.outputs["html"]  # as hashed
    assert answer["X-Copydesk-Withdrawn"].startswith("20")


def test_a_publication_without_a_format_says_which_it_has(script_as, approved, editor,
                                                          publisher):
    older = publishing.publish_translation(approved, user=publisher,
                                           formats=("html", "md", "json"))
    error = error_of(script_as(editor).get(f"/publications/{older.pk}", format="fragment"),
                     404)
    assert "html, json, md" in error["message"]


@pytest.mark.parametrize(("path", "query", "status"), [
    ("/publications/999", {}, 404), ("/publications/1", {"format": "pdf"}, 422),
    ("/publications/0", {}, 422), (f"/publications/{2**64}", {}, 422),
])
def test_no_such_publication_or_format(script_as, editor, path, query, status):
    assert error_of(script_as(editor).get(path, **query), status)["code"] in (
        "not_found", "bad_input")
