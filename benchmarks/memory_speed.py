"""How fast the translation memory finds fuzzy matches as it grows, and how many it misses.

Usage: ``python benchmarks/memory_speed.py [--sizes 10000,100000,1000000] [--queries 200]
[--workdir DIR] [--json]``

1. Sentences: the English sources in the shared data (``../shared/data`` or
   ``$COPYDESK_SHARED_DATA``: newstest2019/2020, FLORES-200 devtest, the MQM
   TED talks, WMT24 split into sentences),
   deduplicated; 5 % are held out as queries. Each memory is filled with the
   other real sentences and, to reach its size, seeded synthetic variants of
   them: word substitutions, changed numbers, swapped clauses and sentences
   spliced from two others.
2. For each size: build time (``add_many`` into a fresh file), size on disk,
   time to open the file and answer a first lookup, then p50/p95 latency of
   ``TranslationMemory.lookup`` (top 5 at or above 70 %) for half held-out
   sentences and half perturbed copies of stored ones (one to three words
   changed, so they have real fuzzy matches).
3. The same queries against a brute-force scan, ``rapidfuzz.process.extract``
   with the same scorer over every stored scoring form: its p50/p95 latency,
   the speed-up, and the recall of the index: the share of the scan's top-5
   matches at or above 70 % that the index also returns (a tie counts as found).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from rapidfuzz import fuzz, process

from copydesk import segment
from copydesk.memory import MemoryEntry, TranslationMemory
from copydesk.memory.normalize import exact_form, scoring_form

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
from tests.fixtures.shared_data import SHARED_DATA as DATA  # noqa: E402

SEED = 20240501
LIMIT, THRESHOLD = 5, 0.70
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?")


def real_pairs() -> list[tuple[str, str]]:
    """(English sentence, German translation or the sentence itself), deduplicated."""
    pairs: list[tuple[str, str]] = []
    wmt = DATA / "wmt" / "newstest2019-2020_en-de"
    for name in ("newstest2019", "newstest2020"):
        pairs += _aligned(wmt / f"{name}.eng", wmt / f"{name}.deu")
    flores = DATA / "flores200" / "devtest"
    pairs += _aligned(flores / "eng_Latn.devtest", flores / "deu_Latn.devtest")
    with (DATA / "mqm" / "ted" / "ende" / "mqm_ted_ende.tsv").open(encoding="utf-8") as f:
        pairs += [(row["source"], row["source"]) for row in
                  csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]
    wmt24 = DATA / "wmt" / "wmttest2024_en-de" / "sources" / "en-de.txt"
    for paragraph in wmt24.read_text(encoding="utf-8").splitlines():
        pairs += [(s, s) for s in segment.split(paragraph, "en") if len(s.split()) >= 3]
    seen: set[str] = set()
    unique = []
    for source, target in pairs:
        key = exact_form(source)
        if key and key not in seen and target.strip():
            seen.add(key)
            unique.append((source.strip(), target.strip()))
    return unique


def _aligned(source: Path, target: Path) -> list[tuple[str, str]]:
    return list(zip(source.read_text(encoding="utf-8").splitlines(),
                    target.read_text(encoding="utf-8").splitlines(), strict=True))


class Variants:
    """Seeded synthetic sentences made from real ones."""

    def __init__(self, sentences: list[str], seed: int) -> None:
        self.sentences = sentences
        self.rng = random.Random(seed)
        self.vocabulary = sorted({w for s in sentences for w in s.split() if w.isalpha()})

    def substitute(self, sentence: str, changes: int) -> str:
        words = sentence.split()
        for _ in range(changes):
            words[self.rng.randrange(len(words))] = self.rng.choice(self.vocabulary)
        return " ".join(words)

    def renumber(self, sentence: str) -> str:
        if not NUMBER_RE.search(sentence):
            return f"{sentence[:-1]} in {self.rng.randint(1990, 2030)}{sentence[-1:]}"
        return NUMBER_RE.sub(lambda _: str(self.rng.randint(2, 9999)), sentence)

    def reorder(self, sentence: str) -> str:
        clauses = sentence.split(", ")
        if len(clauses) < 2:
            return self.substitute(sentence, 1)
        self.rng.shuffle(clauses)
        return ", ".join(clauses)

    def splice(self, sentence: str) -> str:
        other = self.rng.choice(self.sentences).split()
        words = sentence.split()
        return " ".join(words[: len(words) // 2] + other[len(other) // 2:])

    def make(self, sentence: str) -> str:
        choice = self.rng.randrange(4)
        if choice == 0:
            return self.substitute(sentence, self.rng.randint(1, 3))
        return (self.renumber, self.reorder, self.splice)[choice - 1](sentence)


def memory_entries(pairs: list[tuple[str, str]], size: int, seed: int) -> Iterator[MemoryEntry]:
    """``size`` distinct entries: the real pairs first, then variants of them."""
    variants = Variants([s for s, _ in pairs], seed)
    rng = random.Random(seed + 1)

    def candidates() -> Iterator[tuple[str, str]]:
        yield from pairs
        while True:
            source, target = rng.choice(pairs)
            yield variants.make(source), target

    seen: set[str] = set()
    for text, target in candidates():
        key = exact_form(text)
        if key in seen or len(text.split()) < 2:
            continue
        seen.add(key)
        yield MemoryEntry(text, target, "en", "de", origin="import")
        if len(seen) == size:
            return


def make_queries(held_out: list[str], stored: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed + 2)
    variants = Variants(stored, seed + 3)
    half = count // 2
    perturbed = [variants.substitute(s, rng.randint(1, 3)) for s in rng.sample(stored, half)]
    return rng.sample(held_out, min(half, len(held_out))) + perturbed


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def build(size: int, pairs: list[tuple[str, str]], workdir: Path) -> tuple[Path, float, int]:
    """A fresh memory of ``size`` entries: its path, build seconds and bytes on disk."""
    path = workdir / f"memory-{size}.sqlite3"
    for stale in workdir.glob(f"memory-{size}.sqlite3*"):
        stale.unlink()
    entries = list(memory_entries(pairs, size, SEED))  # made before the clock starts
    started = time.perf_counter()
    with TranslationMemory(path) as memory:
        memory.add_many(entries)
        seconds = time.perf_counter() - started
        memory.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path, seconds, sum(p.stat().st_size for p in workdir.glob(f"{path.name}*"))


def compare(memory: TranslationMemory, queries: list[str], stored: list[str]) -> dict[str, float]:
    """Lookup latency, scan latency and the index's recall against the scan."""
    pair_id = memory.pair_id("en", "de") or 0
    indexed, scan, found, wanted = [], [], 0, 0
    for query in queries:
        started = time.perf_counter()
        memory.lookup(query, "en", "de", limit=LIMIT, threshold=THRESHOLD)
        indexed.append(time.perf_counter() - started)
        hits = memory.index.search(pair_id, scoring_form(query), limit=LIMIT,
                                   threshold=THRESHOLD)
        started = time.perf_counter()
        best = process.extract(scoring_form(query), stored, scorer=fuzz.ratio, limit=LIMIT,
                               score_cutoff=THRESHOLD * 100)
        scan.append(time.perf_counter() - started)
        got = sorted((score for _, score in hits), reverse=True)
        for rank, (_, score, _) in enumerate(best):
            wanted += 1
            found += rank < len(got) and got[rank] >= score / 100 - 1e-9
    return {
        "queries": len(queries),
        "lookup_p50_ms": round(1000 * statistics.median(indexed), 2),
        "lookup_p95_ms": round(1000 * percentile(indexed, 0.95), 2),
        "scan_p50_ms": round(1000 * statistics.median(scan), 2),
        "scan_p95_ms": round(1000 * percentile(scan, 0.95), 2),
        "speedup_p50": round(statistics.median(scan) / statistics.median(indexed), 1),
        "scan_matches": wanted, "recall": round(found / wanted, 4) if wanted else 1.0,
    }


