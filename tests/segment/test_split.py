"""Sentence splitting, one case per line.

``en(text)`` shows how English text is split, sentences separated by `` | ``;
``en.keeps(text)`` says the text stays one sentence.
"""

from __future__ import annotations

import pytest

from copydesk.errors import InputError, LanguageError
from copydesk.languages import LANGUAGES
from copydesk.segment import join, split
from copydesk.segment.rules import rules_for


class Splitter:
    """``en("A. B.")`` shows the sentences; ``en.keeps(text)``: the text is one sentence."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, text: str) -> str:
        return " | ".join(split(text, self.language))

    def keeps(self, text: str) -> bool:
        return split(text, self.language) == [text]


en, de, fr, nl, es, it, pl, pt, zh, ja = map(
    Splitter, ["en", "de", "fr", "nl", "es", "it", "pl", "pt-BR", "zh", "ja"]
)


# --- English -------------------------------------------------------------------

def test_english_sentence_ends():
    assert en("Dr. Smith arrived. He left.") == "Dr. Smith arrived. | He left."
    assert en("It rained. It poured!") == "It rained. | It poured!"
    assert en("Why? Nobody knows.") == "Why? | Nobody knows."
    assert en("Really?! Yes!! Fine.") == "Really?! | Yes!! | Fine."
    assert en("She won in 2018. 2019 was harder.") == "She won in 2018. | 2019 was harder."


def test_english_abbreviations_do_not_end_a_sentence():
    assert en.keeps("Mr. and Mrs. Jones met Prof. Lee and Dr. Brown at St. Mark's.")
    assert en.keeps("The U.S. President met U.K. officials.")
    assert en.keeps("Apple Inc. Chief Executive Tim Cook spoke.")
    assert en.keeps("Acme Corp. Chairman Ann Ray resigned.")
    assert en.keeps("Fruit, e.g. apples, i.e. red ones, sold.")
    assert en.keeps("They sold apples, pears, etc. and nuts.")
    assert en.keeps("He lives at No. 5 Downing Lane.")
    assert en.keeps("It was Liverpool vs. Chelsea.")
    assert en.keeps("It began on Jan. 1 and ended in Sept. 2019.")
    assert en.keeps("It happened on Sept. 11 in New York.")
    assert en.keeps("Det. Dan Roe and Sens. Ann Poe spoke.")


def test_english_abbreviation_at_a_real_end():
    assert en("He was in the U.S. As a rule he quit.") == "He was in the U.S. | As a rule he quit."
    assert en("He is at Apple Inc. The firm grew.") == "He is at Apple Inc. | The firm grew."
    assert en("We bought pens etc. Then we left.") == "We bought pens etc. | Then we left."
    assert en("It was due in Jan. The date moved.") == "It was due in Jan. | The date moved."


def test_numbers_times_and_addresses_are_not_ends():
    assert en.keeps("Growth was 3.5 percent, or 1.000 units, at 10.30 a.m. in Bonn.")
    assert en.keeps("Mail info@example.com or see https://example.com/a.b?c=d. for more.")
    assert en.keeps("Amazon.com shares rose.")
    assert en("He shops at Amazon.com. It is cheap.") == "He shops at Amazon.com. | It is cheap."
    assert en("The index is below 0.4. The gap grew.") == "The index is below 0.4. | The gap grew."


def test_initials():
    assert en.keeps("J. R. R. Tolkien wrote it.")
    assert en.keeps("George W. Bush visited.")
    assert en("They chose Plan B. The rest failed.") == "They chose Plan B. | The rest failed."


def test_ellipsis():
    assert en.keeps("He waited... and waited.")
    assert en.keeps("He waited … and waited.")
    assert en("I don't know... Maybe tomorrow.") == "I don't know... | Maybe tomorrow."
    assert en("I don't know… Maybe tomorrow.") == "I don't know… | Maybe tomorrow."


def test_quotes_keep_their_closing_mark():
    assert en('He said: "It is over." Then he left.') == 'He said: "It is over." | Then he left.'
    assert en("He said: “It is over.” Then he left.") == "He said: “It is over.” | Then he left."
    assert en("He said: ‘It is over.’ Then he left.") == "He said: ‘It is over.’ | Then he left."
    assert en.keeps('"Stop!" he shouted.')
    assert en.keeps('"Is it over?" she asked.')
    assert en('"Stop!" Then silence.') == '"Stop!" | Then silence.'


def test_brackets():
    assert en("It rained. (Nobody came.) Then it stopped.") == (
        "It rained. | (Nobody came.) | Then it stopped."
    )


def test_lower_case_after_a_period_continues_the_sentence():
    assert en.keeps("The firm, Acme Ltd. since 1990, grew.")
    assert en.keeps("It cost 5 bn. dollars.")
    assert en("Sales fell. iPhone sales rose.") == "Sales fell. | iPhone sales rose."


def test_headline_without_final_punctuation_is_one_sentence():
    assert en.keeps("Alibaba denies report on support for military")
    assert en.keeps("Shark attack: 13-year-old hurt")


# --- German --------------------------------------------------------------------

def test_german_abbreviations():
    assert de.keeps("Firmen, z. B. Siemens, und z.B. Bosch sind da.")
    assert de.keeps("Das heißt d. h. nichts, u. a. wegen der Kosten.")
    assert de.keeps("Äpfel, Birnen usw. sind teuer.")
    assert de.keeps("Er wohnt in Nr. 5 bei Dr. Meier.")
    assert de.keeps("Das Büro ist in der Goethestr. 12 und der Hauptstr. 3.")
    assert de.keeps("Kosten bzw. Preise stiegen um ca. 5 Prozent.")
    assert de.keeps("Es waren 3 Mio. Euro, nicht 2 Mrd. Euro.")
    assert de.keeps("Das steht dort, vgl. S. 12.")
    assert de.keeps("Prof. Dr. Anna Schmidt sprach.")


def test_german_abbreviation_at_a_real_end():
    assert de("Wir kauften Brot, Milch usw. Dann gingen wir.") == (
        "Wir kauften Brot, Milch usw. | Dann gingen wir."
    )


def test_german_ordinals_and_dates():
    assert de.keeps("Am 3. Oktober wird gefeiert.")
    assert de.keeps("Der 2. Weltkrieg endete 1945.")
    assert de.keeps("Das war im späten 19. Jahrhundert so.")
    assert de.keeps("Die Sitzung ist am 12. 10. um 10.30 Uhr.")
    assert de.keeps("Er wurde am 1. Januar 1990 geboren.")
    assert de("Die Zahl stieg auf 12. Die Polizei ermittelt.") == (
        "Die Zahl stieg auf 12. | Die Polizei ermittelt."
    )
    assert de("Das war 2019. Dann kam 2020.") == "Das war 2019. | Dann kam 2020."


def test_german_numbers():
    assert de.keeps("Es kamen 1.000 Gäste, der Preis war 3,5 Prozent höher.")


def test_german_quotes():
    assert de("Er sagte: „Es ist vorbei.“ Er ging.") == "Er sagte: „Es ist vorbei.“ | Er ging."
    assert de("Er sagte: »Es ist vorbei.« Er ging.") == "Er sagte: »Es ist vorbei.« | Er ging."
    assert de("Er sagte: ‚Es ist vorbei.‘ Er ging.") == "Er sagte: ‚Es ist vorbei.‘ | Er ging."
    assert de.keeps("„Das ist falsch“, sagte er.")


# --- French, Dutch, Spanish, Italian, others -------------------------------------

def test_french():
    assert fr.keeps("M. Dupont et Mme Martin sont arrivés.")
    assert fr.keeps("Des fruits, p. ex. des pommes, etc. sont là.")
    assert fr("Il a dit : « C'est fini. » Puis il est parti.") == (
        "Il a dit : « C'est fini. » | Puis il est parti."
    )
    assert fr("Il a dit : « C'est fini.\u202f» Puis il est parti.") == (
        "Il a dit : « C'est fini.\u202f» | Puis il est parti."
    )
    assert fr.keeps("Il dit : « C'est assez. »")
    assert fr("Il pleut. Nous restons.") == "Il pleut. | Nous restons."


def test_dutch():
    assert nl.keeps("Er waren o.a. appels, bijv. Elstar, en dhr. Jansen.")
    assert nl.keeps("Dhr. Jansen en mevr. De Vries kwamen.")
    assert nl("Hij kwam thuis. 's Avonds at hij.") == "Hij kwam thuis. | 's Avonds at hij."


def test_spanish():
    assert es.keeps("El Sr. García y la Sra. López llegaron.")
    assert es.keeps("Viajó a EE. UU. con su familia.")
    assert es("Viajó a EE. UU. El viaje fue largo.") == "Viajó a EE. UU. | El viaje fue largo."
    assert es("¿Qué pasa? ¡Nada! Todo bien.") == "¿Qué pasa? | ¡Nada! | Todo bien."


def test_italian():
    assert it.keeps("Il Sig. Rossi e la Sig.ra Bianchi sono qui.")
    assert it.keeps("Mele, pere ecc. sono in vendita.")
    assert it("Piove. Restiamo a casa.") == "Piove. | Restiamo a casa."


def test_other_languages_use_the_default_rules():
    assert pl("Dr. Nowak przyjechał. Potem wyjechał.") == "Dr. Nowak przyjechał. | Potem wyjechał."
    assert pt("Olá. Tudo bem?") == "Olá. | Tudo bem?"


def test_chinese_and_japanese_need_no_spaces():
    assert zh("今天下雨。明天晴天！你来吗？") == "今天下雨。 | 明天晴天！ | 你来吗？"
    assert ja.keeps("「行こう。」と彼は言った。")
    assert ja("雨です。晴れです。") == "雨です。 | 晴れです。"
    assert join(["今天下雨。", "明天晴天！"], "zh") == "今天下雨。明天晴天！"


# --- tags ----------------------------------------------------------------------

def test_sentences_keep_their_tags():
    assert en("<g1>Dr. Smith</g1> arrived. He <g2>left</g2>.") == (
        "<g1>Dr. Smith</g1> arrived. | He <g2>left</g2>."
    )
    assert en("It ended.<x1/> Then <g2>it</g2> went.") == "It ended.<x1/> | Then <g2>it</g2> went."
    assert en("It ended. <x1/>Then it began.") == "It ended. | <x1/>Then it began."
    assert en("<g1>It ended.</g1> <g2>It began.</g2>") == "<g1>It ended.</g1> | <g2>It began.</g2>"


def test_never_split_inside_a_paired_tag():
    assert en("<g1>It ended. It began.</g1> Fine.") == "<g1>It ended. It began.</g1> | Fine."
    assert en("A. <g1>It ends. <g2>So</g2> it is.</g1>") == (
        "A. | <g1>It ends. <g2>So</g2> it is.</g1>"
    )
    assert zh("今天<g1>下雨。明天</g1>晴天。好。") == "今天<g1>下雨。明天</g1>晴天。 | 好。"
    assert zh("今天<g1>下雨。</g1>明天晴天。") == "今天<g1>下雨。</g1> | 明天晴天。"


def test_a_break_between_words_is_not_a_sentence_end():
    assert en.keeps("It ended.<x1/>Then it began.")


# --- join and white space ------------------------------------------------------

def test_join_gives_the_text_back_with_normalised_spaces():
    text = "Dr. Smith arrived.   He <g1>left</g1>.\n\nThen <x2/> it rained."
    expected = "Dr. Smith arrived. He <g1>left</g1>. Then <x2/> it rained."
    assert join(split(text, "en"), "en") == expected
    assert join(split("  One.  Two.  ", "en"), "en") == "One. Two."
    assert join([], "en") == ""


def test_empty_text_has_no_sentences():
    assert split("", "en") == []
    assert split("   \n ", "de") == []


def test_stray_punctuation_stays_with_a_sentence():
    assert en.keeps('It is over. "')
    assert en.keeps(". It is over.")


# --- bad input -----------------------------------------------------------------

def test_unknown_language_is_refused():
    with pytest.raises(LanguageError, match="ISO 639-1"):
        split("Hello.", "klingon")


@pytest.mark.parametrize(
    "bad",
    [
        "<g1>open only. Next.",
        "close only</g1>. Next.",
        "<g1><g2>crossed</g1></g2>",
        "<g1>a</g1><g1>b</g1>",
        "<x1/> and <x1/>",
    ],
)
def test_badly_nested_tags_are_refused(bad):
    with pytest.raises(InputError, match="fix the block's inline markup"):
        split(bad, "en")


# --- rule files ----------------------------------------------------------------

def test_every_language_has_readable_rules():
    for code in LANGUAGES:
        assert "Dr" in rules_for(code).never_final
    assert "usw" in rules_for("de").final_before_starter
    assert "usw" not in rules_for("en").final_before_starter
    assert "dhr" in rules_for("nl").never_final and "Dhr" in rules_for("nl").never_final
