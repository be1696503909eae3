from tests.checks.helpers import fails, flag_rate, passes, wmt_pairs

from copydesk.checks.names import NamesCheck

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