def measure(size: int, pairs: list[tuple[str, str]], held_out: list[str], workdir: Path,
            queries_wanted: int) -> dict[str, float]:
    path, build_s, disk = build(size, pairs, workdir)
    started = time.perf_counter()
    with TranslationMemory(path) as memory:
        memory.lookup(held_out[0], "en", "de")
        first = time.perf_counter() - started
        sources = [row[0] for row in memory.db.execute("SELECT source FROM segments")]
        queries = make_queries(held_out, sources, queries_wanted, SEED)
        for query in queries[:20]:  # warm the postings cache, as on a running desk
            memory.lookup(query, "en", "de")
        figures = compare(memory, queries, [scoring_form(s) for s in sources])
    return {"size": size, "build_s": round(build_s, 1), "disk_mb": round(disk / 1e6, 1),
            "open_and_first_lookup_s": round(first, 2), **figures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    pairs = real_pairs()
    rng = random.Random(SEED)
    rng.shuffle(pairs)
    cut = len(pairs) // 20
    held_out, stored = [s for s, _ in pairs[:cut]], pairs[cut:]
    print(f"{len(pairs)} distinct real sentences ({len(held_out)} held out)", file=sys.stderr)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="memory-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        results.append(measure(size, stored, held_out, workdir, args.queries))
        print(json.dumps(results[-1]) if args.json else _line(results[-1]), flush=True)
    return 0


def _line(r: dict[str, float]) -> str:
    return (f"{r['size']:>9,} segments  build {r['build_s']}s  {r['disk_mb']} MB  "
            f"open+first {r['open_and_first_lookup_s']}s  lookup p50 {r['lookup_p50_ms']} ms "
            f"p95 {r['lookup_p95_ms']} ms  scan p50 {r['scan_p50_ms']} ms p95 "
            f"{r['scan_p95_ms']} ms  x{r['speedup_p50']}  recall {r['recall']:.2%} "
            f"of {r['scan_matches']}")


if __name__ == "__main__":
    sys.exit(main())
