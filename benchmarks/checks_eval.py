"""How well the checks point editors at real errors, and how often they cry wolf.

Usage: ``python benchmarks/checks_eval.py [--json] [--limit N] [--data DIR]``

1. MQM (``mqm/ted/ende/mqm_ted_ende.tsv``): real MT output with human error
   annotations. A segment (system, doc_id, seg_id) "has a Major accuracy
   error" when any of its rows has severity Major and a category starting
   with "Accuracy". Reported: the base rate of such segments; the precision of
   segments flagged blocker or major (against that base rate); per error
   class, the share of segments with such an error (any severity) that get
   flagged; ROC-AUC of the risk score against the label, beside a baseline
   that uses only the length ratio (|z| of the length norm). Error classes:
   Accuracy/Omission, Accuracy/Untranslated text, Accuracy/Addition;
   "numbers": Accuracy/Mistranslation rows whose marked span contains a digit;
   "names": Accuracy/Mistranslation rows whose marked span contains a word
   that also appears capitalised in the source (not as its first word).
2. Human references (newstest2019, newstest2020, WMT24 refA): share of
   reference segments flagged blocker or major, per check and overall. Good
   translations: every flag there is a false alarm. Target: at most 5 %.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from copydesk.checks.base import Issue, SegmentContext, Severity
from copydesk.checks.length import length_z
from copydesk.checks.registry import risk, run_checks

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SERIOUS = {Severity.BLOCKER, Severity.MAJOR}
MARK_RE = re.compile(r"</?v>")


@dataclass
class MqmSegment:
    source: str
    target: str
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # category, severity, span

    @property
    def major_accuracy(self) -> bool:
        return any(sev == "Major" and cat.startswith("Accuracy") for cat, sev, _ in self.errors)

    def classes(self) -> set[str]:
        out = set()
        for category, _, span in self.errors:
            if category in ("Accuracy/Omission", "Accuracy/Untranslated text",
                            "Accuracy/Addition"):
                out.add(category.split("/")[1].split()[0].lower())
            if category == "Accuracy/Mistranslation":
                if re.search(r"\d", span):
                    out.add("numbers")
                if _names_in(span, self.source):
                    out.add("names")
        return out


def _names_in(span: str, source: str) -> bool:
    capitalised = set(re.findall(r"(?<=\s)[A-Z][\w-]+", source))
    return any(word in capitalised for word in re.findall(r"[\w-]+", span))


def read_mqm(path: Path) -> list[MqmSegment]:
    segments: dict[tuple[str, str, str], MqmSegment] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            key = (row["system"], row["doc_id"], row["seg_id"])
            target = row["target"] or ""
            seg = segments.setdefault(key, MqmSegment(row["source"] or "",
                                                      MARK_RE.sub("", target)))
            if row["category"] and row["category"] != "No-error":
                span = " ".join(re.findall(r"<v>(.*?)</v>", target))
                seg.errors.append((row["category"], row["severity"], span))
    return list(segments.values())


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Area under the ROC curve via the Mann-Whitney U statistic (ties get mid-ranks)."""
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    positives = sum(labels)
    negatives = len(labels) - positives
    if not positives or not negatives:
        return float("nan")
    rank_sum = sum(r for r, y in zip(ranks, labels, strict=True) if y)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def _serious_checks(issues: list[Issue]) -> set[str]:
    return {i.check for i in issues if Severity(i.severity) in SERIOUS}


def evaluate_mqm(segments: list[MqmSegment]) -> dict:
    ctx = SegmentContext("en", "de")
    labels, risks, baseline = [], [], []
    per_check: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # flagged, correct
    class_total: Counter[str] = Counter()
    class_hit: Counter[str] = Counter()
    flagged = flagged_correct = 0
    for seg in segments:
        issues = run_checks(seg.source, seg.target, ctx)
        checks = _serious_checks(issues)
        label = seg.major_accuracy
        labels.append(label)
        risks.append(risk(issues))
        z = length_z(seg.source, seg.target, "en", "de")
        baseline.append(abs(z) if z is not None else 0.0)
        flagged += bool(checks)
        flagged_correct += bool(checks) and label
        for check in checks:
            per_check[check][0] += 1
            per_check[check][1] += label
        for name in seg.classes():
            class_total[name] += 1
            class_hit[name] += bool(checks)
    base_rate = sum(labels) / len(labels)
    precision = flagged_correct / flagged if flagged else 0.0
    return {
        "segments": len(segments), "base_rate": base_rate, "flagged": flagged,
        "precision": precision, "lift": precision / base_rate if base_rate else 0.0,
        "auc_risk": roc_auc(risks, labels), "auc_length_only": roc_auc(baseline, labels),
        "recall": {k: {"segments": class_total[k], "flagged": class_hit[k],
                       "recall": class_hit[k] / class_total[k]} for k in sorted(class_total)},
        "per_check": {k: {"flagged": v[0], "precision": v[1] / v[0]}
                      for k, v in sorted(per_check.items())},
    }


