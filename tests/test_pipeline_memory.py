"""Translation memory first: what editors confirmed is reused before any engine runs."""

from collections.abc import Sequence

import pytest

from copydesk.article import Article, Block, BlockKind, InlineTag
from copydesk.engines.base import Candidate, Engine, Signature
from copydesk.engines.pseudo import PseudoEngine
from copydesk.errors import ConfigError
from copydesk.memory import TranslationMemory
from copydesk.pipeline import translate_article

A, B, C = "The minister resigned.", "Nobody knew why.", "Talks resume on Monday."
TITLE = "Minister quits"


class RecordingEngine(Engine):
    """Upper-cases text and remembers every segment it was sent."""

    name = "recording"
    preserves_tags = True

    def __init__(self):
        self.sent: list[str] = []

    def supports(self, source_lang, target_lang):
        return True

    def translate(self, segments: Sequence[str], source_lang, target_lang, *, glossary=None,
                  context=None):
        self.sent += segments
        return [Candidate(s.upper(), Signature("recording")) for s in segments]


@pytest.fixture
def memory(tmp_path):
    tm = TranslationMemory(tmp_path / "memory.sqlite3")
    yield tm
    tm.close()


def story(*sentences: str) -> Article:
    return Article(title=TITLE, language="en",
                   blocks=[Block(BlockKind.PARAGRAPH, " ".join(sentences))])


def by_source(draft):
    return {s.source: s for s in draft.segments()}


def test_exact_matches_are_used_and_only_misses_reach_the_engine(memory):
    memory.add(B, "Niemand wusste, warum.", "en", "de", editor="anna",
               signature="engine:ctranslate2|model:opus-mt-en-de|v:0.1.0")
    engine = RecordingEngine()
    draft = translate_article(story(A, B, C), "de", engine, memory=memory)
    assert engine.sent == [TITLE, A, C]
    reused = by_source(draft)[B]
    assert (reused.target, reused.origin) == ("Niemand wusste, warum.", "memory")
    assert reused.signature.startswith("engine:memory|match:exact|origin:editor|editor:anna|")
    assert "from:ctranslate2/opus-mt-en-de" in reused.signature
    assert by_source(draft)[A].origin == "mt"
    assert draft.from_memory() == [reused]
    assert reused.signature in draft.signatures


def test_an_in_context_match_beats_a_newer_exact_one(memory):
    memory.add(B, "Keiner wusste, warum.", "en", "de", previous=A, next=C)
    memory.add(B, "Niemand wusste, warum.", "en", "de", previous="Other.", next="Text.")
    draft = translate_article(story(A, B, C), "de", RecordingEngine(), memory=memory)
    reused = by_source(draft)[B]
    assert reused.target == "Keiner wusste, warum."
    assert "match:in-context" in reused.signature
    other = translate_article(story(C, B, A), "de", RecordingEngine(), memory=memory)
    assert "match:exact" in by_source(other)[B].signature


def test_neighbours_cross_block_boundaries_in_reading_order(memory):
    memory.add(A, "Der Minister trat zurück.", "en", "de", previous=TITLE, next=B)
    article = Article(title=TITLE, language="en", blocks=[
        Block(BlockKind.PARAGRAPH, A), Block(BlockKind.PARAGRAPH, B)])
    draft = translate_article(article, "de", RecordingEngine(), memory=memory)
    assert "match:in-context" in by_source(draft)[A].signature


def test_fuzzy_matches_are_only_suggested(memory):
    memory.add("The minister resigned on Monday.", "Der Minister trat am Montag zurück.",
               "en", "de", editor="anna")
    query = "The minister resigned on Sunday."
    engine = RecordingEngine()
    draft = translate_article(story(query), "de", engine, memory=memory)
    seg = by_source(draft)[query]
    assert seg.origin == "mt" and seg.target == query.upper()
    assert query in engine.sent
    [suggestion] = draft.suggestions[seg.id]
    assert suggestion.target == "Der Minister trat am Montag zurück."
    assert 0.75 <= suggestion.score < 0.99 and suggestion.kind == "fuzzy"
    data = draft.to_dict()["suggestions"][seg.id][0]
    assert data["provenance"]["editor"] == "anna" and data["score"] == suggestion.score
    assert data["source"] == "The minister resigned on Monday."


