"""Recall of the checks per error class on the challenge set, and their false alarms.

Usage: ``python benchmarks/checks_challenge.py [--json] [--examples N] [--limit N]
[--per-class N] [--seed S] [--lang de ...] [--into-english] [--newstest]``

The challenge set (``challenge_set.py``) seeds one known error into each item of
FLORES-200 devtest's human references, English into German, Spanish, French, Dutch
and Italian (with ``--into-english`` also each of them into English, sets named
"de-en" and so on; with ``--newstest`` also newstest2019 and 2020 English into
German, as a set of its own). Every item and every unperturbed reference goes through the
desk's checks as ``checks_eval.py`` runs them (``registry.run_checks``, blocker and
major issues). Reported per class and set: items, how many were flagged and by
which check (recall), and how many got any new issue, minor included; per set, the share
of unperturbed references flagged (false alarms). ``--per-class`` caps the items of
a class per set (a seeded sample) to keep the run to a few minutes; ``--examples N``
prints N missed items per class and set.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from copydesk.checks.base import SegmentContext
from copydesk.checks.registry import run_checks

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
from challenge_set import (  # noqa: E402
    ENGLISH,
    PERTURBATIONS,
    TARGETS,
    Item,
    directions,
    flores_pairs,
    generate,
)
from checks_eval import DATA, _serious_checks, reference_sets  # noqa: E402

Pairs = list[tuple[int, str, str]]


def sample(items: list[Item], per_class: int | None, seed: int) -> list[Item]:
    """At most ``per_class`` items of each class (a seeded sample, in corpus order)."""
    if per_class is None:
        return items
    by_class: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_class[item.klass].append(item)
    kept = []
    for name, group in by_class.items():
        rng = random.Random(f"{seed}:sample:{name}")
        kept.extend(group if len(group) <= per_class else rng.sample(group, per_class))
    return sorted(kept, key=lambda i: (i.index, list(PERTURBATIONS).index(i.klass)))


def evaluate(pairs: Pairs, lang: str, *, seed: int = 0, per_class: int | None = None,
             examples: int = 0, source_lang: str = ENGLISH) -> dict:
    """The figures of one set. ``flagged``: blocker or major issues from any check;
    ``flagged_new``: any issue, minor included, that the unperturbed reference lacks."""
    context = SegmentContext(source_lang, lang)
    before: dict[int, set[tuple[str, str]]] = {}
    alarms: Counter[str] = Counter()
    flagged = 0
    for index, source, reference in pairs:
        issues = run_checks(source, reference, context)
        before[index] = {(i.check, i.message) for i in issues}
        caught = _serious_checks(issues)
        flagged += bool(caught)
        alarms.update(caught)
    items, skipped = generate(pairs, lang, seed, source_lang=source_lang)
    items = sample(items, per_class, seed)
    classes: dict[str, dict] = {}
    for name in PERTURBATIONS:
        classes[name] = {"items": 0, "flagged": 0, "flagged_new": 0, "by_check": Counter(),
                         "skipped": skipped[name], "missed": []}
    for item in items:
        issues = run_checks(item.source, item.perturbed, context)
        caught = _serious_checks(issues)
        new = sorted({i.check for i in issues if (i.check, i.message) not in before[item.index]})
        row = classes[item.klass]
        row["items"] += 1
        row["flagged"] += bool(caught)
        row["flagged_new"] += bool(new)
        row["by_check"].update(caught)
        if not caught and len(row["missed"]) < examples:
            row["missed"].append({"index": item.index, "what": item.what,
                                  "source": item.source, "perturbed": item.perturbed,
                                  "new_minor": new})
    for row in classes.values():
        row["recall"] = row["flagged"] / row["items"] if row["items"] else None
        row["recall_new"] = row["flagged_new"] / row["items"] if row["items"] else None
        row["by_check"] = dict(row["by_check"].most_common())
    return {"classes": classes,
            "references": {"segments": len(pairs), "flagged": flagged,
                           "rate": flagged / len(pairs) if pairs else None,
                           "by_check": dict(alarms.most_common())}}


def corpora(langs: Sequence[str], limit: int | None, newstest: bool,
            into_english: bool = False) -> dict[str, tuple[str, str, Pairs]]:
    """The sets to perturb by name: (source language, target language, pairs). A set
    from English is named by its target ("de"), one into English by both ("de-en")."""
    sets = {(lang if src == ENGLISH else f"{src}-{lang}"): (src, lang,
                                                            flores_pairs(lang, limit, src))
            for src, lang in directions(langs, into_english)}
    if newstest:
        refs = reference_sets(DATA)
        pairs = (refs["newstest2019"] + refs["newstest2020"])[:limit]
        sets["de-newstest"] = (ENGLISH, "de", [(i, s, t) for i, (s, t) in enumerate(pairs)])
    return sets


def totals(result: dict[str, dict]) -> dict[str, dict]:
    """Recall per class over all sets."""
    out = {}
    for name in PERTURBATIONS:
        items = sum(r["classes"][name]["items"] for r in result.values())
        hit = sum(r["classes"][name]["flagged"] for r in result.values())
        hit_new = sum(r["classes"][name]["flagged_new"] for r in result.values())
        out[name] = {"items": items, "flagged": hit, "recall": hit / items if items else None,
                     "recall_new": hit_new / items if items else None}
    return out


def _pct(value: float | None) -> str:
    return "    -" if value is None else f"{value:6.1%}"


def print_report(result: dict[str, dict], examples: int) -> None:
    langs = list(result)
    print("Challenge set: recall per class (flagged blocker/major by any check)")
    print(f"  {'class':<18}" + "".join(f"{lang:>16}" for lang in langs) + f"{'all':>16}")
    overall = totals(result)
    for name in PERTURBATIONS:
        cells = "".join(f"{_pct(r['classes'][name]['recall'])} of {r['classes'][name]['items']:<5}"
                        for r in result.values())
        print(f"  {name:<18}{cells}{_pct(overall[name]['recall'])} of {overall[name]['items']:<5}")
    print("\nRecall counting minor issues too (any issue the unperturbed reference lacks)")
    for name in PERTURBATIONS:
        cells = "".join(f"{_pct(r['classes'][name]['recall_new'])} of "
                        f"{r['classes'][name]['items']:<5}" for r in result.values())
        print(f"  {name:<18}{cells}{_pct(overall[name]['recall_new'])} of "
              f"{overall[name]['items']:<5}")
    print("\nCaught by (items per check, all sets)")
    for name in PERTURBATIONS:
        by: Counter[str] = Counter()
        for r in result.values():
            by.update(r["classes"][name]["by_check"])
        print(f"  {name:<18}" + ", ".join(f"{k} {v}" for k, v in by.most_common()))
    print("\nSkipped (class not applicable to the pair)")
    for name in PERTURBATIONS:
        print(f"  {name:<18}" + "".join(f"{r['classes'][name]['skipped']:>8}"
                                        for r in result.values()))
    print("\nFalse alarms on the unperturbed references (blocker/major)")
    for lang, r in result.items():
        refs = r["references"]
        checks = ", ".join(f"{k} {v}" for k, v in refs["by_check"].items())
        print(f"  {lang:<12}{_pct(refs['rate'])} of {refs['segments']:<5} ({checks})")
    if examples:
        print("\nMissed items")
        for name in PERTURBATIONS:
            for lang, r in result.items():
                for miss in r["classes"][name]["missed"]:
                    minor = (f" (new minor: {', '.join(miss['new_minor'])})"
                             if miss["new_minor"] else "")
                    print(f"  [{name} {lang} #{miss['index']}] {miss['what']}{minor}\n"
                          f"      {miss['source'][:160]}\n   => {miss['perturbed'][:160]}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--examples", type=int, default=0,
                        help="show N missed items per class and set")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pairs")
    parser.add_argument("--per-class", type=int, default=200,
                        help="at most N items per class and set (default 200; 0: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lang", choices=TARGETS, action="append",
                        help="language paired with English (repeatable; default all five)")
    parser.add_argument("--into-english", action="store_true",
                        help="also the sets from each language into English")
    parser.add_argument("--newstest", action="store_true",
                        help="add newstest2019 and 2020 English-German as a set")
    args = parser.parse_args(argv)
    if (args.limit is not None and args.limit < 1) or args.per_class < 0:
        parser.error("--limit must be at least 1 and --per-class at least 0")
    result = {name: evaluate(pairs, lang, seed=args.seed, per_class=args.per_class or None,
                             examples=args.examples, source_lang=src)
              for name, (src, lang, pairs) in corpora(args.lang or TARGETS, args.limit,
                                                      args.newstest, args.into_english).items()}
    if args.json:
        json.dump({"seed": args.seed, "per_class": args.per_class, "sets": result,
                   "all": totals(result)}, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        print_report(result, args.examples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
