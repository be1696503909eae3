"""Corpus metrics on examples small enough to check by hand."""

from __future__ import annotations

import pytest

from copydesk.errors import InputError
from copydesk.evaluation.scoring import score


def test_a_perfect_translation_scores_100_100_and_0():
    result = score(["Der Rat tagte am Montag."], [["Der Rat tagte am Montag."]], "de")
    assert result.bleu.score == pytest.approx(100)
    assert result.chrf.score == pytest.approx(100)
    assert result.ter.score == 0
    assert result.sentence_chrf == (100.0,)


def test_one_wrong_word_in_four():
    result = score(["a b c d"], [["a b c e"]], "de")
    # n-gram precisions 3/4, 2/3, 1/2 and 0/1, which exponential smoothing makes 1/2;
    # same length, so no brevity penalty.
    assert result.bleu.score == pytest.approx(100 * (3 / 4 * 2 / 3 * 1 / 2 * 1 / 2) ** 0.25)
    assert result.bleu.verbose.startswith("75.0/66.7/50.0/50.0 (BP = 1.000")
    # characters without spaces "abcd" / "abce": 1- to 4-gram matches 3/4, 2/3, 1/2, 0;
    # precision equals recall, and orders 5 and 6 do not exist.
    assert result.chrf.score == pytest.approx(100 * (3 / 4 + 2 / 3 + 1 / 2 + 0) / 4)
    assert result.ter.score == pytest.approx(25.0)  # one substitution, four reference words


def test_a_shorter_translation_pays_the_brevity_penalty():
    result = score(["a b c d e f"], [["a b c d e f g h"]], "de")
    assert result.bleu.score == pytest.approx(100 * 2.718281828459045 ** (1 - 8 / 6))
    assert result.ter.score == pytest.approx(100 * 2 / 8)  # two insertions


def test_the_closest_of_several_references_counts():
    result = score(["a b c d"], [["a b c e"], ["a b c d"]], "de")
    assert result.bleu.score == pytest.approx(100)
    assert result.ter.score == 0
    assert result.bleu.signature.startswith("nrefs:2|")


def test_signatures_name_the_settings_as_sacrebleu_does():
    result = score(["Hallo Welt."], [["Hallo, Welt."]], "de")
    assert result.bleu.signature.startswith("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|")
    assert result.chrf.signature.startswith("nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|")
    assert result.ter.signature.startswith("nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|")
    assert result.bleu.line().startswith("BLEU|nrefs:1|case:mixed|")
    assert result.chrf.name == "chrF2"


def test_the_target_language_picks_the_bleu_tokeniser():
    assert "tok:zh" in score(["我们开会了。"], [["我们开会了。"]], "zh").bleu.signature
    assert "tok:char" in score(["ab"], [["ab"]], "de", tokenize="char").bleu.signature


def test_each_segment_gets_its_own_chrf():
    result = score(["a b c d", "x y z"], [["a b c d", "x y q"]], "de")
    assert result.sentence_chrf[0] == pytest.approx(100)
    assert 0 < result.sentence_chrf[1] < 100


@pytest.mark.parametrize(("hypotheses", "references"), [
    (["a", "b"], [["a"]]),
    (["a"], [["a"], ["a", "b"]]),
])
def test_misaligned_segments_are_refused(hypotheses, references):
    with pytest.raises(InputError, match="same number of segments"):
        score(hypotheses, references, "de")
