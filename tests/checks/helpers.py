"""Spec helpers for check tests: ``passes(check, src, tgt)`` / ``fails(check, src, tgt)``.

``check`` is a check class or instance. Extra keyword arguments become
``SegmentContext`` fields (``glossary=...``, ``edition={...}``, ``article=[...]``).
``fails`` returns the issues found so a test can look closer at them.
Test modules in this folder import it as ``from tests.checks.helpers import passes, fails``
(pytest puts the folder of a test file on ``sys.path``).
"""

from __future__ import annotations

from typing import Any

from copydesk.checks.base import Check, Issue, SegmentContext, Severity
from tests.fixtures.shared_data import FLORES, SEED_ARTICLE, WMT19, WMT24, require

__all__ = ["SEED_ARTICLE", "fails", "flag_rate", "flores_directions", "flores_pairs", "passes",
           "run", "wmt24_pairs", "wmt_pairs"]


def _instance(check: Check | type[Check]) -> Check:
    return check() if isinstance(check, type) else check


def run(check: Check | type[Check], src: str, tgt: str, src_lang: str = "en",
        tgt_lang: str = "de", **context: Any) -> list[Issue]:
    """Run one check on one segment pair and return its issues."""
    ctx = SegmentContext(source_lang=src_lang, target_lang=tgt_lang, **context)
    return _instance(check).run(src, tgt, ctx)


def passes(check: Check | type[Check], src: str, tgt: str, src_lang: str = "en",
           tgt_lang: str = "de", **context: Any) -> bool:
    """True when the check finds nothing; fails the test with the issues otherwise."""
    issues = run(check, src, tgt, src_lang, tgt_lang, **context)
    assert not issues, f"expected no issue, got {[i.message for i in issues]}"
    return True


def fails(check: Check | type[Check], src: str, tgt: str, src_lang: str = "en",
          tgt_lang: str = "de", **context: Any) -> list[Issue]:
    """The issues found; fails the test when there are none."""
    issues = run(check, src, tgt, src_lang, tgt_lang, **context)
    assert issues, f"expected an issue for {src!r} -> {tgt!r}"
    return issues


def wmt_pairs(limit: int | None = None, year: int = 2019) -> list[tuple[str, str]]:
    """Human reference pairs (source, target) from a WMT news test set, read in place."""
    require()
    src = (WMT19 / f"newstest{year}.eng").read_text(encoding="utf-8").splitlines()
    tgt = (WMT19 / f"newstest{year}.deu").read_text(encoding="utf-8").splitlines()
    return list(zip(src, tgt, strict=True))[:limit]


def flag_rate(check: Check | type[Check], pairs: list[tuple[str, str]],
              src_lang: str = "en", tgt_lang: str = "de") -> float:
    """Share of pairs with at least one blocker or major issue from the check."""
    serious = {Severity.BLOCKER, Severity.MAJOR}
    flagged = sum(
        any(i.severity in serious for i in run(check, s, t, src_lang, tgt_lang))
        for s, t in pairs
    )
    return flagged / max(len(pairs), 1)


def wmt24_pairs(domain: str | None = None) -> list[tuple[str, str]]:
    """WMT24 source paragraphs with reference A, optionally only one domain ("news")."""
    require()
    src = (WMT24 / "sources" / "en-de.txt").read_text(encoding="utf-8").splitlines()
    tgt = (WMT24 / "references" / "en-de.refA.txt").read_text(encoding="utf-8").splitlines()
    docs = (WMT24 / "documents" / "en-de.docs").read_text(encoding="utf-8").splitlines()
    return [(s, t) for s, t, d in zip(src, tgt, docs, strict=True)
            if domain is None or d.split("\t")[0] == domain]


FLORES_FILES = {"en": "eng", "de": "deu", "es": "spa", "fr": "fra", "nl": "nld", "it": "ita"}


def flores_directions() -> list[tuple[str, str]]:
    """English to and from each other FLORES language here: ("en", "de"), ("de", "en"), ..."""
    return [pair for lang in ("de", "es", "fr", "nl", "it") for pair in
            (("en", lang), (lang, "en"))]


def flores_pairs(src: str, tgt: str) -> list[tuple[str, str]]:
    """FLORES-200 devtest (source, human translation) pairs, read in place."""
    require()

    def lines(lang: str) -> list[str]:
        path = FLORES / f"{FLORES_FILES[lang]}_Latn.devtest"
        return path.read_text(encoding="utf-8").splitlines()
    return list(zip(lines(src), lines(tgt), strict=True))
