"""Glossary terms come out right: a glossary for engines that take one, placeholders for
do-not-translate terms everywhere else, and the glossary check confirming the result."""

import re
from collections.abc import Sequence

import deepl
import pytest

from copydesk.article import Article, Block, BlockKind, InlineTag
from copydesk.engines.base import Candidate, Engine, Signature
from copydesk.engines.deepl import DeepLEngine
from copydesk.engines.http import RetryPolicy
from copydesk.engines.openai import OpenAIEngine
from copydesk.engines.pseudo import PseudoEngine
from copydesk.glossary import Glossary, Term, TermType
from copydesk.pipeline import translate_article
from tests.fixtures.engine_fakes import AUTH_KEY, FakeChatModel, fake_deepl

GLOSSARY = Glossary([
    Term("eBay", "eBay", TermType.DNT, "en", "de", True),
    Term("iPhone", "iPhone", TermType.DNT, "en", "de", True),
    Term("central bank", "Notenbank", TermType.PREFERRED, "en", "de"),
])
SOURCE = "The central bank fined eBay over iPhone sales."


class NeuralEngine(Engine):
    """A stand-in neural engine: no tags, no glossary, upper-case out (so 'eBay' -> 'EBAY')."""

    name = "neural"

    def __init__(self, mangle=lambda text: text):
        self.sent: list[str] = []
        self.glossaries: list[object] = []
        self.mangle = mangle

    def supports(self, source_lang, target_lang):
        return True

    def translate(self, segments: Sequence[str], source_lang, target_lang, *, glossary=None,
                  context=None):
        self.sent += segments
        self.glossaries.append(glossary)
        return [Candidate(self.mangle(s.upper()), Signature("neural")) for s in segments]


def story(text: str = SOURCE, **tags: InlineTag) -> Article:
    return Article(title="Fine", language="en",
                   blocks=[Block(BlockKind.PARAGRAPH, text, tags=dict(tags))])


def glossary_issues(draft):
    return [i for found in draft.issues.values() for i in found if i.check == "glossary"]


def test_without_protection_a_neural_engine_mangles_the_names():
    draft = translate_article(story(), "de", NeuralEngine())
    assert "EBAY" in draft.blocks[0].segments[0].target


def test_dnt_terms_reach_a_neural_engine_as_placeholders_and_come_back_exactly():
    engine = NeuralEngine()
    draft = translate_article(story(), "de", engine, glossary=GLOSSARY)
    assert "The central bank fined DNT0 over DNT1 sales." in engine.sent
    assert set(engine.glossaries) == {None}
    target = draft.blocks[0].segments[0].target
    assert target == "THE CENTRAL BANK FINED eBay OVER iPhone SALES."
    assert [i.message for i in glossary_issues(draft)] == [
        "The glossary wants “Notenbank” for “central bank”."]  # preferred terms need review


def test_placeholders_survive_tag_stripping_and_inner_texts():
    engine = NeuralEngine()
    text = "Shares of <g1>eBay</g1> rose."
    draft = translate_article(story(text, **{"1": InlineTag("bold")}), "de", engine,
                              glossary=GLOSSARY)
    assert "eBay" not in " ".join(engine.sent)
    assert draft.blocks[0].segments[0].target == "SHARES OF <g1>eBay</g1> ROSE."


def test_a_mangled_placeholder_is_still_restored():
    engine = NeuralEngine(mangle=lambda text: re.sub(r"DNT(\d)", r"dnt \1", text))
    draft = translate_article(story(), "de", engine, glossary=GLOSSARY)
    assert "eBay" in draft.blocks[0].segments[0].target


def test_a_dropped_placeholder_keeps_the_translation_and_the_check_flags_it():
    engine = NeuralEngine(mangle=lambda text: text.replace("DNT0 ", ""))
    draft = translate_article(story(), "de", engine, glossary=GLOSSARY)
    target = draft.blocks[0].segments[0].target
    assert target == "THE CENTRAL BANK FINED OVER iPhone SALES."
    assert any("“eBay” must stay untranslated" in i.message for i in glossary_issues(draft))


def test_the_pseudo_engine_keeps_a_lower_case_brand_through_its_placeholder():
    plain = translate_article(story(), "de", PseudoEngine()).blocks[0].segments[0].target
    assert "iPhone" not in plain  # pseudo accents lower-case words
    draft = translate_article(story(), "de", PseudoEngine(), glossary=GLOSSARY)
    target = draft.blocks[0].segments[0].target
    assert "eBay" in target and "iPhone" in target
    assert not any("untranslated" in i.message for i in glossary_issues(draft))


def test_deepl_gets_the_glossary_and_no_placeholders(monkeypatch):
    monkeypatch.setattr(deepl.http_client, "max_network_retries", 0)
    with fake_deepl() as server:
        engine = DeepLEngine(AUTH_KEY, server_url=server.url)
        draft = translate_article(story(), "de", engine, glossary=GLOSSARY)
        [created] = server.glossaries.values()
        sent = [t for call in server.calls("POST", "/v2/translate") for t in call["body"]["text"]]
    assert created["entries"] == {"eBay": "eBay", "iPhone": "iPhone",
                                  "central bank": "Notenbank"}
    assert not any("DNT" in text for text in sent)
    assert draft.blocks[0].segments[0].target == "THE Notenbank FINED eBay OVER iPhone SALES."
    assert glossary_issues(draft) == []


def test_an_openai_compatible_model_gets_the_terms_in_its_prompt():
    chat = FakeChatModel()
    engine = OpenAIEngine(base_url="https://llm.example.test/v1", model="test-model",
                          api_key="sk-test", client=chat.client(),
                          retry=RetryPolicy(sleep=lambda seconds: None))
    draft = translate_article(story(), "de", engine, glossary=GLOSSARY)
    prompts = " ".join(r["body"]["messages"][0]["content"] for r in chat.requests)
    assert '- "central bank" -> "Notenbank"' in prompts
    assert '- "eBay" -> "eBay"' in prompts
    assert draft.blocks[0].segments[0].target == "THE Notenbank FINED eBay OVER iPhone SALES."


@pytest.mark.parametrize("target", ["fr", "nl"])
def test_terms_of_other_pairs_are_not_applied(target):
    engine = NeuralEngine()
    translate_article(story(), target, engine, glossary=GLOSSARY)
    assert SOURCE in engine.sent
