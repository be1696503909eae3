"""False alarms and catches of the numbers check, per language.

Usage: ``python benchmarks/numbers_eval.py [--examples] [--json]``

1. FLORES-200 devtest human references (1012 sentences), English to and from
   German, Spanish, French, Dutch and Italian: sentences with a ``numbers``
   blocker or major issue, per 1000. Every one is a false alarm or a slip of the
   human translator (``--examples`` prints them with source and target).
2. Changed numbers: in every English->X reference that has a digit, one number
   (chosen with a fixed seed) is changed by +1, +2, +3, +10 or -1; the share of
   those sentences that get a blocker or major issue (recall on a seeded error).
3. MQM TED en-de (real MT with human annotations): segments the check flags, and
   how many of the "numbers" class (a Major/Minor Accuracy/Mistranslation whose
   span has a digit) it flags.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

from copydesk.checks.base import SegmentContext, Severity
from copydesk.checks.numbers import NumbersCheck

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
from checks_eval import DATA, read_mqm  # noqa: E402
from checks_languages import directions, flores  # noqa: E402

SERIOUS = {Severity.BLOCKER, Severity.MAJOR}
CHECK = NumbersCheck()
DIGITS = re.compile(r"(?<![\d.,])\d+(?!\d)")


def serious(source: str, target: str, src: str, tgt: str) -> list[str]:
    return [i.message for i in CHECK.run(source, target, SegmentContext(src, tgt))
            if Severity(i.severity) in SERIOUS]


def false_alarms(examples: bool) -> dict[str, float]:
    out = {}
    for src, tgt in directions():
        flagged = 0
        for source, target in zip(flores(src), flores(tgt), strict=True):
            if found := serious(source, target, src, tgt):
                flagged += 1
                if examples:
                    print(f"[{src}-{tgt}] {source}\n        {target}\n        {found}")
        out[f"{src}-{tgt}"] = 1000 * flagged / len(flores(src))
    return out


def changed_numbers() -> dict[str, dict[str, int]]:
    out = {}
    english = flores("en")
    for lang in ("de", "es", "fr", "nl", "it"):
        rnd, changed, caught = random.Random(13), 0, 0
        for source, target in zip(english, flores(lang), strict=True):
            found = list(DIGITS.finditer(target))
            if not found:
                continue
            m = rnd.choice(found)
            value = int(m.group(0))
            new = str(value + rnd.choice([1, 2, 3, 10, -1]) if value > 3 else value + 2)
            if new == m.group(0):
                continue
            changed += 1
            caught += bool(serious(source, target[:m.start()] + new + target[m.end():],
                                   "en", lang))
        out[f"en-{lang}"] = {"changed": changed, "caught": caught}
    return out


def mqm() -> dict[str, int]:
    segments = read_mqm(DATA / "mqm" / "ted" / "ende" / "mqm_ted_ende.tsv")
    flagged = numbers = numbers_flagged = 0
    for seg in segments:
        found = bool(serious(seg.source, seg.target, "en", "de"))
        is_numbers = "numbers" in seg.classes()
        flagged += found
        numbers += is_numbers
        numbers_flagged += found and is_numbers
    return {"segments": len(segments), "flagged": flagged, "numbers_class": numbers,
            "numbers_class_flagged": numbers_flagged}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", action="store_true", help="print every flagged sentence")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    result = {"flores_per_1000": false_alarms(args.examples), "changed": changed_numbers(),
              "mqm": mqm()}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for pair, rate in result["flores_per_1000"].items():
        print(f"{pair}: {rate:.1f} sentences with a blocker/major per 1000")
    for pair, got in result["changed"].items():
        print(f"{pair}: changed number caught in {got['caught']} of {got['changed']}")
    m = result["mqm"]
    print(f"MQM TED en-de: {m['flagged']} of {m['segments']} segments flagged; numbers class "
          f"{m['numbers_class_flagged']} of {m['numbers_class']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
