"""Drafts that stream: time to the first reviewable segment against time to the full draft.

Usage: ``python benchmarks/streaming.py [--words 2000] [--engines apertium,pseudo]
[--batch-sizes 32,8] [--repeat 3]``

The article: FLORES-200 devtest English sentences (``../shared/data/flores200``)
in their order, four to a paragraph, until it has ``--words`` words; the
first sentence is the headline. For each engine (Apertium English→Spanish
when installed, pseudo English→German) and batch size, a fresh desk (SQLite,
database queue) queues the translation, one real ``copydesk worker`` takes
it, and the desk's own records say when: the task started (the queue's
``started_at``), the headline and the first segment were stored (their
machine revisions' ``created_at``), and the draft was done (the
``machine_translated`` audit event). Before streaming, an editor waited for
the full draft; now the headline is reviewable after the first batch.
Medians of ``--repeat`` runs are printed as a table.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
from benchmarks.workers import ENGINES, desk, wait_done, workers  # noqa: E402
from tests.fixtures.shared_data import SHARED_DATA as DATA  # noqa: E402

PARAGRAPH = 4  # sentences a paragraph


def long_article(size: int) -> dict[str, Any]:
    """FLORES English sentences in order until the article has ``size`` words."""
    path = DATA / "flores200" / "devtest" / "eng_Latn.devtest"
    if not path.is_file():
        raise SystemExit(f"needs the shared data file {path}")
    sentences, count = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if count >= size:
            break
        sentences.append(line.strip())
        count += len(line.split())
    body = [" ".join(sentences[i:i + PARAGRAPH]) for i in range(1, len(sentences), PARAGRAPH)]
    return {"title": sentences[0], "language": "en",
            "blocks": [{"kind": "paragraph", "text": text} for text in body]}


def available(engine: str) -> bool:
    return engine != "apertium" or shutil.which("apertium") is not None


def one_run(engine: str, batch_size: int, article: dict[str, Any]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="copydesk-streaming-") as tmp:
        root = Path(tmp)
        with desk(root) as (served, shell):
            (translation,) = shell.call("prepare", articles=[article],
                                        language=ENGINES[engine], engine=engine)
            with workers(served, 1, root, batch_size=str(batch_size)):
                wait_done(shell, 600)
            found = shell.call("streamed", translation_id=translation)
    if found["state"] != "in_review":
        raise SystemExit(f"the translation ended {found['state']}; see the worker's log")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--engines", default="apertium,pseudo")
    parser.add_argument("--batch-sizes", default="32,8")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    article = long_article(args.words)
    size = len(article["title"].split()) + sum(len(b["text"].split()) for b in article["blocks"])
    print(f"article: {size} words, {len(article['blocks'])} paragraphs", flush=True)
    rows = ["| engine | batch size | segments | first segment (s) | headline (s) | "
            "full draft (s) | first / full |", "|---|---|---|---|---|---|---|"]
    for engine in args.engines.split(","):
        if not available(engine):
            print(f"{engine}: not installed, left out", flush=True)
            continue
        for batch in (int(n) for n in args.batch_sizes.split(",")):
            runs = [one_run(engine, batch, article) for _ in range(args.repeat)]
            first = statistics.median(r["first"] - r["started"] for r in runs)
            headline = statistics.median(r["headline"] - r["started"] for r in runs)
            full = statistics.median(r["done"] - r["started"] for r in runs)
            rows.append(f"| {engine} | {batch} | {runs[0]['segments']} | {first:.2f} | "
                        f"{headline:.2f} | {full:.2f} | {first / full:.0%} |")
            print(rows[-1], flush=True)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
