from copydesk.checks.names import NamesCheck
from tests.checks.helpers import fails, flag_rate, passes, wmt24_pairs, wmt_pairs

C = NamesCheck


class FakeGlossary:
    def target_terms(self, term, source_lang=None, target_lang=None):
        return ["Kanzlerin Merkel"] if term == "Angela Merkel" else []


def test_names_kept_with_inflection():
    assert passes(C, "The operation was attributed to a group called GTG-1002.",
                  "Die Operation wurde einer Gruppe namens GTG-1002 zugeschrieben.")
    assert passes(C, "a report by the Financial Times (FT)", "ein Bericht der Financial Times (FT)")
    assert passes(C, "The spokesman, Lin Jian, said", "Der Sprecher, Lin Jian, erklärte")
    assert passes(C, "Xi Jinping's trade deal", "das Handelsabkommen von Xi Jinpings Regierung")
    assert passes(C, "Alibaba told AFP", "Alibaba sagte der AFP")
    assert passes(C, "a spokesman told AFP", "ein Sprecher sagte AFP-Angaben zufolge")
    assert passes(C, "the new iPhone 15", "das neue iPhone 15")
    assert passes(C, "COVID-19 cases", "Covid-19-Fälle")


def test_translated_names_and_exonyms():
    assert passes(C, "a memo from the White House", "eine Mitteilung des Weißen Hauses")
    assert passes(C, "dominance in AI", "Vorherrschaft bei der KI")
    assert passes(C, "The US and Germany", "Die USA und Deutschland")
    assert passes(C, "the Supreme Court ruled", "der Oberste Gerichtshof entschied")
    assert passes(C, "a Chinese official", "ein chinesischer Beamter")


def test_missing_or_changed_names_are_flagged():
    issue = fails(C, "The operation was attributed to GTG-1002.",
                  "Die Operation wurde GTG-1020 zugeschrieben.")[0]
    assert issue.severity == "major" and issue.source_span == (32, 40)
    assert fails(C, "Alibaba told AFP on Saturday.", "Alibaba sagte am Samstag.")
    assert fails(C, "The spokesman, Lin Jian, said", "Der Sprecher erklärte")


def test_glossary_forms_count():
    assert fails(C, "He met Angela Merkel.", "Er traf die Kanzlerin.")
    assert passes(C, "He met Angela Merkel.", "Er traf Kanzlerin Merkel.", glossary=FakeGlossary())


def test_precision_on_human_references():
    assert flag_rate(C, wmt_pairs(500)) <= 0.025


def test_acronyms_spelled_out_defined_or_replaced():
    assert passes(C, "Flooding hit NSW on Monday.", "Überschwemmungen trafen New South Wales.")
    assert passes(C, "rents in the private rented sector (PRS) rose",
                  "die Mieten im privaten Mietsektor stiegen")
    assert passes(C, "The GDPR applies.", "Die DSGVO gilt.")
    assert passes(C, "children with ADHD", "Kinder mit ADHS")
    assert passes(C, "a new IPO", "ein neuer Börsengang")
    assert passes(C, "MEPs voted on Tuesday.", "Die Europaabgeordneten stimmten am Dienstag ab.")
    assert passes(C, "Two ETFs were approved.", "Zwei ETF wurden zugelassen.")


def test_shouting_numerals_and_units_are_not_names():
    assert passes(C, "I am VERY happy with it.", "Ich bin sehr zufrieden damit.")
    assert passes(C, "But I HAVE to go.", "Aber ich muss gehen.")
    assert passes(C, "Louis XIV and World War II", "Ludwig XIV. und der Zweite Weltkrieg")
    assert passes(C, "a 24V battery with 2600mAh", "ein 24-Volt-Akku mit 2600 Milliamperestunden")
    assert passes(C, "noooooOOOOoo", "neeeein")


def test_acronyms_still_flagged_when_dropped():
    assert fails(C, "Alibaba told AFP on Saturday.", "Alibaba sagte am Samstag.")[0].severity \
        == "major"
    assert fails(C, "The WHO warned.", "Die Organisation warnte.")
    assert fails(C, "The US and the UK", "Frankreich")


def test_missing_capitalised_runs_are_minor():
    issue = fails(C, "He met Lin Jian.", "Er traf den Sprecher.")[0]
    assert issue.severity == "minor"
    assert passes(C, "the Big Bang and the Milky Way", "der Urknall und die Milchstraße")


def test_flag_rate_on_all_reference_sets():
    assert flag_rate(C, wmt_pairs(year=2020)) <= 0.01
    assert flag_rate(C, wmt24_pairs()) <= 0.02
