import pytest

from copydesk.article import Article, Block, BlockKind
from copydesk.engines.base import Candidate, Context, Engine, Signature
from copydesk.engines.pseudo import PseudoEngine
from copydesk.errors import BadResponseError, ConfigError
from copydesk.memory import MemoryFirstEngine
from copydesk.pipeline import translate_article


class RecordingEngine(Engine):
    """Upper-cases text and remembers every batch it was given."""

    name = "recording"
    preserves_tags = True

    def __init__(self, drop_one=False):
        self.batches = []
        self.drop_one = drop_one

    def supports(self, source_lang, target_lang):
        return True

    def translate(self, segments, source_lang, target_lang, *, glossary=None, context=None):
        self.batches.append(list(segments))
        out = [Candidate(s.upper(), Signature(engine="recording")) for s in segments]
        return out[:-1] if self.drop_one else out


A, B, C = "The minister resigned.", "Nobody knew why.", "Talks resume on Monday."


def test_only_misses_go_to_the_engine_in_one_batch(memory):
    memory.add(B, "Niemand wusste, warum.", "en", "de", editor="anna")
    engine = RecordingEngine()
    out = MemoryFirstEngine(engine, memory).translate([A, B, C], "en", "de")
    assert engine.batches == [[A, C]]
    assert [c.text for c in out] == [A.upper(), "Niemand wusste, warum.", C.upper()]
    assert out[1].signature.engine == "memory" and out[1].score == 1.0
    assert dict(out[1].signature.options) == {"match": "exact", "origin": "editor",
                                              "editor": "anna"}
    assert out[0].signature.engine == "recording"


def test_when_everything_is_in_memory_the_engine_is_not_called(memory):
    for text in (A, B):
        memory.add(text, text.lower(), "en", "de")
    engine = RecordingEngine()
    out = MemoryFirstEngine(engine, memory).translate([A, B], "en", "de")
    assert engine.batches == []
    assert [c.text for c in out] == [A.lower(), B.lower()]


def test_neighbours_in_the_batch_and_the_context_make_in_context_matches(memory):
    memory.add(A, "Der Minister trat zurück.", "en", "de", previous="Before.", next=B)
    memory.add(B, "Niemand wusste, warum.", "en", "de", previous=A, next="After.")
    engine = MemoryFirstEngine(RecordingEngine(), memory)
    out = engine.translate([A, B], "en", "de",
                           context=Context(previous=["Before."], following=["After."]))
    assert [dict(c.signature.options)["match"] for c in out] == ["in-context", "in-context"]
    out = engine.translate([A, B], "en", "de")
    assert [dict(c.signature.options)["match"] for c in out] == ["exact", "exact"]


def test_fuzzy_matches_are_machine_translated_unless_the_threshold_allows_them(memory):
    memory.add("The minister resigned on Monday.", "Der Minister trat am Montag zurück.",
               "en", "de")
    query = "The minister resigned on Sunday."
    engine = RecordingEngine()
    [out] = MemoryFirstEngine(engine, memory).translate([query], "en", "de")
    assert out.signature.engine == "recording"
    [out] = MemoryFirstEngine(engine, memory, threshold=0.85).translate([query], "en", "de")
    assert out.text == "Der Minister trat am Montag zurück."
    assert 0.85 <= out.score < 0.99
    assert "compare it with the source" in out.notes[0]
    assert engine.batches == [[query]]


def test_a_short_answer_from_the_engine_is_refused(memory):
    with pytest.raises(BadResponseError):
        MemoryFirstEngine(RecordingEngine(drop_one=True), memory).translate([A, B], "en", "de")


@pytest.mark.parametrize("threshold", [0.5, 1.2])
def test_threshold_is_checked(memory, threshold):
    with pytest.raises(ConfigError, match="threshold"):
        MemoryFirstEngine(RecordingEngine(), memory, threshold=threshold)


def test_capabilities_come_from_the_wrapped_engine(memory):
    engine = MemoryFirstEngine(PseudoEngine(), memory)
    assert engine.name == "memory+pseudo"
    assert engine.preserves_tags and not engine.is_real_translation
    assert engine.max_batch == PseudoEngine.max_batch
    assert engine.signature_for("en", "de") is None  # output mixes memory and engine


def test_the_pipeline_takes_confirmed_segments_from_the_memory(memory):
    memory.add(A, "Der Minister trat zurück.", "en", "de")
    article = Article(title="Talks", language="en",
                      blocks=[Block(BlockKind.PARAGRAPH, f"{A} {B}")])
    draft = translate_article(article, "de", MemoryFirstEngine(PseudoEngine(), memory))
    first, second = draft.blocks[0].segments
    assert first.target == "Der Minister trat zurück."
    assert first.signature.startswith("engine:memory|match:exact")
    assert second.signature.startswith("engine:pseudo")
