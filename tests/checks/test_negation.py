from copydesk.checks.negation import NegationCheck
from tests.checks.helpers import (
    fails,
    flag_rate,
    flores_directions,
    flores_pairs,
    passes,
    wmt24_pairs,
    wmt_pairs,
)

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


def test_spanish_cues_that_are_no_false_alarms():
    # "Ningún" is the negation, kept: accents and capitals do not hide it.
    assert passes(C, "No country has signed the treaty.", "Ningún país ha firmado el tratado.",
                  tgt_lang="es")
    assert passes(C, "Nobody has seen it.", "NINGÚN testigo lo ha visto.", tgt_lang="es")
    # "sin duda" (no doubt) and "negociando" (negotiating) do not negate.
    assert passes(C, "It is certainly the largest telescope.",
                  "Es sin duda el mayor telescopio.", tgt_lang="es")
    assert passes(C, "The two sides are negotiating a deal.",
                  "Las dos partes están negociando un acuerdo.", tgt_lang="es")
    assert passes(C, "Las dos partes están negociando un acuerdo.",
                  "The two sides are negotiating a deal.", src_lang="es", tgt_lang="en")
    assert passes(C, "Sin embargo, las aves se parecen a los dinosaurios.",
                  "However, birds look like dinosaurs.", src_lang="es", tgt_lang="en")
    assert passes(C, "Médicos Sin Fronteras atendió a los heridos.",
                  "Doctors Without Borders treated the injured.", src_lang="es",
                  tgt_lang="en")
    # A negation really lost is still found.
    assert fails(C, "Ningún país ha firmado el tratado.", "Every country has signed the "
                 "treaty.", src_lang="es", tgt_lang="en")
    assert fails(C, "The company did not confirm the report.",
                 "La empresa confirmó el informe.", tgt_lang="es")


def test_cues_in_french_italian_and_dutch():
    assert passes(C, "Les avis ne sont qu'un bref résumé.", "The advisories are merely a "
                  "brief summary.", src_lang="fr", tgt_lang="en")
    assert passes(C, "Il s'agit non seulement d'un test.", "It is not only a test.",
                  src_lang="fr", tgt_lang="en")
    assert passes(C, "Negli anni '80 ha lavorato a Taxi.", "In the 1980s he worked on Taxi.",
                  src_lang="it", tgt_lang="en")
    assert passes(C, "I negozi erano aperti.", "The shops were open.", src_lang="it",
                  tgt_lang="en")
    assert passes(C, "Niet alleen de prijs steeg.", "Not just the price rose.",
                  src_lang="nl", tgt_lang="en")
    assert fails(C, "Il ministro non ha confermato.", "The minister confirmed.",
                 src_lang="it", tgt_lang="en")
    assert fails(C, "De minister heeft het niet bevestigd.", "The minister confirmed it.",
                 src_lang="nl", tgt_lang="en")


def test_few_false_alarms_on_flores_in_every_direction():
    for src, tgt in flores_directions():
        assert flag_rate(C, flores_pairs(src, tgt), src, tgt) <= 0.015, (src, tgt)


def test_rhetorical_negations_are_idioms():
    assert passes(C, "The vote is expected to take place no later than Friday.",
                  "Die Abstimmung wird voraussichtlich spätestens am Freitag stattfinden.")
    assert fails(C, "The vote is not expected to take place on Friday.",
                 "Die Abstimmung wird voraussichtlich am Freitag stattfinden.")
    assert passes(C, "It is not uncommon to be followed.", "Het is gebruikelijk om gevolgd te "
                  "worden.", tgt_lang="nl")
    assert fails(C, "It is not common to be followed.", "Het is gebruikelijk om gevolgd te "
                 "worden.", tgt_lang="nl")
    assert passes(C, "The forests aren't just mangrove swamps.",
                  "Die Wälder sind nicht nur Mangrovensümpfe.")
    assert fails(C, "The forests aren't mangrove swamps.", "Die Wälder sind Mangrovensümpfe.")
    assert passes(C, "Don't forget that there are many elements.",
                  "Recuerde que hay muchos elementos.", tgt_lang="es")
    assert fails(C, "Don't say that there are many elements.",
                 "Diga que hay muchos elementos.", tgt_lang="es")
    assert passes(C, "He retired not long after Alonso.", "Er schied kurz nach Alonso aus.")


def test_french_non_before_a_word_negates():
    assert passes(C, "Changes go through the travel agent and not directly to the hotel.",
                  "Les modifications passent par l'agence de voyages et non directement par "
                  "l'hôtel.", tgt_lang="fr")
    assert fails(C, "Changes go through the travel agent and not directly to the hotel.",
                 "Les modifications passent par l'agence de voyages et directement par "
                 "l'hôtel.", tgt_lang="fr")
