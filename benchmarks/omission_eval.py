"""The omission check on human references and on references with a clause dropped.

For English to German, Spanish, French, Dutch and Italian (FLORES-200 devtest) and
newstest2019/2020 English to German: the share of human references the check flags
major (every flag a false alarm) and minor, and, on the challenge set's
"clause-dropped" items (``challenge_set.py``: the same references with one clause
removed), the share caught major and at any severity; for added clauses (always
minor), the share of references flagged and of references with the second half of
another reference appended. Also how long the compiled word list takes to open and
how fast the check reads segments.

Usage: ``python benchmarks/omission_eval.py [--limit N] [--examples N] [--json]``
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
from challenge_set import TARGETS, flores_pairs, generate  # noqa: E402
from checks_eval import reference_sets  # noqa: E402
from tests.fixtures.shared_data import SHARED_DATA  # noqa: E402

from copydesk.checks import bilingual  # noqa: E402
from copydesk.checks.base import SegmentContext, Severity  # noqa: E402
from copydesk.checks.omission import OmissionCheck  # noqa: E402


def _flags(check: OmissionCheck, pairs: Sequence[tuple[str, str]], context: SegmentContext,
           examples: int, label: str, kind: str = "missing") -> dict:
    major = minor = 0
    shown = 0
    for source, target in pairs:
        issues = [i for i in check.run(source, target, context) if kind in i.message]
        if any(i.severity is Severity.MAJOR for i in issues):
            major += 1
            if shown < examples:
                shown += 1
                print(f"[{label}] {issues[0].message}\n   {source}\n   {target}\n")
        elif issues:
            minor += 1
    n = max(len(pairs), 1)
    return {"n": len(pairs), "major": round(100 * major / n, 2),
            "minor": round(100 * minor / n, 2)}


def with_clause_added(references: Sequence[str], offset: int = 7) -> list[str]:
    """Each reference with the second half of another one (``offset`` further on)
    appended as a clause: an addition the source has no counterpart for."""
    out = []
    for k, reference in enumerate(references):
        words = references[(k + offset) % len(references)].rstrip(".").split()
        clause = " ".join(words[len(words) // 2:])
        out.append(f"{reference.rstrip('.')}, {clause[:1].lower()}{clause[1:]}.")
    return out


def open_time(src: str, tgt: str) -> dict:
    """Seconds to open a compiled list and look up a thousand words, and its file size."""
    bilingual.lexicon.cache_clear()
    started = time.perf_counter()
    lex = bilingual.lexicon(src, tgt)
    if lex is None:
        return {}
    for i in range(1000):
        lex.targets(f"word{i}")
    return {"open_s": round(time.perf_counter() - started, 3),
            "file_mb": round(lex.path.stat().st_size / 1e6, 1)}


def evaluate(limit: int | None, examples: int) -> dict:
    check = OmissionCheck()
    result: dict = {"languages": {}}
    for lang in TARGETS:
        result["languages"][lang] = {"open": open_time("en", lang)}
    for lang in TARGETS:
        context = SegmentContext("en", lang)
        pairs = flores_pairs(lang, limit)
        refs = _flags(check, [(s, t) for _, s, t in pairs], context, examples, f"en-{lang}")
        items, _ = generate(pairs, lang, classes=["clause-dropped"])
        started = time.perf_counter()
        caught = _flags(check, [(i.source, i.perturbed) for i in items], context, 0, "")
        seconds = time.perf_counter() - started
        sources = [s for _, s, _ in pairs]
        added = with_clause_added([t for _, _, t in pairs])
        result["languages"][lang].update(
            references=refs, dropped=caught,
            added_references=_flags(check, [(s, t) for _, s, t in pairs], context, 0, "",
                                    "added"),
            added=_flags(check, list(zip(sources, added, strict=True)), context, 0, "",
                         "added"),
            segments_per_s=round(len(items) / max(seconds, 1e-9)))
    sets = reference_sets(SHARED_DATA)
    for name in ("newstest2019", "newstest2020"):
        pairs = sets[name][:limit]
        result[name] = _flags(check, pairs, SegmentContext("en", "de"), examples, name)
    result["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result


def print_report(result: dict) -> None:
    print("pair   refs major  refs minor  dropped: major  any   open   list    segments/s")
    for lang, row in result["languages"].items():
        refs, dropped = row["references"], row["dropped"]
        print(f"en-{lang}  {refs['major']:6.2f}%    {refs['minor']:6.2f}%   "
              f"{dropped['major']:6.2f}%  {dropped['major'] + dropped['minor']:6.2f}%  "
              f"{row['open'].get('open_s', 0):.3f}s  {row['open'].get('file_mb', 0):4.1f} MB"
              f"  {row['segments_per_s']:6d}  (n={dropped['n']})")
    print("added clauses (always minor): flagged on references / on references with a "
          "clause appended")
    for lang, row in result["languages"].items():
        refs, added = row["added_references"], row["added"]
        print(f"en-{lang}  {refs['minor']:5.2f}% / {added['minor']:5.2f}%")
    for name in ("newstest2019", "newstest2020"):
        print(f"{name} en-de: major {result[name]['major']:.2f}%, "
              f"minor {result[name]['minor']:.2f}% (n={result[name]['n']})")
    print(f"peak memory of the process: {result['max_rss_mb']} MB")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N pairs")
    parser.add_argument("--examples", type=int, default=0, help="print N major flags per set")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = evaluate(args.limit, args.examples)
    print(json.dumps(result)) if args.json else print_report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
