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
    assert passes(
        C,
        "The company did not confirm the report.",
        "Das Unternehmen bestätigte den Bericht nicht.",
    )
    assert passes(C, "He has no plans.", "Er hat keine Pläne.")
    assert passes(C, "She never gave up.", "Sie gab niemals auf.")
    assert passes(C, "He left without a word.", "Er ging ohne ein Wort.")
    assert passes(C, "It was not possible.", "Es war unmöglich.")
    assert passes(C, "a no-deal Brexit", "ein No-Deal-Brexit")


def test_dropped_or_added_negation_is_flagged():
    issue = fails(
        C, "The company did not confirm the report.", "Das Unternehmen bestätigte den Bericht."
    )[0]
    assert issue.severity == "major" and issue.source_span == (16, 19)
    assert fails(C, "Alibaba denied the report.", "Alibaba bestätigte den Bericht.")
    issue = fails(C, "The minister confirmed the plan.", "Der Minister bestätigte den Plan nicht.")[
        0
    ]
    assert issue.target_span == (33, 38)


def test_seed_article_denial():
    assert passes(
        C,
        "Alibaba denies report of supporting the Chinese military against the US",
        "Alibaba dementiert Bericht über angebliche Unterstützung des chinesischen "
        "Militärs gegen die USA",
    )


def test_other_languages_and_unknown():
    assert fails(C, "He did not win.", "Il a gagné.", tgt_lang="fr")
    assert passes(C, "He did not win.", "Hän voitti.", tgt_lang="fi")


def test_precision_on_human_references():
    assert flag_rate(C, wmt_pairs(500)) <= 0.015


def test_idioms_and_rhetorical_negations():
    assert passes(
        C,
        "Now wouldn't you know it, the beetles love the heat.",
        "Und wer hätte es gedacht: Die Käfer lieben die Hitze.",
    )
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
    assert passes(
        C, "No country has signed the treaty.", "Ningún país ha firmado el tratado.", tgt_lang="es"
    )
    assert passes(C, "Nobody has seen it.", "NINGÚN testigo lo ha visto.", tgt_lang="es")
    # "sin duda" (no doubt) and "negociando" (negotiating) do not negate.
    assert passes(
        C,
        "It is certainly the largest telescope.",
        "Es sin duda el mayor telescopio.",
        tgt_lang="es",
    )
    assert passes(
        C,
        "The two sides are negotiating a deal.",
        "Las dos partes están negociando un acuerdo.",
        tgt_lang="es",
    )
    assert passes(
        C,
        "Las dos partes están negociando un acuerdo.",
        "The two sides are negotiating a deal.",
        src_lang="es",
        tgt_lang="en",
    )
    assert passes(
        C,
        "Sin embargo, las aves se parecen a los dinosaurios.",
        "However, birds look like dinosaurs.",
        src_lang="es",
        tgt_lang="en",
    )
    assert passes(
        C,
        "Médicos Sin Fronteras atendió a los heridos.",
        "Doctors Without Borders treated the injured.",
        src_lang="es",
        tgt_lang="en",
    )
    # A negation really lost is still found.
    assert fails(
        C,
        "Ningún país ha firmado el tratado.",
        "Every country has signed the treaty.",
        src_lang="es",
        tgt_lang="en",
    )
    assert fails(
        C,
        "The company did not confirm the report.",
        "La empresa confirmó el informe.",
        tgt_lang="es",
    )


def test_cues_in_french_italian_and_dutch():
    assert passes(
        C,
        "Les avis ne sont qu'un bref résumé.",
        "The advisories are merely a brief summary.",
        src_lang="fr",
        tgt_lang="en",
    )
    assert passes(
        C,
        "Il s'agit non seulement d'un test.",
        "It is not only a test.",
        src_lang="fr",
        tgt_lang="en",
    )
    assert passes(
        C,
        "Negli anni '80 ha lavorato a Taxi.",
        "In the 1980s he worked on Taxi.",
        src_lang="it",
        tgt_lang="en",
    )
    assert passes(C, "I negozi erano aperti.", "The shops were open.", src_lang="it", tgt_lang="en")
    assert passes(
        C, "Niet alleen de prijs steeg.", "Not just the price rose.", src_lang="nl", tgt_lang="en"
    )
    assert fails(
        C, "Il ministro non ha confermato.", "The minister confirmed.", src_lang="it", tgt_lang="en"
    )
    assert fails(
        C,
        "De minister heeft het niet bevestigd.",
        "The minister confirmed it.",
        src_lang="nl",
        tgt_lang="en",
    )


def test_few_false_alarms_on_flores_in_every_direction():
    for src, tgt in flores_directions():
        assert flag_rate(C, flores_pairs(src, tgt), src, tgt) <= 0.015, (src, tgt)


