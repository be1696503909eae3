"""The spelling check against Debian's Hunspell dictionaries (scripts/hunspell installs them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from copydesk.checks import dictionaries
from copydesk.checks.base import SegmentContext
from copydesk.checks.registry import notes
from copydesk.checks.spelling import SpellingCheck
from copydesk.glossary.model import Glossary, Term, TermType
from tests.checks.helpers import fails, flores_pairs, passes, run
from tests.fixtures.shared_data import needs_shared_data
from tests.test_input_sizes import assert_not_quadratic, repeat

C = SpellingCheck
COPYDESK = str(Path(sys.executable).with_name("copydesk"))
LANGS = ("de", "es", "fr", "nl", "it")
MISSING = [lang for lang in LANGS if dictionaries.find(lang) is None]
pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"Hunspell dictionaries missing for {', '.join(MISSING)} "
    "(scripts/hunspell installs hunspell-de-de, -es, -fr, -nl, -it)")


def spans(issues, target):
    return [target[i.target_span[0]:i.target_span[1]] for i in issues]


def test_correct_sentences_pass_in_every_language():
    assert passes(C, "The talks went on.", "Die Gespräche gingen am Montag weiter.")
    assert passes(C, "x", "Las negociaciones continuaron el lunes en Bruselas.", tgt_lang="es")
    assert passes(C, "x", "Les négociations ont repris lundi à Bruxelles.", tgt_lang="fr")
    assert passes(C, "x", "De onderhandelingen gingen maandag verder.", tgt_lang="nl")
    assert passes(C, "x", "I negoziati sono proseguiti lunedì a Bruxelles.", tgt_lang="it")


def test_a_typo_is_flagged_with_its_span_and_the_word_meant():
    target = "Das geschah im letzten Jahrunderts."
    issue, = fails(C, "It happened last century.", target)
    assert spans([issue], target) == ["Jahrunderts"]
    assert "Jahrhunderts" in issue.message and issue.severity == "minor"
    target = "Esto influeye mucho en el resultado."
    assert spans(fails(C, "x", target, tgt_lang="es"), target) == ["influeye"]
    target = "La plance du navire était mouillée."
    assert spans(fails(C, "x", target, tgt_lang="fr"), target) == ["plance"]
    target = "Il ministro ha dischiarato la fine."
    assert spans(fails(C, "x", target, tgt_lang="it"), target) == ["dischiarato"]


def test_unknown_words_close_together_make_one_issue():
    target = "Die Verhandlungen xqzvor brmptak flurgsen am Montag."
    issue, = fails(C, "The talks on Monday.", target)
    assert spans([issue], target) == ["xqzvor brmptak flurgsen"]
    assert "3 words" in issue.message
    # A lone rare word near no common word is not reported: a compound the dictionary lacks.
    assert passes(C, "x", "Die Verhandlungen xqzvor am Montag.")


def test_names_glossary_terms_and_source_words_are_not_flagged():
    target = "Según exesivo, la cifra es alta."
    assert fails(C, "x", target, tgt_lang="es")
    assert passes(C, "x", "Según Exesivo, la cifra es alta.", tgt_lang="es")  # a name
    target = "Das geschah im letzten Jahrunderts."
    assert passes(C, "He met Jahrunderts.", target)  # written so in the source
    glossary = Glossary([Term("Jahrco", "Jahrunderts", TermType.DNT, "en", "de")])
    assert passes(C, "It happened last century.", target, glossary=glossary)
    assert passes(C, "President Biden", "Die Regierung Bidens schwieg.")  # a source word + ending
    assert passes(C, "x", "Die neuen iPhones, die GTG-1002 und die NATO, www.exesivo.org.")
    assert passes(C, "x", "Folgen Sie #Jahrunderts und @Jahrunderts.")


def test_compounds_of_common_words_pass_and_typos_inside_them_do_not():
    assert passes(C, "x", "Die Wintersportarten und die Donaudampfschifffahrtsgesellschaft.")
    target = "Die Römer erobertern die Stadt."
    assert spans(fails(C, "x", target), target) == ["erobertern"]


def test_a_word_repeated_in_the_article_is_meant_so():
    target = "Das Ende des Jahrunderts kam."
    assert fails(C, "x", target, article=[("a", target), ("b", "Dann kam es doch.")])
    article = [("a", target), ("b", "Dann kam das Jahrunderts doch.")]
    assert passes(C, "x", target, article=article)


def test_unicode_variants_read_as_the_same_words():
    nfd = unicodedata.normalize("NFD", "Die Gespräche über Straßen, Mädchen und Lösungen.")
    assert nfd != unicodedata.normalize("NFC", nfd)
    assert passes(C, "x", nfd)
    assert passes(C, "x", "Die Ge\u00adspräche gin\u00adgen\u00a0am Montag weiter.")
    assert passes(C, "x", "Die\u00a0Gespräche\u200b gingen weiter.")
    target = unicodedata.normalize("NFD", "Die Gespräche des Jahrunderts.")
    assert spans(fails(C, "x", target), target) == ["Jahrunderts"]


def test_elisions_with_straight_and_curly_apostrophes():
    for apostrophe in ("'", "’", "ʼ"):
        assert passes(C, "x", f"L{apostrophe}homme et l{apostrophe}enfant sont arrivés à "
                      f"l{apostrophe}école d{apostrophe}Hawaï.", tgt_lang="fr")
        assert passes(C, "x", f"L{apostrophe}uomo dell{apostrophe}agenzia ha fatto "
                      f"un{apostrophe}esperienza all{apostrophe}estero.", tgt_lang="it")
    target = "Il a vu l’hommme à la gare."
    issue, = fails(C, "x", target, tgt_lang="fr")
    assert spans([issue], target) == ["l’hommme"] and "l'homme" in issue.message


def test_without_a_dictionary_the_check_says_so_and_is_skipped(tmp_path: Path):
    check = SpellingCheck(directories=(tmp_path,))
    context = SegmentContext("en", "de")
    note = check.unavailable(context)
    assert note is not None and "hunspell-de-de" in note and "skipped" in note
    assert run(check, "x", "Das geschah im letzten Jahrunderts.") == []
    assert SpellingCheck().unavailable(context) is None
    assert any("spelling" in n for n in notes(SegmentContext("en", "ja")))
    assert not any("spelling" in n for n in notes(SegmentContext("en", "ja"),
                                                  disabled=["spelling"]))


def test_copydesk_check_notes_a_missing_dictionary_once(tmp_path: Path):
    lines = "".join(json.dumps({"id": i, "source": "He came.", "target": "彼は来た。"}) + "\n"
                    for i in range(3))
    env = {**os.environ, "COPYDESK_HOME": str(tmp_path / "home")}
    result = subprocess.run([COPYDESK, "check", "--from", "en",
                             "--to", "ja", "--enable", "spelling"], input=lines,
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("no Hunspell dictionary for 'ja'") == 1
    assert [json.loads(line)["issues"] for line in result.stdout.splitlines()] == [[], [], []]


UNITS = {
    "typos": "Das geschah im letzten Jahrunderts. ",
    "clusters": "xqzvor brmptak flurgsen ",
    "elisions": "l’hommme d’école ",
    "soft hyphens": "Ge\u00adspräche\u00ad ",
    "apostrophes": "'''’’ ",
    "hyphens": "a-b-c-d-e-f- ",
    "capitals": "Xqzvor Brmptak ",
    "one long word": "Wintersportartenq",
}


@pytest.mark.parametrize("unit", UNITS, ids=str)
def test_a_huge_segment_takes_linear_time(unit: str):
    check, context = SpellingCheck(), SegmentContext("en", "de")
    check.run("x", UNITS[unit], context)  # load the dictionary first

    def make(n: int) -> Callable[[], object]:
        target = repeat(UNITS[unit], 10 * n)
        return lambda: check.run("x", target, context)

    assert_not_quadratic(make, n=1_000)


def test_distinct_unknown_words_in_a_huge_segment_take_linear_time():
    check, context = SpellingCheck(), SegmentContext("en", "de")

    def make(n: int) -> Callable[[], object]:
        words = [f"qz{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676 % 26)}"
                 for i in range(n // 6)]
        return lambda: check.run("x", " ".join(words), context)

    assert_not_quadratic(make, n=1_000)


@needs_shared_data
@pytest.mark.parametrize("lang", LANGS)
def test_few_flags_on_human_references(lang: str):
    pairs = flores_pairs("en", lang)[:300]
    flagged = sum(bool(run(C, s, t, "en", lang)) for s, t in pairs)
    assert flagged / len(pairs) <= 0.03, flagged


def test_spelling_is_a_risk_feature_of_its_own():
    from copydesk.checks.registry import PRIOR_WEIGHTS, risk_features, run_checks

    context = SegmentContext("en", "de")
    source, target = "It happened last century.", "Das geschah im letzten Jahrunderts."
    issues = run_checks(source, target, context, enabled=["spelling"])
    features = risk_features(source, target, issues, context)
    assert [i.check for i in issues] == ["spelling"]
    assert features["spelling"] == 1.0 and features["issues"] == 0.0
    assert "spelling" in PRIOR_WEIGHTS