def test_the_threshold_decides_which_fuzzy_matches_are_suggested(memory):
    memory.add("The minister resigned on Monday.", "Der Minister trat am Montag zurück.",
               "en", "de")
    draft = translate_article(story("The minister resigned on Sunday."), "de",
                              RecordingEngine(), memory=memory, fuzzy_threshold=0.99)
    assert draft.suggestions == {}
    with pytest.raises(ConfigError, match="threshold"):
        translate_article(story(A), "de", RecordingEngine(), memory=memory, fuzzy_threshold=0)


def test_when_everything_is_in_memory_the_engine_is_not_called(memory):
    for text in (TITLE, A, B):
        memory.add(text, text.lower(), "en", "de")
    engine, seen = RecordingEngine(), []
    draft = translate_article(story(A, B), "de", engine, memory=memory,
                              progress=lambda done, total: seen.append((done, total)))
    assert engine.sent == []
    assert {s.origin for s in draft.segments()} == {"memory"}
    assert seen == [(3, 3)]


def test_memory_matches_keep_the_editors_text_and_the_querys_tags(memory):
    memory.add('He said: "<g1>No</g1>."', 'Er sagte: "<g1>Nein</g1>."', "en", "de")
    article = Article(title=TITLE, language="en", blocks=[Block(
        BlockKind.PARAGRAPH, 'He said: "<g4>No</g4>."', tags={"4": InlineTag("bold")})])
    draft = translate_article(article, "de", PseudoEngine(), memory=memory)
    reused = draft.blocks[0].segments[0]
    assert reused.target == 'Er sagte: "<g4>Nein</g4>."'  # no house-style quote fix
    assert reused.id not in draft.style_fixes


def test_without_a_memory_nothing_is_suggested():
    draft = translate_article(story(A), "de", RecordingEngine())
    assert draft.suggestions == {} and draft.to_dict()["suggestions"] == {}


def test_a_draft_made_entirely_of_editors_memory_matches_is_not_pseudo(memory):
    for source, target in ((TITLE, "Minister tritt zurück"), (A, "Der Minister trat zurück."),
                           (B, "Niemand wusste, warum.")):
        memory.add(source, target, "en", "de", editor="anna")
    draft = translate_article(story(A, B), "de", PseudoEngine(), memory=memory)
    assert draft.engine == "memory" and draft.machine_translated


def test_one_pseudo_sentence_makes_the_draft_pseudo(memory):
    memory.add(TITLE, "Minister tritt zurück", "en", "de", editor="anna")
    draft = translate_article(story(A), "de", PseudoEngine(), memory=memory)
    assert draft.engine == "pseudo" and not draft.machine_translated


@pytest.mark.parametrize(("origin", "signature", "pseudo"), [
    ("mt", "engine:pseudo|v:0.1.0", True),
    ("style-fix", "engine:pseudo|v:0.1.0", True),
    ("editor", "engine:pseudo|v:0.1.0", False),
    ("mt", "engine:ctranslate2|model:opus-mt-en-de|v:0.1.0", False),
    ("memory", "engine:memory|match:exact|origin:mt|from:pseudo|v:0.1.0", True),
    ("memory", "engine:memory|match:exact|origin:editor|from:pseudo|v:0.1.0", False),
    ("memory", "engine:memory|match:exact|origin:mt|from:ctranslate2/opus|v:0.1.0", False),
    ("mt", "", False),
    (None, None, False),
])
def test_what_counts_as_pseudo_output(origin, signature, pseudo):
    from copydesk.engines.base import is_pseudo_output

    assert is_pseudo_output(origin, signature) is pseudo
