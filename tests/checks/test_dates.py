from copydesk.checks.dates import DatesCheck
from tests.checks.helpers import fails, flag_rate, passes, wmt_pairs

C = DatesCheck


def test_weekdays_months_and_relative_days_kept():
    assert passes(C, "Alibaba denied the report on Saturday.",
                  "Alibaba hat am Samstag den Bericht dementiert.")
    assert passes(C, "published on Saturday morning", "am Samstagmorgen veröffentlicht")
    assert passes(C, "They met at the end of October.", "Sie hatten sich Ende Oktober getroffen.")
    assert passes(C, "on Oct. 3", "am 3. Oktober")
    assert passes(C, "He spoke yesterday.", "Er sprach gestern.")
    assert passes(C, "He told the Sunday Times.", "Er sagte der Sunday Times.")
    assert passes(C, "Drought areas may benefit in May.", "Dürregebiete profitieren im Mai.")


def test_changed_days_are_flagged():
    issue = fails(C, "Talks resume on Tuesday.",
                  "Die Gespräche werden am Donnerstag fortgesetzt.")[0]
    assert issue.target_span == (24, 34) and "Tuesday" in issue.message
    assert fails(C, "He spoke yesterday.", "Er spricht morgen.")
    assert fails(C, "The vote is in March.", "Die Abstimmung ist bald.")


def test_ambiguous_words_and_unknown_languages():
    assert passes(C, "Prices may rise.", "Die Preise könnten steigen.")
    assert passes(C, "on Monday", "maanantaina", tgt_lang="fi")
    assert passes(C, "on Monday", "lundi", tgt_lang="fr")
    assert fails(C, "on Monday", "mardi", tgt_lang="fr")


def test_precision_on_human_references():
    assert flag_rate(C, wmt_pairs(500)) <= 0.015


def test_french_mais_is_no_month():
    assert passes(C, "Il est venu, mais il est reparti.", "He came, but he left again.",
                  src_lang="fr", tgt_lang="en")
    assert fails(C, "Il est venu en mai.", "He came in June.", src_lang="fr",
                 tgt_lang="en")
