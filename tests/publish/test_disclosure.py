from __future__ import annotations

import pytest

from copydesk import settings as settings_module
from copydesk.errors import ConfigError
from copydesk.publish import (
    Correction,
    Provenance,
    Review,
    ReviewEditor,
    disclosure_note,
    render,
)
from copydesk.publish.disclosure import WORDING, edition_table, validate_template
from tests.publish.drafts import build_draft

LANGUAGES = ["de", "en", "fr", "nl", "es", "it"]
# What each language's unreviewed note must say: that nobody has checked it yet.
NOT_YET = {"de": "noch nicht", "en": "not yet", "fr": "pas encore", "nl": "nog niet",
           "es": "todavía no", "it": "non è ancora"}
REVIEW = Review(editors=[ReviewEditor("Anna Schmidt", "editor", "2026-03-01T11:00:00+00:00"),
                         ReviewEditor("Ben Müller", "editor", "2026-03-02T09:00:00+00:00")])


def note(language: str = "de", review: Review | None = None, engine: str = "ctranslate2",
         edition: dict | None = None):
    draft = build_draft(target_language=language, engine=engine)
    return disclosure_note(Provenance.from_draft(draft, review), edition)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_three_distinct_built_in_notes(language: str) -> None:
    reviewed, unreviewed, pseudo = note(language, REVIEW), note(language), note(language,
                                                                                engine="pseudo")
    assert (reviewed.case, unreviewed.case, pseudo.case) == ("reviewed", "unreviewed", "pseudo")
    assert len({reviewed.text, unreviewed.text, pseudo.text}) == 3
    assert {reviewed.language, unreviewed.language, pseudo.language} == {language}
    assert NOT_YET[language] in unreviewed.text
    assert NOT_YET[language] not in reviewed.text
    assert pseudo.text.split()[0].isupper()  # starts with a shouted warning


def test_german_wording_reads_like_the_newsroom() -> None:
    assert note("de", REVIEW).text == ("Dieser Artikel wurde mithilfe digitaler Werkzeuge "
                                       "übersetzt und von unserer Redaktion geprüft.")
    assert "KEINE ÜBERSETZUNG" in note("de", engine="pseudo").text


@pytest.mark.parametrize("language", LANGUAGES)
def test_named_editors_are_listed_the_way_the_language_lists_names(language: str) -> None:
    named = Review(editors=REVIEW.editors, name_editors=True)
    text = note(language, named).text
    conjunction = {"de": "und", "en": "and", "fr": "et", "nl": "en", "es": "y", "it": "e"}
    assert f"Anna Schmidt {conjunction[language]} Ben Müller" in text
    assert "{" not in text


def test_unreviewed_note_never_mentions_editors_even_when_names_are_allowed() -> None:
    anonymous = Review(editors=[], approved_by="Cora Weiß", name_editors=True)
    text = note("en", anonymous).text
    assert text == WORDING["en"]["unreviewed"]
    assert "Cora" not in text


def test_pseudo_note_wins_over_a_review_and_over_overrides() -> None:
    edition = {"disclosure_reviewed": "Geprüft.", "disclosure_unreviewed": "Ungeprüft."}
    result = note("de", REVIEW, engine="pseudo", edition=edition)
    assert result.case == "pseudo"
    assert result.text == WORDING["de"]["pseudo"]


def test_unknown_language_falls_back_to_english_and_says_so() -> None:
    result = note("pl")
    assert result.text == WORDING["en"]["unreviewed"]
    assert result.language == "en"


def test_regional_language_uses_its_base_wording() -> None:
    result = note("de-CH", REVIEW)
    assert (result.language, result.text) == ("de", WORDING["de"]["reviewed"])


def test_override_fills_placeholders() -> None:
    edition = {"disclosure_reviewed": "Übersetzt mit {engine}, geprüft von {editors} am {date}."}
    assert note("de", REVIEW, edition=edition).text == (
        "Übersetzt mit ctranslate2 (opus-mt-en-de), geprüft von Anna Schmidt und Ben Müller "
        "am 2. März 2026.")


def test_unreviewed_override_is_used_without_review_and_keeps_literal_braces() -> None:
    edition = {"disclosure_unreviewed": "{{Maschine}} {engine}, {date}."}
    result = note("de", edition=edition)
    assert result.text == "{Maschine} ctranslate2 (opus-mt-en-de), 1. März 2026."
    assert result.case == "unreviewed"