def test_rhetorical_negations_are_idioms():
    assert passes(
        C,
        "The vote is expected to take place no later than Friday.",
        "Die Abstimmung wird voraussichtlich spätestens am Freitag stattfinden.",
    )
    assert fails(
        C,
        "The vote is not expected to take place on Friday.",
        "Die Abstimmung wird voraussichtlich am Freitag stattfinden.",
    )
    assert passes(
        C,
        "It is not uncommon to be followed.",
        "Het is gebruikelijk om gevolgd te worden.",
        tgt_lang="nl",
    )
    assert fails(
        C,
        "It is not common to be followed.",
        "Het is gebruikelijk om gevolgd te worden.",
        tgt_lang="nl",
    )
    assert passes(
        C, "The forests aren't just mangrove swamps.", "Die Wälder sind nicht nur Mangrovensümpfe."
    )
    assert fails(C, "The forests aren't mangrove swamps.", "Die Wälder sind Mangrovensümpfe.")
    assert passes(
        C,
        "Don't forget that there are many elements.",
        "Recuerde que hay muchos elementos.",
        tgt_lang="es",
    )
    assert fails(
        C,
        "Don't say that there are many elements.",
        "Diga que hay muchos elementos.",
        tgt_lang="es",
    )
    assert passes(C, "He retired not long after Alonso.", "Er schied kurz nach Alonso aus.")


def test_french_non_before_a_word_negates():
    assert passes(
        C,
        "Changes go through the travel agent and not directly to the hotel.",
        "Les modifications passent par l'agence de voyages et non directement par l'hôtel.",
        tgt_lang="fr",
    )
    assert fails(
        C,
        "Changes go through the travel agent and not directly to the hotel.",
        "Les modifications passent par l'agence de voyages et directement par l'hôtel.",
        tgt_lang="fr",
    )


def lost(src: str, tgt: str, **context: str) -> bool:
    """A negation reported lost as major."""
    return fails(C, src, tgt, **context)[0].severity == "major"


def test_words_that_only_begin_like_a_weak_cue_excuse_nothing():
    # "unsere" is no "un-" word, "Schloss" no "-los", "Mission" no "miss-", "privata" (private)
    # no "priva di" (deprived of).
    assert lost("He did not sell our house.", "Er verkaufte unser Haus.")
    assert lost("The castle was not sold.", "Das Schloss wurde verkauft.")
    assert lost("The mission has not failed.", "Die Mission ist gescheitert.")
    assert lost("The region is not safe.", "Die Gegend ist sicher.")
    assert lost("The beach is not private.", "La spiaggia è privata.", tgt_lang="it")
    # The negative words themselves still excuse.
    assert passes(C, "The author is not known.", "Der Autor ist unbekannt.")
    assert passes(C, "He has pleaded not guilty.", "Er plädierte auf unschuldig.")
    assert passes(C, "The entry does not cost anything.", "Der Eintritt ist kostenlos.")
    assert passes(C, "The trust was not there.", "Das Misstrauen war groß.")
    assert passes(C, "The room has no windows.", "La stanza è priva di finestre.", tgt_lang="it")


def test_a_prefix_counts_only_where_the_word_is_rarer_than_its_stem():
    # "impresión" is about as common as "presión", "inoltre" as "oltre": no "in-" words.
    assert lost("He did not make a good impression.", "Causó una buena impresión.", tgt_lang="es")
    assert lost("Moreover, there were no signs.", "Inoltre, c'erano segnali.", tgt_lang="it")
    assert passes(C, "The cause is not known.", "La causa es desconocida.", tgt_lang="es")
    assert passes(C, "The cause is not known.", "La causa è sconosciuta.", tgt_lang="it")


def test_cues_that_do_not_negate_excuse_nothing():
    assert lost("He did not know whether it worked.", "Er wusste, ob es funktionierte.")
    assert lost("It was not the wind but the rain.", "Es war der Wind, sondern der Regen.")
    assert lost("He did not come home.", "Hij kwam thuis, maar laat.", tgt_lang="nl")
    assert lost("He did not eat much.", "Comió un poco.", tgt_lang="es")
    assert passes(C, "He did not eat much.", "Comió poco.", tgt_lang="es")
    assert lost("He did not pay for two tickets.", "Pagó al menos dos entradas.", tgt_lang="es")


def test_limiting_words_make_an_excused_negation_minor():
    issue = fails(C, "He had nothing but water.", "Er hatte nur Wasser.")[0]
    assert issue.severity == "minor"
    issue = fails(C, "He did not arrive until Monday.", "Er kam erst am Montag an.")[0]
    assert issue.severity == "minor"
    issue = fails(
        C,
        "Only eighteen medals were not awarded.",
        "Er werden maar achttien medailles uitgereikt.",
        tgt_lang="nl",
    )[0]
    assert issue.severity == "minor"


