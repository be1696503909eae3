from copydesk.checks.numbers import NumbersCheck, parse_number
from tests.checks.helpers import fails, flag_rate, passes, run, wmt24_pairs, wmt_pairs

C = NumbersCheck


def test_locale_formats_and_scale_words():
    assert passes(C, "The deal is worth 3.5 million euros.",
                  "Der Deal ist 3,5 Millionen Euro wert.")
    assert passes(C, "The deal is worth 3.5 million euros.", "Der Deal ist 3,5 Mio. Euro wert.")
    assert passes(C, "About 1,000 people came.", "Etwa 1.000 Menschen kamen.")
    assert passes(C, "Sales reached $5bn.", "Der Umsatz erreichte 5 Mrd. Dollar.")
    assert passes(C, "It sold for £125m.", "Es wurde für 125 Millionen Pfund verkauft.")
    assert passes(C, "It costs €20.", "Es kostet 20 Euro.")
    assert passes(C, "Prices rose 10 percent.", "Die Preise stiegen um 10 %.")
    assert passes(C, "Some 15,000 fans", "Rund 15 000 Fans")


def test_spelled_out_numbers_excuse_digits():
    assert passes(C, "Two men were arrested.", "Zwei Männer wurden festgenommen.")
    assert passes(C, "Two men were arrested.", "2 Männer wurden festgenommen.")
    assert passes(C, "a dozen eggs", "12 Eier")
    assert passes(C, "2 million people", "zwei Millionen Menschen")
    assert passes(C, "a 7-year-old boy", "ein Siebenjähriger")
    assert passes(C, "Fifty-eight percent of voters", "58 Prozent der Wähler")


def test_years_ranges_ordinals_and_times():
    assert passes(C, "in the 2019-2020 season", "in der Saison 2019-2020")
    assert passes(C, "his 3rd title", "sein 3. Titel")
    assert passes(C, "at 10:30 a.m.", "um 10.30 Uhr")
    assert passes(C, "at 3 p.m. on Wednesday", "am Mittwoch um 15 Uhr")
    assert passes(C, "just before 7 a.m.", "kurz vor sieben Uhr morgens")


def test_changed_or_missing_numbers_are_blockers_added_ones_minor():
    issue = fails(C, "The deal is worth 3.5 million euros.",
                  "Der Deal ist 35 Millionen Euro wert.")[0]
    assert issue.severity == "blocker" and issue.target_span == (13, 25)
    assert fails(C, "It costs 5 billion dollars.", "Es kostet 5 Billionen Dollar.")
    assert fails(C, "In 2019, 40 people died.", "2019 starben Menschen.")[0].source_span == (9, 11)
    assert fails(C, "Prices rose.", "Die Preise stiegen um 7 %.")[0].severity == "minor"


def test_percent_versus_percentage_points():
    assert passes(C, "up 5 percentage points", "ein Plus von 5 Prozentpunkten")
    issue = fails(C, "up 5 percentage points", "ein Plus von 5 Prozent")[0]
    assert issue.severity == "major"


def test_converted_units_are_not_flagged():
    assert passes(C, "up to 4 inches of rain", "bis zu 10 cm Regen")
    assert passes(C, "300 km (190 miles) north", "300 km nördlich")


def test_a_unit_switched_without_converting_the_number_is_a_blocker():
    issue = fails(C, "The icebergs were almost 200 feet out of the water.",
                  "Die Eisberge waren fast 200 Meter aus dem Wasser.")[0]
    assert issue.severity == "blocker" and "200 feet" in issue.message
    assert "200 Meter" in issue.message and issue.target_span == (24, 27)
    assert fails(C, "He ran 5 miles.", "Er lief 5 Kilometer.")
    assert fails(C, "It was 86 °F.", "Es waren 86 °C.")
    assert fails(C, "a 6-foot wall", "eine 6-Meter-Mauer")
    assert fails(C, "Il a couru 5 kilomètres.", "He ran 5 miles.", "fr", "en")
    assert fails(C, "Corrió 10 millas.", "Liep 10 kilometer.", "es", "nl")


def test_a_unit_kept_converted_or_without_a_system_passes():
    assert passes(C, "He ran 5 miles.", "Er lief 5 Meilen.")
    assert passes(C, "He ran 5 miles.", "Er lief 8 Kilometer.")
    assert passes(C, "It was 30 degrees.", "Es waren 30 Grad.")
    assert passes(C, "Faceva 30 gradi.", "It was 30 degrees.", "it", "en")
    assert passes(C, "a 10 km race", "un course de 10 km", tgt_lang="fr")


def test_a_number_given_in_both_systems_may_keep_either_unit():
    assert passes(C, "stay 100 yards/meters away", "restez à 100 mètres", tgt_lang="fr")
    assert passes(C, "stay 100 meters/yards away", "bleib 100 Yards weg")
    assert passes(C, "commonly 35-40 mph (56-64 km/h) here",
                  "meist 35-40 mph (56-64 km/h) hier")
    assert fails(C, "stay 100 feet away", "restez à 100 mètres", tgt_lang="fr")


def test_yards_as_metres_are_a_rounded_figure():
    issue = fails(C, "about 30 yards out", "etwa 30 Meter vor dem Tor")[0]
    assert issue.severity == "minor" and "rounded" in issue.message
    assert fails(C, "30 metros", "30 yards", "es", "en")[0].severity == "minor"
    assert fails(C, "about 30 miles out", "etwa 30 Kilometer")[0].severity == "blocker"


def test_tags_and_unknown_languages():
    assert passes(C, "<g1>40</g1> people", "<g1>40</g1> Menschen")
    assert passes(C, "40 people", "30 ihmistä", tgt_lang="fi")


def test_parse_number_reads_each_language():
    assert parse_number("1,000", ".") == 1000
    assert parse_number("1.000", ",") == 1000
    assert parse_number("3,5", ",") == 3.5
    assert parse_number("1.5", ",") == 1.5
    assert parse_number("1,234.5", ".") == 1234.5


def test_precision_on_human_references():
    assert flag_rate(C, wmt_pairs(500)) <= 0.015


def test_decades_and_thousands():
    assert passes(C, "In the 1950s and '60s", "In den 1950er- und 1960er-Jahren")
    assert passes(C, "in the 1970s", "in den 70ern")
    assert passes(C, "I rowed 100k meters.", "Ich ruderte 100.000 Meter.")
    assert fails(C, "about 85 million years ago", "vor etwa 85 Milliarden Jahren")


def test_flag_rate_on_all_reference_sets():
    assert flag_rate(C, wmt_pairs(year=2020)) <= 0.01
    assert flag_rate(C, wmt24_pairs()) <= 0.015


def test_same_digits_read_differently_in_the_target_locale_are_explained():
    [issue] = run(NumbersCheck(), "The prize is 5,000 euros.", "Der Preis beträgt 5,000 Euro.")
    assert "means 5000 in the source but reads as 5" in issue.message
