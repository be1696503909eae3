"""Word frequencies come from wordfreq's shipped lists, never from the network."""

from importlib.resources import files

import pytest

from copydesk.checks import lexicon


def test_the_lists_ship_inside_the_wordfreq_package():
    data = files("wordfreq").joinpath("data")
    for lang in ("en", "de", "es", "fr", "nl", "it"):
        assert data.joinpath(f"small_{lang}.msgpack.gz").is_file()


def test_frequencies_in_every_edition_language():
    assert lexicon.zipf("the", "en") > 7 and lexicon.zipf("der", "de") > 6.5
    assert lexicon.zipf("Ningún", "es") == lexicon.zipf("ningún", "es") > 4
    assert lexicon.zipf("ningu\u0301n", "es") == lexicon.zipf("ningún", "es")  # decomposed
    assert lexicon.zipf("qzxvbnm", "fr") == lexicon.RARE
    assert lexicon.lean("council", "en", "de") > 1.5 > abs(lexicon.lean("China", "en", "es"))
    assert lexicon.common("fast", "en") and not lexicon.common("Danius", "en")


@pytest.mark.parametrize("lang", ["xx", "tlh", ""])
def test_unknown_languages_get_no_frequencies(lang):
    assert not lexicon.known(lang)
    assert lexicon.zipf("word", lang) == lexicon.RARE


def test_fold_makes_accents_and_case_equal():
    assert lexicon.fold("París") == lexicon.fold("PARIS") == lexicon.fold("Pari\u0301s")
