import sqlite3

import pytest
from rapidfuzz import fuzz

from copydesk.errors import ConfigError, InputError, LanguageError
from copydesk.memory import MatchKind, MemoryEntry, TranslationMemory

SOURCE = "The minister resigned on Monday after a week of protests."
TARGET = "Der Minister trat nach einer Woche der Proteste am Montag zurück."


def only(matches):
    assert len(matches) == 1, matches
    return matches[0]


# -- exact and in-context -----------------------------------------------------------------------

def test_exact_match_comes_back_with_its_provenance(memory):
    memory.add(SOURCE, TARGET, "en", "de", editor="anna", signature="engine:deepl|v:0.1",
               created_at="2024-05-01T10:00:00+00:00")
    match = only(memory.lookup(SOURCE, "en", "de"))
    assert (match.kind, match.score, match.target, match.origin) == (
        MatchKind.EXACT, 1.0, TARGET, "editor")
    assert match.provenance.editor == "anna"
    assert match.provenance.signature == "engine:deepl|v:0.1"
    assert match.provenance.created_at == "2024-05-01T10:00:00+00:00"


def test_in_context_needs_the_same_previous_and_next_segment(memory):
    memory.add(SOURCE, TARGET, "en", "de", previous="Protests went on.", next="He left.")
    assert only(memory.lookup(SOURCE, "en", "de", previous="Protests went on.",
                              next="He left.")).kind is MatchKind.IN_CONTEXT
    assert only(memory.lookup(SOURCE, "en", "de", previous="Protests went on.",
                              next="She stayed.")).kind is MatchKind.EXACT
    assert only(memory.lookup(SOURCE, "en", "de")).kind is MatchKind.EXACT


def test_in_context_match_ranks_before_a_newer_exact_one(memory):
    memory.add(SOURCE, "im Kontext", "en", "de", previous="A.", next="B.",
               created_at="2020-01-01T00:00:00+00:00")
    memory.add(SOURCE, "ohne Kontext", "en", "de", created_at="2024-01-01T00:00:00+00:00")
    memory.add(SOURCE, "älter", "en", "de", previous="C.", created_at="2019-01-01T00:00:00+00:00")
    found = memory.lookup(SOURCE, "en", "de", previous="A.", next="B.")
    assert [(m.kind, m.target) for m in found] == [
        (MatchKind.IN_CONTEXT, "im Kontext"), (MatchKind.EXACT, "ohne Kontext"),
        (MatchKind.EXACT, "älter")]


def test_the_same_source_in_the_same_context_is_replaced_by_the_latest_target(memory):
    memory.add(SOURCE, "erste Fassung", "en", "de", editor="anna")
    memory.add(SOURCE, TARGET, "en", "de", editor="ben")
    assert len(memory) == 1
    match = only(memory.lookup(SOURCE, "en", "de"))
    assert (match.target, match.provenance.editor) == (TARGET, "ben")


def test_language_pairs_are_kept_by_base_code(memory):
    memory.add(SOURCE, TARGET, "en-GB", "de-CH")
    assert only(memory.lookup(SOURCE, "en", "de")).target == TARGET
    assert memory.lookup(SOURCE, "en", "fr") == []
    assert memory.lookup(SOURCE, "de", "en") == []


# -- fuzzy --------------------------------------------------------------------------------------

def test_fuzzy_score_is_the_indel_similarity_of_the_scoring_forms(memory):
    memory.add(SOURCE, TARGET, "en", "de")
    query = "The minister resigned on Tuesday after a week of protests."
    match = only(memory.lookup(query, "en", "de"))
    assert match.kind is MatchKind.FUZZY
    assert match.score == round(fuzz.ratio(query.lower(), SOURCE.lower()) / 100, 4)
    assert 0.9 < match.score < 0.99


def test_threshold_and_limit(memory):
    memory.add(SOURCE, TARGET, "en", "de")
    memory.add("The minister resigned.", "Der Minister trat zurück.", "en", "de")
    query = "The minister resigned on Monday."
    scores = [m.score for m in memory.lookup(query, "en", "de", threshold=0.5)]
    assert len(scores) == 2 and scores == sorted(scores, reverse=True)
    assert [m.score for m in memory.lookup(query, "en", "de", threshold=0.5, limit=1)] == \
        scores[:1]
    assert all(m.score >= scores[0] for m in memory.lookup(query, "en", "de",
                                                             threshold=scores[0]))
    assert memory.lookup("Completely different words here.", "en", "de") == []


def test_results_show_each_target_once(memory):
    memory.add(SOURCE, TARGET, "en", "de", previous="One.")
    memory.add(SOURCE, TARGET, "en", "de", previous="Two.")
    assert len(memory) == 2
    assert len(memory.lookup(SOURCE, "en", "de")) == 1


@pytest.mark.parametrize("query", [
    "  The minister   resigned on Monday\nafter a week of protests. ",
    "The minister resigned on Monday after\u00a0a week of protests.",
])
def test_whitespace_does_not_count(memory, query):
    memory.add(SOURCE, TARGET, "en", "de")
    assert only(memory.lookup(query, "en", "de")).kind is MatchKind.EXACT


