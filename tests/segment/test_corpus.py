"""Splitting real news: WMT newstest2019 (a sentence or two per line) and the seed article."""

from __future__ import annotations

import re

import pytest

from copydesk.segment import join, split
from tests.fixtures.shared_data import SEED_ARTICLE as SEED
from tests.fixtures.shared_data import WMT19 as WMT
from tests.fixtures.shared_data import needs_shared_data

pytestmark = needs_shared_data

ENDS_A_SENTENCE = re.compile(r"[.!?…][\"'”“’»)]*$")


def lines(name: str) -> list[str]:
    return (WMT / name).read_text(encoding="utf-8").splitlines()


def boundaries_found(lines_: list[str], language: str) -> tuple[int, int]:
    """Join lines with spaces and count the line ends that come back as sentence ends.

    Only lines ending in sentence punctuation count: a headline followed by its
    article's first sentence is one run of text once the line break is gone.
    """
    text = " ".join(lines_)
    ends, offset = [], 0
    for line in lines_[:-1]:
        offset += len(line)
        if ENDS_A_SENTENCE.search(line):
            ends.append(offset)
        offset += 1
    found, offset = set(), 0
    for sentence in split(text, language):
        offset = text.index(sentence, offset) + len(sentence)
        found.add(offset)
    return sum(end in found for end in ends), len(ends)


@pytest.mark.parametrize(
    ("name", "language"), [("newstest2019.eng", "en"), ("newstest2019.deu", "de")]
)
@pytest.mark.parametrize("start", [0, 1000])
def test_line_boundaries_of_200_joined_lines_come_back(name, language, start):
    window = lines(name)[start : start + 200]
    found, total = boundaries_found(window, language)
    assert total > 150
    assert found / total >= 0.97
    assert len(split(" ".join(window), language)) <= 1.1 * len(window)


def test_lines_with_us_stay_one_sentence():
    english = lines("newstest2019.eng")
    with_us = [i for i, line in enumerate(english) if "U.S." in line]
    assert len(with_us) == 51
    for i in with_us:
        if i != 203:
            assert split(english[i], "en") == [english[i]]
    first, second = split(english[203], "en")
    assert first.endswith("West Coast of the U.S.")
    assert second.startswith("As Rosa approaches")


def test_german_lines_with_abbreviations_stay_one_sentence():
    german = lines("newstest2019.deu")
    pattern = re.compile(r"\b(Nr|Dr|z\. ?B|bzw|ca|Mio|Mrd|vgl|usw|St|Prof)\.")
    found = [i for i, line in enumerate(german) if pattern.search(line)]
    two_sentences = {792, 966, 1301, 1902}  # "… aufzeichnen. Das Team …" and the like
    assert len(found) == 27
    for i in found:
        expected = 2 if i in two_sentences else 1
        assert len(split(german[i], "de")) == expected, german[i]


def test_every_line_joins_back():
    for name, language in (("newstest2019.eng", "en"), ("newstest2019.deu", "de")):
        for line in lines(name)[:500]:
            assert join(split(line, language), language) == line.strip()


def test_seed_article_sentences_per_paragraph():
    paragraphs = SEED.read_text(encoding="utf-8").split("\n")
    counts = [len(split(paragraph, "de")) for paragraph in paragraphs if paragraph.strip()]
    assert counts == [1, 2, 1, 2, 2, 1, 3, 2, 2, 1, 2, 1, 4, 1]


def test_seed_article_sentences_read_right():
    paragraphs = SEED.read_text(encoding="utf-8").split("\n")
    assert split(paragraphs[6], "de")[0] == (
        "Nach Angaben des Unternehmens handelt es sich um eine „böswillige PR-Aktion“."
    )
    assert split(paragraphs[5], "de") == [paragraphs[5]]  # a quote with its attribution
    assert split(paragraphs[12], "de")[-1].endswith("per E-Mail an info@fashionunited.com")
