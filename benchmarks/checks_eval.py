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
   The segment risk (``segment_risk``) is also scored per component (issues,
   length, words, hotspots) and refitted: its logistic prior is fitted on half of
   the talks and its AUC reported on the other half ("held-out") and on all.
2. Human references (newstest2019, newstest2020, WMT24 refA, and WMT24's news
   domain alone): share of reference segments flagged blocker or major, per check
   and overall. Good translations: every flag there is a false alarm. Target: at
   most 5 %.
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
from copydesk.checks.registry import (
    PRIOR_BIAS,
    PRIOR_WEIGHTS,
    risk_features,
    run_checks,
    segment_risk,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
from tests.fixtures.shared_data import SHARED_DATA as DATA  # noqa: E402

SERIOUS = {Severity.BLOCKER, Severity.MAJOR}
MARK_RE = re.compile(r"</?v>")


@dataclass
class MqmSegment:
    source: str
    target: str
    talk: str = ""
    system: str = ""
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
                                                      MARK_RE.sub("", target), row["doc"],
                                                      row["system"]))
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
    labels, risks, baseline, features = [], [], [], []
    per_check: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # flagged, correct
    class_total: Counter[str] = Counter()
    class_hit: Counter[str] = Counter()
    flagged = flagged_correct = 0
    for seg in segments:
        issues = run_checks(seg.source, seg.target, ctx)
        checks = _serious_checks(issues)
        label = seg.major_accuracy
        labels.append(label)
        risks.append(segment_risk(seg.source, seg.target, issues, ctx))
        features.append(risk_features(seg.source, seg.target, issues, ctx))
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
        "auc_components": {k: roc_auc([f[k] for f in features], labels)
                           for k in PRIOR_WEIGHTS},
        "held_out": held_out(features, labels, [s.talk for s in segments]),
        "recall": {k: {"segments": class_total[k], "flagged": class_hit[k],
                       "recall": class_hit[k] / class_total[k]} for k in sorted(class_total)},
        "per_check": {k: {"flagged": v[0], "precision": v[1] / v[0]}
                      for k, v in sorted(per_check.items())},
    }


def _prior_scores(features: list[dict[str, float]], bias: float,
                  weights: dict[str, float]) -> list[float]:
    """The shipped combination: the logistic model over the features (``segment_risk``
    without its blocker floor)."""
    return [1 / (1 + math.exp(-(bias + sum(weights[k] * f[k] for k in weights))))
            for f in features]


def fit_prior(features: list[dict[str, float]], labels: list[bool],
              l2: float = 1.0) -> tuple[float, dict[str, float]]:
    """Logistic regression of the label on the features (Newton's method, small L2)."""
    keys = list(PRIOR_WEIGHTS)
    rows = [[1.0] + [f[k] for k in keys] for f in features]
    n = len(keys) + 1
    beta = [0.0] * n
    for _ in range(25):
        grad = [0.0] * n
        hess = [[0.0] * n for _ in range(n)]
        for x, y in zip(rows, labels, strict=True):
            p = 1 / (1 + math.exp(-sum(b * v for b, v in zip(beta, x, strict=True))))
            for i in range(n):
                grad[i] += (y - p) * x[i]
                for j in range(n):
                    hess[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(1, n):
            grad[i] -= l2 * beta[i]
            hess[i][i] += l2
        beta = [b + d for b, d in zip(beta, _solve(hess, grad), strict=True)]
    return beta[0], dict(zip(keys, beta[1:], strict=True))


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination for the small Newton step."""
    n = len(vector)
    a = [[*row, v] for row, v in zip(matrix, vector, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(n):
            if r != col:
                factor = a[r][col] / a[col][col]
                a[r] = [x - factor * y for x, y in zip(a[r], a[col], strict=True)]
    return [a[i][n] / a[i][i] for i in range(n)]


def held_out(features: list[dict[str, float]], labels: list[bool], talks: list[str]) -> dict:
    """Fit the prior on half of the talks; AUC on the other half and on all segments."""
    names = sorted(set(talks))
    fit_half = set(names[::2])
    train = [i for i, t in enumerate(talks) if t in fit_half]
    test = [i for i, t in enumerate(talks) if t not in fit_half]
    bias, weights = fit_prior([features[i] for i in train], [labels[i] for i in train])
    fitted = _prior_scores(features, bias, weights)
    shipped = _prior_scores(features, PRIOR_BIAS, PRIOR_WEIGHTS)
    return {
        "fitted_bias": bias, "fitted_weights": weights,
        "auc_fitted_held_out": roc_auc([fitted[i] for i in test], [labels[i] for i in test]),
        "auc_fitted_all": roc_auc(fitted, labels),
        "auc_shipped_held_out": roc_auc([shipped[i] for i in test], [labels[i] for i in test]),
        "auc_shipped_fit_half": roc_auc([shipped[i] for i in train],
                                        [labels[i] for i in train]),
    }


def reference_sets(data: Path) -> dict[str, list[tuple[str, str]]]:
    wmt = data / "wmt" / "newstest2019-2020_en-de"
    wmt24 = data / "wmt" / "wmttest2024_en-de"

    def pairs(src: Path, tgt: Path) -> list[tuple[str, str]]:
        return list(zip(src.read_text(encoding="utf-8").splitlines(),
                        tgt.read_text(encoding="utf-8").splitlines(), strict=True))

    wmt24_pairs = pairs(wmt24 / "sources" / "en-de.txt", wmt24 / "references" / "en-de.refA.txt")
    domains = [line.split("\t")[0] for line in
               (wmt24 / "documents" / "en-de.docs").read_text(encoding="utf-8").splitlines()]
    return {
        "newstest2019": pairs(wmt / "newstest2019.eng", wmt / "newstest2019.deu"),
        "newstest2020": pairs(wmt / "newstest2020.eng", wmt / "newstest2020.deu"),
        "wmt24-refA": wmt24_pairs,
        "wmt24-news": [p for p, d in zip(wmt24_pairs, domains, strict=True) if d == "news"],
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
    print(f"  ROC-AUC segment risk (shipped)     {mqm['auc_risk']:.3f}")
    print(f"  ROC-AUC length ratio only          {mqm['auc_length_only']:.3f}")
    for name, auc in mqm["auc_components"].items():
        print(f"  ROC-AUC component {name:<16} {auc:.3f}")
    held = mqm["held_out"]
    weights = ", ".join(f"{k} {v:+.3f}" for k, v in held["fitted_weights"].items())
    print(f"  prior refitted on half the talks: bias {held['fitted_bias']:+.3f}, {weights}")
    print(f"  ROC-AUC refitted, held-out half    {held['auc_fitted_held_out']:.3f}")
    print(f"  ROC-AUC refitted, all segments     {held['auc_fitted_all']:.3f}")
    print(f"  ROC-AUC shipped, fit half          {held['auc_shipped_fit_half']:.3f}")
    print(f"  ROC-AUC shipped, held-out half     {held['auc_shipped_held_out']:.3f}")
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
