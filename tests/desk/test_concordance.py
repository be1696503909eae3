"""Concordance from the review screen: the memory and published translations, folded, bounded."""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse

from copydesk.desk import concordance, publishing, sources, workflow
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.errors import InputError, PermissionDeniedError
from copydesk.memory import TranslationMemory
from tests.desk.conftest import confirm_all, story
from tests.desk.test_views_auth import signed_in


@pytest.fixture
def memory_entries(desk_home):
    with TranslationMemory.in_home(copydesk_settings().home_path) as tm:
        tm.add("The <g1>FAST</g1> telescope saw it.", "Das <g1>FAST</g1>-Teleskop sah es.",
               "en", "de", editor="erika")
        tm.add("Fast food is cheap.", "Fast Food ist billig.", "en", "de")
        tm.add("The Straße was closed.", "Die Straße war gesperrt.", "en", "de")
        tm.add("Nothing to see.", "Nichts zu sehen.", "en", "de")
        tm.add("FAST in French.", "FAST en français.", "en", "fr")


def look(client, translation, q, **params):
    return client.get(reverse("desk:concordance", args=[translation.pk]), {"q": q, **params},
                      HTTP_ACCEPT="application/json")


def test_memory_matches_side_by_side_with_the_match_marked(client, editor, translation,
                                                           memory_entries):
    data = look(signed_in(client, editor), translation, "fast").json()
    assert data["total"] == 2 and data["pages"] == 1
    first = next(r for r in data["results"] if "telescope" in r["source"])
    assert first["kind"] == "memory" and first["where"] == "erika"
    assert first["source"] == "The FAST telescope saw it."  # tags left out
    assert [first["source"][a:b] for a, b in first["source_spans"]] == ["FAST"]
    assert [first["target"][a:b] for a, b in first["target_spans"]] == ["FAST"]


@pytest.mark.parametrize("query", ["FAST TELESCOPE", "ｆａｓｔ telescope", "fast\u00a0telescope",
                                   unicodedata.normalize("NFD", "fast telescope")])
def test_case_width_and_spaces_do_not_matter(client, editor, translation, memory_entries, query):
    data = look(signed_in(client, editor), translation, query).json()
    assert [r["source"] for r in data["results"]] == ["The FAST telescope saw it."]


def test_sharp_s(client, editor, translation, memory_entries):
    data = look(signed_in(client, editor), translation, "STRASSE").json()
    assert [r["target"] for r in data["results"]] == ["Die Straße war gesperrt."]


def test_published_translations_on_both_sides(client, editor, publisher, edition, translation):
    other = sources.ingest(story(title="Telescope news", blocks=[
        {"kind": "paragraph", "text": "The telescope opened."}]), key="k-other", user=editor)
    done = workflow.request_translation(other.article, edition, user=editor)
    confirm_all(done, editor)
    workflow.approve(done, user=editor)
    publishing.publish_translation(done, user=publisher)
    data = look(signed_in(client, editor), translation, "redigiert: b1.s1").json()
    assert [(r["kind"], r["where"]) for r in data["results"]] == [("published",
                                                                   "Telescope news")]
    assert data["results"][0]["target_spans"] and not data["results"][0]["source_spans"]
    assert look(client, translation, "telescope opened").json()["total"] == 1
    assert look(client, done, "telescope opened").json()["total"] == 0  # not itself


def test_pages(client, editor, translation, desk_home):
    with TranslationMemory.in_home(copydesk_settings().home_path) as tm:
        for n in range(25):
            tm.add(f"Report number {n} on FAST.", f"Bericht Nummer {n} über FAST.", "en", "de")
    signed_in(client, editor)
    first, third = look(client, translation, "fast").json(), look(client, translation, "fast",
                                                                   page="3").json()
    assert (first["total"], first["pages"], len(first["results"])) == (25, 3, 10)
    assert len(third["results"]) == 5
    assert first["results"][0]["source"] == "Report number 24 on FAST."  # newest first


@pytest.mark.parametrize(("query", "page", "message"), [
    ("x" * 201, "1", "at most 200"), ("a", "1", "at least 2"), ("\u200b\u200b", "1", "at least"),
    ("fast", "0", "page from 1"), ("fast", "x", "page is a number"), ("fast", "99999", "number"),
])
def test_refusals(client, editor, translation, query, page, message):
    answer = look(signed_in(client, editor), translation, query, page=page)
    assert answer.status_code == 400 and message in answer.json()["error"]


def test_a_huge_query_is_refused_before_any_work(editor, translation):
    with pytest.raises(InputError, match="at most 200"):
        concordance.search(translation, "fast " * 100_000, user=editor)


def test_a_publisher_is_refused(client, publisher, translation):
    assert look(signed_in(client, publisher), translation, "fast").status_code == 403
    with pytest.raises(PermissionDeniedError):
        concordance.search(translation, "fast", user=publisher)