def reference_sets(data: Path) -> dict[str, list[tuple[str, str]]]:
    wmt = data / "wmt" / "newstest2019-2020_en-de"
    wmt24 = data / "wmt" / "wmttest2024_en-de"

    def pairs(src: Path, tgt: Path) -> list[tuple[str, str]]:
        return list(zip(src.read_text(encoding="utf-8").splitlines(),
                        tgt.read_text(encoding="utf-8").splitlines(), strict=True))

    return {
        "newstest2019": pairs(wmt / "newstest2019.eng", wmt / "newstest2019.deu"),
        "newstest2020": pairs(wmt / "newstest2020.eng", wmt / "newstest2020.deu"),
        "wmt24-refA": pairs(wmt24 / "sources" / "en-de.txt",
                            wmt24 / "references" / "en-de.refA.txt"),
    }


def evaluate_references(sets: dict[str, list[tuple[str, str]]],
                        examples: int = 0) -> dict:
    ctx = SegmentContext("en", "de")
    result: dict = {}
    for name, pairs in sets.items():
        per_check: Counter[str] = Counter()
        flagged = 0
        shown: dict[str, list[str]] = defaultdict(list)
        for src, tgt in pairs:
            issues = run_checks(src, tgt, ctx)
            checks = _serious_checks(issues)
            flagged += bool(checks)
            per_check.update(checks)
            for i in issues:
                if i.check in checks and len(shown[i.check]) < examples:
                    shown[i.check].append(f"{src[:90]} => {tgt[:90]} :: {i.message}")
        result[name] = {"segments": len(pairs), "flagged": flagged,
                        "rate": flagged / max(len(pairs), 1),
                        "per_check": {k: v / len(pairs) for k, v in sorted(per_check.items())},
                        "examples": dict(shown)}
    return result


def print_report(mqm: dict, refs: dict) -> None:
    print("MQM TED en-de: segments", mqm["segments"])
    print(f"  base rate (Major accuracy error)   {mqm['base_rate']:.1%}")
    print(f"  flagged blocker/major              {mqm['flagged']}")
    print(f"  precision of flagged               {mqm['precision']:.1%} "
          f"({mqm['lift']:.2f}x base rate; target >= 2x)")
    print(f"  ROC-AUC risk score                 {mqm['auc_risk']:.3f}")
    print(f"  ROC-AUC length ratio only          {mqm['auc_length_only']:.3f}")
    print("  recall per error class:")
    for name, r in mqm["recall"].items():
        print(f"    {name:<14} {r['flagged']:>4}/{r['segments']:<4} {r['recall']:.1%}")
    print("  per check (blocker/major):   flagged  precision")
    for name, r in mqm["per_check"].items():
        print(f"    {name:<16} {r['flagged']:>12}  {r['precision']:.1%}")
    print("\nHuman references (false alarms, blocker/major; target <= 5%):")
    checks = sorted({c for r in refs.values() for c in r["per_check"]})
    print(f"  {'set':<14}{'segments':>9}{'overall':>9}  " + "  ".join(f"{c:>10}" for c in checks))
    for name, r in refs.items():
        cells = "  ".join(f"{r['per_check'].get(c, 0.0):>10.2%}" for c in checks)
        print(f"  {name:<14}{r['segments']:>9}{r['rate']:>9.2%}  {cells}")
    for name, r in refs.items():
        for check, lines in r["examples"].items():
            for line in lines:
                print(f"  [{name} {check}] {line}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N items")
    parser.add_argument("--examples", type=int, default=0,
                        help="show N flagged reference segments per check")
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    args = parser.parse_args(argv)
    mqm = evaluate_mqm(read_mqm(args.data / "mqm" / "ted" / "ende" / "mqm_ted_ende.tsv")
                       [:args.limit])
    refs = evaluate_references({k: v[:args.limit] for k, v in
                                reference_sets(args.data).items()}, args.examples)
    if args.json:
        json.dump({"mqm": mqm, "references": refs}, sys.stdout, indent=2,
                  default=lambda x: None if isinstance(x, float) and math.isnan(x) else x)
        print()
    else:
        print_report(mqm, refs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
