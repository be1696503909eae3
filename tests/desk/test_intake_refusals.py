"""Intake refuses jobs that could only fail, before anything is stored; what failed anyway
can be withdrawn from the inbox; HTML fragments are articles; the pseudo engine's warning
speaks to editors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from copydesk.desk import demo, intake
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.models import Article, AuditEvent, Edition, Translation, TranslationState
from copydesk.engines import registry
from copydesk.errors import UnsupportedPairError
from tests.desk.conftest import NO_CHECKS
from tests.desk.test_views_auth import signed_in

GERMAN = ("Hafen nach dem Sturm wieder offen\n\nDer Hafen wurde am Dienstag wieder geöffnet. "
          "Die Fähren fahren wieder nach Fahrplan, teilte die Stadtverwaltung mit.")
ENGLISH = ("Harbour reopens after storm\n\nThe harbour reopened on Tuesday. The ferries run "
           "to the timetable again, the city council said.")
FRAGMENT = ("<p>The house is red.</p><p>The council met on <a href='https://example.org/v'>"
            "Monday</a> and voted to extend the tram network by twelve kilometres.</p>")


def make_edition(code: str, language: str, engine: str, name: str = "") -> Edition:
    return Edition.objects.create(code=code, name=name or f"{code} edition", language=language,
                                  engine=engine, options=NO_CHECKS)


def add(client, edition, **fields):
    return client.post(reverse("desk:add_article"), {"editions": [edition.pk], **fields})


def assert_nothing_stored():
    assert not Article.objects.exists() and not Translation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_article_already_in_the_edition_language_is_refused(client, editor, edition):
    answer = add(signed_in(client, editor), edition, text=GERMAN)
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "is in German (de), the language of the German edition (de)" in page
    assert "nothing to translate" in page
    assert_nothing_stored()


def test_a_regional_edition_of_the_same_language_is_refused_too(client, editor, db):
    swiss = make_edition("ch", "de-CH", "pseudo", "Swiss edition")
    answer = add(signed_in(client, editor), swiss, text=GERMAN)
    assert answer.status_code == 400 and "nothing to translate" in answer.content.decode()
    assert_nothing_stored()


def test_a_pair_no_engine_of_the_edition_translates_is_refused(client, editor, db):
    spanish = make_edition("es", "es", "apertium", "Spanish edition")  # Apertium has no de->es
    answer = add(signed_in(client, editor), spanish, text=GERMAN)
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "engine &#x27;apertium&#x27; cannot translate German (de) into Spanish (es)" in page
    assert "Ask an administrator" in page
    assert_nothing_stored()


def test_one_impossible_edition_refuses_the_whole_submission(client, editor, edition, db):
    spanish = make_edition("es", "es", "apertium,deepl", "Spanish edition")
    signed_in(client, editor)
    answer = client.post(reverse("desk:add_article"),
                         {"editions": [edition.pk, spanish.pk], "text": GERMAN})
    assert answer.status_code == 400  # German into German, and no engine for de->es
    assert_nothing_stored()


def test_the_refusal_names_the_engines_that_can(editor, db, monkeypatch):
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    if "apertium" not in registry.capable("en", "es", copydesk_settings()):
        pytest.skip("Apertium with English->Spanish is not installed here")
    spanish = make_edition("es", "es", "deepl", "Spanish edition")  # without a DeepL key
    source, _ = intake.read_submission(intake.Submission(text=ENGLISH))
    with pytest.raises(UnsupportedPairError, match=r"deepl: no API key.*can: apertium\."):
        intake.check_job(source, spanish)
    added = intake.add_article(source, "k1", [make_edition("es2", "es", "apertium")],
                               user=editor)
    assert added.requested[0].state == TranslationState.IN_REVIEW  # the engine that can, does


def test_an_edition_on_auto_takes_any_pair_and_the_desk_asks_for_an_engine(client, editor, db):
    auto = make_edition("de", "de", "auto", "German edition")  # no model installed in tests
    answer = add(signed_in(client, editor), auto, text=ENGLISH)
    assert answer.status_code == 302
    translation = Translation.objects.get()
    page = client.get(reverse("desk:review", args=[translation.pk])).content.decode()
    assert "made by the PSEUDO engine" in page
    assert "Ask an administrator to set up a translation engine for the German edition" in page
    assert "copydesk models install" not in page  # no command an editor cannot run


def test_the_pseudo_edition_warning_asks_an_administrator(client, editor, translation):
    page = signed_in(client, editor).get(reverse("desk:review", args=[translation.pk]))
    text = page.content.decode()
    assert "pseudo engine: it is not a translation" in text
    assert "Ask an administrator to set up a translation engine" in text


def test_an_undetectable_language_is_refused_unless_the_editor_gives_it(client, editor,
                                                                         edition):
    short = "Storm\n\nFerries run."
    refused = add(signed_in(client, editor), edition, text=short)
    assert refused.status_code == 400 and "Give it as the source language" in \
        refused.content.decode()
    assert_nothing_stored()
    taken = add(client, edition, text=short, language="en")
    assert taken.status_code == 302
    assert Article.objects.get().source_language == "en"
    wrong = add(client, edition, text=short, language="xx")
    assert wrong.status_code == 400 and "Unknown language" in wrong.content.decode()


def test_a_failed_row_offers_withdraw_with_a_reason_in_the_inbox(client, editor, translation):
    Translation.objects.filter(pk=translation.pk).update(state=TranslationState.FAILED,
                                                         error="The engine failed.")
    page = signed_in(client, editor).get(reverse("desk:inbox")).content.decode()
    action = reverse("desk:withdraw", args=[translation.pk])
    assert f'action="{action}"' in page and 'name="reason" required' in page
    row = client.get(reverse("desk:inbox_row", args=[translation.pk])).content.decode()
    assert f'action="{action}"' in row  # the row as Retry and polling render it
    client.post(action, {"reason": "No engine for this pair; translated by hand."})
    translation.refresh_from_db()
    assert translation.state == TranslationState.WITHDRAWN
    assert AuditEvent.objects.filter(kind="withdrawn").exists()


def test_a_row_in_review_offers_no_withdraw_to_an_editor(client, editor, translation):
    page = signed_in(client, editor).get(reverse("desk:inbox")).content.decode()
    assert reverse("desk:withdraw", args=[translation.pk]) not in page


def test_a_pasted_body_field_is_an_article(client, editor, edition):
    answer = add(signed_in(client, editor), edition, text=FRAGMENT)
    assert answer.status_code == 302
    content = Translation.objects.get().source_version.content
    assert content["title"] == "The house is red."
    assert [b["text"] for b in content["blocks"]] == [
        "The house is red.",
        "The council met on <g1>Monday</g1> and voted to extend the tram network by twelve "
        "kilometres."]
    assert Translation.objects.get().state == TranslationState.IN_REVIEW


def test_the_demo_queues_an_example_only_where_it_can_be_translated(db, tmp_path):
    (tmp_path / "hafen.txt").write_text(GERMAN, encoding="utf-8")
    prepared = demo.prepare(tmp_path, password=lambda: "pw-for-tests")
    assert sorted(prepared.queued) == ["Hafen nach dem Sturm wieder offen -> Dutch edition",
                                       "Hafen nach dem Sturm wieder offen -> French edition"]
    assert any("Not queued hafen.txt for the German edition" in note and
               "nothing to translate" in note for note in prepared.notes)
