"""False alarms of the checks on human translations in every language, and how risk spreads.

Usage: ``python benchmarks/checks_languages.py [--json] [--limit N] [--examples N]``

1. FLORES-200 devtest (1012 sentences, human translations of the same English
   text into German, Spanish, French, Dutch and Italian), in both directions with
   English: the share of sentences flagged blocker or major, per check and overall.
   Every flag there is a false alarm.
2. Risk spread: segment and article risk (``registry.segment_risk``,
   ``registry.article_risk``) on FLORES "articles" (the devtest comes in runs of
   consecutive sentences from one article; without its metadata, blocks of
   ``--article-size`` consecutive sentences), on the examples in ``examples/eval``
   (a system output and a human reference of one short article), on the MQM TED
   talks (each system's translation of each talk: real MT with human error
   annotations), with the rank correlation (Spearman) of article risk and the
   share of the talk's segments raters gave a Major accuracy error, and on the
   WMT24 news documents (five real systems and the human reference).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from copydesk.checks.base import SegmentContext, Severity
from copydesk.checks.registry import article_risk, check_article, segment_risk

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
from checks_eval import read_mqm  # noqa: E402
from tests.fixtures.shared_data import FLORES, SHARED_DATA, WMT24  # noqa: E402

LANGS = {"en": "eng", "de": "deu", "es": "spa", "fr": "fra", "nl": "nld", "it": "ita"}
SERIOUS = {Severity.BLOCKER, Severity.MAJOR}
WATCHED = ("names", "untranslated", "negation", "attribution", "wrong-language")


def flores(lang: str) -> list[str]:
    return (FLORES / f"{LANGS[lang]}_Latn.devtest").read_text(encoding="utf-8").splitlines()


def directions() -> list[tuple[str, str]]:
    return [pair for lang in ("de", "es", "fr", "nl", "it") for pair in
            (("en", lang), (lang, "en"))]


def articles(pairs: list[tuple[str, str]], size: int) -> list[list[tuple[str, str]]]:
    return [pairs[i:i + size] for i in range(0, len(pairs), size)]


def score_article(pairs: Sequence[tuple[str, str]], src: str, tgt: str
                  ) -> tuple[list, list[float], float]:
    """(issues per segment, segment risks, article risk) of one article."""
    context = SegmentContext(src, tgt)
    found = check_article(list(pairs), context)
    risks = [segment_risk(s, t, issues, context)
             for (s, t), issues in zip(pairs, found, strict=True)]
    return found, risks, article_risk(risks)


def spread(values: Sequence[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    return {"n": len(ordered), "min": ordered[0], "p10": ordered[len(ordered) // 10],
            "median": statistics.median(ordered), "p90": ordered[(9 * len(ordered)) // 10],
            "max": ordered[-1]}


def evaluate_flores(limit: int | None, size: int, examples: int) -> dict:
    out: dict = {}
    english = flores("en")[:limit]
    for src, tgt in directions():
        pairs = list(zip(flores(src)[:limit] if src != "en" else english,
                         flores(tgt)[:limit] if tgt != "en" else english, strict=True))
        per_check: Counter[str] = Counter()
        flagged, seg_risks, art_risks = 0, [], []
        shown: dict[str, list[str]] = defaultdict(list)
        for article in articles(pairs, size):
            found, risks, total = score_article(article, src, tgt)
            seg_risks.extend(risks)
            art_risks.append(total)
            for (s, t), issues in zip(article, found, strict=True):
                serious = {i.check for i in issues if Severity(i.severity) in SERIOUS}
                flagged += bool(serious)
                per_check.update(serious)
                for i in issues:
                    if i.check in serious and len(shown[i.check]) < examples:
                        shown[i.check].append(f"{s[:100]} => {t[:100]} :: {i.message}")
        out[f"{src}-{tgt}"] = {
            "segments": len(pairs), "rate": flagged / max(len(pairs), 1),
            "per_check": {k: per_check[k] / len(pairs) for k in sorted(per_check)},
            "segment_risk": spread(seg_risks), "article_risk": spread(art_risks),
            "examples": dict(shown)}
    return out


def evaluate_examples() -> dict:
    folder = REPO_ROOT / "examples" / "eval"
    source = (folder / "source.en").read_text(encoding="utf-8").splitlines()
    out = {}
    for name in ("system.de", "reference.de"):
        target = (folder / name).read_text(encoding="utf-8").splitlines()
        _, risks, total = score_article(list(zip(source, target, strict=True)), "en", "de")
        out[name] = {"article_risk": total, "segment_risk": spread(risks)}
    return out


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    def ranks(values: Sequence[float]) -> list[float]:
        order = sorted(range(len(values)), key=lambda i: values[i])
        out = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                out[order[k]] = (i + j) / 2
            i = j + 1
        return out
    rx, ry = ranks(xs), ranks(ys)
    mx, my = statistics.fmean(rx), statistics.fmean(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    var = (sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry)) ** 0.5
    return cov / var if var else float("nan")


def evaluate_mqm_documents() -> dict:
    docs: dict[tuple[str, str], list] = defaultdict(list)
    path = SHARED_DATA / "mqm" / "ted" / "ende" / "mqm_ted_ende.tsv"
    for seg in read_mqm(path):
        docs[(seg.system, seg.talk)].append(seg)
    risks, density = [], []
    for segs in docs.values():
        _, _, total = score_article([(s.source, s.target) for s in segs], "en", "de")
        risks.append(total)
        density.append(sum(s.major_accuracy for s in segs) / len(segs))
    return {"documents": len(docs), "article_risk": spread(risks),
            "spearman_with_error_share": spearman(risks, density)}


def evaluate_wmt24_news() -> dict:
    source = (WMT24 / "sources" / "en-de.txt").read_text(encoding="utf-8").splitlines()
    docs = [line.split("\t") for line in
            (WMT24 / "documents" / "en-de.docs").read_text(encoding="utf-8").splitlines()]
    outputs = {"refA": WMT24 / "references" / "en-de.refA.txt",
               **{p.stem: p for p in sorted((WMT24 / "system-outputs").glob("*.txt"))}}
    out = {}
    for name, path in outputs.items():
        target = path.read_text(encoding="utf-8").splitlines()
        grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for (domain, doc), s, t in zip(docs, source, target, strict=True):
            if domain == "news":
                grouped[doc].append((s, t))
        out[name] = spread([score_article(p, "en", "de")[2] for p in grouped.values()])
    return out


def print_report(result: dict) -> None:
    print("FLORES-200 devtest, human translations: flagged blocker/major (false alarms)")
    print(f"  {'pair':<7}{'overall':>9}" + "".join(f"{c:>15}" for c in WATCHED)
          + "   other checks")
    for pair, r in result["flores"].items():
        cells = "".join(f"{r['per_check'].get(c, 0.0):>15.2%}" for c in WATCHED)
        other = ", ".join(f"{k} {v:.2%}" for k, v in r["per_check"].items()
                          if k not in WATCHED)
        print(f"  {pair:<7}{r['rate']:>9.2%}{cells}   {other}")
    print("\nRisk spread (min / p10 / median / p90 / max)")

    def line(label: str, s: dict) -> None:
        print(f"  {label:<34} " + " / ".join(f"{s[k]:.3f}" for k in
                                              ("min", "p10", "median", "p90", "max"))
              + f"  (n={s['n']})")
    for pair, r in result["flores"].items():
        line(f"FLORES {pair} articles", r["article_risk"])
    for pair, r in result["flores"].items():
        line(f"FLORES {pair} segments", r["segment_risk"])
    for name, r in result["examples"].items():
        print(f"  examples/eval {name:<20} article {r['article_risk']:.3f}")
    mqm = result["mqm_documents"]
    line("MQM TED talks x systems", mqm["article_risk"])
    print(f"  Spearman(article risk, share of segments with a Major accuracy error) "
          f"{mqm['spearman_with_error_share']:.3f}")
    for name, s in result["wmt24_news"].items():
        line(f"WMT24 news docs, {name}", s)
    for pair, r in result["flores"].items():
        for check, lines in r["examples"].items():
            for text in lines:
                print(f"  [{pair} {check}] {text}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    parser.add_argument("--article-size", type=int, default=10,
                        help="FLORES sentences per article (default 10)")
    parser.add_argument("--examples", type=int, default=0,
                        help="show N flagged FLORES sentences per check and pair")
    args = parser.parse_args(argv)
    result = {"flores": evaluate_flores(args.limit, args.article_size, args.examples),
              "examples": evaluate_examples(), "mqm_documents": evaluate_mqm_documents(),
              "wmt24_news": evaluate_wmt24_news()}
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
    else:
        print_report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
