"""length: omissions and additions by length ratio and sentence count."""

import pytest

from copydesk.checks.base import Severity
from copydesk.checks.length import LengthCheck, count_sentences, length_z, norm_for
from tests.checks.helpers import fails, flag_rate, passes, run, wmt_pairs

SRC = ("Police arrested two men on Friday after a chase through the city centre, "
       "a spokesman said.")
GOOD = ("Die Polizei hat am Freitag nach einer Verfolgungsjagd durch die Innenstadt zwei "
        "Männer festgenommen, sagte ein Sprecher.")


def test_a_normal_translation_passes():
    passes(LengthCheck, SRC, GOOD)


def test_a_drastic_omission_is_flagged_but_only_minor():
    # On annotated MT output a length flag alone was right less often than the base rate.
    issues = fails(LengthCheck, SRC, "Die Polizei nahm Männer fest.")
    assert issues[0].severity is Severity.MINOR and "shorter" in issues[0].message


def test_an_addition_is_flagged():
    issues = fails(LengthCheck, "Prices rose sharply.", "Die Preise sind im vergangenen Monat nach "
                   "Angaben des Statistischen Bundesamtes in Wiesbaden deutlich gestiegen.")
    assert "longer" in issues[0].message


def test_a_moderate_deviation_is_minor():
    issues = run(LengthCheck, SRC, "Die Polizei nahm am Freitag nach einer Verfolgung zwei "
                 "Männer fest.")
    assert issues and all(i.severity is Severity.MINOR for i in issues)


def test_short_segments_are_left_alone():
    passes(LengthCheck, "Yes.", "Ja, das stimmt, meine Damen und Herren.")


def test_empty_translation_is_major():
    assert fails(LengthCheck, SRC, "")[0].severity is Severity.MAJOR


def test_three_sentences_become_one():
    src = "The plant closed. Workers protested. The mayor called for talks."
    issues = fails(LengthCheck, src, "Das Werk schloss und die Arbeiter protestierten.")
    assert any("sentences" in i.message for i in issues)


def test_pairs_without_a_norm_are_skipped():
    passes(LengthCheck, SRC, "x", src_lang="ja", tgt_lang="ko")


def test_reverse_pair_uses_the_negated_norm():
    assert norm_for("de", "en")[0] == pytest.approx(-norm_for("en", "de")[0])
    assert abs(length_z(GOOD, SRC, "de", "en")) < 2


def test_sentence_count_ignores_abbreviations():
    assert count_sentences("Dr. Smith met Mr. Jones. They talked.") == 2
    assert count_sentences("Das ist z. B. gut. Und so.") == 2


def test_tags_do_not_count_as_length():
    passes(LengthCheck, "<g1>" + SRC + "</g1>", "<g1>" + GOOD + "</g1>")


def test_few_false_alarms_on_human_references():
    assert flag_rate(LengthCheck, wmt_pairs(500)) <= 0.015
