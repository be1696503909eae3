"""The names, leftover and cue checks take time linear in their input, however it is made."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from copydesk.checks.attribution import AttributionCheck
from copydesk.checks.base import SegmentContext
from copydesk.checks.language import UntranslatedCheck
from copydesk.checks.names import NamesCheck
from copydesk.checks.negation import NegationCheck
from tests.test_input_sizes import assert_not_quadratic, repeat

CHECKS = {"names": NamesCheck, "untranslated": UntranslatedCheck,
          "negation": NegationCheck, "attribution": AttributionCheck}
UNITS = {
    "names": ("Messenger met Danius in China. ", "Mensajero vio a Danius en Porcelana. "),
    "distinct names": (None, None),
    "caps": ("FAST ", "AYUNO "),
    "codes": ("GTG-1002 iPhone ", "GTG-1020 teléfono "),
    "leftovers": ("the new bridge would be closed ", "the new bridge would be closed y "),
    "months": ("In August ", "En August "),
    "cues": ("not without no sin duda ", "ningún sin negociando informaron "),
    "hyphens": ("Jean-Luc-Marie ", "Jean-Luc-Marie "),
}


def _distinct(n: int, base: str) -> str:
    """Many different capitalised words: no repetition for a cache to hide behind."""
    out, i = [], 0
    while sum(len(w) + 1 for w in out) < n:
        out.append(base + "".join(chr(97 + int(d)) for d in str(i)))
        i += 1
    return " ".join(out)


@pytest.mark.parametrize("check_id", CHECKS)
@pytest.mark.parametrize("unit", UNITS, ids=str)
def test_new_checks_are_not_quadratic(check_id: str, unit: str) -> None:
    check, context = CHECKS[check_id](), SegmentContext("en", "es")

    def make(n: int) -> Callable[[], object]:
        if unit == "distinct names":
            source, target = _distinct(10 * n, "Zar"), _distinct(10 * n, "Zor")
        else:
            src, tgt = UNITS[unit]
            source, target = repeat(src, 10 * n), repeat(tgt, 10 * n)
        return lambda: check.run(source, target, context)

    assert_not_quadratic(make, n=2_000)


def test_names_over_a_long_article_are_read_once_per_article() -> None:
    check = NamesCheck()

    def make(n: int) -> Callable[[], object]:
        pairs = tuple((f"FAST found pulsar {i} in China.", f"AYUNO encontró {i}.")
                      for i in range(n // 10))
        context = SegmentContext("en", "es", article=pairs)
        return lambda: [check.run(s, t, context) for s, t in pairs]

    assert_not_quadratic(make, n=4_000)
