from copydesk.checks.attribution import AttributionCheck
from tests.checks.helpers import (
    fails,
    flag_rate,
    flores_directions,
    flores_pairs,
    passes,
    wmt24_pairs,
    wmt_pairs,
)

C = AttributionCheck


def test_hedges_and_attribution_kept():
    assert passes(C, "The minister allegedly took bribes.",
                  "Der Minister soll Bestechungsgeld angenommen haben.")
    assert passes(C, "According to the FT, Alibaba passed on data.",
                  "Laut der FT gebe Alibaba Daten weiter.")
    assert passes(C, "The report says Alibaba reportedly passes on data.",
                  "Dem Bericht zufolge gibt Alibaba Daten weiter.")
    assert passes(C, "He said he was not familiar with the case.",
                  "Er erklärte, er sei mit dem Fall nicht vertraut.")
    assert passes(C, "The plan is good, he said.", "Der Plan sei gut.")
    assert passes(C, "He said: we will win.", "Er sagte: Wir gewinnen.")


def test_hedge_turned_into_fact_is_flagged():
    issue = fails(C, "The minister allegedly took bribes.",
                  "Der Minister nahm Bestechungsgeld an.")[0]
    assert issue.severity == "major" and issue.source_span == (13, 22)
    assert fails(C, "The group is said to be backed by the state.",
                 "Die Gruppe wird vom Staat unterstützt.")
    assert fails(C, "The plan is good, police said.", "Der Plan ist gut.")


def test_other_languages_and_unknown():
    assert fails(C, "He allegedly lied.", "Il a menti.", tgt_lang="fr")
    assert passes(C, "He allegedly lied.", "Il aurait menti.", tgt_lang="fr")
    assert passes(C, "He allegedly lied.", "Hän valehteli.", tgt_lang="fi")


def test_precision_on_human_references():
    assert flag_rate(C, wmt_pairs(500)) <= 0.015


def test_according_to_a_rule_is_no_hedge():
    assert passes(C, "They classified the deaths according to the British register.",
                  "Sie ordneten die Todesfälle nach dem britischen Register.")
    assert fails(C, "Prices rose, according to the report.", "Die Preise stiegen.")
    assert passes(C, "The illness had claimed two more lives.",
                  "Die Krankheit hatte zwei weitere Leben gefordert.")


def test_flag_rate_on_all_reference_sets():
    assert flag_rate(C, wmt_pairs(year=2020)) <= 0.01
    assert flag_rate(C, wmt24_pairs()) <= 0.01


def test_spanish_renderings_of_reported_speech_keep_the_attribution():
    assert passes(C, "The governor's office said nineteen of the injured were police "
                  "officers.", "Desde el gobierno informaron que diecinueve de los heridos "
                  "eran policías.", tgt_lang="es")
    assert passes(C, "Police said the body appeared to have been there for a day.",
                  "La policía manifestó que el cadáver parecía llevar allí un día.",
                  tgt_lang="es")
    assert passes(C, "Según los expertos, la explosión fue enorme.",
                  "Scientists say the explosion was massive.", src_lang="es", tgt_lang="en")
    assert fails(C, "The minister allegedly took bribes.", "El ministro aceptó sobornos.",
                 tgt_lang="es")
    assert fails(C, "Según la policía, el hombre huyó.", "The man fled.", src_lang="es",
                 tgt_lang="en")


def test_words_that_only_sometimes_attribute_do_not_raise_an_issue():
    assert passes(C, "Die Regierung sollte mehr tun.", "The government must do more.",
                  src_lang="de", tgt_lang="en")  # "sollte": should, not "is said to"
    assert passes(C, "Die Sprache der Wissenschaft ist Englisch.", "English is the language "
                  "of science.", src_lang="de", tgt_lang="en")
    assert fails(C, "Der Minister soll Bestechungsgeld angenommen haben.",
                 "The minister took bribes.", src_lang="de", tgt_lang="en")
    assert passes(C, "Volgens de politie vluchtte de man.", "According to police, the man "
                  "fled.", src_lang="nl", tgt_lang="en")
    assert passes(C, "Secondo la polizia l'uomo è fuggito.", "Police believe the man fled.",
                  src_lang="it", tgt_lang="en")
    assert passes(C, "Selon la police, l'homme a fui.", "Police reported the man fled.",
                  src_lang="fr", tgt_lang="en")


def test_few_false_alarms_on_flores_in_every_direction():
    for src, tgt in flores_directions():
        assert flag_rate(C, flores_pairs(src, tgt), src, tgt) <= 0.02, (src, tgt)


def test_more_verbs_of_saying_and_supposing_in_translations():
    source = "This theory says that most dark matter around a galaxy lies in a halo."
    assert passes(C, source, "Diese Theorie besagt, dass die meiste dunkle Materie um eine "
                  "Galaxie in einem Halo liegt.")
    assert passes(C, source, "Questa teoria sostiene che gran parte della materia oscura "
                  "intorno a una galassia si trova in un alone.", tgt_lang="it")
    assert fails(C, source, "Die meiste dunkle Materie um eine Galaxie liegt in einem Halo.")
    hedged = "However, they are not thought to have caused any damage to the shuttle."
    assert passes(C, hedged, "Man geht allerdings nicht davon aus, dass sie das Shuttle "
                  "beschädigt haben.")
    assert fails(C, hedged, "Sie haben das Shuttle allerdings nicht beschädigt.")
    assert passes(C, "Minassian told Toronto police he was part of the group.",
                  "Minassian gab vor der Polizei von Toronto an, der Gruppe anzugehören.")
