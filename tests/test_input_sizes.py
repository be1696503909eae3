"""No algorithm on user input grows faster than about n log n.

Each case is timed at n and 4n characters; quadratic work would take about
16 times as long, linear work 4 times. The assertion allows 8 (a noisy,
shared machine), and skips the ratio when both runs are too quick to measure.
The two sizes are timed in turn, so a burst of load from elsewhere falls on
both, and a ratio over the bound is measured again up to twice: quadratic work
is over it every time, noise seldom is.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from copydesk import ingest, pipeline, publish, segment
from copydesk import settings as settings_module
from copydesk.article import escape_tags
from copydesk.checks.base import SegmentContext
from copydesk.checks.language import UntranslatedCheck, longest_copied_run
from copydesk.engines.pseudo import PseudoEngine
from copydesk.memory import TranslationMemory

N = 4_000
MAX_RATIO = 8.0
MEASURABLE = 0.25  # seconds at 4n below which the ratio is noise


ROUNDS = 3  # a ratio over the bound is measured again, at most this many times in all


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _best_of_two_in_turn(small_work: Callable[[], object],
                         large_work: Callable[[], object]) -> tuple[float, float]:
    small, large = _timed(small_work), _timed(large_work)
    return min(small, _timed(small_work)), min(large, _timed(large_work))


def assert_not_quadratic(make: Callable[[int], Callable[[], object]], n: int = N) -> None:
    small_work, large_work = make(n), make(4 * n)
    rounds = []
    for _ in range(ROUNDS):
        small, large = _best_of_two_in_turn(small_work, large_work)
        rounds.append((small, large))
        if large < MEASURABLE or large / max(small, 1e-4) < MAX_RATIO:
            return
    pytest.fail(f"4n took more than {MAX_RATIO:g} times as long as n in each of {ROUNDS} "
                f"rounds (seconds, n and 4n): {rounds}")


def test_the_size_assertion_catches_quadratic_work():
    def make(n: int) -> Callable[[], object]:
        return lambda: sum(1 for _ in range(n) for _ in range(n))

    with pytest.raises(pytest.fail.Exception, match="more than 8 times"):
        assert_not_quadratic(make, n=1_000)
    assert_not_quadratic(lambda n: lambda: sum(range(n * 1_000)), n=1_000)  # linear: passes


def repeat(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


UNITS = {"one word": "a", "one capitalised word": "A", "all spaces": " ", "a@": "a@",
         "<g1>": "<g1>", "</g1>": "</g1>", "sentences": "Ab c. ", "dots": "a.", "ellipses": "… ",
         "url": "http://", "digits": "1.", "quotes": "„a “", "at-dots": "a@b.", "tabs": "a\t",
         "brackets": "[(", "hash": "#a"}


@pytest.mark.parametrize("unit", UNITS.values(), ids=UNITS.keys())
def test_pseudo_engine(unit: str) -> None:
    engine = PseudoEngine()
    assert_not_quadratic(lambda n: lambda: engine.translate([repeat(unit, 10 * n)], "en", "de"))


@pytest.mark.parametrize("unit", UNITS.values(), ids=UNITS.keys())
def test_sentence_splitting(unit: str) -> None:
    text = escape_tags(repeat(unit, 4 * N))  # tagged text as the readers make it
    assert_not_quadratic(lambda n: lambda: segment.split(text[:n], "en"))


@pytest.mark.parametrize("unit", ["the cat sat on the mat ", "a ", "a@b.c ", "Ab. "])
def test_untranslated_check(unit: str) -> None:
    context = SegmentContext(source_lang="en", target_lang="de")
    check = UntranslatedCheck()

    def make(n: int) -> Callable[[], object]:
        source = repeat(unit, 5 * n)
        target = repeat(unit[::-1], 5 * n) + " " + source[: n // 2]
        return lambda: check.run(source, target, context)

    assert_not_quadratic(make)


def test_longest_copied_run_on_long_word_lists() -> None:
    def make(n: int) -> Callable[[], object]:
        words = [("der", "die", "das", "und")[i * 7 % 4] for i in range(n)]
        return lambda: longest_copied_run(words, list(reversed(words)))

    assert_not_quadratic(make)


@pytest.mark.parametrize("unit", UNITS.values(), ids=UNITS.keys())
def test_ingest_translate_and_render(unit: str, tmp_path: Path) -> None:
    settings = settings_module.load(options={"home": str(tmp_path)}, environ={})
    memory = TranslationMemory(tmp_path / "memory.sqlite3")

    def make(n: int) -> Callable[[], object]:
        paragraph = repeat(unit, n)
        text = f"Tram plan approved\n\nThe council met on Monday.\n\n{paragraph}\n\n{paragraph}"

        def run() -> None:
            try:
                article = ingest.load("-", settings=settings, stdin=io.BytesIO(text.encode()),
                                      format="text")
            except ingest.NoArticleError:
                return
            draft = pipeline.translate_article(article, "de", PseudoEngine(),
                                               source_language="en", memory=memory)
            for fmt in ("html", "md", "json"):
                publish.render(draft, fmt)
        return run

    assert_not_quadratic(make, n=1_500)
    memory.close()


def test_deeply_nested_html_is_read_and_rendered() -> None:
    body = "The council met on Monday and voted to extend the tram network. "
    for depth in (50, 500, 5_000):
        page = (f"<html><body><article><h1>Tram plan</h1><p>{body}" + "<b>x " * depth + "y"
                + "</b>" * depth + "</p></article></body></html>")
        article = ingest.from_html(page)
        draft = pipeline.translate_article(article, "de", PseudoEngine(), source_language="en")
        for fmt in ("html", "md", "json"):
            assert "Tram" in publish.render(draft, fmt)
