"""Quotations moved onto other words: the marks kept, the quoted words changed."""

import unicodedata
from collections.abc import Callable

from copydesk.checks.quotes import QuotesCheck, quotations
from tests.checks.helpers import fails, passes, run
from tests.test_input_sizes import assert_not_quadratic

C = QuotesCheck
SRC = 'He called the plan "a disaster for Berlin".'
NBSP = "\u00a0"


def test_moved_quotation_is_major_in_each_language_and_style():
    moved = {
        "de": "Er nannte „den Plan“ eine Katastrophe für Berlin.",
        "es": "Calificó «el plan» de un desastre para Berlín.",
        "fr": f"«{NBSP}Il a qualifié{NBSP}» le plan de désastre pour Berlin.",
    }
    for lang, target in moved.items():
        issue = fails(C, SRC, target, tgt_lang=lang)[0]
        assert issue.severity == "major", lang
        assert issue.source_span == (19, 42)
        assert target[issue.target_span[0]] in "„«"


def test_quotation_marks_around_the_right_words_pass():
    assert passes(C, SRC, "Er nannte den Plan „eine Katastrophe für Berlin“.")
    assert passes(C, SRC, "Er nannte den Plan »eine Katastrophe für Berlin«.")
    assert passes(C, SRC, 'Er nannte den Plan "eine Katastrophe für Berlin".')
    assert passes(C, SRC, "Calificó el plan de «un desastre para Berlín».", tgt_lang="es")
    assert passes(
        C, SRC, f"Il a qualifié le plan de «{NBSP}désastre pour Berlin{NBSP}».", tgt_lang="fr"
    )
    assert passes(C, SRC, "Il a qualifié le plan de « désastre pour Berlin ».", tgt_lang="fr")
    assert passes(C, SRC, "Il a qualifié le plan de “désastre pour Berlin”.", tgt_lang="fr")


def test_reordered_quotations_and_sentences_pass():
    # German puts the quotation first, where English had it last.
    assert passes(
        C,
        'The minister said on Monday in Berlin that "the plan will fail".',
        "„Der Plan wird scheitern“, sagte der Minister am Montag in Berlin.",
    )
    # Two quotations swapped by the translator.
    assert passes(
        C,
        'He called Smith "a liar" and Jones "a thief".',
        "Jones nannte er „einen Dieb“ und Smith „einen Lügner“.",
    )


def test_quotation_recast_as_reported_speech_keeps_its_issue():
    issue = fails(
        C,
        '"The claims are completely false," a spokesman told AFP.',
        "Die Behauptungen seien falsch, sagte ein Sprecher.",
    )[0]
    assert issue.severity == "minor" and "dropped" in issue.message


def test_moved_quotation_inside_tags_and_in_nfd():
    assert (
        fails(
            C,
            'He called the plan <g1>"a disaster for Berlin"</g1>.',
            "Er nannte <g1>„den Plan“</g1> eine Katastrophe für Berlin.",
        )[0].severity
        == "major"
    )
    assert passes(
        C,
        'He called the plan <g1>"a disaster for Berlin"</g1>.',
        "Er nannte den Plan <g1>„eine Katastrophe für Berlin“</g1>.",
    )
    source = 'Müller called it "a disaster for Zürich and Köln".'
    right = "Müller nannte es „eine Katastrophe für Zürich und Köln“."
    wrong = "„Müller nannte es“ eine Katastrophe für Zürich und Köln."
    nfd = (
        unicodedata.normalize("NFD", source),
        unicodedata.normalize("NFD", right),
        unicodedata.normalize("NFD", wrong),
    )
    assert passes(C, nfd[0], nfd[1])
    assert fails(C, nfd[0], nfd[2])[0].severity == "major"


def test_guillemets_and_corner_brackets_pair():
    assert quotations(f"Il a dit «{NBSP}non{NBSP}» et ‹ oui ›.") == [(9, 16), (20, 27)]
    assert quotations("他说「不行」。") == [(2, 6)]


def _article(n: int, moved: bool) -> tuple[str, str]:
    source = " ".join(f'Item {i} was "a disaster for Berlin {i}".' for i in range(n))
    target = " ".join(f"Punkt {i} war „eine Katastrophe für Berlin {i}“." for i in range(n))
    if moved:
        target += " „Er nannte“ den Plan eine Katastrophe für Berlin."
        source += ' He called the plan "a disaster for Berlin".'
    return source, target


