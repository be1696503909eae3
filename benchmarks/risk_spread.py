"""How article risk spreads over machine translations, and which reasons the inbox shows.

Usage: ``python benchmarks/risk_spread.py [--json] [--limit N] [--article-size N]``

1. The example articles (``examples/*.md``, ``examples/*.html``) translated from
   English into Spanish by Apertium (the engine installed offline here; the pseudo
   engine where Apertium is missing, which is no translation and only shows the
   plumbing), each with its article risk and the inbox's line of reasons.
2. FLORES-200 devtest "articles" (blocks of ``--article-size`` consecutive
   sentences) translated the same way, beside the human Spanish translation of the
   same sentences: min / p10 / median / p90 / max of article risk, and the reasons
   of the riskiest and the calmest machine articles.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from copydesk import pipeline, settings
from copydesk.checks import reasons
from copydesk.engines import registry as engines
from copydesk.engines.base import Engine
from copydesk.ingest import sources

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
sys.path.insert(0, str(REPO_ROOT))
from checks_languages import flores, score_article, spread  # noqa: E402

TARGET = "es"


def engine(resolved: settings.Settings) -> tuple[str, Engine]:
    name = "apertium" if shutil.which(resolved.apertium_command) else "pseudo"
    made = engines.create(name, resolved)
    if name == "apertium" and not made.supports("en", TARGET):
        name, made = "pseudo", engines.create("pseudo", resolved)
    return name, made


def evaluate_examples(used: Engine, resolved: settings.Settings) -> dict:
    out = {}
    for path in sorted((REPO_ROOT / "examples").glob("*.*")):
        if path.suffix not in (".md", ".html"):
            continue
        article = sources.load(str(path), settings=resolved, allow_paths=True)
        draft = pipeline.translate_article(article, TARGET, used, source_language="en")
        segments = [(draft.risks.get(s.id, 0.0), draft.issues.get(s.id, []))
                    for s in draft.segments() if s.target is not None]
        found = reasons.risk_reasons(segments)
        out[path.name] = {"segments": len(segments), "article_risk": draft.risk,
                          "reasons": reasons.summary(found)}
    return out


def evaluate_flores(used: Engine, limit: int | None, size: int) -> dict:
    english = flores("en")[:limit]
    human = flores(TARGET)[:limit]
    machine = []
    for start in range(0, len(english), 64):
        machine += [c.text for c in used.translate(english[start:start + 64], "en", TARGET)]
    out: dict = {}
    for name, targets in (("human", human), ("machine", machine)):
        scored = []
        for start in range(0, len(english), size):
            pairs = list(zip(english[start:start + size], targets[start:start + size],
                             strict=True))
            found, risks, risk = score_article(pairs, "en", TARGET)
            scored.append((risk, reasons.summary(reasons.risk_reasons(
                list(zip(risks, found, strict=True))))))
        scored.sort(key=lambda item: item[0])
        out[name] = {"article_risk": spread([r for r, _ in scored]),
                     "calmest": scored[:3], "riskiest": scored[-3:][::-1]}
    return out


def print_report(result: dict) -> None:
    print(f"Engine: {result['engine']} (en->{TARGET})")
    print("Example articles")
    for name, r in result["examples"].items():
        print(f"  {name:<22} {r['segments']:>3} segments  article risk {r['article_risk']:.3f}"
              f"  reasons: {r['reasons']}")
    print("FLORES-200 devtest articles: article risk min / p10 / median / p90 / max")
    for name, r in result["flores"].items():
        s = r["article_risk"]
        print(f"  {name:<8} " + " / ".join(f"{s[k]:.3f}" for k in
                                            ("min", "p10", "median", "p90", "max"))
              + f"  (n={s['n']})")
        for label in ("riskiest", "calmest"):
            for risk, why in r[label]:
                print(f"    {label:<9} {risk:.3f}  {why}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    parser.add_argument("--article-size", type=int, default=10,
                        help="FLORES sentences per article (default 10)")
    args = parser.parse_args(argv)
    resolved = settings.load()
    name, used = engine(resolved)
    result = {"engine": name, "examples": evaluate_examples(used, resolved),
              "flores": evaluate_flores(used, args.limit, args.article_size)}
    if args.json:
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        print_report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
