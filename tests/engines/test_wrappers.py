"""The cache and fallback wrappers, and fallback chains chosen from the settings."""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from typing import ClassVar

import pytest

from copydesk import settings
from copydesk.article import Article, Block, BlockKind, InlineTag
from copydesk.engines import registry
from copydesk.engines.apertium import ApertiumEngine
from copydesk.engines.base import Candidate, Context, Engine, Signature
from copydesk.engines.pseudo import PseudoEngine
from copydesk.engines.wrappers import (
    CachedEngine,
    FallbackEngine,
    FileCache,
    MemoryCache,
    cached,
)
from copydesk.errors import (
    ConfigError,
    EngineError,
    EngineUnavailableError,
    RateLimitedError,
    UnsupportedPairError,
)
from copydesk.pipeline import translate_article


class CountingEngine(Engine):
    """Reverses text; remembers every batch; its model name is part of its signature."""

    name: ClassVar[str] = "counting"
    preserves_tags: ClassVar[bool] = True
    max_batch: ClassVar[int] = 8

    def __init__(self, model: str = "m1", fail: EngineError | None = None,
                 pairs: tuple[tuple[str, str], ...] = (("en", "de"),)) -> None:
        self.model, self.fail, self.pairs = model, fail, pairs
        self.batches: list[list[str]] = []

    def supports(self, source_lang: str, target_lang: str) -> bool:
        return (source_lang, target_lang) in self.pairs

    def signature_for(self, source_lang: str, target_lang: str) -> Signature:
        return Signature(engine=self.name, model=self.model)

    def translate(self, segments: Sequence[str], source_lang: str, target_lang: str, *,
                  glossary: Mapping[str, str] | None = None,
                  context: Context | None = None) -> list[Candidate]:
        self.batches.append(list(segments))
        if self.fail:
            raise self.fail
        return [Candidate(text=t[::-1], signature=self.signature_for(source_lang, target_lang),
                          notes=("note",)) for t in segments]


class OtherEngine(CountingEngine):
    name: ClassVar[str] = "other"
    preserves_tags: ClassVar[bool] = False
    sends_data_offsite: ClassVar[bool] = True
    max_batch: ClassVar[int] = 4


def test_the_cache_sends_only_new_texts_once():
    engine = CountingEngine()
    wrapper = CachedEngine(engine, MemoryCache())
    first = wrapper.translate(["a b", "c d"], "en", "de")
    second = wrapper.translate(["c d", "e f", "e f", "a b"], "en", "de")
    assert engine.batches == [["a b", "c d"], ["e f"]]
    assert [c.text for c in second] == ["d c", "f e", "f e", "b a"]
    assert second[3] == first[0]


@pytest.mark.parametrize("change", ["model", "glossary", "pair"])
def test_the_cache_key_covers_signature_glossary_and_pair(change):
    engine = CountingEngine(pairs=(("en", "de"), ("en", "fr")))
    wrapper = CachedEngine(engine, MemoryCache())
    wrapper.translate(["a"], "en", "de", glossary={"a": "b"})
    if change == "model":
        engine.model = "m2"
    pair = ("en", "fr") if change == "pair" else ("en", "de")
    glossary = {"a": "c"} if change == "glossary" else {"a": "b"}
    wrapper.translate(["a"], *pair, glossary=glossary)
    assert len(engine.batches) == 2


def test_the_memory_cache_forgets_the_least_recently_used():
    engine = CountingEngine()
    wrapper = CachedEngine(engine, MemoryCache(max_entries=2))
    for text in ("a", "b", "a", "c", "a", "b"):
        wrapper.translate([text], "en", "de")
    assert engine.batches == [["a"], ["b"], ["c"], ["b"]]


def test_the_file_cache_survives_the_process(tmp_path):
    path = tmp_path / "cache" / "translations.db"
    first = CountingEngine()
    CachedEngine(first, FileCache(path)).translate(["a b"], "en", "de")
    later = CountingEngine()
    [candidate] = CachedEngine(later, FileCache(path)).translate(["a b"], "en", "de")
    assert later.batches == []
    assert candidate == Candidate(text="b a", signature=Signature(engine="counting", model="m1"),
                                  notes=("note",))


def test_an_unwritable_cache_file_is_a_config_error(tmp_path):
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="engine_cache"):
        FileCache(tmp_path / "file" / "translations.db")


def test_engines_that_cannot_name_their_output_are_not_cached():
    class RecordingCache(MemoryCache):
        def put(self, key: str, candidate: Candidate) -> None:
            raise AssertionError("nothing may be stored")

    wrapper = CachedEngine(PseudoEngine(), RecordingCache())
    [candidate] = wrapper.translate(["the talks"], "en", "de")
    assert candidate == PseudoEngine().translate(["the talks"], "en", "de")[0]
    assert wrapper.name == "pseudo" and wrapper.is_real_translation is False


