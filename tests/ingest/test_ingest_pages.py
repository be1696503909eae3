"""Golden tests over real saved web pages: the article is found, the chrome is not."""

from __future__ import annotations

import lxml.html
import pytest

from copydesk.errors import NoArticleError
from copydesk.ingest import from_html
from tests.fixtures.shared_data import PAGES, needs_shared_data

pytestmark = needs_shared_data

# page: (language, title, sentences in the body, minimum body characters, chrome absent)
GOLDEN = {
    "heise.de.lithium.html": (
        "de", "Lithium aus dem Schredder",
        ["Die Recyclingquote liegt lediglich bei 25 Prozent.",
         "Übrig bleibt ein feines schwarzes Pulver.",
         "Nur die Separatorfolie gelangt noch nicht in den Stoffkreislauf zurück."],
        2000, ["14 Kommentare", "Druckansicht", "Datenschutzhinweis", "Impressum",
               "In Pocket speichern", "Forum zum Thema"],
    ),
    "faz.net.streaming.html": (
        "de", "Nutzerbasierte Abrechnung: Musik-Stars fordern neues Streaming-Modell",
        ["Der Knackpunkt ist die Verteilung des Geldes",
         "Es seien in der Kürze der Zeit schlicht nicht alle Künstler erreichbar gewesen."],
        3000, ["Abo-Angebote", "Börsenlexikon", "Alle Themen", "Aktualisiert am"],
    ),
    "futurezone.at.lyft.html": (
        "de", "Uber-Konkurrent Lyft startet mit Waymo-Robotertaxis in USA",
        ["Waymo betreibt in einem Vorort von Phoenix bereits einen eigenen Robotaxi-Dienst.",
         "Lyft ist deutlich kleiner als Uber und bisher nur in Nordamerika aktiv."],
        1500, ["Werben auf futurezone.at", "Zur Startseite", "Datenschutzrichtlinie"],
    ),
    "netzpolitik.org.abmahnungen.html": (
        "de", "Die Cider Connection: Abmahnungen gegen Nutzer von Creative-Commons-Bildern",
        ["Zwei Männer Arm in Arm.",
         "wir freuen uns wie immer über Spenden, die solche Stücke ermöglichen."],
        10000, ["11. Juli 2016 um 13:23 Uhr", "23. Juni 2016 um 17:21 Uhr"],
    ),
    "correctiv.org.zusage.html": (
        "de", "„Wir haben bereits die Zusage“",
        ["Die AfD behauptet, nichts vom Versand einer Gratiszeitung an NRW-Haushalte",
         "Diese Recherche wurde mit der Unterstützung von Bürgerinnen und Bürgern realisiert."],
        8000, ["Die besten Recherchen per Mail", "E-Mail Adresse", "Reporterfabrik",
               "Campfire Festival"],
    ),
    "dw.com.colonial.html": (
        "en", "Berlin confronts Germany's colonial past with new initiative",
        ["The move has been met with resistance from Germany's far right.",
         "Lüderitzstrasse will become Cornelius-Fredericks-Strasse"],
        4500, ["Whatsapp", "Newsvine", "More info OK", "Read more:"],
    ),
    "nature.com.telescope.html": (
        "en", "Gigantic Chinese telescope opens to astronomers worldwide",
        ["During the testing phase, the telescope discovered more than 100 pulsars.",
         "“A successful review will definitely help,” he says."],
        5000, ["About Nature Research", "Accessibility statement", "Browse Subjects"],
    ),
    "vice.com.amazon.html": (
        "en", "The Amazon Is on Fire and the Smoke Can Be Seen from Space",
        ["In the middle of the day on Monday, the sky above São Paulo, Brazil went dark."],
        3000, ["SKIP TO MAIN CONTENT", "Subscribe to the VICE newsletter.", "VICELAND"],
    ),
    "nationalgeographic.co.uk.goats.html": (
        "en", "Ravenous wild goats ruled this island for over a century. Now, it's being reborn.",
        ["“But they don’t know the work that goes into keeping it that way.”"],
        6000, ["facebooktwitterflipboardwhatsapp", "Register"],
    ),
    "kulu-media.com.meta-outage.html": (
        "en", "Meta Outage Hits Facebook, Instagram and Messenger",
        ["even a relatively short disruption can have a significant global impact."],
        3500, ["Cookie Policy (EU)", "Terms and Conditions", "Kulu Media News Desk"],
    ),
    "franceculture.fr.idees.html": (
        "fr", "Prendre la parole",
        ["D’où « la nécessité impérieuse de se réapproprier le langage ».",
         "Au moins, avec les guillemets, on sait qui parle, on identifie une source."],
        5500, ["Aide à l'écoute", "Annonceurs", "A lire aussi"],
    ),
    "psl.eu.luniversite.html": (
        "fr", "L’Université PSL : quand les grandes écoles font université",
        ["Le décret n°2019-1130 validant les nouveaux statuts de l’Université PSL vient d’être "
         "publié."],
        3500, ["Admissions en master", "Associations étudiantes", "Comex et Directoire"],
    ),
    "soundofscience.fr.1927.html": (
        "fr", "Une candidature collective à la présidence du HCERES",
        ["Sans recherche autonome, nous n’avons pas d’avenir",
         "La deuxième condition tient à cette autre ressource préalable à la recherche : "
         "le temps."],
        7000, ["Laisser un commentaire", "Adresse de messagerie", "0 Comment", "ThemeGrill"],
    ),
}


