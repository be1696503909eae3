"""Load on the web desk: many editors autosaving at once, on SQLite and on PostgreSQL.

Usage: ``python benchmarks/desk_load.py [--backends sqlite,postgresql] [--editors 20]
[--articles 5] [--segments 60] [--seconds 20] [--think 3.0]
[--postgres postgresql://postgres@127.0.0.1:5432/postgres] [--set web_threads=4]
[--py-spy FILE]``

For each database: a fresh desk (temporary ``COPYDESK_HOME``, or a fresh
PostgreSQL database dropped afterwards) with editors and 60-segment articles in
review, prepared in a child process so this one never sets up Django; then
``copydesk serve`` on a loopback port, and the editors, each with its own
session, sending the review screen's autosave requests with the version they
last saw (a 409 is a conflict, counted apart from errors) and reopening the
review screen now and then. Reported: p50/p95/max latency of a save and of
opening the review screen, requests per second, conflicts and errors; the
target is a save's p95 under 100 ms. ``benchmarks/README.md`` has the details.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from lxml import html as lxml_html

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
from tests.fixtures.shared_data import SHARED_DATA as DATA  # noqa: E402

SENTENCES = DATA / "wmt" / "newstest2019-2020_en-de" / "newstest2019.eng"
MAX_SENTENCES = 1900
TARGET_P95_MS = 100.0
START_SECONDS = 90


@dataclass
class Sample:
    kind: str  # "save" or "open"
    seconds: float
    outcome: str  # "ok", "conflict" or "error"


@dataclass
class Segment:
    save_url: str
    version: int
    text: str  # the target as the page showed it


@dataclass
class Plan:
    """What one simulated editor does."""

    username: str
    review_url: str
    own: list[int]  # the positions on the sheet this editor mostly works on
    seed: int
    samples: list[Sample] = field(default_factory=list)


# --- preparing the desk (runs in a child process) ---------------------------------------

def _article(number: int, sentences: list[str], size: int) -> dict[str, Any]:
    start = number * size
    lines = sentences[start:start + size]
    return {"title": lines[0], "language": "en",
            "blocks": [{"kind": "paragraph", "text": line} for line in lines[1:]]}


def prepare(home: str, database_url: str | None, password: str, editors: int, articles: int,
            segments: int) -> list[int]:
    """Set up a desk with people and articles in review; the translations' ids."""
    import django
    from django.conf import settings as django_settings

    from copydesk import settings as copydesk_settings
    from copydesk.article import Article
    from copydesk.desk.project import settings as project

    desk = copydesk_settings.load(options={"home": home}, environ={})
    django_settings.configure(**project.build(desk, secret_key="prepare-only",
                                              database_url=database_url,
                                              tasks=project.IMMEDIATE_TASKS))
    django.setup()
    from django.core.management import call_command

    from copydesk.desk import roles, sources, workflow
    from copydesk.desk.models import Edition, Role, User

    call_command("migrate", interactive=False, verbosity=0)
    edition = Edition.objects.create(code="de", name="German edition", language="de",
                                     engine="pseudo")
    people = []
    for number in range(editors):
        person = User.objects.create_user(username=f"editor{number:02}", password=password)
        roles.grant(person, Role.EDITOR)
        people.append(person)
    sentences = [s.strip() for s in SENTENCES.read_text(encoding="utf-8").splitlines()
                 if s.strip() and "<" not in s]
    made = []
    for number in range(articles):
        source = Article.from_dict(_article(number, sentences, segments))
        article = sources.ingest(source, key=f"load:{number}", user=people[0]).article
        made.append(workflow.request_translation(article, edition, user=people[0]).pk)
    return made


def prepare_in_child(home: Path, database_url: str | None, args: argparse.Namespace) -> list[int]:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(prepare, str(home), database_url, args.password, args.editors,
                           args.articles, args.segments).result()


# --- the server ------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serving(home: Path, database_url: str | None,
            settings: Sequence[str] = ()) -> Iterator[tuple[str, int]]:
    """``copydesk serve`` on a free loopback port until the block ends; address and pid.

    ``settings``: ``name=value`` pairs given to the server as ``COPYDESK_<NAME>``.
    """
    env = {k: v for k, v in os.environ.items()
           if k != "DATABASE_URL" and not k.startswith("COPYDESK_")}
    env["COPYDESK_HOME"] = str(home)
    for pair in settings:
        name, _, value = pair.partition("=")
        env[f"COPYDESK_{name.strip().upper()}"] = value.strip()
    if database_url:
        env["DATABASE_URL"] = database_url
    port = _free_port()
    log = (home / "serve.log").open("wb")
    server = subprocess.Popen([sys.executable, "-c", "from copydesk.cli import main; main()",
                               "serve", "--port", str(port)], env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server, home / "serve.log")
        yield base, server.pid
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _wait_until_up(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"copydesk serve stopped:\n{log.read_text(errors='replace')}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{base}/login/", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"copydesk serve did not answer within {START_SECONDS} s")


