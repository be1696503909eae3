"""Property checks: random tag placements over real sentences never give broken markup."""

from __future__ import annotations

import random
import re

import pytest

from copydesk.article import TAG_RE, tag_ids
from copydesk.segment import inner_texts, join, restore_tags, split, strip_tags
from copydesk.segment.markup import scan
from tests.fixtures.shared_data import WMT19, needs_shared_data

SOURCES = {"en": WMT19 / "newstest2019.eng", "de": WMT19 / "newstest2019.deu"}

pytestmark = needs_shared_data


def sample_lines(language: str, count: int, seed: int) -> list[str]:
    lines = SOURCES[language].read_text(encoding="utf-8").splitlines()
    return random.Random(seed).sample([line for line in lines if line.strip()], count)


def add_random_tags(text: str, rng: random.Random) -> str:
    """Well-formed random markup: nested pairs at word edges or inside words, some breaks."""
    out: list[str] = []
    stack: list[int] = []
    next_id = 1
    for word in re.findall(r"\S+\s*", text):
        if rng.random() < 0.08:
            out.append(f"<x{next_id}/>")
            next_id += 1
        if rng.random() < 0.25:
            out.append(f"<g{next_id}>")
            stack.append(next_id)
            next_id += 1
        cut = rng.randrange(len(word.rstrip()) + 1) if rng.random() < 0.1 else len(word.rstrip())
        out.append(word[:cut])
        if stack and rng.random() < 0.35:
            out.append(f"</g{stack.pop()}>")
        out.append(word[cut:])
    out.extend(f"</g{tag}>" for tag in reversed(stack))
    return "".join(out)


def assert_well_formed(result: str, source: str) -> None:
    scan(result)  # raises InputError on crossed, missing or repeated tags
    assert sorted(tag_ids(result)) == sorted(tag_ids(source))


def shuffled(text: str, rng: random.Random) -> str:
    """A stand-in translation: the same words with halves swapped, one word changed."""
    words = text.split()
    middle = len(words) // 2
    words = words[middle:] + words[:middle]
    if words:
        words[rng.randrange(len(words))] = "Zwischenwort"
    return " ".join(words)


@pytest.mark.parametrize("language", ["en", "de"])
def test_split_keeps_every_tag_pair_in_one_sentence(language):
    rng = random.Random(7)
    lines = sample_lines(language, 150, seed=1)
    for block in (" ".join(lines[i : i + 5]) for i in range(0, len(lines), 5)):
        tagged = add_random_tags(block, rng)
        sentences = split(tagged, language)
        for sentence in sentences:
            scan(sentence)
        assert join(sentences, language) == tagged.strip()


@pytest.mark.parametrize("language", ["en", "de"])
def test_identity_restore_gives_the_sentence_back(language):
    rng = random.Random(11)
    for line in sample_lines(language, 200, seed=2):
        tagged = add_random_tags(line, rng)
        spans = strip_tags(tagged)
        assert restore_tags(spans, spans.plain, inner_texts(spans)) == tagged


@pytest.mark.parametrize("language", ["en", "de"])
def test_restore_into_a_reordered_translation_is_well_formed(language):
    rng = random.Random(13)
    for line in sample_lines(language, 200, seed=3):
        tagged = add_random_tags(line, rng)
        spans = strip_tags(tagged)
        translation = shuffled(spans.plain, rng)
        result = restore_tags(spans, translation, inner_texts(spans))
        assert_well_formed(result, tagged)
        assert "".join(TAG_RE.sub("", result).split()) == "".join(translation.split())


def test_restore_into_an_unrelated_translation_keeps_every_tag():
    rng = random.Random(17)
    for line in sample_lines("en", 100, seed=4):
        tagged = add_random_tags(line, rng)
        spans = strip_tags(tagged)
        result = restore_tags(spans, "Völlig anderer Text ohne Bezug.", {"1": "nichts"})
        assert_well_formed(result, tagged)
        placed = {p.tag_id for p in result.placements if p.method != "empty"}
        assert set(result.uncertain) <= placed


def test_unique_phrases_land_on_the_same_words_after_reordering():
    rng = random.Random(19)
    checked = 0
    for line in sample_lines("en", 200, seed=5):
        words = line.split()
        if len(words) < 6:
            continue
        first = rng.randrange(len(words) // 2 - 1)
        phrase = " ".join(words[first : first + 2])
        if line.count(phrase) != 1:
            continue
        tagged = line.replace(phrase, f"<g1>{phrase}</g1>")
        spans = strip_tags(tagged)
        middle = len(words) // 2
        translation = " ".join(words[middle:] + words[:middle])
        result = restore_tags(spans, translation, inner_texts(spans))
        assert f"<g1>{phrase}</g1>" in result
        assert result.uncertain == ()
        checked += 1
    assert checked > 100