def _spaced(text: str) -> str:
    """Text with every run of whitespace (no-break spaces included) as one space."""
    return " ".join(text.split())


@pytest.mark.parametrize("page", sorted(GOLDEN))
def test_page_article_found_and_chrome_dropped(page: str) -> None:
    language, title, sentences, min_chars, chrome = GOLDEN[page]
    raw = (PAGES / page).read_bytes()
    article = from_html(raw)
    body = _spaced("\n".join(block.plain for block in article.blocks))
    page_text = _spaced(lxml.html.fromstring(raw).text_content())

    assert article.title == title
    assert article.language == language
    for sentence in sentences:
        assert sentence in body
    assert len(body) >= min_chars
    for label in chrome:
        assert label in page_text, f"test is stale: {label!r} is not in the page"
        assert label not in body
    assert not any(block.plain == title for block in article.blocks[:3])


def test_page_metadata_and_links() -> None:
    article = from_html((PAGES / "heise.de.lithium.html").read_bytes())
    assert article.date == "2019-06-20"
    assert article.byline and "Denis Dilba" in article.byline
    assert article.standfirst == ("Eine niedersächsische Firma hat die Wiederverwertung "
                                  "ausgedienter Akkus optimiert.")
    first = article.blocks[0]
    assert "Die <g1>Duesenfeld GmbH</g1> aus Wendeburg" in first.text
    assert first.tags["1"].kind == "link"
    assert first.tags["1"].attrs == {"href": "https://www.duesenfeld.com/"}
    headings = [b.plain for b in article.blocks if b.kind == "heading"]
    assert headings == ["Schredder statt Ofen", "Nur die Folie bleibt zurück"]


def test_soft_hyphens_are_removed() -> None:
    article = from_html((PAGES / "soundofscience.fr.1927.html").read_bytes())
    assert all("\u00ad" not in block.text for block in article.blocks)


def test_every_page_gives_an_article_or_a_clean_refusal() -> None:
    pages = sorted(PAGES.glob("*.html"))
    assert len(pages) >= 90
    articles = 0
    for page in pages:
        try:
            article = from_html(page.read_bytes())
        except NoArticleError:
            continue
        assert article.title.strip(), page.name
        assert article.blocks, page.name
        assert all(block.text == block.text.strip() for block in article.blocks), page.name
        assert all("  " not in block.text for block in article.blocks), page.name
        articles += 1
    assert articles >= 85