@pytest.mark.parametrize(("case", "template"), [
    ("reviewed", "Geprüft von {editor}."),
    ("reviewed", "{engine.__class__}"),
    ("reviewed", "{engine!r}"),
    ("reviewed", "{date:%Y}"),
    ("reviewed", "{}"),
    ("unreviewed", "Geprüft von {editors}."),  # an unreviewed text has no editors
])
def test_unknown_placeholder_is_a_config_error(case: str, template: str) -> None:
    with pytest.raises(ConfigError, match=f"disclosure_{case}.*use only"):
        validate_template(template, case)


@pytest.mark.parametrize("template", ["Offene {Klammer", "", 42])
def test_malformed_override_is_a_config_error(template: object) -> None:
    with pytest.raises(ConfigError, match="disclosure_reviewed"):
        validate_template(template, "reviewed")


def test_bad_override_fails_render_before_anything_is_written(tmp_path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[editions.de]\ndisclosure_unreviewed = "Von {autor}"\n', encoding="utf-8")
    settings = settings_module.load(environ={}, config_file=config)
    with pytest.raises(ConfigError, match=r"\{autor\}"):
        render(build_draft(), "html", settings=settings)


def test_edition_table_from_config_file_reaches_the_rendered_page(tmp_path) -> None:
    config = tmp_path / "config.toml"
    override = 'disclosure_unreviewed = "Automatisch übersetzt ({engine})."'
    config.write_text(f"[editions.de]\n{override}\n", encoding="utf-8")
    settings = settings_module.load(environ={}, config_file=config)
    assert edition_table(settings, "de-AT")["disclosure_unreviewed"]
    page = render(build_draft(), "md", settings=settings)
    assert page.rstrip().endswith("_Automatisch übersetzt (ctranslate2 (opus-mt-en-de))._")


WEAK = Review(editors=REVIEW.editors, name_editors=True,
              evidence={"met": False, "reasons": ["Read at 900 words a minute."]})
# What each language's approved note must say: that the newsroom approved publication.
APPROVED = {"de": "zur Veröffentlichung freigegeben", "en": "approved for publication",
            "fr": "publication a été validée", "nl": "vrijgegeven voor publicatie",
            "es": "ha autorizado su publicación", "it": "pubblicazione è stata approvata"}
# ...and must not claim what a reviewed note claims.
CHECKED = {"de": "geprüft", "en": "checked", "fr": "relu", "nl": "gecontroleerd",
           "es": "revisado", "it": "revisionato"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_review_that_missed_the_policy_is_approved_not_checked(language: str) -> None:
    weak = note(language, WEAK)
    assert weak.case == "approved" and APPROVED[language] in weak.text
    assert CHECKED[language] not in weak.text
    assert "Anna" not in weak.text  # named editors are not credited with a review either
    met = Review(editors=REVIEW.editors, evidence={"met": True, "reasons": []})
    assert note(language, met).case == "reviewed"
    assert note(language, REVIEW).case == "reviewed"  # nothing measured: the review stands


def test_approved_override_takes_engine_and_date_but_not_editors() -> None:
    edition = {"disclosure_approved": "Mit {engine} übersetzt, freigegeben am {date}."}
    assert note("de", WEAK, edition=edition).text.startswith("Mit ctranslate2")
    with pytest.raises(ConfigError, match=r"\{editors\}"):
        note("de", WEAK, edition={"disclosure_approved": "Freigegeben von {editors}."})


CORRECTED = Review(editors=REVIEW.editors, corrections=[
    Correction("Die Summe war falsch.", "2026-12-02T09:00:00+00:00")])


@pytest.mark.parametrize(("language", "start"), [
    ("de", "Korrigiert am 2. Dezember 2026: "), ("en", "Corrected on December 2, 2026: "),
    ("fr", "Corrigé le 2 décembre 2026 : "), ("nl", "Gecorrigeerd op 2 december 2026: "),
    ("es", "Corregido el 2 de diciembre de 2026: "), ("it", "Corretto il 2 dicembre 2026: ")])
def test_a_correction_note_is_in_the_target_language(language: str, start: str) -> None:
    assert note(language, CORRECTED).corrections == (start + "Die Summe war falsch.",)
    assert note(language, REVIEW).corrections == ()


def test_an_edition_words_its_own_correction_note() -> None:
    edition = {"correction_note": "Aktualisiert ({date}): {reason}"}
    assert note("de", CORRECTED, edition=edition).corrections == (
        "Aktualisiert (2. Dezember 2026): Die Summe war falsch.",)
    with pytest.raises(ConfigError, match="correction_note"):
        note("de", CORRECTED, edition={"correction_note": "Korrigiert von {editors}."})
