from tests.checks.helpers import fails, flag_rate, passes, wmt_pairs

from copydesk.checks.quotes import QuotesCheck, quotations

C = QuotesCheck
SRC = '"The claims are completely false," a spokesman told AFP.'


def test_quotations_kept_in_any_marks():
    assert passes(C, SRC, "„Die Behauptungen sind vollkommen falsch“, sagte ein Sprecher der AFP.")
    assert passes(C, SRC, "»Die Behauptungen sind vollkommen falsch«, sagte ein Sprecher.")
    assert passes(C, SRC, '"Die Behauptungen sind vollkommen falsch", sagte ein Sprecher.')
    assert passes(C, 'He called it a "malicious PR stunt".',
                  "Er nannte es eine „böswillige PR-Aktion“.")


def test_dropped_or_merged_quotations_are_flagged():
    issue = fails(C, SRC, "Die Behauptungen seien vollkommen falsch, sagte ein Sprecher.")[0]
    assert issue.severity == "major" and issue.source_span == (0, 34)
    assert fails(C, '"We will win," he said, "and we will stay here."',
                 "„Wir werden gewinnen und hierbleiben“, sagte er.")


def test_scare_quotes_and_broken_marks():
    assert passes(C, 'Jones was "furious".', "Jones war wütend.")
    assert passes(C, '"We will win the next game," he said.',
                  "Wir werden das nächste Spiel gewinnen“, sagte er.")
    assert quotations("„Ein Zitat“ und ‚noch eins‘") == [(0, 11), (16, 27)]


def test_precision_on_human_references():
    assert flag_rate(C, wmt_pairs(500)) <= 0.03
