"""markup: protected tags, links, e-mail addresses, placeholders."""

from copydesk.checks.base import Severity
from copydesk.checks.markup import MarkupCheck, nesting_error
from tests.checks.helpers import fails, flag_rate, passes, wmt_pairs


def test_tags_kept_pass_even_when_reordered():
    passes(MarkupCheck, "Read <g1>the report</g1> by <g2>Reuters</g2>.",
           "Lesen Sie den von <g2>Reuters</g2> verfassten <g1>Bericht</g1>.")
    passes(MarkupCheck, "Line one<x1/>line two", "Zeile eins<x1/>Zeile zwei")


def test_missing_tag_is_a_blocker():
    issues = fails(MarkupCheck, "Read <g1>the report</g1>.", "Lesen Sie den Bericht.")
    assert all(i.severity is Severity.BLOCKER for i in issues)
    assert len(issues) == 2


def test_extra_tag_is_a_blocker_with_its_span():
    target = "Lesen Sie <g1>den Bericht</g1><x2/>."
    issues = fails(MarkupCheck, "Read <g1>the report</g1>.", target)
    assert issues[0].target_span == (target.index("<x2/>"), target.index("<x2/>") + 5)


def test_bad_nesting_is_a_blocker():
    issues = fails(MarkupCheck, "<g1>A <g2>b</g2></g1>", "<g1>A <g2>b</g1></g2>")
    assert "overlap" in issues[0].message
    fails(MarkupCheck, "<g1>a</g1>", "</g1>a<g1>")


def test_nesting_error():
    assert nesting_error("<g1><g2></g2></g1>") is None
    assert "never closed" in nesting_error("<g1>text")


def test_urls_and_emails_must_be_unchanged():
    passes(MarkupCheck, "See https://example.com/report.", "Siehe https://example.com/report.")
    issues = fails(MarkupCheck, "See https://example.com/report.",
                   "Siehe https://example.de/bericht.")
    assert all(i.severity is Severity.MAJOR for i in issues)
    fails(MarkupCheck, "Write to info@fashionunited.com", "Schreiben Sie an info@fashionunited.de")
    passes(MarkupCheck, "Write to info@fashionunited.com.",
           "Bei Fragen wenden Sie sich bitte per E-Mail an info@fashionunited.com")


def test_placeholders_must_be_preserved():
    passes(MarkupCheck, "Hello {name}, you have %s messages and %(count)d likes {{x}}",
           "Hallo {name}, Sie haben %s Nachrichten und %(count)d Likes {{x}}")
    fails(MarkupCheck, "Hello {name}", "Hallo {Name}")
    fails(MarkupCheck, "%(count)d new", "%(anzahl)d neue")


def test_literal_angle_brackets_are_text():
    passes(MarkupCheck, "a < b and c > d", "a < b und c > d")


def test_few_false_alarms_on_human_references():
    assert flag_rate(MarkupCheck, wmt_pairs(500)) <= 0.015
