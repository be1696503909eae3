"""The bounded word diff behind the review screen's diffs and the source comparison."""

from __future__ import annotations

import random

import pytest

from copydesk.desk.templatetags.desk_markup import word_diff
from copydesk.desk.word_changes import MAX_WORD_WORK, tokens, word_opcodes


def rebuilt(before: str, after: str) -> tuple[str, str]:
    old, new, ops = word_opcodes(before, after)
    return ("".join("".join(old[a1:a2]) for _, a1, a2, _, _ in ops),
            "".join("".join(new[b1:b2]) for _, _, _, b1, b2 in ops))


@pytest.mark.parametrize(("before", "after"), [
    ("", ""), ("same text", "same text"), ("", "only new"), ("only old", ""),
    ("Der Rat tagte am Montag.", "Der Rat tagte am Dienstag."),
    ("<g1>Link</g1> und Text", "<g1>Verweis</g1> und Text"),
    ("a b c d e", "e d c b a"),
    ("Stra\u00dfe\u00a0und\u202fWeg", "Strasse und Weg"),
])
def test_the_opcodes_cover_both_texts_in_order(before, after):
    assert rebuilt(before, after) == (before, after)
    _, _, ops = word_opcodes(before, after)
    assert all(a1 <= a2 and b1 <= b2 for _, a1, a2, b1, b2 in ops)


def test_a_tag_is_one_token():
    assert tokens("<g1>Wort</g1>, <x2/>") == ["<g1>", "Wort", "</g1>", ",", " ", "<x2/>"]


def test_a_short_change_is_marked_word_by_word():
    assert str(word_diff("Der Rat tagte 2027.", "Der Rat tagte 2028.")) == (
        "Der Rat tagte <del>2027</del><ins>2028</ins>.")


def test_a_long_text_rewritten_throughout_is_one_change_not_minutes_of_work():
    # 20,000 characters in reverse word order: difflib alone takes minutes on this
    words = [f"w{i}" for i in range(4000)]
    before, after = " ".join(words)[:20000], " ".join(reversed(words))[:20000]
    old, new, ops = word_opcodes(before, after)
    assert len(old) * len(new) > MAX_WORD_WORK
    assert [op for op, *_ in ops] == ["replace"]
    shown = str(word_diff(before, after))
    assert shown.count("<del>") == 1 and shown.count("<ins>") == 1


def test_the_common_start_and_end_stay_unmarked_around_a_long_changed_middle():
    rng = random.Random(7)
    middle_old = " ".join(rng.choice("abcdefghij") for _ in range(2000))
    middle_new = " ".join(rng.choice("abcdefghij") for _ in range(2000))
    before = f"Anfang bleibt. {middle_old} Ende bleibt."
    after = f"Anfang bleibt. {middle_new} Ende bleibt."
    shown = str(word_diff(before, after))
    assert shown.startswith("Anfang bleibt. ") and shown.endswith(" Ende bleibt.")
    assert shown.count("<del>") == 1 and shown.count("<ins>") == 1


def test_hostile_text_is_escaped_in_the_diff():
    shown = str(word_diff("<b>alt</b>", "<img src=x onerror=alert(1)>"))
    bare = shown
    for mark in ("<del>", "</del>", "<ins>", "</ins>"):
        bare = bare.replace(mark, "")
    assert "<" not in bare and ">" not in bare
    assert bare == "&lt;b&gt;alt&lt;/bimg src=x onerror=alert(1)&gt;"
