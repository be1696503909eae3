from collections.abc import Sequence

import pytest

from copydesk.article import Article, Block, BlockKind, InlineTag, tag_ids
from copydesk.engines.base import Candidate, Engine, Signature
from copydesk.engines.pseudo import PseudoEngine
from copydesk.errors import BadResponseError, LanguageError
from copydesk.pipeline import translate_article


class ShoutEngine(Engine):
    """A stand-in neural engine: no tags allowed in, upper-case out."""

    name = "shout"
    max_batch = 4

    def __init__(self):
        self.calls: list[list[str]] = []

    def supports(self, source_lang, target_lang):
        return True

    def translate(self, segments: Sequence[str], source_lang, target_lang, *, glossary=None,
                  context=None):
        self.calls.append(list(segments))
        assert not any("<g" in s or "<x" in s for s in segments), "tags reached the engine"
        return [Candidate(s.upper(), Signature("shout", model="caps")) for s in segments]


class ShortEngine(ShoutEngine):
    def translate(self, segments, source_lang, target_lang, *, glossary=None, context=None):
        return super().translate(segments, source_lang, target_lang)[:-1]


def article():
    return Article(
        title="Port strike ends",
        standfirst="Workers return after a pay deal. Ships wait.",
        language="en",
        blocks=[
            Block(BlockKind.PARAGRAPH, 'The <g1>union</g1> said: "We won." Talks resume Monday.',
                  tags={"1": InlineTag("link", {"href": "https://example.org/u"})}),
            Block(BlockKind.HEADING, "What happens next", level=2),
            Block(BlockKind.LIST_ITEM, "Ships unload from <g1>Sunday</g1>.",
                  tags={"1": InlineTag("bold")}),
        ],
    )


def test_every_unit_is_segmented_and_translated_in_order():
    draft = translate_article(article(), "de", PseudoEngine())
    ids = [s.id for s in draft.segments()]
    assert ids[0] == "title.s1"
    assert ids[1:3] == ["standfirst.s1", "standfirst.s2"]
    assert "b1.s2" in ids and ids[-1] == "b3.s1"
    assert all(s.target and s.origin in ("mt", "style-fix") for s in draft.segments())
    assert draft.signatures == ["engine:pseudo|target:de|v:0.1.0"]
    assert draft.machine_translated is False


def test_target_article_keeps_structure_and_tags():
    target = translate_article(article(), "de", PseudoEngine()).target_article()
    assert target.language == "de"
    assert [b.kind for b in target.blocks] == [BlockKind.PARAGRAPH, BlockKind.HEADING,
                                               BlockKind.LIST_ITEM]
    assert target.blocks[1].level == 2
    assert tag_ids(target.blocks[0].text) == ["g1", "/g1"]
    assert target.blocks[0].tags["1"].attrs["href"] == "https://example.org/u"


def test_tags_are_stripped_for_engines_that_cannot_carry_them_and_put_back():
    engine = ShoutEngine()
    draft = translate_article(article(), "de", engine, batch_size=100)
    assert all(len(call) <= engine.max_batch for call in engine.calls)
    body = draft.target_article().blocks
    assert body[0].text.startswith("THE <g1>UNION</g1> SAID")
    assert body[2].text == "SHIPS UNLOAD FROM <g1>SUNDAY</g1>."
    assert draft.machine_translated is True


def test_progress_is_reported_up_to_the_total():
    seen = []
    translate_article(article(), "de", ShoutEngine(), progress=lambda done, total: seen.append(
        (done, total)))
    assert seen[-1][0] == seen[-1][1] and len(seen) >= 2


def test_same_language_is_refused():
    with pytest.raises(LanguageError, match="already in German"):
        translate_article(article(), "de-AT", PseudoEngine(), source_language="de")


def test_unknown_target_language_is_refused():
    with pytest.raises(LanguageError, match="Unknown language 'klingon'"):
        translate_article(article(), "klingon", PseudoEngine())


def test_engine_returning_too_few_translations_is_an_error():
    with pytest.raises(BadResponseError, match="returned"):
        translate_article(article(), "de", ShortEngine())


def test_draft_serialises_source_and_target_per_segment():
    data = translate_article(article(), "de", PseudoEngine()).to_dict()
    first = data["blocks"][0]["segments"][0]
    assert first["source"].startswith("The <g1>union</g1>")
    assert first["target"].startswith("⟦")
    assert data["source"]["title"] == "Port strike ends"


def test_house_style_fixes_are_applied_and_recorded():
    draft = translate_article(article(), "de", PseudoEngine())
    quoted = next(s for s in draft.segments() if "We" in s.source and "won" in s.source)
    assert "„" in quoted.target and '"' not in quoted.target
    assert quoted.origin == "style-fix"
    assert draft.style_fixes[quoted.id]


def test_checks_run_on_every_segment_and_order_the_review():
    class DropNumbers(ShoutEngine):
        def translate(self, segments, source_lang, target_lang, *, glossary=None, context=None):
            out = super().translate(segments, source_lang, target_lang)
            return [Candidate(c.text.replace("6.5", ""), c.signature) for c in out]

    source = article()
    source.blocks.append(Block(BlockKind.PARAGRAPH, "Wages rise by 6.5 percent."))
    draft = translate_article(source, "de", DropNumbers())
    assert set(draft.issues) == {s.id for s in draft.segments()}
    worst = draft.review_order()[0]
    assert worst.source == "Wages rise by 6.5 percent."
    assert any(i.check == "numbers" for i in draft.issues[worst.id])
    assert draft.risks[worst.id] > 0 and draft.risk >= draft.risks[worst.id]
    assert draft.to_dict()["issues"][worst.id][0]["check"]


def test_checks_can_be_disabled_per_edition():
    edition = {"checks": {"disabled": ["house-style", "untranslated", "wrong-language"]}}
    draft = translate_article(article(), "de", PseudoEngine(), edition=edition)
    found = {i.check for issues in draft.issues.values() for i in issues}
    assert not found & {"house-style", "untranslated", "wrong-language"}
    assert draft.style_fixes == {}


def test_each_batch_gets_its_neighbouring_sentences_as_context():
    class Listening(ShoutEngine):
        max_batch = 2

        def __init__(self):
            super().__init__()
            self.contexts = []

        def translate(self, segments, source_lang, target_lang, *, glossary=None, context=None):
            self.contexts.append(context)
            return super().translate(segments, source_lang, target_lang)

    engine = Listening()
    translate_article(article(), "de", engine, batch_size=2)
    second = engine.contexts[1]  # segments 3-4: standfirst.s2 and b1.s1
    assert second.title == "Port strike ends"
    assert list(second.previous) == ["Port strike ends", "Workers return after a pay deal."]
    assert next(iter(second.following)) == "Talks resume Monday."
    assert all("<g" not in text for text in [*second.previous, *second.following])