@pytest.mark.parametrize("stored, query", [
    (SOURCE, SOURCE.upper()),
    ("He said it’s over – for now.", "He said it's over - for now."),
    ("„Wir bleiben“, sagte sie.", '"Wir bleiben", sagte sie.'),
])
def test_case_and_typography_differences_are_fuzzy_at_099(memory, stored, query):
    memory.add(stored, "x", "de" if stored.startswith("„") else "en", "fr")
    lang = "de" if stored.startswith("„") else "en"
    match = only(memory.lookup(query, lang, "fr"))
    assert (match.kind, match.score) == (MatchKind.FUZZY, 0.99)


# -- tags ---------------------------------------------------------------------------------------

def test_tag_numbering_does_not_matter_and_the_target_takes_the_query_numbers(memory):
    memory.add("The <g1>minister</g1> resigned.<x2/>", "Der <g1>Minister</g1> trat zurück.<x2/>",
               "en", "de")
    match = only(memory.lookup("The <g4>minister</g4> resigned.<x7/>", "en", "de"))
    assert (match.kind, match.score) == (MatchKind.EXACT, 1.0)
    assert match.target == "Der <g4>Minister</g4> trat zurück.<x7/>"


@pytest.mark.parametrize("query", [
    "The minister resigned.",  # tags missing
    "<g1>The minister</g1> resigned.",  # tags elsewhere
    "The <g1>minister</g1> <g2>resigned</g2>.",  # a tag more
])
def test_a_match_that_differs_only_in_tags_is_fuzzy_at_099(memory, query):
    memory.add("The <g1>minister</g1> resigned.", "Der <g1>Minister</g1> trat zurück.", "en", "de")
    match = only(memory.lookup(query, "en", "de"))
    assert (match.kind, match.score) == (MatchKind.FUZZY, 0.99)
    assert match.target == "Der <g1>Minister</g1> trat zurück."


# -- storing ------------------------------------------------------------------------------------

def test_memory_persists_across_reopen(tmp_path):
    path = tmp_path / "home" / "memory.sqlite3"
    with TranslationMemory(path) as tm:
        tm.add(SOURCE, TARGET, "en", "de", editor="anna")
    with TranslationMemory.in_home(tmp_path / "home") as tm:
        assert only(tm.lookup(SOURCE, "en", "de")).provenance.editor == "anna"
        assert only(tm.lookup(SOURCE.replace("Monday", "Friday"), "en", "de")).target == TARGET


def test_a_second_process_sees_new_segments(tmp_path):
    path = tmp_path / "memory.sqlite3"
    with TranslationMemory(path) as reader, TranslationMemory(path) as writer:
        writer.add(SOURCE, TARGET, "en", "de")
        assert reader.lookup(SOURCE.replace("Monday", "Friday"), "en", "de")
        writer.add("A completely new sentence about the budget.", "Neu.", "en", "de")
        assert reader.lookup("A completely new sentence about the budget!", "en", "de")


def test_add_many_stores_everything_in_one_go(memory):
    entries = [MemoryEntry(f"Sentence number {i} about the budget.", f"Satz {i}.", "en", "de",
                           origin="import") for i in range(500)]
    assert memory.add_many(entries) == 500
    assert len(memory) == 500
    best, *others = memory.lookup("Sentence number 321 about the budget.", "en", "de")
    assert (best.kind, best.target) == (MatchKind.EXACT, "Satz 321.")
    assert len(others) == 4 and all(m.kind is MatchKind.FUZZY for m in others)
    assert memory.stats()[0].segments == 500


@pytest.mark.parametrize("bad, error", [
    (MemoryEntry("", "x", "en", "de"), InputError),
    (MemoryEntry("Text.", "  ", "en", "de"), InputError),
    (MemoryEntry("Text.", "Text.", "en", "de", origin="robot"), InputError),
    (MemoryEntry("Text.", "Text.", "en", "de", created_at="yesterday"), InputError),
    (MemoryEntry("Text.", "Text.", "en", "xx"), LanguageError),
    (MemoryEntry("Text.", "Text.", "en-US", "en-GB"), LanguageError),
])
def test_a_bad_entry_stores_nothing(memory, bad, error):
    good = MemoryEntry("A good sentence.", "Ein guter Satz.", "en", "de")
    with pytest.raises(error) as info:
        memory.add_many([good, bad, good])
    assert str(info.value).endswith(".")
    assert len(memory) == 0
    memory.add_many([good])  # the memory still works
    assert len(memory) == 1


def test_lookup_arguments_are_checked(memory):
    with pytest.raises(InputError):
        memory.lookup(SOURCE, "en", "de", threshold=0)
    with pytest.raises(InputError):
        memory.lookup(SOURCE, "en", "de", limit=0)
    assert memory.lookup("   ", "en", "de") == []


def test_a_file_that_is_not_a_memory_is_refused(tmp_path):
    path = tmp_path / "memory.sqlite3"
    path.write_bytes(b"\x89PNG not a database" * 100)
    with pytest.raises(ConfigError, match="copydesk memory"):
        TranslationMemory(path)


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "memory.sqlite3"
    TranslationMemory(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
    with pytest.raises(ConfigError, match="Upgrade copydesk"):
        TranslationMemory(path)
