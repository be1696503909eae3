"""Many workers on either task backend: real articles through Apertium and the pseudo engine.

Usage: ``python benchmarks/workers.py [--articles 200] [--workers 1,2,4]
[--backends database,rq] [--engines pseudo,apertium] [--profile 20] [--timeout 600]``

The articles are real: the English pages of ``../shared/data/pages`` (read
with the desk's HTML reader) and then FLORES-200 devtest articles (English
sentences grouped by their source URL), up to ``--articles``. For each engine
(Apertium English→Spanish, pseudo English→German), task backend (the
database queue; Redis through RQ in a Redis database claimed for the run) and
number of workers: a fresh ``COPYDESK_HOME`` with a SQLite desk, every article
ingested and its translation queued, then that many real ``copydesk worker``
processes started at once, and the run ends when no translation is left
translating. Reported: articles per minute (from the first job's start to the
last one's end), the wait in the queue (from the moment the workers took
their first job, or the job's enqueueing when later) at p50/p95, the pickup
gap (a worker's start of its next job after the end of its last: the queue's
own cost) at p50/p95, and per engine where a task's time goes (engine,
checks, storing, the rest), from the task run for ``--profile`` articles in
one process with its parts timed. ``benchmarks/README.md`` has the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
from tests.fixtures import served_desk  # noqa: E402
from tests.fixtures.shared_data import SHARED_DATA as DATA  # noqa: E402

SHELL = Path(__file__).with_name("desk_jobs.py")
COPYDESK = str(Path(sys.executable).with_name("copydesk"))
ENGINES = {"apertium": "es", "pseudo": "de"}  # engine -> target language (from English)
FLORES_PARAGRAPH = 4  # sentences a paragraph


# --- the articles -------------------------------------------------------------------------

def english_pages() -> list[dict[str, Any]]:
    from copydesk import languages
    from copydesk.ingest import from_html

    found = []
    for page in sorted((DATA / "pages").glob("*.html")):
        article = from_html(page.read_bytes())
        sample = " ".join([article.title, *(b.plain for b in article.blocks[:20])])
        if languages.base(article.language or languages.detect(sample)) == "en":
            found.append({**article.to_dict(), "language": "en"})
    return found


def flores_articles() -> list[dict[str, Any]]:
    folder = DATA / "flores200"
    urls = [line.split("\t")[0] for line in
            (folder / "metadata_devtest.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    sentences = (folder / "devtest" / "eng_Latn.devtest").read_text(
        encoding="utf-8").splitlines()
    grouped: dict[str, list[str]] = defaultdict(list)
    for url, sentence in zip(urls, sentences, strict=True):
        grouped[url].append(sentence.strip())
    articles = []
    for lines in grouped.values():
        body = [" ".join(lines[i:i + FLORES_PARAGRAPH])
                for i in range(1, len(lines), FLORES_PARAGRAPH)]
        articles.append({"title": lines[0], "language": "en",
                         "blocks": [{"kind": "paragraph", "text": text} for text in body]})
    return articles


def corpus(size: int) -> list[dict[str, Any]]:
    if not DATA.is_dir():
        raise SystemExit(f"needs the shared data folder {DATA}")
    found = (english_pages() + flores_articles())[:size]
    if len(found) < size:
        raise SystemExit(f"only {len(found)} articles found; ask for fewer with --articles")
    return found


def words(articles: list[dict[str, Any]]) -> int:
    return sum(len(a["title"].split()) + sum(len(b.get("text", "").split())
                                             for b in a["blocks"]) for a in articles)


# --- one desk, its shell and its workers ----------------------------------------------------

@contextlib.contextmanager
def desk(root: Path, **settings: str) -> Iterator[tuple[served_desk.ServedDesk,
                                                        served_desk.DeskShell]]:
    """A fresh desk home (SQLite) and a shell in it; nothing served."""
    home = root / "home"
    env = served_desk.desk_environment(home, memory="off", **settings)
    served = served_desk.ServedDesk(url="", home=home, env=env,
                                    process=None,  # type: ignore[arg-type]  # none served
                                    stdout=root / "shell.out", stderr=root / "shell.err")
    (root / "shell.err").touch()
    shell = served_desk.DeskShell(served, SHELL.read_text(), seconds=900)
    with shell:
        shell.call("migrate")
        yield served, shell


@contextlib.contextmanager
def workers(served: served_desk.ServedDesk, count: int, root: Path,
            **settings: str) -> Iterator[list[subprocess.Popen[bytes]]]:
    env = {**served.env, **{f"COPYDESK_{k.upper()}": v for k, v in settings.items()}}
    started = []
    try:
        for number in range(count):
            with (root / f"worker{number}.log").open("wb") as log:
                started.append(subprocess.Popen([COPYDESK, "worker"], env=env, stdout=log,
                                                stderr=log))
        yield started
    finally:
        for process in started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_done(shell: served_desk.DeskShell, seconds: float) -> dict[str, int]:
    deadline = time.monotonic() + seconds
    while True:
        found = shell.call("states")
        if not found.get("translating") or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


# --- one run ---------------------------------------------------------------------------------

@dataclass
class Run:
    engine: str
    backend: str
    workers: int
    articles: int
    per_minute: float
    wait_p50: float
    wait_p95: float
    gap_p50: float
    gap_p95: float
    task_p50: float
    failed: int
    twice: int  # jobs run more than once (none expected)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(engine: str, backend: str, count: int, articles: list[dict[str, Any]],
            timeout: float) -> Run:
    with tempfile.TemporaryDirectory(prefix="copydesk-workers-") as tmp, \
            (_redis() if backend == "rq" else contextlib.nullcontext(None)) as redis_url:
        root = Path(tmp)
        queue = {"task_backend": "rq", "redis_url": redis_url} if redis_url else {}
        with desk(root, **queue) as (served, shell):
            ids = shell.call("prepare", articles=articles, language=ENGINES[engine],
                             engine=engine)
            with workers(served, count, root):
                states = wait_done(shell, timeout)
            jobs = shell.call("jobs")
    return summarise(engine, backend, count, len(ids), states, jobs)


@contextlib.contextmanager
def _redis() -> Iterator[str]:
    from tests.fixtures.redis_server import claimed_database

    with claimed_database() as url:
        yield url


def summarise(engine: str, backend: str, count: int, articles: int, states: dict[str, int],
              jobs: list[dict[str, Any]]) -> Run:
    done = [j for j in jobs if j["started"] and j["finished"]]
    first = min(j["started"] for j in done)
    last = max(j["finished"] for j in done)
    waits = [j["started"] - max(j["queued"], first) for j in done]
    gaps = []
    by_worker: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for job in done:
        by_worker[job["worker"]].append(job)
    for mine in by_worker.values():
        mine.sort(key=lambda j: j["started"])
        gaps += [b["started"] - a["finished"] for a, b in itertools.pairwise(mine)]
    return Run(engine, backend, count, articles,
               per_minute=len(done) / max(last - first, 1e-9) * 60,
               wait_p50=percentile(waits, 0.5), wait_p95=percentile(waits, 0.95),
               gap_p50=percentile(gaps, 0.5), gap_p95=percentile(gaps, 0.95),
               task_p50=statistics.median(j["finished"] - j["started"] for j in done),
               failed=states.get("failed", 0) + states.get("translating", 0),
               twice=len(jobs) - articles)


def profile(engine: str, articles: list[dict[str, Any]]) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="copydesk-profile-") as tmp, \
            desk(Path(tmp)) as (_, shell):
        ids = shell.call("prepare", articles=articles, language=ENGINES[engine], engine=engine)
        return dict(shell.call("profile", translation_ids=ids))


# --- output ----------------------------------------------------------------------------------

def table(runs: list[Run]) -> str:
    lines = ["| engine | backend | workers | articles/min | queue wait p50 / p95 (s) | "
             "pickup gap p50 / p95 (ms) | task p50 (s) | failed | run twice |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        lines.append(f"| {r.engine} | {r.backend} | {r.workers} | {r.per_minute:.0f} | "
                     f"{r.wait_p50:.1f} / {r.wait_p95:.1f} | "
                     f"{r.gap_p50 * 1000:.0f} / {r.gap_p95 * 1000:.0f} | "
                     f"{r.task_p50:.2f} | {r.failed} | {r.twice} |")
    return "\n".join(lines)


def parts_table(spent: dict[str, dict[str, float]]) -> str:
    names = ["engine", "checks", "storing", "other"]
    lines = ["| engine | task time per article (s) | " + " | ".join(names) + " |",
             "|---|---|" + "---|" * len(names)]
    for engine, parts in spent.items():
        total = parts["total"]
        shares = " | ".join(f"{parts.get(n, 0.0) / total:.0%}" for n in names)
        lines.append(f"| {engine} | {total / parts['articles']:.2f} | {shares} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--backends", default="database,rq")
    parser.add_argument("--engines", default="pseudo,apertium")
    parser.add_argument("--profile", type=int, default=20,
                        help="articles per engine for the breakdown of a task's time (0: none)")
    parser.add_argument("--timeout", type=float, default=600,
                        help="seconds one run may take before it is cut short")
    args = parser.parse_args()
    articles = corpus(args.articles)
    print(f"{len(articles)} articles, {words(articles)} words", flush=True)
    runs = []
    for engine in args.engines.split(","):
        for backend in args.backends.split(","):
            for count in (int(n) for n in args.workers.split(",")):
                started = time.monotonic()
                runs.append(measure(engine, backend, count, articles, args.timeout))
                print(f"{table(runs[-1:]).splitlines()[-1]} "
                      f"({time.monotonic() - started:.0f} s with setup)", flush=True)
    print(table(runs), flush=True)
    if args.profile:
        spent = {}
        for engine in args.engines.split(","):
            parts = profile(engine, articles[:args.profile])
            spent[engine] = {**parts, "articles": float(min(args.profile, len(articles)))}
        print(parts_table(spent))


if __name__ == "__main__":
    main()