def test_fallback_moves_on_when_an_engine_fails_and_says_so():
    broken = CountingEngine(fail=RateLimitedError("slow down"))
    chain = FallbackEngine([broken, OtherEngine()])
    candidates = chain.translate(["ab", "cd"], "en", "de")
    assert [c.text for c in candidates] == ["ba", "dc"]
    assert {c.signature.engine for c in candidates} == {"other"}
    assert candidates[0].notes == ("note", "counting failed: slow down")
    assert broken.batches == [["ab", "cd"]]


def test_fallback_uses_the_first_engine_when_it_works():
    second = OtherEngine()
    candidates = FallbackEngine([CountingEngine(), second]).translate(["ab"], "en", "de")
    assert candidates[0].signature.engine == "counting" and candidates[0].notes == ("note",)
    assert second.batches == []


def test_when_every_engine_fails_the_error_lists_each_reason():
    same = FallbackEngine([CountingEngine(fail=RateLimitedError("one")),
                           OtherEngine(fail=RateLimitedError("two"))])
    with pytest.raises(RateLimitedError, match=r"counting: one .* other: two"):
        same.translate(["a"], "en", "de")
    mixed = FallbackEngine([CountingEngine(fail=RateLimitedError("one")),
                            OtherEngine(fail=UnsupportedPairError("two"))])
    with pytest.raises(EngineUnavailableError):
        mixed.translate(["a"], "en", "de")


def test_a_chain_has_the_capabilities_all_of_its_engines_share():
    chain = FallbackEngine([CountingEngine(), OtherEngine()])
    assert chain.name == "counting+other"
    assert chain.preserves_tags is False  # the pipeline strips tags for the second engine
    assert chain.sends_data_offsite is True
    assert chain.max_batch == 4
    assert chain.supports("en", "de") and not chain.supports("en", "fr")
    with pytest.raises(ConfigError):
        FallbackEngine([])


@pytest.fixture
def home(tmp_path):
    return tmp_path


def resolved(home, **options):
    return settings.load(options, environ={"COPYDESK_HOME": str(home)})


def test_choose_builds_a_chain_from_the_engine_setting(home, monkeypatch):
    classes = {"counting": CountingEngine, "other": OtherEngine, "pseudo": PseudoEngine}
    monkeypatch.setattr(registry, "engine_classes", lambda: classes)
    choice = registry.choose("counting, other", "en", "de", resolved(home))
    assert isinstance(choice.engine, FallbackEngine) and choice.warnings == []
    assert [e.name for e in choice.engine.engines] == ["counting", "other"]


class FrenchEngine(OtherEngine):
    name: ClassVar[str] = "french"

    @classmethod
    def from_settings(cls, settings: settings.Settings) -> FrenchEngine:
        return cls(pairs=(("en", "fr"),))


def test_choose_leaves_unusable_engines_out_of_a_chain(home, monkeypatch):
    classes = {"counting": CountingEngine, "french": FrenchEngine}
    monkeypatch.setattr(registry, "engine_classes", lambda: classes)
    choice = registry.choose("counting,french", "en", "fr", resolved(home))
    assert isinstance(choice.engine, FrenchEngine)
    assert choice.warnings == ["Engine 'counting' is left out of the chain: no model for en->fr"]
    with pytest.raises(EngineUnavailableError, match="No engine of 'counting,french'"):
        registry.choose("counting,french", "en", "it", resolved(home))
    with pytest.raises(ConfigError, match="Unknown engine 'nope'"):
        registry.choose("counting,nope", "en", "fr", resolved(home))


def test_choose_wraps_engines_in_the_configured_cache(home, monkeypatch):
    classes = {"counting": CountingEngine, "other": OtherEngine}
    monkeypatch.setattr(registry, "engine_classes", lambda: classes)
    choice = registry.choose("counting,other", "en", "de", resolved(home, engine_cache="file"))
    assert all(isinstance(e, CachedEngine) for e in choice.engine.engines)
    assert (home / "cache" / "translations.db").exists()
    plain = CountingEngine()
    assert cached(plain, resolved(home)) is plain
    assert isinstance(cached(plain, resolved(home, engine_cache="memory")), CachedEngine)


@pytest.mark.skipif(shutil.which("apertium") is None,
                    reason="the apertium command is not installed (apt-get install apertium "
                           "apertium-eng-spa)")
def test_a_mixed_chain_gets_plain_text_and_the_pipeline_puts_tags_back():
    broken = CountingEngine(fail=EngineUnavailableError("down"), pairs=(("en", "es"),))
    chain = FallbackEngine([broken, ApertiumEngine()])
    article = Article(title="The talks continue", language="en", blocks=[Block(
        BlockKind.PARAGRAPH, "The <g1>minister</g1> said the talks would continue on Monday.",
        tags={"g1": InlineTag("b", {})})])
    draft = translate_article(article, "es", chain)
    [_, body] = draft.segments()
    assert body.target == "El <g1>ministro</g1> dijo que las charlas continuarían el lunes."
    assert body.signature.startswith("engine:apertium|model:eng-spa")
    assert broken.batches == [["The talks continue", "The minister said the talks would "
                               "continue on Monday.", "minister"]]
