"""German house style: quotes, gender-inclusive forms, numbers, dates, spacing."""

import pytest

from copydesk.style import apply_fixes, review
from tests.fixtures.shared_data import AVAILABLE, SHARED_DATA, needs_shared_data
from tests.fixtures.shared_data import SEED_ARTICLE as SEED

GENIUS = SHARED_DATA / "german_style" / "GeniuS" / "daten.csv"
NBSP, NNBSP = "\u00a0", "\u202f"


def fixed(text: str, **edition) -> str:
    return apply_fixes(text, review(text, "de", edition))[0]


def seed_lines() -> list[str]:
    if not AVAILABLE:
        return []
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and line != "ODER ANMELDEN MIT"]


@needs_shared_data
@pytest.mark.parametrize("line", seed_lines())
def test_seed_article_is_house_style(line):
    assert review(line, "de", {"gender": "colon"}) == []
    assert review(line, "de", {"gender": "colon", "gender_wordlist": str(GENIUS)}) == []


@pytest.mark.parametrize("text, expected", [
    ('Er sagte: "Wir sind vorn."', "Er sagte: „Wir sind vorn.“"),
    ("Er sagte: “Wir sind vorn.”", "Er sagte: „Wir sind vorn.“"),
    ("„Sie nannte es 'Unsinn'“, hieß es.", "„Sie nannte es ‚Unsinn‘“, hieß es."),
    ("Geht's noch?", "Geht’s noch?"),
])
def test_quotes_and_apostrophes(text, expected):
    assert fixed(text) == expected


def test_unpaired_quote_is_flagged_without_a_fix():
    issues = review('Er sagte: "Wir sind vorn.', "de", {})
    assert issues and issues[0].fix is None


def test_guillemets_edition():
    assert fixed('Er sagte: "Ja."', quotes="guillemets") == "Er sagte: »Ja.«"


@pytest.mark.parametrize("text, expected", [
    ("Die Nutzer*innen zahlen.", "Die Nutzer:innen zahlen."),
    ("Die NutzerInnen zahlen.", "Die Nutzer:innen zahlen."),
    ("Die Nutzer_innen zahlen.", "Die Nutzer:innen zahlen."),
    ("Die Nutzer zahlen.", "Die Nutzer:innen zahlen."),
    ("Er sprach mit den Nutzern.", "Er sprach mit den Nutzer:innen."),
    ("Viele deutsche Kunden kaufen.", "Viele deutsche Kund:innen kaufen."),
    ("Die Ärzte warnen.", "Die Ärzt:innen warnen."),
    ("2000 Mitarbeiter streiken.", "2000 Mitarbeiter:innen streiken."),
])
def test_gender_colon(text, expected):
    assert fixed(text, gender="colon") == expected


def test_gender_star_and_none():
    assert fixed("Die Nutzer:innen und die Leser.", gender="star") == \
        "Die Nutzer*innen und die Leser*innen."
    assert review("Die Nutzer zahlen.", "de", {"gender": "none"}) == []


@pytest.mark.parametrize("text", [
    "Ein Nutzer klagte.",  # singular
    "Der Sprecher sagte.",
    "Dem Kunden gefiel es.",  # singular dative
    "Nutzerinnen und Nutzer zahlen.",  # pair form is inclusive
    "Die Kundschaft und die Leserschaft.",
    "Die Nutzerzahlen steigen.",  # compound
])
def test_gender_leaves_these_alone(text):
    assert review(text, "de", {"gender": "colon"}) == []


@needs_shared_data
def test_gender_wordlist_from_genius_adds_nouns():
    assert review("Die Benutzer klagen.", "de", {}) == []
    assert fixed("Die Benutzer klagen.", gender_wordlist=str(GENIUS)) == \
        "Die Benutzer:innen klagen."


@pytest.mark.parametrize("text, expected", [
    ("Der Umsatz stieg um 3.5 Prozent.", "Der Umsatz stieg um 3,5 Prozent."),
    ("Es kostet 1.50 Euro.", "Es kostet 1,50 Euro."),
    ("Es waren 1,000,000 Menschen.", "Es waren 1.000.000 Menschen."),
    ("Der Umsatz stieg um 10%.", f"Der Umsatz stieg um 10{NBSP}%."),
    ("Der Umsatz stieg um 10 %.", f"Der Umsatz stieg um 10{NBSP}%."),
    ("Das sind z.B. 5 km.", f"Das sind z.{NBSP}B. 5{NBSP}km."),
    ("Am Oktober 3, 2020 war es so.", "Am 3. Oktober 2020 war es so."),
])
def test_numbers_dates_spacing(text, expected):
    assert fixed(text) == expected


@pytest.mark.parametrize("text", [
    "Das Update auf iOS 13.1 kam.",  # version
    "Wir treffen uns am 3.5. in Berlin.",  # date
    "Um 14.30 Uhr beginnt es.",  # time
    "Es kamen 12.500 Menschen.",  # German thousands
    "Im Oktober 2020 stieg der Wert im Oktober 3 Prozent.",
    f"Der Umsatz stieg um 10{NBSP}%.",
])
def test_numbers_left_alone(text):
    assert review(text, "de", {}) == []


def test_english_month_order_is_flagged_without_fix():
    issues = review("Das war am October 3, 2020.", "de", {})
    assert issues and issues[0].fix is None


def test_edition_spacing_options():
    assert fixed("Es stieg um 10 %.", percent_space=False) == "Es stieg um 10%."
    assert review("Es stieg um 10 %, z. B. 5 km.", "de", {"nbsp": False}) == []
    assert fixed("Es kamen 12.500 Menschen.", thousands_separator="narrow") == \
        f"Es kamen 12{NNBSP}500 Menschen."


def test_issues_are_minor_house_style():
    issues = review('Er sagte: "Ja."', "de", {})
    assert {i.check for i in issues} == {"house-style"}
    assert {i.severity.value for i in issues} == {"minor"}
