"""How translators legitimately rewrite numbers, and the changed numbers still caught."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from copydesk.checks.base import SegmentContext
from copydesk.checks.number_words import fold, roman_value, roman_values, spelled_values
from copydesk.checks.numbers import NumbersCheck
from tests.checks.helpers import fails, flag_rate, flores_pairs, passes, run
from tests.test_input_sizes import assert_not_quadratic, repeat

C = NumbersCheck


def serious(src: str, tgt: str, tgt_lang: str) -> list[str]:
    return [i.message for i in run(C, src, tgt, tgt_lang=tgt_lang)
            if i.severity in ("blocker", "major")]


def test_ordinals_spelled_out_in_the_target_language():
    assert passes(C, "against 5th seeded Zambia", "contra Zambia, en quinto lugar", tgt_lang="es")
    assert passes(C, "against 5th seeded Zambia", "contro lo Zambia, quinta testa di serie",
                  tgt_lang="it")
    assert passes(C, "His 1,000th stamp", "Son millième timbre", tgt_lang="fr")
    assert passes(C, "His 1,000th stamp", "su milésimo sello", tgt_lang="es")
    assert passes(C, "the 7th largest island", "die siebtgrößte Insel")
    assert passes(C, "the 7th largest island", "het zevende grootste eiland", tgt_lang="nl")


def test_ordinals_written_with_digits_in_each_language():
    for tgt, lang in (("el 5.º puesto", "es"), ("la 5ª posición", "es"), ("la 5e place", "fr"),
                      ("der 5. Platz", "de"), ("il 5° posto", "it"), ("de 5de plaats", "nl")):
        assert passes(C, "the 5th place", tgt, tgt_lang=lang)


def test_a_wrong_ordinal_or_a_changed_number_beside_a_right_one_is_flagged():
    assert fails(C, "against 5th seeded Zambia", "contra Zambia, en sexto lugar", tgt_lang="es")
    assert serious("a 26 - 0 win against 5th seeded Zambia",
                   "un triunfo por 27-0 contra Zambia, quinto cabeza de serie", "es")
    assert serious("the 15th century, when 40 sailors came", "el siglo XV, cuando 41 marineros",
                   "es")


def test_centuries_in_roman_numerals():
    assert passes(C, "since the 8th century", "desde el siglo VIII", tgt_lang="es")
    assert passes(C, "in the 15th century", "au XVe siècle", tgt_lang="fr")
    assert passes(C, "in the 16th century", "dès le XVIème siècle", tgt_lang="fr")
    assert passes(C, "in the 15th century", "au XVᵉ siècle", tgt_lang="fr")
    assert passes(C, "in the 11th century", "nell'XI secolo", tgt_lang="it")
    assert passes(C, "the 11th, 12th, and 13th centuries", "los siglos XI, XII y XIII",
                  tgt_lang="es")
    assert passes(C, "since the 1800s", "desde el siglo XIX", tgt_lang="es")


def test_centuries_as_ordinals_in_digits():
    assert passes(C, "in the early 1900s", "Anfang des 20. Jahrhunderts")
    assert passes(C, "since the 1800s", "depuis le 19e siècle", tgt_lang="fr")
    assert passes(C, "in the 1500s", "in de 16de eeuw", tgt_lang="nl")
    assert passes(C, "im 20. Jahrhundert", "in the 1900s", "de", "en")
    assert fails(C, "in the 1900s", "im 19. Jahrhundert")
    assert fails(C, "in the 1900s", "im 20. Jahr")  # a number, not a century


def test_roman_numerals_excuse_only_ordinals_and_only_their_own_value():
    assert fails(C, "in the 15th century", "en el siglo XVI", tgt_lang="es")
    assert fails(C, "since the 1800s", "desde el siglo XVIII", tgt_lang="es")
    assert fails(C, "15 people came", "vinieron XV personas", tgt_lang="es")
    assert roman_value("XIV") == 14 and roman_value("MCMXC") == 1990
    assert roman_value("IIII") is None and roman_value("VX") is None
    assert roman_values("la Vie, IIII, Ilha, XVIIx") == set()


def test_clock_times_in_every_notation():
    src = "taken away at approximately 1200 GMT on the same day"
    assert passes(C, src, "alrededor de las 12:00 GMT", tgt_lang="es")
    assert passes(C, src, "vers 12 h 00 GMT", tgt_lang="fr")
    assert passes(C, src, "rond 12.00 uur GMT", tgt_lang="nl")
    assert passes(C, src, "ungefähr um 12:00 Uhr GMT")
    assert passes(C, "doused the fire by 11:35 pm", "éteint le feu à 23 h 35", tgt_lang="fr")
    assert passes(C, "leave between 06:30 and 07:30", "vertrekken tussen 6.30 en 7.30 uur",
                  tgt_lang="nl")


def test_changed_clock_times_are_flagged():
    assert fails(C, "at approximately 1200 GMT", "alrededor de las 13:00 GMT", tgt_lang="es")
    assert fails(C, "doused the fire by 11:35 pm", "éteint le feu à 23 h 45", tgt_lang="fr")
    assert fails(C, "leave between 06:30 and 07:30", "vertrekken tussen 6.40 en 7.30 uur",
                  tgt_lang="nl")
    assert passes(C, "1200 people", "1200 personas", tgt_lang="es")  # no time zone, no time
    assert fails(C, "1200 people", "12:00 personas", tgt_lang="es")


def test_spelled_out_cardinals_of_every_language():
    assert passes(C, "Nearly 200 lives were lost.", "Murieron cerca de doscientos individuos.",
                  tgt_lang="es")
    assert passes(C, "until September 16", "tot zestien september", tgt_lang="nl")
    assert passes(C, "He was aged in his 20s.", "Estaba en sus veintes.", tgt_lang="es")
    assert passes(C, "He was aged in his 20s.", "Il aurait une vingtaine d'années.", tgt_lang="fr")
    assert passes(C, "2.5 million parts", "zweieinhalb Millionen Teile")
    assert fails(C, "Nearly 200 lives were lost.", "Murieron cerca de trescientos individuos.",
                 tgt_lang="es")
    assert fails(C, "2.5 million parts", "dreieinhalb Millionen Teile")
    assert spelled_values("vingt et unième, deux cents", "fr") == {21.0, 200.0}


def test_currency_codes_written_onto_the_amount():
    src = "The normal price is ~500 Congolese Francs."
    assert passes(C, src, "La tarifa regular es de CDF500.", tgt_lang="es")
    assert fails(C, src, "La tarifa regular es de CDF600.", tgt_lang="es")
    assert fails(C, "model X500 and 20 units", "modelo X500 y 30 unidades", tgt_lang="es")


def test_converted_or_kept_imperial_units():
    assert passes(C, "stretching 80 km (50 mi) inland", "erstrecken sich über 80 km")
    assert passes(C, "up to 4 inches of rain", "bis zu 10 cm Regen")
    assert fails(C, "6 inches of rainfall", "9 Zoll Regen")
    assert fails(C, "80 km (50 mi) inland", "80 km (53 mijl) landinwaarts", tgt_lang="nl")
    assert fails(C, "29¾ inches by 24½ inches", "29,75 pollici per 24 pollici", tgt_lang="it")
    assert passes(C, "29¾ inches by 24½ inches", "29,75 pollici per 24,5 pollici", tgt_lang="it")


def test_metric_measures_converted_into_imperial_ones():
    assert passes(C, "une fusée de plus de 30 mètres de haut", "a rocket over 100 feet high",
                  src_lang="fr", tgt_lang="en")
    assert fails(C, "une fusée de plus de 30 mètres de haut", "a rocket over 40 meters high",
                 src_lang="fr", tgt_lang="en")


def test_a_value_said_twice_in_the_source_and_once_in_the_translation_is_minor():
    src = "the Camp David Accords, 1978; the hostage crisis, 1979; the invasion, 1979."
    [issue] = run(C, src, "de akkoorden in 1978, de crisis en de invasie in 1979.", tgt_lang="nl")
    assert issue.severity == "minor"
    assert serious("40 people and 40 km", "40 Menschen und 50 km", "de")


def test_locale_misreadings_are_still_blockers():
    [issue] = run(C, "Some 4,400 people", "Unas 4,400 personas", tgt_lang="es")
    assert issue.severity == "blocker" and "reads as 4.4" in issue.message
    assert fails(C, "330,000 people", "333 000 individuos", tgt_lang="es")


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009", "\u2007", " "])
def test_unicode_thousand_separators(space: str):
    assert passes(C, "330,000 people", f"330{space}000 personnes", tgt_lang="fr")
    assert fails(C, "330,000 people", f"330{space}500 personnes", tgt_lang="fr")


def test_unicode_digits_minus_signs_and_superscripts():
    assert passes(C, "40 people", "\uff14\uff10 Menschen")  # fullwidth digits
    assert fails(C, "40 people", "\uff14\uff11 Menschen")
    assert passes(C, "It fell to -5 degrees.", "Es fiel auf \u22125 Grad.")
    assert passes(C, "an area of 5 km²", "eine Fläche von 5 km²")
    assert fold("1\u202f000 \u2212 \uff12\u1d49") == "1 000 - 2e"
    assert len(fold("x\u00a0\uff11\u2212")) == 4


def test_human_references_of_every_language_rarely_raise_numbers_flags():
    for lang in ("de", "es", "fr", "nl", "it"):
        assert flag_rate(C, flores_pairs("en", lang), "en", lang) <= 0.003, lang


UNITS = {
    "ordinals": ("the 15th century, the 5th seed, 1200 GMT, ", "el siglo XV, quinto, 12:00 GMT, "),
    "times": ("at 11:35 pm and 06:30 ", "à 23 h 35 et 6.30 "),
    "words": ("200 people in their 20s ", "doscientos individuos en sus veintes "),
    "separators": ("330,000 and 4,400 ", "330\u2009000 y 4,400 "),
    "dates and clocks": ("on 5/11/2024 at 0430, 14½ ", "el 11.05.2024 a las 4:30, 14 ½ "),
    "date-like runs": ("1/2/3/4/5/6/7/8/", "1.2.3.4.5.6.7.8."),
}


@pytest.mark.parametrize("unit", UNITS, ids=str)
def test_many_numbers_take_linear_time(unit: str):
    src, tgt = UNITS[unit]
    context = SegmentContext("en", "es")

    def make(n: int) -> Callable[[], object]:
        source, target = repeat(src, 10 * n), repeat(tgt, 10 * n)
        return lambda: C().run(source, target, context)

    assert_not_quadratic(make, n=1_000)


def test_a_200k_character_segment_of_distinct_numbers():
    def numbers(offset: int) -> str:
        return " ".join(f"{i + offset} und {i % 90 + 1}th" for i in range(20_000))[:200_000]

    source, target = numbers(0), numbers(7)
    started = time.perf_counter()
    issues = C().run(source, target, SegmentContext("en", "de"))
    assert time.perf_counter() - started < 20
    assert issues  # the first seven values have no counterpart


def test_fractions_set_apart_from_their_number():
    assert passes(C, "winning 14½-13½ at Valderrama", "mit 14 ½ zu 13 ½ in Valderrama gewann")
    assert fails(C, "winning 14½-13½ at Valderrama", "mit 14 ¼ zu 13 ½ in Valderrama gewann")


def test_24_hour_times_without_a_colon():
    assert passes(C, "At 0500 sharp, the company assembled.",
                  "Um 5:00 Uhr trat die Kompanie an.")
    assert passes(C, "0430 Itania time.", "Es ist 4.30 Uhr nach itanischer Zeit.")
    assert fails(C, "At 0500 sharp, the company assembled.",
                 "Um 6:00 Uhr trat die Kompanie an.")
    assert fails(C, "1730 people came", "17:30 Menschen kamen")  # no leading zero: a count
    assert passes(C, "603 right now on this Wednesday", "Es ist jetzt 6:03 Uhr am Mittwoch")
    assert fails(C, "603 people came", "604 Menschen kamen")


def test_a_number_opening_a_range_of_times_may_be_an_hour():
    assert passes(C, "a reception from 6-8 p.m.", "ein Empfang zwischen 18 und 20 Uhr")
    assert passes(C, "from 6 to 8 p.m.", "de 18 h à 20 h", tgt_lang="fr")
    assert fails(C, "a reception from 6-8 p.m.", "ein Empfang zwischen 17 und 20 Uhr")
    assert fails(C, "6 people came at 8 p.m.", "18 Menschen kamen um 20 Uhr")


def test_dates_with_day_and_month_in_either_order():
    assert passes(C, 'Under it, she wrote, "5/11/648 - 12/13/648."',
                  "Darunter schrieb sie „11.05.648–13.12.648“.")
    assert passes(C, "The filing is dated 2024-05-11.", "Die Eingabe datiert vom 11.05.2024.")
    assert fails(C, 'Under it, she wrote, "5/11/648 - 12/13/648."',
                 "Darunter schrieb sie „12.05.648–13.12.648“.")
    assert fails(C, "The filing is dated 5/11/2024.", "Die Eingabe datiert vom 11.05.2023.")


def test_a_scale_letter_without_a_currency():
    assert passes(C, "The tag has been used on over 35m Instagram posts.",
                  "Der Tag wurde bei über 35 Millionen Instagram-Posts verwendet.")
    assert passes(C, "a 35m tower", "ein 35 m hoher Turm")
    assert fails(C, "The tag has been used on over 35m Instagram posts.",
                 "Der Tag wurde bei über 36 Millionen Instagram-Posts verwendet.")
