"""The checks read NFC; their issues point at the characters of the text as it was given."""

from __future__ import annotations

import unicodedata

import pytest

from copydesk.checks.base import Fix, Issue, SegmentContext, Severity
from copydesk.checks.normal_form import NormalForm, restore
from copydesk.checks.registry import check_article, run_checks
from tests.test_input_sizes import assert_not_quadratic


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def serious(source: str, target: str, lang: str) -> list[tuple[str, str]]:
    return sorted((i.check, i.message) for i in run_checks(source, target,
                                                           SegmentContext("en", lang))
                  if i.severity in ("blocker", "major"))


@pytest.mark.parametrize(("source", "target", "lang"), [
    ("He never came.", "Jamás vino.", "es"),
    ("Nothing was found.", "Jamás se encontró nada.", "es"),
    ("Neither he nor she came.", "Né lui né lei sono venuti.", "it"),
    ("There was no reply.", "Il n’y a eu aucune réponse, déjà.", "fr"),
    ("The Zürich office said 3.5 million.", "Das Büro in Zürich sagte 3,5 Millionen.", "de"),
])
def test_decomposed_text_gets_the_issues_of_its_composed_form(source, target, lang):
    composed = serious(source, target, lang)
    assert serious(source, nfd(target), lang) == composed
    assert serious(nfd(source), nfd(target), lang) == composed


def numbers_span(target: str) -> tuple[int, int]:
    [issue] = [i for i in run_checks("He said he paid 6 euros.", target,
                                     SegmentContext("en", "es"))
               if i.check == "numbers" and i.target_span]
    return issue.target_span


def test_spans_point_into_the_text_as_given():
    composed = "Él dijo que él pagó 5 euros."
    decomposed = nfd(composed)  # each accented letter is two characters
    assert len(decomposed) == len(composed) + 3
    assert composed[slice(*numbers_span(composed))] == "5"
    assert decomposed[slice(*numbers_span(decomposed))] == "5"


def test_a_span_over_a_composed_letter_covers_all_its_characters():
    original = "Cafe\u0301 und Tee"  # "Café" written with a combining accent
    form = NormalForm.of(original)
    assert form.text == "Café und Tee"
    assert original[slice(*form.range(0, 4))] == "Cafe\u0301"
    assert original[slice(*form.range(3, 4))] == "e\u0301"
    assert original[slice(*form.range(5, 8))] == "und"
    assert form.range(12, 12) == (len(original), len(original))
    assert form.range(2, 99) == (2, len(original))  # clamped, never past the end
    issue = Issue("x", Severity.MINOR, "m", target_span=(0, 4), source_span=(1, 2),
                  fix=Fix(3, 4, "é"))
    back = restore(issue, NormalForm.of("plain"), form)
    assert back.target_span == (0, 5) and back.source_span == (1, 2)
    assert back.fix == Fix(3, 5, "é")


def test_nfc_text_and_text_composed_across_clusters_are_left_as_given():
    assert NormalForm.of("Straße").starts is None
    hangul = "\u1100\u1161"  # two starters that NFC composes into one syllable
    assert NormalForm.of(hangul).text == hangul  # the checks see what they saw before


def test_the_article_context_is_read_in_nfc():
    pairs = [("She never came.", nfd("Jamás vino.")), ("He came.", "Vino.")]
    found = check_article(pairs, SegmentContext("en", "es"))
    assert not [i for i in found[0] if i.check == "negation"]


def test_mapping_stays_linear():
    def make(n: int):
        text = nfd("é ") * n
        return lambda: NormalForm.of(text).range(0, 2 * n)
    assert_not_quadratic(make, n=20_000)
