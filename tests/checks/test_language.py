"""untranslated and wrong-language."""

from copydesk.checks.language import UntranslatedCheck, WrongLanguageCheck, longest_copied_run
from tests.checks.helpers import fails, flag_rate, passes, wmt_pairs

SRC = "The government resigned on Monday after weeks of protests."


def test_identical_target_is_untranslated():
    fails(UntranslatedCheck, SRC, SRC)
    fails(UntranslatedCheck, SRC, "the government resigned on monday after weeks of protests")


def test_tags_and_punctuation_are_ignored():
    fails(UntranslatedCheck, "<g1>The talks</g1> failed again today.",
          "The talks failed again today")


def test_names_numbers_urls_and_short_segments_pass():
    passes(UntranslatedCheck, "Donald Trump", "Donald Trump")
    passes(UntranslatedCheck, "Alibaba Group Holding Ltd.", "Alibaba Group Holding Ltd.")
    passes(UntranslatedCheck, "3.5%", "3.5%")
    passes(UntranslatedCheck, "https://example.com/a-b-c", "https://example.com/a-b-c")
    passes(UntranslatedCheck, "Yes, it is.", "Yes, it is.")
    passes(UntranslatedCheck, "#academia #science #phdlife", "#academia #science #phdlife")


def test_a_long_copied_run_is_flagged():
    issues = fails(UntranslatedCheck, "He said the talks would continue until a deal was reached "
                   "with the unions.", "Er sagte, the talks would continue until a deal was "
                   "reached mit den Gewerkschaften.")
    assert "copied" in issues[0].message and issues[0].target_span


def test_quoted_titles_and_names_pass():
    passes(UntranslatedCheck, 'Her new album "All of the things we never said" is out.',
           'Ihr neues Album „All of the things we never said“ ist erschienen.')
    passes(UntranslatedCheck, "Indonesia's Agency for the Assessment and Application of "
           "Technology said so.", "Die Agency for the Assessment and Application of "
           "Technology sagte das.")


def test_a_real_translation_passes():
    passes(UntranslatedCheck, SRC, "Die Regierung trat am Montag nach wochenlangen Protesten "
           "zurück.")


def test_longest_copied_run():
    assert longest_copied_run(["a", "b", "c", "d"], ["x", "B", "C", "y"]) == ["b", "c"]


def test_english_in_the_german_edition_is_wrong_language():
    issues = fails(WrongLanguageCheck, SRC, "The government resigned on Monday after weeks of "
                   "protests in the capital.")
    assert "'en'" in issues[0].message


def test_french_in_the_german_edition_is_wrong_language():
    fails(WrongLanguageCheck, SRC, "Le gouvernement a démissionné lundi après des semaines de "
          "manifestations.")


def test_german_with_an_english_quote_passes():
    passes(WrongLanguageCheck, SRC, "Die Regierung trat zurück, „we have no choice“, sagte "
           "der Sprecher am Montag.")


def test_short_targets_are_not_judged():
    passes(WrongLanguageCheck, "Live updates", "Live updates")


def test_other_target_languages():
    passes(WrongLanguageCheck, SRC, "Le gouvernement a démissionné lundi après des semaines "
           "de manifestations.", tgt_lang="fr")
    fails(WrongLanguageCheck, SRC, SRC, tgt_lang="nl")


def test_seed_german_passes():
    passes(WrongLanguageCheck, "", "Washington und Peking befinden sich seit einigen Jahren in "
           "einem technologischen Wettstreit.")


def test_few_false_alarms_on_human_references():
    pairs = wmt_pairs(500)
    assert flag_rate(UntranslatedCheck, pairs) <= 0.015
    assert flag_rate(WrongLanguageCheck, pairs) <= 0.015
