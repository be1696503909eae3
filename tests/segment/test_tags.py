"""Tag protection: taking tags out for an engine and putting them back into its translation."""

from __future__ import annotations

import pytest

from copydesk.article import TAG_RE, tag_ids
from copydesk.errors import InputError
from copydesk.segment import inner_texts, restore_tags, strip_tags
from copydesk.segment.markup import PairedTag, StandaloneTag


def restore(tagged: str, translation: str, **inner: str) -> str:
    """Restore with inner translations given as keyword arguments: ``g1="den Bericht"``."""
    spans = strip_tags(tagged)
    return restore_tags(spans, translation, {key[1:]: value for key, value in inner.items()})


def uncertain(tagged: str, translation: str, **inner: str) -> tuple[str, ...]:
    return restore(tagged, translation, **inner).uncertain  # type: ignore[attr-defined]


# --- strip_tags and inner_texts ------------------------------------------------

def test_strip_tags_gives_plain_text_and_spans():
    spans = strip_tags("Read <g1>the <g2>full</g2> report</g1> now.<x3/>")
    assert spans.plain == "Read the full report now."
    assert spans.paired == (
        PairedTag("1", 5, 20, "the full report", parent=None, index=5),
        PairedTag("2", 9, 13, "full", parent="1", index=13),
    )
    assert spans.standalone == (StandaloneTag("3", 25, spaced=False, parent=None, index=43),)


def test_a_break_between_words_becomes_a_space():
    assert strip_tags("one<x1/>two").plain == "one two"
    assert strip_tags("one <x1/>two").plain == "one two"
    assert strip_tags("one<x1/>two").standalone[0].spaced


def test_inner_texts_are_the_pieces_to_translate():
    assert inner_texts(strip_tags("Read <g1>the <g2>full</g2> report</g1> now.<g3></g3>")) == {
        "1": "the full report",
        "2": "full",
    }


def test_bad_markup_is_refused():
    with pytest.raises(InputError, match="never closed"):
        strip_tags("<g1>open")
    with pytest.raises(InputError, match="expected"):
        strip_tags("<g1><g2>a</g1></g2>")


# --- restore_tags --------------------------------------------------------------

def test_identity_translation_gives_the_original_back():
    for tagged in [
        "Read <g1>the report</g1> on the website.",
        "<g1>Breaking news</g1>",
        "The <g1>quick <g2>brown</g2> fox</g1> jumps<x3/>over <g4>the dog</g4>.",
        "Click <g1>here</g1> or <g2>here</g2>.",
        "<x1/>Start, <g2></g2>empty and end.<x3/>",
        "A <g1> spaced </g1> tag and a<x2/> <x3/>break.",
    ]:
        spans = strip_tags(tagged)
        assert restore_tags(spans, spans.plain, inner_texts(spans)) == tagged


def test_link_follows_the_translated_words():
    tagged = "Read <g1>the report</g1> on the website."
    result = restore(tagged, "Den Bericht lesen Sie online.", g1="den Bericht")
    assert result == "<g1>Den Bericht</g1> lesen Sie online."
    tagged = "He <g1>won</g1> and <g2>left</g2>."
    result = restore(tagged, "Er ging und siegte.", g1="siegte", g2="ging")
    assert result == "Er <g2>ging</g2> und <g1>siegte</g1>."


def test_exact_and_case_matches_are_certain():
    assert uncertain("Read <g1>the report</g1>.", "Den Bericht lesen.", g1="den Bericht") == ()
    assert uncertain("Read <g1>the report</g1>.", "Lies den Bericht.", g1="den Bericht") == ()


def test_repeated_words_go_to_the_nearest_occurrence():
    tagged = "Click <g1>here</g1> or <g2>here</g2>."
    result = restore(tagged, "Klicken Sie hier oder hier.", g1="hier", g2="hier")
    assert result == "Klicken Sie <g1>hier</g1> oder <g2>hier</g2>."


def test_a_tag_around_the_whole_sentence_wraps_the_whole_translation():
    assert restore("<g1>Breaking news</g1>", "Eilmeldung", g1="Eil!") == "<g1>Eilmeldung</g1>"
    assert restore("<g1>Breaking news</g1>.", "Eilmeldung.", g1="Eil") == "<g1>Eilmeldung</g1>."
    assert restore('"<g1>It is over</g1>"', "„Es ist vorbei“", g1="?") == "„<g1>Es ist vorbei</g1>“"


def test_similar_words_are_found_but_reported():
    tagged = "Read <g1>the report</g1> online."
    assert restore(tagged, "Lies online die Berichte.", g1="den Bericht") == (
        "Lies online <g1>die Berichte</g1>."
    )
    assert uncertain(tagged, "Lies online die Berichte.", g1="den Bericht") == ("1",)


def test_a_tag_that_cannot_be_found_still_wraps_words_and_is_reported():
    tagged = "Read <g1>the report</g1> online."
    result = restore(tagged, "Auf der Website steht alles.", g1="den Bericht")
    assert result.count("<g1>") == 1 and result.count("</g1>") == 1
    assert "<g1></g1>" not in result
    assert TAG_RE.sub("", result) == "Auf der Website steht alles."
    assert result.uncertain == ("1",)  # type: ignore[attr-defined]


def test_a_match_inside_a_word_wraps_the_word_and_is_reported():
    assert restore("A <g1>b</g1>", "Ein Bär", g1="B") == "Ein <g1>Bär</g1>"
    assert uncertain("A <g1>b</g1>", "Ein Bär", g1="B") == ("1",)


def test_nested_tags_stay_nested():
    tagged = "The <g1>quick <g2>brown</g2> fox</g1> jumps."
    translation = "Der schnelle braune Fuchs springt."
    result = restore(tagged, translation, g1="schnelle braune Fuchs", g2="braune")
    assert result == "Der <g1>schnelle <g2>braune</g2> Fuchs</g1> springt."
    assert result.uncertain == ()  # type: ignore[attr-defined]
    reordered = restore(tagged, "Es springt der Fuchs, schnell und braun.", g1="Fuchs", g2="braun")
    assert tag_ids(reordered) == ["g1", "g2", "/g2", "/g1"]


def test_a_missing_inner_translation_means_unchanged():
    assert restore("Visit <g1>Amazon.com</g1> today.", "Besuchen Sie heute Amazon.com.") == (
        "Besuchen Sie heute <g1>Amazon.com</g1>."
    )


def test_tags_the_engine_invented_are_dropped():
    result = restore("Hi <g1>there</g1>.", "Hallo <g1>da</g1> <g7>du</g7>.", g1="da")
    assert result == "Hallo <g1>da</g1> du."


def test_an_empty_translation_keeps_the_tags():
    assert restore("Hi <g1>there</g1>.<x2/>", "", g1="") == "<g1></g1><x2/>"


def test_standalone_tags_go_to_the_proportional_word_boundary():
    assert restore("Line one<x1/>line two", "Zeile eins Zeile zwei") == "Zeile eins<x1/>Zeile zwei"
    assert restore("First part. <x1/>Second part.", "Erster Teil. Zweiter Teil.") == (
        "Erster Teil. <x1/>Zweiter Teil."
    )


def test_chinese_translation():
    assert restore("It <g1>rains</g1> today.", "今天下雨了。", g1="下雨") == "今天<g1>下雨</g1>了。"
    assert uncertain("It <g1>rains</g1> today.", "今天下雨了。", g1="下雨") == ()
