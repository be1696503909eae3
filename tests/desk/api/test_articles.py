"""``POST /api/v1/articles``: an article onto the desk, an update through the same key, and
``GET /api/v1/articles/{id}/audit``."""

from __future__ import annotations

import json

import pytest

from copydesk.desk import audit
from copydesk.desk.models import Article, AuditEvent, Edition, Translation
from tests.desk.api.conftest import error_of
from tests.desk.conftest import NO_CHECKS, STORY

KEY = "cms:4711"


@pytest.fixture
def french(db):
    return Edition.objects.create(code="fr", name="Édition française", language="fr",
                                  engine="pseudo", options=NO_CHECKS)


def changed_story() -> dict:
    return {**STORY, "blocks": [*STORY["blocks"], {"kind": "paragraph",
                                                   "text": "The bridge will have two lanes."}]}


def test_an_article_goes_on_the_desk_for_each_edition(script_as, editor, edition, french):
    answer = script_as(editor).post("/articles", {"article": STORY, "key": KEY,
                                                  "editions": ["de", "fr"],
                                                  "deadline": "2030-05-01T12:00:00+02:00"})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    article = Article.objects.get(key=KEY)
    assert (body["article"], body["key"], body["version"]) == (article.pk, KEY, 1)
    assert [(t["edition"], t["state"]) for t in body["translations"]] == [
        ("de", "in_review"), ("fr", "in_review")]  # translated at once in the tests
    stored = Translation.objects.get(pk=body["translations"][0]["id"])
    assert stored.deadline.isoformat() == "2030-05-01T10:00:00+00:00"
    assert article.latest_version().to_article().title == STORY["title"]


def test_the_same_key_with_new_content_is_an_update(script_as, editor, edition, french):
    script = script_as(editor)
    first = script.post("/articles", {"article": STORY, "key": KEY, "editions": ["de"]}).json()
    update = script.post("/articles", {"article": changed_story(), "key": KEY,
                                       "editions": ["de", "fr"]})
    assert update.status_code == 201, update.content
    body = update.json()
    assert body["article"] == first["article"] and body["version"] == 2
    german = next(t for t in body["translations"] if t["edition"] == "de")
    assert german["id"] == first["translations"][0]["id"]  # the same translation, re-translated
    translation = Translation.objects.get(pk=german["id"])
    assert translation.source_version.number == 2
    assert translation.segments.filter(active=True, source__contains="two lanes").exists()
    assert [t["edition"] for t in body["translations"]] == ["de", "fr"]  # fr requested now
    kinds = AuditEvent.objects.filter(article__key=KEY).values_list("kind", flat=True)
    assert "source_changed" in kinds


def test_the_same_content_again_changes_nothing(script_as, editor, edition):
    script = script_as(editor)
    script.post("/articles", {"article": STORY, "key": KEY, "editions": ["de"]})
    again = script.post("/articles", {"article": STORY, "key": KEY, "editions": ["de"]})
    assert again.status_code == 200
    assert again.json()["version"] == 1
    assert Translation.objects.get().source_version.number == 1


def test_html_and_text_are_read_in_the_format_named(script_as, editor, edition):
    script = script_as(editor)
    html = script.post("/articles", {"html": "<h2>Bridge opens</h2><p>The mayor cut the "
                                             "ribbon. Traffic starts today.</p>",
                                     "key": "cms:html", "language": "en", "editions": ["de"]})
    text = script.post("/articles", {"text": "{Update} Bridge opens\n\nThe mayor cut the "
                                             "ribbon.", "key": "cms:text", "language": "en",
                                     "editions": ["de"]})
    assert (html.status_code, text.status_code) == (201, 201), (html.content, text.content)
    titles = {a.key: a.latest_version().to_article().title for a in Article.objects.all()}
    assert titles == {"cms:html": "Bridge opens", "cms:text": "{Update} Bridge opens"}


def test_without_a_key_the_desk_makes_one_from_the_content(script_as, editor, edition):
    answer = script_as(editor).post("/articles", {"article": STORY, "editions": ["de"]})
    assert answer.status_code == 201
    assert answer.json()["key"] == Article.objects.get().key != ""


def test_a_private_address_is_refused_before_anything_is_stored(script_as, editor, edition):
    answer = script_as(editor).post("/articles", {"url": "http://127.0.0.1:9/story",
                                                  "editions": ["de"]})
    assert error_of(answer, 400)["code"] == "private_address"
    assert not Article.objects.exists()


@pytest.mark.parametrize(("body", "code", "status"), [
    ({"article": STORY, "editions": ["xx"]}, "bad_input", 400),  # no such edition
    ({"article": {**STORY, "language": "de"}, "editions": ["de"]}, "bad_language", 400),
    ({"article": {"title": "No blocks"}, "editions": ["de"]}, "bad_input", 400),
    ({"article": STORY, "text": "Also text", "editions": ["de"]}, "bad_input", 422),
    ({"editions": ["de"]}, "bad_input", 422),  # no source at all
    ({"article": STORY, "editions": []}, "bad_input", 422),
    ({"article": STORY, "editions": "de"}, "bad_input", 422),
    ({"article": STORY, "editions": ["de"], "deadline": "2030-05-01T12:00:00"}, "bad_input",
     422),  # a deadline without its time zone
    ({"article": STORY, "editions": ["de"], "deadline": "0001-01-01T00:00:00+14:00"},
     "bad_input", 422),  # before the first storable moment
    ({"article": STORY, "editions": ["de"], "key": "cms:\x00"}, "bad_input", 422),
    ({"article": STORY, "editions": ["de"], "key": "k" * 501}, "bad_input", 400),
])
def test_refused_articles_leave_nothing_behind(script_as, editor, edition, body, code, status):
    error = error_of(script_as(editor).post("/articles", body), status)
    assert error["code"] == code
    assert not Article.objects.exists() and not Translation.objects.exists()


def test_a_body_with_a_lone_surrogate_is_refused(script_as, editor, edition):
    raw = json.dumps({"text": "Bridge\n\nOpens", "editions": ["de"]}).replace("Opens",
                                                                              "Op\\ud800ens")
    error = error_of(script_as(editor).post("/articles", raw), 422)
    assert error["fields"][0]["location"] == "body.payload.text"
    assert not Article.objects.exists()


def test_only_an_editor_adds_articles(script_as, publisher, edition):
    error = error_of(script_as(publisher).post("/articles", {"article": STORY,
                                                             "editions": ["de"]}), 403)
    assert error["code"] == "permission_denied" and "'editor' role" in error["message"]
    assert not Article.objects.exists()


def test_the_audit_trail_is_the_desks_export(script_as, translation, publisher):
    answer = script_as(publisher).get(f"/articles/{translation.article_id}/audit")
    assert answer.status_code == 200
    assert answer.json() == json.loads(audit.export(translation.article))
    assert answer.json()["verification"]["ok"] is True


@pytest.mark.parametrize(("article", "status"), [(999, 404), (0, 422), (-1, 422),
                                                 (2**64, 422), ("abc", 422)])
def test_the_audit_trail_of_no_article(script_as, editor, article, status):
    assert error_of(script_as(editor).get(f"/articles/{article}/audit"), status)
