from tests.checks.helpers import fails, flag_rate, passes, wmt_pairs

from copydesk.checks.negation import NegationCheck

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
