"""untranslated and wrong-language."""

from copydesk.checks.language import UntranslatedCheck, WrongLanguageCheck, longest_copied_run
from tests.checks.helpers import (
    fails,
    flag_rate,
    flores_directions,
    flores_pairs,
    passes,
    wmt_pairs,
)

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


def test_a_source_month_left_in_the_target_is_untranslated():
    issue = fails(UntranslatedCheck, "In August the telescope found 201 pulsars.",
                  "En August el telescopio encontró 201 púlsares.", tgt_lang="es")[0]
    assert issue.severity == "major" and issue.target_span == (3, 9)
    assert passes(UntranslatedCheck, "In August the telescope found 201 pulsars.",
                  "En agosto el telescopio encontró 201 púlsares.", tgt_lang="es")
    assert passes(UntranslatedCheck, "In August the telescope found 201 pulsars.",
                  "Im August fand das Teleskop 201 Pulsare.")  # a German month too
    assert passes(UntranslatedCheck, "Mrs May said so on Monday.",
                  "Frau May sagte das am Montag.")
    assert passes(UntranslatedCheck, "He reads the Sunday Times every week.",
                  "Il lit le Sunday Times chaque semaine.", tgt_lang="fr")


def test_source_words_left_in_a_translation_are_untranslated():
    source = "The mayor said the new bridge would be closed for repairs until spring."
    issue = fails(UntranslatedCheck, source, "Die Bürgermeisterin sagte, the new bridge "
                  "would be closed bis zum Frühjahr.")[0]
    assert issue.severity == "major" and "the new bridge would be closed" in issue.message
    assert passes(UntranslatedCheck, source, "Die Bürgermeisterin sagte, die neue Brücke "
                  "werde bis zum Frühjahr für Reparaturen gesperrt.")
    # Loanwords the target language uses as much ("online", "Team") are not leftovers.
    assert passes(UntranslatedCheck, "The team sold tickets online for the new show.",
                  "Das Team verkaufte Tickets online für die neue Show.")
    # A quoted title stays in the original.
    assert passes(UntranslatedCheck, "She sang “Such a Lovely Day” at the gala.",
                  "Sie sang „Such a Lovely Day“ bei der Gala.")
    assert fails(UntranslatedCheck, "Ils ont dit que le pont sera fermé jusqu'au printemps.",
                 "They said que le pont sera fermé until spring.", src_lang="fr",
                 tgt_lang="en")


def test_few_leftover_alarms_on_flores_in_every_direction():
    for src, tgt in flores_directions():
        assert flag_rate(UntranslatedCheck, flores_pairs(src, tgt), src, tgt) <= 0.005


def test_a_source_word_written_in_capitals_is_untranslated():
    issue = fails(UntranslatedCheck, "It goes from 15 homicides per million up to 150.",
                  "IT geht von 15 Morden pro Million bis zu 150.")[0]
    assert issue.severity == "major" and issue.target_span == (0, 2)
    assert fails(UntranslatedCheck, "It's everywhere, all around you.",
                 "IT ist überall, um einen herum.")[0].severity == "major"
    # The source writes it in capitals too: an abbreviation of both texts.
    assert passes(UntranslatedCheck, "She has worked in IT since 2010.",
                  "Sie arbeitet seit 2010 in der IT.")
    assert passes(UntranslatedCheck, "The GOP's leader said it was over.",
                  "Der Fraktionschef der GOP sagte, es sei vorbei.")
    # The target's abbreviation renders one of the source's ("ONU" -> "UN"), not "un".
    assert passes(UntranslatedCheck, "È un paese membro dell’ONU.", "It is a UN member country.",
                  src_lang="it", tgt_lang="en")
    # Capitals that the target language uses as much as the source ("LOL").
    assert passes(UntranslatedCheck, "lol, see you tomorrow", "LOL, bis morgen")


def test_a_short_sentence_left_in_the_source_language_is_untranslated():
    for sentence in ("Thank you.", "Why not?", "Yes, it is."):
        assert fails(UntranslatedCheck, sentence, sentence)[0].severity == "major"
    assert passes(UntranslatedCheck, "Thank you.", "Danke.")
    assert passes(UntranslatedCheck, "Big Data", "Big Data")
    # A name that opens the source is no leftover in the target ("Lamb" for Conor Lamb).
    assert passes(UntranslatedCheck, "Lamb faces another incumbent.",
                  "Lamb tritt gegen einen anderen Amtsinhaber an.")
    # Loanwords capitalised as German nouns are not leftovers.
    assert passes(UntranslatedCheck, "Social media helped the team.",
                  "Social Media half dem Team.")
