import random

import pytest
from rapidfuzz import fuzz, process

from copydesk.memory import MemoryEntry, TranslationMemory
from copydesk.memory import index as index_module
from copydesk.memory.index import FuzzyIndex, length_window
from copydesk.memory.normalize import scoring_form
from tests.fixtures.shared_data import require
from tests.memory.data import FLORES, WMT

THRESHOLD = 0.70


def real_sentences():
    require()
    lines = []
    for name in ("newstest2019.eng", "newstest2020.eng"):
        lines += (WMT / name).read_text(encoding="utf-8").splitlines()
    return list(dict.fromkeys(line.strip() for line in lines if len(line.split()) >= 3))


def perturbed(sentence, rng, vocabulary, most=3):
    words = sentence.split()
    for _ in range(rng.randint(1, most)):
        words[rng.randrange(len(words))] = rng.choice(vocabulary)
    return " ".join(words)


@pytest.fixture(scope="module")
def news_memory(tmp_path_factory):
    """Real news sentences, plus two variants of 1,000 of them (near neighbours)."""
    sentences = real_sentences()
    rng = random.Random(3)
    vocabulary = sorted({w for s in sentences for w in s.split() if w.isalpha()})
    variants = [perturbed(s, rng, vocabulary) for s in rng.sample(sentences, 1000) * 2]
    path = tmp_path_factory.mktemp("recall") / "memory.sqlite3"
    with TranslationMemory(path) as tm:
        tm.add_many(MemoryEntry(s, s, "en", "de") for s in sentences + variants)
    return path, sentences, vocabulary


@pytest.mark.parametrize("squeeze", [{}, {"candidates": 40, "budget": 500, "max_budget": 2_000}])
def test_index_finds_what_a_full_scan_finds(news_memory, squeeze):
    """On 5,400 news sentences, the index (the default one, and one squeezed to 40
    candidates and at most 2,000 posting ids a lookup, so that the commonest
    words go unread) returns at least 99 % of the matches at or above 70 % that
    scoring every stored segment finds."""
    path, sentences, vocabulary = news_memory
    rng = random.Random(7)
    held_out = (FLORES / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()
    queries = [perturbed(s, rng, vocabulary, most=5) for s in rng.sample(sentences, 200)]
    queries += rng.sample(held_out, 100)
    with TranslationMemory(path) as tm:
        ids, stored = zip(*tm.db.execute("SELECT id, source FROM segments"), strict=True)
        choices = dict(zip(ids, (scoring_form(s) for s in stored), strict=True))
        index = FuzzyIndex(tm.db, **squeeze)
        wanted = found = 0
        for query in queries:
            scan = process.extract(scoring_form(query), choices, scorer=fuzz.ratio, limit=None,
                                   score_cutoff=THRESHOLD * 100)
            hits = dict(index.search(1, scoring_form(query), limit=1000, threshold=THRESHOLD))
            wanted += len(scan)
            found += sum(1 for _, score, sid in scan
                         if hits.get(sid) == pytest.approx(score / 100))
    assert wanted > 250  # the queries do have fuzzy matches to find
    assert found / wanted >= 0.99, f"recall {found / wanted:.2%} of {wanted}"


def test_length_window_keeps_every_length_that_can_reach_the_threshold():
    for threshold in (0.5, 0.7, 0.75, 0.9, 1.0):
        for query in range(1, 120):
            low, high = length_window(query, threshold)
            for stored in range(1, 300):
                best_possible = 2 * min(query, stored) / (query + stored)
                assert (low <= stored <= high) == (best_possible >= threshold - 1e-12)


def test_single_adds_are_merged_into_the_postings(tmp_path, monkeypatch):
    monkeypatch.setattr(index_module, "FRESH_LIMIT", 30)
    path = tmp_path / "memory.sqlite3"
    sentences = real_sentences()[:40]
    with TranslationMemory(path) as tm, TranslationMemory(path) as reader:
        reader.lookup(sentences[0], "en", "de")  # fill the reader's cache before the merge
        for sentence in sentences:
            tm.add(sentence, sentence.upper(), "en", "de")
        (waiting,) = tm.db.execute("SELECT count(*) FROM fresh_postings").fetchone()
        (merged,) = tm.db.execute("SELECT count(*) FROM postings").fetchone()
        assert merged > 0 and waiting < 30
        for sentence in sentences:
            query = sentence[:-1] + " today."
            assert reader.lookup(query, "en", "de")[0].target == sentence.upper()


def test_bulk_add_merges_directly(tmp_path, monkeypatch):
    monkeypatch.setattr(index_module, "FRESH_LIMIT", 30)
    sentences = real_sentences()[:200]
    with TranslationMemory(tmp_path / "memory.sqlite3") as tm:
        tm.add("A first sentence on its own.", "Ein erster Satz.", "en", "de")
        tm.add_many(MemoryEntry(s, s.upper(), "en", "de") for s in sentences)
        assert tm.db.execute("SELECT count(*) FROM fresh_postings").fetchone() == (0,)
        assert tm.lookup("A first sentence on its own!", "en", "de")[0].target == \
            "Ein erster Satz."
        assert tm.lookup(sentences[150] + " Yes.", "en", "de")[0].target == \
            sentences[150].upper()