# --- one simulated editor --------------------------------------------------------------

class EditorSession:
    """A signed-in browser session: its cookies, its CSRF token, the versions it saw."""

    sheet: list[Segment]

    def __init__(self, base: str, username: str, password: str) -> None:
        self.client = httpx.Client(base_url=base, timeout=30, headers={"Origin": base})
        self.token, self.sheet = "", []
        self.client.get("/login/")
        answer = self.client.post("/login/", data={
            "username": username, "password": password,
            "csrfmiddlewaretoken": self.client.cookies["csrftoken"]})
        if answer.status_code != 302 or "/login/" in answer.headers.get("location", ""):
            raise RuntimeError(f"{username} could not sign in (HTTP {answer.status_code})")

    def open_review(self, url: str) -> Sample:
        """Open the review screen and remember the segments' versions and texts."""
        started = time.perf_counter()
        answer = self.client.get(url)
        took = time.perf_counter() - started
        if answer.status_code != 200:
            return Sample("open", took, "error")
        page = lxml_html.fromstring(answer.text)
        self.token = page.xpath("//meta[@name='csrf-token']/@content")[0]
        self.sheet = [Segment(save_url=node.get("data-save-url"),
                              version=int(node.get("data-version")),
                              text=node.xpath(".//div[contains(@class, 'target')]")[0]
                              .text_content().strip())
                      for node in page.xpath("//article[contains(@class, 'segment')]")]
        return Sample("open", took, "ok" if self.sheet else "error")

    def save(self, segment: Segment, text: str) -> Sample:
        """The autosave request of the review screen, from the version last seen."""
        started = time.perf_counter()
        try:
            answer = self.client.post(
                segment.save_url, data={"version": str(segment.version), "text": text},
                headers={"X-CSRFToken": self.token, "Accept": "application/json"})
        except httpx.TransportError:
            return Sample("save", time.perf_counter() - started, "error")
        took = time.perf_counter() - started
        if answer.status_code == 200:
            segment.version = answer.json()["version"]
            return Sample("save", took, "ok")
        if answer.status_code == 409 and answer.json().get("code") == "edit_conflict":
            segment.version = answer.json()["version"]  # carry on from their version
            return Sample("save", took, "conflict")
        return Sample("save", took, "error")


def work(base: str, plan: Plan, start: threading.Barrier, args: argparse.Namespace) -> Plan:
    """Sign in, wait for the others, then save segments until the time or budget runs out."""
    rng = random.Random(plan.seed)
    try:
        session = EditorSession(base, plan.username, args.password)
    except Exception:
        start.abort()  # the others stop waiting
        raise
    try:
        start.wait()
        until = time.monotonic() + args.seconds
        time.sleep(rng.uniform(0, args.think))  # people do not all open the page at once
        plan.samples.append(session.open_review(plan.review_url))
        saves = 0
        while time.monotonic() < until and saves < args.saves and session.sheet:
            mine = rng.random() >= args.overlap and plan.own
            position = rng.choice(plan.own) if mine else rng.randrange(len(session.sheet))
            segment = session.sheet[position % len(session.sheet)]
            text = f"{segment.text} ({plan.username}, {saves})"
            plan.samples.append(session.save(segment, text))
            saves += 1
            if saves % args.reopen == 0:
                plan.samples.append(session.open_review(plan.review_url))
            time.sleep(rng.uniform(0, args.think))
    finally:
        session.client.close()
    return plan


def warm_up(base: str, translation: int, args: argparse.Namespace) -> float:
    """Three saves on a freshly started server, before the measured run; their seconds.

    The first save loads what the checks need (the language identifier's
    model, locale data), which a server does once after it starts.
    """
    session = EditorSession(base, "editor00", args.password)
    try:
        session.open_review(f"/translations/{translation}/")
        return sum(session.save(segment, f"{segment.text} (warm-up)").seconds
                   for segment in session.sheet[1:4])
    finally:
        session.client.close()


