"""Post-edit distance, checked by hand on small examples."""

from __future__ import annotations

import pytest

from copydesk import postedit
from copydesk.postedit import PostEdit, PostEditTotal, post_edit, words


def test_one_inserted_word_in_six_is_an_hter_of_one_sixth():
    measured = post_edit("the cat sat on mat", "the cat sat on the mat")
    assert (measured.edits, measured.reference_words) == (1, 6)
    assert measured.hter == pytest.approx(100 / 6)
    assert measured.characters == 4  # "the " inserted
    assert measured.char_ratio == pytest.approx(100 * 4 / 18)


def test_an_untouched_segment_has_no_edits():
    measured = post_edit("Die Brücke öffnet 2027.", "Die Brücke öffnet 2027.")
    assert (measured.edits, measured.characters, measured.changed) == (0, 0, False)
    assert measured.hter == 0


def test_a_moved_phrase_is_one_shift_not_four_edits():
    # TER: "c d a b" -> "a b c d" is one shift of "a b" (plain edit distance: 4)
    measured = post_edit("c d a b", "a b c d")
    assert measured.edits == 1 and measured.hter == 25


def test_tags_are_not_words_and_do_not_count_as_edits():
    measured = post_edit("Der <g1>Bürgermeister</g1> sagte", "Der Bürgermeister <g1>sagte</g1>")
    assert (measured.edits, measured.characters) == (0, 0)


def test_case_changes_are_edits_for_characters_but_not_for_ter():
    measured = post_edit("die brücke", "Die Brücke")
    assert measured.edits == 0  # sacrebleu's TER is case-insensitive by default
    assert measured.characters == 2


def test_a_long_segment_is_measured_without_shifts_and_fast():
    machine = " ".join(f"w{n}" for n in range(300))
    edited = " ".join(f"w{n}" for n in reversed(range(300)))
    measured = post_edit(machine, edited)  # TER's shift search would take minutes here
    assert measured.reference_words == 300
    assert measured.edits == 300  # word edit distance: every position differs, no shifts
    assert postedit.SHIFT_WORDS < 300


def test_totals_are_corpus_level():
    one = post_edit("the cat sat on mat", "the cat sat on the mat")  # 1 edit, 6 words
    two = post_edit("a dog", "a dog")  # 0 edits, 2 words
    total = PostEditTotal.of([one, two])
    assert total.hter == pytest.approx(100 / 8)  # not the mean of 16.7 and 0
    assert (total.segments, total.changed, total.unchanged_share) == (2, 1, 0.5)


def test_a_measure_survives_its_stored_form():
    measured = post_edit("the cat sat on mat", "the cat sat on the mat")
    assert PostEdit.from_dict(measured.to_dict()) == measured


@pytest.mark.parametrize(("text", "count"), [
    ("The ministry paid 3.5 million euros.", 6),
    ("Die <g1>Brücke</g1> öffnet am 1. Mai.", 6),
    ("l’Assemblée a voté", 3),
    ("", 0),
])
def test_words_are_counted_as_readers_see_them(text, count):
    assert words(text) == count