def test_negations_are_counted():
    issue = fails(C, "He did not come and did not call.", "Er kam nicht und rief an.")[0]
    assert issue.severity == "minor" and "2 times" in issue.message
    assert (
        fails(
            C, "He did not come and never called.", "Il n’est pas venu et a appelé.", tgt_lang="fr"
        )[0].severity
        == "minor"
    )
    assert passes(
        C,
        "He did not come and did not call.",
        "Il n’est pas venu et n’a pas appelé.",
        tgt_lang="fr",
    )
    # Concord words negate once with their clause.
    assert passes(C, "He never said anything.", "Il n'a jamais rien dit.", tgt_lang="fr")
    assert passes(C, "I have nothing.", "No tengo nada.", tgt_lang="es")
    assert passes(C, "He never ate anything.", "Non ha mai mangiato niente.", tgt_lang="it")
    assert passes(C, "She has neither time nor money.", "Sie hat weder Zeit noch Geld.")
    assert passes(
        C, "He has neither time nor money.", "Hij heeft geen tijd noch geld.", tgt_lang="nl"
    )


def test_negative_verbs_and_conditions():
    assert passes(C, "Jackson denied all claims.", "Jackson verneinte alle Vorwürfe.")
    assert passes(C, "She refused to comply.", "Sie hat sich geweigert, zu gehorchen.")
    assert passes(C, "He has always denied it.", "Er hat es stets zurückgewiesen.")
    assert fails(C, "He confirmed it.", "Er verneinte es.")[0].severity == "minor"
    # "si no" before a verb negates; only "si no," (otherwise) is an idiom.
    assert passes(
        C, "If it isn't available, ask.", "Si no está disponible, pregunte.", tgt_lang="es"
    )
    assert fails(C, "If it isn't available, ask.", "Si está disponible, pregunte.", tgt_lang="es")


def test_a_negative_idiom_of_the_translation_makes_a_lost_negation_minor():
    # "nicht nur" is blanked as "not only", but here it holds the negation of the source.
    issue = fails(
        C,
        "This isn’t confined to these countries.",
        "Das beschränkt sich nicht nur auf diese Länder.",
    )[0]
    assert issue.severity == "minor"
    # A discourse marker ("sin embargo,") holds no negation of the sentence.
    issue = fails(C, "He did not come, however.", "Sin embargo, vino.", tgt_lang="es")[0]
    assert issue.severity == "major"


def into_english_lost(src: str, tgt: str, src_lang: str) -> bool:
    return lost(src, tgt, src_lang=src_lang, tgt_lang="en")


def test_english_words_that_merely_could_render_a_negation_excuse_nothing():
    # "any", "before", "always", "off", "information", "display": ordinary English words.
    assert into_english_lost("Die Befunde sind für Menschen nicht relevant.",
                             "The findings are relevant to anyone.", "de")
    assert into_english_lost("Es gibt bisher keine Medikamente, die vor der Zulassung wirken.",
                             "So far, drugs have worked before approval.", "de")
    assert into_english_lost("La policía no informó a los vecinos.",
                             "The police always gave information to the neighbours.", "es")
    assert into_english_lost("Les autorités ne demandent pas aux habitants de partir.",
                             "The authorities are asking residents to head off.", "fr")
    assert into_english_lost("De resultaten werden niet getoond.",
                             "The results were put on display.", "nl")
    # The negative words still excuse: "unable", "impossible", "illegal", "non-metallic".
    assert passes(C, "Er konnte nicht kommen.", "He was unable to come.", "de", "en")
    assert passes(C, "Es war nicht möglich.", "It was impossible.", "de", "en")
    assert passes(C, "Es ist nicht erlaubt.", "It is illegal.", "de", "en")
    assert passes(C, "elementos que no son metálicos", "non-metallic elements", "es", "en")


def test_negations_that_are_no_negation_in_their_language():
    # A superlative with "jamais"/"mai" is "ever"; "n'importe qui" is "anybody"; "no olvide"
    # is "remember"; the "ne" after "avant que" negates nothing.
    assert passes(C, "la pire épidémie jamais connue", "the worst outbreak ever", "fr", "en")
    assert passes(C, "il numero più grande mai visto", "the largest number ever seen", "it",
                  "en")
    assert passes(C, "n'importe qui peut porter plainte", "anybody can sue", "fr", "en")
    assert passes(C, "No olvide su pasaporte.", "Remember your passport.", "es", "en")
    assert passes(C, "Vergessen Sie nicht Ihren Pass.", "Remember your passport.", "de", "en")
    assert passes(C, "You can invite people round to help, no?",
                  "Du kannst doch Leute einladen, die helfen, oder?")  # a tag question
    assert passes(C, "You can invite people round to help, no?",
                  "Du kannst doch Leute einladen, die helfen, nicht wahr?")
    assert passes(C, "Avant qu'une organisation ne soit innovante, elle doit changer.",
                  "Before an organization can be innovative, it must change.", "fr", "en")
    # The same words as a real negation are still read as one.
    assert into_english_lost("Il n'a jamais vu la mer.", "He saw the sea.", "fr")
    assert into_english_lost("Non ho dimenticato il passaporto.", "I forgot my passport.", "it")
