from copydesk.checks.quotes import QuotesCheck, quotations
from tests.checks.helpers import fails, flag_rate, passes, wmt24_pairs, wmt_pairs

C = QuotesCheck
SRC = '"The claims are completely false," a spokesman told AFP.'


def test_quotations_kept_in_any_marks():
    assert passes(C, SRC, "„Die Behauptungen sind vollkommen falsch“, sagte ein Sprecher der AFP.")
    assert passes(C, SRC, "»Die Behauptungen sind vollkommen falsch«, sagte ein Sprecher.")
    assert passes(C, SRC, '"Die Behauptungen sind vollkommen falsch", sagte ein Sprecher.')
    assert passes(
        C, 'He called it a "malicious PR stunt".', "Er nannte es eine „böswillige PR-Aktion“."
    )


def test_dropped_or_merged_quotations_are_flagged():
    # The words stay, the marks and the speaker go: they now read as the paper's own.
    issue = fails(C, SRC, "Das ist völlig falsch.")[0]
    assert issue.severity == "major" and issue.source_span == (0, 34)
    assert fails(
        C,
        '"We will win," he said, "and we will stay here."',
        "„Wir werden gewinnen und hierbleiben“, sagte er.",
    )


def test_scare_quotes_and_broken_marks():
    assert passes(C, 'Jones was "furious".', "Jones war wütend.")
    assert passes(
        C,
        '"We will win the next game," he said.',
        "Wir werden das nächste Spiel gewinnen“, sagte er.",
    )
    assert quotations("„Ein Zitat“ und ‚noch eins‘") == [(0, 11), (16, 27)]


def test_precision_on_human_references():
    assert flag_rate(C, wmt_pairs(500)) <= 0.03


def test_apostrophes_and_inch_marks_are_not_quotations():
    assert quotations('the farmers" protest and the "extinction of the coalition"') == [(29, 58)]
    assert quotations("In the '60s and '70s, the workers' union grew.") == []
    assert quotations("He said 'we don't know yet' and left.") == [(8, 27)]
    assert quotations("„Er sagte: ‚Nein‘, und ging“") == [(0, 28), (11, 17)]


def test_titles_are_not_quotations():
    assert passes(
        C,
        '"People Swimming in the Swimming Pool" is on display.',
        "People Swimming in the Swimming Pool ist ausgestellt.",
    )


def test_recast_quotations_are_minor():
    woven = 'He promised to "never use the military against the people."'
    assert (
        fails(C, woven, "Er versprach, das Militär nie gegen das Volk einzusetzen.")[0].severity
        == "minor"
    )
    several = '"Our position is clear," she wrote. "The rules must apply to everyone."'
    assert (
        fails(
            C, several, "Ihre Position sei klar, schrieb sie. „Die Regeln müssen für alle gelten.“"
        )[0].severity
        == "minor"
    )
    whole = '"Yeah, but can Retvik drive?"'
    assert fails(C, whole, "Ja, aber kann Retvik fahren?")[0].severity == "minor"
    assert fails(C, SRC, "Das ist völlig falsch.")[0].severity == "major"


def test_quotations_recast_as_reported_speech_are_minor():
    # Reported speech keeps the speaker: German translators write it all the time.
    assert (
        fails(C, SRC, "Die Behauptungen seien falsch, sagte ein Sprecher.")[0].severity == "minor"
    )
    source = '"Importantly, the action is limited to products holding one commodity," Gensler said.'
    assert (
        fails(
            C,
            source,
            "Gensler sagte, dass sich die Entscheidung ausschließlich auf "
            "Produkte mit einer Handelsware beziehe.",
        )[0].severity
        == "minor"
    )
    assert (
        fails(
            C,
            '"Hey, Tenuk, can you fly?" Kayel asked.',
            "Hey, Tenuk, kannst du fliegen?, fragte Kayel.",
        )[0].severity
        == "minor"
    )
    assert (
        fails(
            C, '"Hey, Tenuk, can you fly?" Kayel asked.', "Hey, Tenuk, kannst du fliegen? Kayel."
        )[0].severity
        == "major"
    )


def test_flag_rate_on_all_reference_sets():
    assert flag_rate(C, wmt_pairs(year=2020)) <= 0.01
    assert flag_rate(C, wmt24_pairs()) <= 0.015
