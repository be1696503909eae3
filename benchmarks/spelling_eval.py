"""How often the spelling check speaks on human and machine translations, and how fast.

Reads ``../shared/data`` in place (``COPYDESK_SHARED_DATA`` points elsewhere):

* FLORES-200 devtest, English -> German, Spanish, French, Dutch, Italian: human
  references, on which every flag is a false alarm or a slip of the translator;
* WMT24 English -> German paragraphs: the two human references and each system's
  output, as the share of paragraphs flagged;
* MQM TED English -> German: of the segments flagged, the share whose annotators
  marked a fluency error (spelling, grammar, punctuation) or any error at all, against
  the base rate.

Usage: ``.venv/bin/python benchmarks/spelling_eval.py [--limit N]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from copydesk.checks.base import SegmentContext
from copydesk.checks.spelling import SpellingCheck

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
from checks_eval import read_mqm  # noqa: E402
from tests.fixtures.shared_data import FLORES, SHARED_DATA, WMT24  # noqa: E402

FILES = {"en": "eng", "de": "deu", "es": "spa", "fr": "fra", "nl": "nld", "it": "ita"}


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def flag_rate(check: SpellingCheck, pairs: Sequence[tuple[str, str]], target: str,
              show: int = 0) -> tuple[float, float]:
    """(share of pairs with a spelling issue, pairs checked per second)."""
    context = SegmentContext("en", target)
    started, flagged = time.perf_counter(), 0
    for source, translation in pairs:
        issues = check.run(source, translation, context)
        flagged += bool(issues)
        for issue in issues[:1] if flagged <= show else ():
            span = issue.target_span or (0, 0)
            print(f"    {translation[span[0]:span[1]]!r}: {issue.message}")
    elapsed = time.perf_counter() - started
    return flagged / max(len(pairs), 1), len(pairs) / max(elapsed, 1e-9)


def flores(check: SpellingCheck, limit: int | None, show: int) -> None:
    print("FLORES-200 devtest, human references (share of segments flagged)")
    source = _lines(FLORES / "eng_Latn.devtest")[:limit]
    for lang in ("de", "es", "fr", "nl", "it"):
        target = _lines(FLORES / f"{FILES[lang]}_Latn.devtest")[:limit]
        check.run("warm", "up", SegmentContext("en", lang))
        rate, speed = flag_rate(check, list(zip(source, target, strict=True)), lang, show)
        print(f"  en->{lang}: {rate:6.1%} of {len(target)} segments, {speed:,.0f} segments/s")


def wmt24(check: SpellingCheck, limit: int | None) -> None:
    print("WMT24 en->de paragraphs (share flagged)")
    source = _lines(WMT24 / "sources" / "en-de.txt")[:limit]
    outputs = {f"reference {ref}": WMT24 / "references" / f"en-de.{ref}.txt"
               for ref in ("refA", "refB")}
    outputs |= {p.stem: p for p in sorted((WMT24 / "system-outputs").glob("*.txt"))}
    for name, path in outputs.items():
        rate, _ = flag_rate(check, list(zip(source, _lines(path)[:limit], strict=False)), "de")
        print(f"  {name:<14} {rate:6.1%}")


def mqm(check: SpellingCheck, limit: int | None) -> None:
    segments = read_mqm(SHARED_DATA / "mqm" / "ted" / "ende" / "mqm_ted_ende.tsv")[:limit]
    context = SegmentContext("en", "de")
    flagged = [s for s in segments if check.run(s.source, s.target, context)]

    def share(items: Sequence, fluency: bool) -> float:
        hit = [s for s in items if any(cat.startswith("Fluency") if fluency else True
                                       for cat, _, _ in s.errors)]
        return len(hit) / max(len(items), 1)
    print(f"MQM TED en-de: {len(flagged)} of {len(segments)} segments flagged")
    print(f"  with a fluency error: {share(flagged, True):6.1%} (base rate "
          f"{share(segments, True):.1%})")
    print(f"  with any error:       {share(flagged, False):6.1%} (base rate "
          f"{share(segments, False):.1%})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="segments per set")
    parser.add_argument("--show", type=int, default=0, help="print the first N flags")
    args = parser.parse_args(argv)
    if not SHARED_DATA.is_dir():
        print(f"shared data not found at {SHARED_DATA}", file=sys.stderr)
        return 1
    check = SpellingCheck()
    flores(check, args.limit, args.show)
    wmt24(check, args.limit)
    mqm(check, args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
