from copydesk.checks.negation import NegationCheck
from tests.checks.helpers import fails, flag_rate, passes, wmt24_pairs, wmt_pairs

C = NegationCheck


def test_negation_kept():
    assert passes(C, "The company did not confirm the report.",
                  "Das Unternehmen bestätigte den Bericht nicht.")
    assert passes(C, "He has no plans.", "Er hat keine Pläne.")
    assert passes(C, "She never gave up.", "Sie gab niemals auf.")
    assert passes(C, "He left without a word.", "Er ging ohne ein Wort.")
    assert passes(C, "It was not possible.", "Es war unmöglich.")
    assert passes(C, "a no-deal Brexit", "ein No-Deal-Brexit")


def test_dropped_or_added_negation_is_flagged():
    issue = fails(C, "The company did not confirm the report.",
                  "Das Unternehmen bestätigte den Bericht.")[0]
    assert issue.severity == "major" and issue.source_span == (16, 19)
    assert fails(C, "Alibaba denied the report.", "Alibaba bestätigte den Bericht.")
    issue = fails(C, "The minister confirmed the plan.",
                  "Der Minister bestätigte den Plan nicht.")[0]
    assert issue.target_span == (33, 38)


def test_seed_article_denial():
    assert passes(C, "Alibaba denies report of supporting the Chinese military against the US",
                  "Alibaba dementiert Bericht über angebliche Unterstützung des chinesischen "
                  "Militärs gegen die USA")


def test_other_languages_and_unknown():
    assert fails(C, "He did not win.", "Il a gagné.", tgt_lang="fr")
    assert passes(C, "He did not win.", "Hän voitti.", tgt_lang="fi")


def test_precision_on_human_references():
    assert flag_rate(C, wmt_pairs(500)) <= 0.015


def test_idioms_and_rhetorical_negations():
    assert passes(C, "Now wouldn't you know it, the beetles love the heat.",
                  "Und wer hätte es gedacht: Die Käfer lieben die Hitze.")
    assert passes(C, "She couldn't help but laugh.", "Sie musste lachen.")
    assert passes(C, "It was a nice day none the less.", "Es war trotzdem ein schöner Tag.")
    assert passes(C, 'Donne wrote "No man is an island."', "Donne schrieb „No man is an island“.")
    assert fails(C, "Most bees don't perceive red.", "Die meisten Bienen sehen Rot.")
    assert passes(C, "Most bees don't perceive red.", "Die meisten Bienen nehmen Rot nicht wahr.")


def test_an_added_negation_is_only_minor():
    issue = fails(C, "It's rare.", "Es kommt nicht oft vor.")[0]
    assert issue.severity == "minor"
    assert fails(C, "He did not win.", "Er gewann.")[0].severity == "major"


def test_flag_rate_on_all_reference_sets():
    assert flag_rate(C, wmt_pairs(year=2020)) <= 0.01
    assert flag_rate(C, wmt24_pairs()) <= 0.01