def test_huge_input_stays_linear_and_is_still_checked():
    def make(n: int) -> Callable[[], object]:
        source, target = _article(n, moved=False)
        return lambda: passes(C, source, target)

    assert passes(C, *_article(50, moved=False))
    assert_not_quadratic(make, n=500)
    source, target = _article(2000, moved=True)
    assert fails(C, source, target)[0].severity == "major"


def test_weaker_evidence_is_minor_and_none_is_nothing():
    # Only function words quoted where the source quoted plain words ("tan solo un"):
    # minor at most, a language may say them with function words ("just one").
    assert all(
        i.severity == "minor"
        for i in run(
            C,
            "Resista la tentación de arrancar «tan solo un» espécimen.",
            'Resist the temptation to remove even "just one" specimen.',
            "es",
            "en",
        )
    )
    # Numbers kept verbatim: "1944" quoted in the target, not in the source.
    issue = fails(
        C,
        'The invasion in 1944 was called "Operation Dragoon".',
        "Die Invasion „1944 wurde“ Operation Dragoon genannt.",
    )[0]
    assert issue.severity == "major"
    # A quotation the translator widened keeps the quoted words: not moved.
    assert passes(
        C,
        'The UK "would regret it forever", Greg Clark said.',
        "„Großbritannien würde es für immer bereuen“, sagte Greg Clark.",
    )
    # A title the translation quotes in the source's words is no moved quotation.
    assert passes(
        C,
        "Speaking to The Sunday Times, Kit said he believes 'something's gone wrong'.",
        'Kit sagte "The Sunday Times", er glaube, etwas sei schiefgelaufen.',
    )


def test_moved_onto_function_words_only_is_major():
    # The source quoted a content word; the marks now hold only "die", "een", "de".
    assert (
        fails(
            C,
            'He referred to the rumours as "silliness".',
            "Er bezeichnete „die“ Gerüchte als Unsinn.",
        )[0].severity
        == "major"
    )
    assert (
        fails(
            C,
            'Japan is often called an "archipelago".',
            "Japan wordt vaak 'een' archipel genoemd.",
            tgt_lang="nl",
        )[0].severity
        == "major"
    )
    assert (
        fails(
            C,
            'The city sank into "anarchy".',
            "La ciudad se hundió «en» la anarquía.",
            tgt_lang="es",
        )[0].severity
        == "major"
    )
    assert passes(
        C, 'The city sank into "anarchy".', "La ciudad se hundió en la «anarquía».", tgt_lang="es"
    )


def test_cognates_stand_in_for_words_the_dictionary_lacks(monkeypatch):
    source = 'According to the transcript, she called the conference "catastrophic".'
    moved = "Selon la « transcription », elle a qualifié la conférence de catastrophique."
    assert fails(C, source, moved, tgt_lang="fr")[0].severity == "major"
    assert passes(
        C,
        source,
        "Selon la transcription, elle a qualifié la conférence de « catastrophique ».",
        tgt_lang="fr",
    )
    monkeypatch.setattr("copydesk.checks.quotes.COGNATE", 100)  # no cognates
    assert all(i.severity == "minor" for i in run(C, source, moved, tgt_lang="fr"))


def test_legitimate_rewordings_pass():
    # A quotation split in two around its attribution.
    assert passes(
        C,
        'He said "we will win and we will stay here".',
        "„Wir werden gewinnen“, sagte er, „und wir bleiben hier.“",
    )
    # The attribution moved around the quotation.
    assert passes(
        C,
        '"We will win the next game," the coach said.',
        "Der Trainer sagte: „Wir werden das nächste Spiel gewinnen.“",
    )
    assert passes(
        C,
        '"Nous allons gagner le prochain match", a dit l\'entraîneur.',
        'The coach said: "We will win the next match."',
        "fr",
        "en",
    )
    # Reported speech: no quotation left to move.
    assert (
        run(
            C,
            '"We will win the next game," the coach said.',
            "Der Trainer sagte, sie würden das nächste Spiel gewinnen.",
        )[0].severity
        == "minor"
    )


def test_source_left_as_a_csv_field_is_read_as_its_contents():
    source = '"Der Minister nannte den Plan ""eine Katastrophe für Berlin""."'
    assert (
        fails(C, source, 'The minister called "the plan" a disaster for Berlin.', "de", "en")[
            0
        ].severity
        == "major"
    )
    assert passes(C, source, 'The minister called the plan "a disaster for Berlin".', "de", "en")


def test_a_name_quoted_with_the_words_after_it_is_no_title():
    source = 'Minister Anna Berg of the Interior said "the border will stay open".'
    assert (
        fails(
            C, source, "Ministerin „Anna Berg aus dem“ Innenressort sagte, die Grenze bleibe offen."
        )[0].severity
        == "major"
    )