def plans(translations: Sequence[int], args: argparse.Namespace) -> list[Plan]:
    """Editors spread over the articles; each article's editors split its segments."""
    made = []
    for number in range(args.editors):
        article = number % len(translations)
        sharing = list(range(article, args.editors, len(translations)))
        slot, width = sharing.index(number), max(1, args.segments // len(sharing))
        made.append(Plan(username=f"editor{number:02}",
                         review_url=f"/translations/{translations[article]}/",
                         own=list(range(slot * width, (slot + 1) * width)), seed=number))
    return made


# --- running and reporting -------------------------------------------------------------

def run_load(base: str, translations: Sequence[int], args: argparse.Namespace) -> dict[str, Any]:
    work_plans = plans(translations, args)
    started: list[float] = []
    start = threading.Barrier(len(work_plans), action=lambda: started.append(time.monotonic()))
    with ThreadPoolExecutor(max_workers=len(work_plans)) as pool:
        done = list(pool.map(lambda plan: work(base, plan, start, args), work_plans))
    wall = time.monotonic() - started[0]
    return summarize([s for plan in done for s in plan.samples], wall)


def _ms(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summarize(samples: list[Sample], wall: float) -> dict[str, Any]:
    row: dict[str, Any] = {"requests": len(samples), "rps": len(samples) / wall,
                           "conflicts": sum(s.outcome == "conflict" for s in samples),
                           "errors": sum(s.outcome == "error" for s in samples)}
    for kind in ("save", "open"):
        took = [s.seconds for s in samples if s.kind == kind and s.outcome != "error"]
        row[kind] = {"n": len(took), "p50": 1000 * statistics.median(took) if took else 0.0,
                     "p95": _ms(took, 0.95), "max": 1000 * max(took, default=0.0)}
    return row


@contextlib.contextmanager
def fresh_postgres(admin_url: str) -> Iterator[str]:
    """A new database on the server of ``admin_url``, dropped when the block ends."""
    import psycopg

    name = f"copydesk_load_{secrets.token_hex(4)}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_backend(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="copydesk-load-") as folder, \
            (fresh_postgres(args.postgres) if backend == "postgresql"
             else contextlib.nullcontext(None)) as url:
        home = Path(folder)
        translations = prepare_in_child(home, url, args)
        with serving(home, url, args.set) as (base, pid):
            cold = warm_up(base, translations[0], args)
            profile = args.py_spy.with_name(f"{args.py_spy.stem}-{backend}.txt") \
                if args.py_spy else None
            with sampling(pid, profile):
                row = run_load(base, translations, args)
            return {"backend": backend, "cold_ms": 1000 * cold, **row}


@contextlib.contextmanager
def sampling(pid: int, output: Path | None) -> Iterator[None]:
    """Record the stacks of the server and its processes with py-spy (collapsed format)."""
    if output is None:
        yield
        return
    spy = subprocess.Popen(["py-spy", "record", "--pid", str(pid), "--subprocesses",
                            "--format", "raw", "--rate", "200", "--output", str(output)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        spy.send_signal(signal.SIGINT)  # py-spy writes its file and stops
        spy.wait(timeout=60)
        print(f"py-spy profile of the server: {output}", file=sys.stderr)


def print_table(rows: list[dict[str, Any]]) -> None:
    print("| database | saves | save p50 / p95 / max (ms) | review screens | "
          "open p50 / p95 / max (ms) | requests/s | conflicts | errors |")
    print("|---|---:|---|---:|---|---:|---:|---:|")
    for row in rows:
        save, opened = row["save"], row["open"]
        print(f"| {row['backend']} | {save['n']} | {save['p50']:.0f} / {save['p95']:.0f} / "
              f"{save['max']:.0f} | {opened['n']} | {opened['p50']:.0f} / {opened['p95']:.0f}"
              f" / {opened['max']:.0f} | {row['rps']:.1f} | {row['conflicts']} | "
              f"{row['errors']} |")
    for row in rows:
        print(f"{row['backend']}: the first three saves after the server started took "
              f"{row['cold_ms']:.0f} ms (not in the table)")
    for row in rows:
        verdict = "meets" if row["save"]["p95"] < TARGET_P95_MS else "misses"
        print(f"{row['backend']}: save p95 {row['save']['p95']:.0f} ms {verdict} the "
              f"{TARGET_P95_MS:.0f} ms target")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="a database on the server to connect to for CREATE/DROP DATABASE")
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--articles", type=int, default=5)
    parser.add_argument("--segments", type=int, default=60, help="segments per article")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long editors work")
    parser.add_argument("--saves", type=int, default=500, help="at most this many saves each")
    parser.add_argument("--think", type=float, default=3.0,
                        help="an editor waits up to this many seconds between saves "
                             "(0: as fast as the desk answers)")
    parser.add_argument("--reopen", type=int, default=10,
                        help="open the review screen again after this many saves")
    parser.add_argument("--overlap", type=float, default=0.1,
                        help="share of saves on a segment anywhere in the article")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for the server, e.g. web_workers=4 (repeatable)")
    parser.add_argument("--py-spy", type=Path, metavar="FILE",
                        help="record the server with py-spy during the run (FILE-<db>.txt)")
    args = parser.parse_args(argv)
    args.password = "load-" + secrets.token_urlsafe(12)
    args.backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if not set(args.backends) <= {"sqlite", "postgresql"}:
        parser.error("--backends takes sqlite and/or postgresql")
    if args.articles * args.segments > MAX_SENTENCES:
        parser.error(f"--articles x --segments may be at most {MAX_SENTENCES} (the sentences "
                     "of newstest2019)")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    rows = []
    for backend in args.backends:
        print(f"== {backend}: {args.editors} editors, {args.articles} articles of "
              f"{args.segments} segments, {args.seconds:.0f} s", file=sys.stderr)
        rows.append(run_backend(backend, args))
    print_table(rows)


if __name__ == "__main__":
    main()
