"""One contract, every engine: batch in, same-length list out, in order, with a
signature; tags kept by engines that say they keep them; only ``EngineError``
subclasses raised. Web services run against local fakes, Apertium and
CTranslate2 (on a random-weight OPUS-MT model) for real."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import deepl
import pytest

from copydesk import settings
from copydesk.engines.apertium import ApertiumEngine
from copydesk.engines.base import Candidate, Context, Engine, keeps_tags
from copydesk.engines.ctranslate2 import CTranslate2Engine
from copydesk.engines.deepl import DeepLEngine
from copydesk.engines.http import RetryPolicy
from copydesk.engines.openai import OpenAIEngine
from copydesk.engines.pseudo import PseudoEngine
from copydesk.engines.wrappers import CachedEngine, FallbackEngine, MemoryCache
from copydesk.errors import UnsupportedPairError
from tests.fixtures.engine_fakes import AUTH_KEY, FakeChatModel, fake_deepl

NEWS = [
    "The minister said the talks would continue on Monday.",
    "Prices rose by 3.5 percent in March, the statistics office reported.",
    "The company declined to comment.",
]
TAGGED = "The <g1>central bank</g1> raised rates<x2/> on <g3>Thursday</g3>."
NO_APERTIUM = shutil.which("apertium") is None


@dataclass
class Subject:
    engine: Engine
    pair: tuple[str, str]
    produced_by: str  # the engine name the candidates' signatures carry


def _openai(chat: FakeChatModel) -> OpenAIEngine:
    return OpenAIEngine(base_url="https://llm.example.test/v1", model="test-model",
                        api_key="sk-test", client=chat.client(),
                        retry=RetryPolicy(sleep=lambda seconds: None))


@pytest.fixture(scope="module")
def deepl_server() -> Iterator[str]:
    with fake_deepl() as state:
        yield state.url


@pytest.fixture
def no_sdk_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deepl.http_client, "max_network_retries", 0)


ENGINES = ["pseudo", "deepl", "openai", "apertium", "ctranslate2", "cached-apertium",
           "fallback-openai-deepl"]


@pytest.fixture(params=ENGINES)
def subject(request: pytest.FixtureRequest, deepl_server: str, no_sdk_retries: None) -> Subject:
    name = request.param
    if "apertium" in name and NO_APERTIUM:
        pytest.skip("the apertium command is not installed (apt-get install apertium "
                    "apertium-eng-spa)")
    if name == "pseudo":
        return Subject(PseudoEngine(), ("en", "de"), "pseudo")
    if name == "deepl":
        return Subject(DeepLEngine(AUTH_KEY, server_url=deepl_server), ("en", "de"), "deepl")
    if name == "openai":
        return Subject(_openai(FakeChatModel()), ("en", "de"), "openai")
    if name == "apertium":
        return Subject(ApertiumEngine(), ("en", "es"), "apertium")
    if name == "ctranslate2":
        home = request.getfixturevalue("installed_home")
        resolved = settings.load(environ={"COPYDESK_HOME": str(home)})
        return Subject(CTranslate2Engine.from_settings(resolved), ("en", "de"), "ctranslate2")
    if name == "cached-apertium":
        return Subject(CachedEngine(ApertiumEngine(), MemoryCache()), ("en", "es"), "apertium")
    broken = _openai(FakeChatModel(status=503))
    chain = FallbackEngine([broken, DeepLEngine(AUTH_KEY, server_url=deepl_server)])
    return Subject(chain, ("en", "de"), "deepl")


def test_capabilities_are_declared(subject: Subject) -> None:
    engine = subject.engine
    assert isinstance(engine.name, str) and engine.name
    for flag in ("sends_data_offsite", "supports_glossary", "supports_context",
                 "is_real_translation", "preserves_tags"):
        assert isinstance(getattr(engine, flag), bool), flag
    assert isinstance(engine.max_batch, int) and engine.max_batch >= 1
    assert engine.availability() is None
    assert engine.supports(*subject.pair)


def test_one_candidate_per_segment_in_order(subject: Subject) -> None:
    forward = subject.engine.translate(NEWS, *subject.pair)
    backward = subject.engine.translate(NEWS[::-1], *subject.pair)
    assert len(forward) == len(NEWS)
    assert all(isinstance(c, Candidate) and c.text.strip() for c in forward)
    assert [c.text for c in backward] == [c.text for c in forward][::-1]
    assert {c.signature.engine for c in forward} == {subject.produced_by}


def test_an_empty_batch_gives_an_empty_list(subject: Subject) -> None:
    assert subject.engine.translate([], *subject.pair) == []


def test_blank_segments_keep_their_place(subject: Subject) -> None:
    candidates = subject.engine.translate(["", NEWS[2], "  "], *subject.pair)
    assert len(candidates) == 3
    assert candidates[0].text.strip() == candidates[2].text.strip() == ""
    assert candidates[1].text.strip()


def test_tag_preserving_engines_return_exactly_the_tags(subject: Subject) -> None:
    if not subject.engine.preserves_tags:
        pytest.skip("the pipeline strips tags before this engine sees the text")
    [candidate] = subject.engine.translate([TAGGED], *subject.pair)
    assert keeps_tags(TAGGED, candidate.text)


def test_glossary_and_context_are_accepted_by_every_engine(subject: Subject) -> None:
    context = Context(title="Talks to continue", previous=["Earlier sentence."])
    candidates = subject.engine.translate(NEWS[:1], *subject.pair,
                                          glossary={"minister": "Ministerin"}, context=context)
    assert len(candidates) == 1 and candidates[0].text.strip()


def test_the_advance_signature_is_the_one_on_the_output(subject: Subject) -> None:
    expected = subject.engine.signature_for(*subject.pair)
    if expected is None:
        pytest.skip("this engine cannot name its output before translating")
    [candidate] = subject.engine.translate(NEWS[:1], *subject.pair)
    assert candidate.signature == expected


def test_an_unsupported_pair_is_refused_with_an_engine_error(subject: Subject) -> None:
    if subject.engine.supports("en", "mt"):
        pytest.skip("this engine translates between any two languages it knows")
    with pytest.raises(UnsupportedPairError) as caught:
        subject.engine.translate(NEWS[:1], "en", "mt")
    assert "mt" in str(caught.value)
