"""A worker SIGKILLed mid-task, with real processes, on SQLite and PostgreSQL, with the
database queue and with Redis (task_backend 'rq', a Redis database of the module's own).

``copydesk serve --no-worker`` serves the desk; the tests start and kill
``copydesk worker`` processes themselves. The edition translates with the
``openai`` engine against a chat server in this test process on 127.0.0.1
that answers one segment per request (``batch_size`` 1) and can hold the
requests from a given one on: so a worker is killed exactly while that batch
is in flight, the first, a middle or the last one. Desk records are read back
through a ``DeskShell``; pages and actions go through the served desk with API
tokens. Leases last two seconds here (heartbeat every half second).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fixtures import served_desk
from tests.fixtures.redis_server import claimed_database
from tests.fixtures.served_desk import DeskShell, ServedDesk

pytestmark = pytest.mark.slow

LEASE_SECONDS = 2.0
RECORDS = Path(__file__).with_name("worker_records.py")
COPYDESK = [str(Path(sys.executable).with_name("copydesk"))]
PARAGRAPHS = [f"Paragraph {word} reports on the harbour works." for word in
              ("one", "two", "three", "four", "five", "six", "seven", "eight")]
SEGMENTS = 1 + len(PARAGRAPHS)  # the headline, then one sentence a paragraph
PEOPLE = {"erika": ["editor"], "paula": ["publisher"]}
WAIT_SECONDS = 90
# (database, task backend): the database queue, and Redis through RQ, on both databases.
SETUPS = [("sqlite", "database"), ("postgresql", "database"), ("sqlite", "rq"),
          ("postgresql", "rq")]


class FakeChat:
    """An OpenAI-compatible chat server: each segment comes back as ``[de] <text>``.

    ``hold(n)``: the n-th request from now on, and every later one, waits
    until ``release()``; a worker killed meanwhile never gets its answer.
    """

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.arrived = 0
        self.hold_from: int | None = None
        chat = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                chat.wait_turn()
                asked = json.loads(body["messages"][-1]["content"])["segments"]
                answer = {"segments": [{"id": s["id"], "text": f"[de] {s['text']}"}
                                       for s in asked]}
                reply = json.dumps({"choices": [{"message": {"content": json.dumps(answer)}}]})
                with contextlib.suppress(OSError):  # the worker was killed meanwhile
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(reply)))
                    self.end_headers()
                    self.wfile.write(reply.encode())

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_turn(self) -> None:
        with self.lock:
            self.arrived += 1
            mine = self.arrived
            self.lock.notify_all()
            while self.hold_from is not None and mine >= self.hold_from:
                self.lock.wait(0.2)

    def hold(self, n: int) -> int:
        """Hold the n-th request from now on; the number it will arrive as."""
        with self.lock:
            self.hold_from = self.arrived + n
            return self.hold_from

    def wait_for(self, number: int, seconds: float = WAIT_SECONDS) -> None:
        with self.lock:
            if not self.lock.wait_for(lambda: self.arrived >= number, seconds):
                pytest.fail(f"the engine got {self.arrived} requests, not {number}")

    def release(self) -> None:
        with self.lock:
            self.hold_from = None
            self.lock.notify_all()


@dataclass
class Desk:
    """The served desk (no worker of its own), its shell, tokens, and the workers started."""

    served: ServedDesk
    shell: DeskShell
    chat: FakeChat
    tokens: dict[str, str]
    database: str
    backend: str
    root: Path
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start_worker(self, name: str) -> subprocess.Popen[bytes]:
        with (self.root / f"{name}.out").open("wb") as out, \
                (self.root / f"{name}.err").open("wb") as err:
            worker = subprocess.Popen([*COPYDESK, "worker"], env=self.served.env,
                                      stdout=out, stderr=err)
        self.workers.append(worker)
        return worker

    def stop_workers(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        for worker in self.workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        self.workers.clear()

    def state(self, translation_id: int) -> dict[str, Any]:
        return self.shell.call("state", translation_id=translation_id)

    def until(self, translation_id: int, test: Callable[[dict[str, Any]], bool], what: str,
              seconds: float = WAIT_SECONDS) -> dict[str, Any]:
        deadline = time.monotonic() + seconds
        while True:
            found = self.state(translation_id)
            if test(found):
                return found
            if time.monotonic() > deadline:
                pytest.fail(f"{what} did not happen in {seconds:.0f} s: {found}\n"
                            f"{self.logs()}")
            time.sleep(0.1)

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-1500:]}"
                         for p in sorted(self.root.glob("*.err")))

    def get(self, path: str, who: str) -> httpx.Response:
        return httpx.get(self.served.url + path.lstrip("/"), timeout=30,
                         headers={"Authorization": f"Bearer {self.tokens[who]}"})

    def post(self, path: str, who: str, **data: str) -> httpx.Response:
        return httpx.post(self.served.url + path.lstrip("/"), data=data, timeout=30,
                          headers={"Authorization": f"Bearer {self.tokens[who]}"})

    def request(self, key: str) -> int:
        return int(self.shell.call("request", key=f"{key}-{time.monotonic_ns()}",
                                   paragraphs=PARAGRAPHS, edition="de", username="erika"))


@contextlib.contextmanager
def serve_without_worker(root: Path, database_url: str | None, chat: FakeChat,
                         redis_url: str | None = None) -> Iterator[ServedDesk]:
    port = served_desk.free_port()
    queue = {"task_backend": "rq", "redis_url": redis_url} if redis_url else {}
    env = served_desk.desk_environment(
        root / "home", database_url=database_url, web_workers="2", web_threads="1",
        openai_base_url=chat.url, batch_size="1", worker_lease_seconds=str(LEASE_SECONDS),
        worker_max_attempts="3", memory="off", **queue)
    out, err = root / "serve.out", root / "serve.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen([*COPYDESK, "serve", "--no-worker", "--host", "127.0.0.1",
                                    "--port", str(port)], env=env, stdout=stdout, stderr=stderr)
    desk = ServedDesk(url=f"http://127.0.0.1:{port}/", home=root / "home", env=env,
                      process=process, stdout=out, stderr=err)
    try:
        deadline = time.monotonic() + served_desk.START_SECONDS
        while not _answers(desk):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"copydesk serve --no-worker did not start:\n{desk.log_tail()}")
            time.sleep(0.2)
        assert "no background worker" in out.read_text()
        yield desk
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=served_desk.STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _answers(desk: ServedDesk) -> bool:
    try:
        return httpx.get(f"{desk.url}login/", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


@pytest.fixture(scope="module", params=SETUPS, ids=["-".join(s) for s in SETUPS])
def desk(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    kind, backend = request.param
    root = tmp_path_factory.mktemp(f"worker-{kind}-{backend}")
    database = (contextlib.nullcontext() if kind == "sqlite"
                else served_desk.fresh_postgres_database("copydesk_worker_"))
    queue = claimed_database() if backend == "rq" else contextlib.nullcontext()
    chat = FakeChat()
    try:
        with queue as redis_url, database as url, \
                serve_without_worker(root, url, chat, redis_url) as served, \
                DeskShell(served, RECORDS.read_text()) as shell:
            tokens = shell.call("add_people", people=PEOPLE)
            shell.call("add_edition", code="de", engine="openai")
            found = Desk(served, shell, chat, tokens, kind, backend, root)
            try:
                yield found
            finally:
                found.stop_workers()
    finally:
        chat.release()
        chat.server.shutdown()


@pytest.fixture
def fresh(desk: Desk) -> Iterator[Desk]:
    """The module's desk, with every worker of the test stopped afterwards."""
    desk.chat.release()
    try:
        yield desk
    finally:
        desk.chat.release()
        desk.stop_workers()


def finished(found: dict[str, Any]) -> bool:
    """In review, its last task done and the lease given back (the store commits first)."""
    return (found["state"] == "in_review" and found["tasks"][-1]["status"] == "SUCCESSFUL"
            and not found["leases"])


def pid_of(worker_id: str) -> int:
    return int(worker_id.split(":")[-2])


def holder(found: dict[str, Any]) -> str:
    held = [lease["worker_id"] for lease in found["leases"] if lease["worker_id"]]
    return held[0] if held else ""


def kill(worker: subprocess.Popen[bytes]) -> float:
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    return time.monotonic()


def assert_translated_once(found: dict[str, Any]) -> None:
    """Every segment exactly once, one machine draft, the trail intact, no lease left."""
    keys = [key for key, active, _ in found["segments"]]
    assert len(keys) == len(set(keys)) == SEGMENTS, keys
    assert all(active and target.startswith("[de] ") for _, active, target in found["segments"])
    assert Counter(key for key, _ in found["revisions"]) == dict.fromkeys(keys, 1)
    assert found["events"].count("machine_translated") == 1
    assert found["verified"] is True
    assert found["leases"] == []


def hh_mm(moment: str) -> str:
    return datetime.fromisoformat(moment).strftime("%H:%M")


def assert_shown_stalled(desk: Desk, translation_id: int, since: str) -> None:
    row = desk.get(f"translations/{translation_id}/row/", "paula")
    assert row.status_code == 200
    assert re.search(rf"stalled: the worker stopped answering at {hh_mm(since)} UTC; it will "
                     r"be taken over by the next free worker, or you can", row.text), row.text
    page = desk.get(f"translations/{translation_id}/", "paula")
    assert page.status_code == 200
    assert f"the worker stopped answering at {hh_mm(since)} UTC" in page.text
    assert 'id="withdraw"' in page.text  # the publisher's withdraw form, while translating


@pytest.mark.parametrize("kill_at", [1, 4, SEGMENTS], ids=["first-batch", "middle", "last"])
def test_a_killed_worker_s_task_is_taken_over_and_stored_exactly_once(fresh, kill_at):
    desk = fresh
    arrives = desk.chat.hold(kill_at)
    translation = desk.request(f"kill-{kill_at}")
    first = desk.start_worker(f"first-{kill_at}")
    desk.chat.wait_for(arrives)
    running = desk.state(translation)
    dead = holder(running)
    assert pid_of(dead) == first.pid and running["state"] == "translating"
    kill(first)
    stalled = desk.until(translation, lambda s: s["stalled_since"] is not None, "the stall")
    assert stalled["state"] == "translating" and stalled["tasks"][0]["status"] == "RUNNING"
    assert_shown_stalled(desk, translation, stalled["stalled_since"])
    desk.chat.release()
    second = desk.start_worker(f"second-{kill_at}")
    done = desk.until(translation, finished, "the takeover")
    assert_translated_once(done)
    (task,) = done["tasks"]
    assert task["status"] == "SUCCESSFUL" and task["worker_ids"][0] == dead
    assert len(task["worker_ids"]) == 2 and pid_of(task["worker_ids"][1]) == second.pid
    assert "queued again" in (desk.root / f"second-{kill_at}.err").read_text()


def test_a_streaming_draft_is_reviewed_as_it_arrives_and_a_takeover_keeps_the_edit(fresh):
    desk = fresh
    arrives = desk.chat.hold(4)  # three segments answered and stored, the fourth held
    translation = desk.request("streaming")
    first = desk.start_worker("streaming-first")
    desk.chat.wait_for(arrives)
    running = desk.until(translation, lambda s: sum(
        t.startswith("[de] ") for _, _, t in s["segments"]) == 3, "the first three segments")
    assert running["state"] == "translating" and len(running["segments"]) == SEGMENTS
    ids = desk.shell.call("segment_ids", translation_id=translation)
    assert [ids[k]["origin"] for k in ("title.s1", "b2.s1", "b3.s1")] == ["mt", "mt", "pending"]
    title, pending = ids["title.s1"], ids["b3.s1"]
    page = desk.get(f"translations/{translation}/", "erika").text
    assert page.count('class="segment-pending"') == SEGMENTS - 3
    confirmed = desk.post(f"segments/{title['pk']}/confirm/", "erika", text="[de] Von Hand",
                          version=str(title["version"]))
    assert confirmed.status_code == 200, confirmed.text
    refused = httpx.post(f"{desk.served.url}segments/{pending['pk']}/confirm/",
                         data={"version": "1"}, timeout=30,
                         headers={"Authorization": f"Bearer {desk.tokens['erika']}",
                                  "Accept": "application/json"})  # as the review screen asks
    assert refused.status_code >= 400 and "has no draft yet" in refused.text, refused.text
    desk.post(f"translations/{translation}/approve/", "erika")
    assert desk.state(translation)["state"] == "translating"
    kill(first)
    desk.until(translation, lambda s: s["stalled_since"] is not None, "the stall")
    desk.chat.release()
    desk.start_worker("streaming-second")
    done = desk.until(translation, finished, "the takeover")
    keys = [key for key, _, _ in done["segments"]]
    assert len(keys) == len(set(keys)) == SEGMENTS
    targets = {key: target for key, _, target in done["segments"]}
    assert targets.pop("title.s1") == "[de] Von Hand"
    assert all(target.startswith("[de] ") for target in targets.values())
    assert Counter(key for key, _ in done["revisions"]) == {**dict.fromkeys(keys, 1),
                                                            "title.s1": 2}
    assert done["events"].count("machine_translated") == 1 and done["verified"] is True


def test_two_live_workers_the_survivor_takes_over(fresh, record_property):
    desk = fresh
    one, two = desk.start_worker("one"), desk.start_worker("two")
    arrives = desk.chat.hold(3)
    translation = desk.request("survivor")
    desk.chat.wait_for(arrives)
    dead = holder(desk.state(translation))
    victim, survivor = (one, two) if pid_of(dead) == one.pid else (two, one)
    killed = kill(victim)
    taken = desk.until(translation, lambda s: holder(s) not in ("", dead), "the takeover")
    took = time.monotonic() - killed
    assert pid_of(holder(taken)) == survivor.pid
    desk.chat.release()
    done = desk.until(translation, finished, "the translation")
    reviewed = time.monotonic() - killed
    assert_translated_once(done)
    assert done["tasks"][0]["worker_ids"] == [dead, holder(taken)]
    record_property("takeover_seconds", round(took, 2))
    print(f"\n{desk.database}, {desk.backend}: taken over {took:.2f} s after the kill (lease "
          f"{LEASE_SECONDS} s), in review {reviewed:.2f} s after it")
    assert took < LEASE_SECONDS + 3


def test_three_workers_share_the_queue_and_a_job_delivered_twice_is_stored_once(fresh):
    desk = fresh
    arrives = desk.chat.hold(1)
    translations = [desk.request(f"shared-{n}") for n in range(4)]
    twice = translations[:2]
    for translation in twice:
        desk.shell.call("queue_again", translation_id=translation)
    workers = [desk.start_worker(f"many-{n}") for n in range(3)]
    desk.chat.wait_for(arrives + 2)  # each worker holds a job, waiting for the engine
    busy = {pid_of(lease["worker_id"]) for t in translations
            for lease in desk.state(t)["leases"] if lease["worker_id"]}
    assert busy == {worker.pid for worker in workers}
    desk.chat.release()
    for translation in translations:
        done = desk.until(translation, lambda s: finished(s) and all(
            t["status"] == "SUCCESSFUL" for t in s["tasks"]), "every run")
        assert_translated_once(done)
        assert len(done["tasks"]) == (2 if translation in twice else 1)
        stored = [t for t in done["tasks"] if t["return_value"].get("state") == "in_review"]
        assert len(stored) == 1, done["tasks"]
    assert desk.shell.call("queued_jobs") == 0


def test_a_task_that_kills_its_worker_fails_after_three_starts_and_retry_works(fresh):
    desk = fresh
    translation = desk.request("poison")
    for attempt in (1, 2, 3):
        arrives = desk.chat.hold(1)
        worker = desk.start_worker(f"poisoned-{attempt}")
        desk.chat.wait_for(arrives)
        running = desk.state(translation)
        assert [lease["attempts"] for lease in running["leases"]] == [attempt]
        kill(worker)
        desk.until(translation, lambda s: s["stalled_since"] is not None, "the stall")
    desk.start_worker("after-poison")
    failed = desk.until(translation, lambda s: s["state"] == "failed", "the failure")
    assert "stopped answering 3 times" in failed["error"] and "Retry" in failed["error"]
    assert failed["tasks"][0]["status"] == "FAILED" and len(failed["tasks"][0]["worker_ids"]) == 3
    row = desk.get(f"translations/{translation}/row/", "erika")
    assert "stopped answering 3 times" in row.text and "Retry" in row.text
    desk.chat.release()
    retried = desk.post(f"translations/{translation}/retry/", "erika")
    assert retried.status_code == 302, retried.text
    done = desk.until(translation, finished, "the retried translation")
    assert_translated_once(done)
    assert done["events"].count("translation_failed") == 1


def test_a_stuck_translation_is_withdrawn_and_its_late_run_changes_nothing(fresh):
    desk = fresh
    arrives = desk.chat.hold(2)
    translation = desk.request("withdrawn")
    first = desk.start_worker("stuck")
    desk.chat.wait_for(arrives)
    kill(first)
    stalled = desk.until(translation, lambda s: s["stalled_since"] is not None, "the stall")
    assert_shown_stalled(desk, translation, stalled["stalled_since"])
    refused = desk.post(f"translations/{translation}/withdraw/", "paula", reason="\u200b")
    assert refused.status_code in (302, 400)  # back to the page, with the message
    assert desk.state(translation)["state"] == "translating"
    answer = desk.post(f"translations/{translation}/withdraw/", "paula",
                       reason="The worker died; we run it again tomorrow.")
    assert answer.status_code == 302, answer.text
    withdrawn = desk.state(translation)
    assert withdrawn["state"] == "withdrawn"
    # The draft streams: the first batch was stored before the worker died, the rest pending.
    assert [(key, target.startswith("[de] ")) for key, _, target in withdrawn["segments"]] == [
        ("title.s1", True), *((f"b{n}.s1", False) for n in range(1, SEGMENTS))]
    assert "stalled" not in desk.get(f"translations/{translation}/row/", "paula").text
    desk.chat.release()
    desk.start_worker("late")
    done = desk.until(translation, lambda s: s["tasks"][0]["status"] == "SUCCESSFUL",
                      "the late run")
    assert done["state"] == "withdrawn" and done["segments"] == withdrawn["segments"]
    assert done["tasks"][0]["return_value"] == {"translation": translation,
                                                "skipped": "withdrawn"}
    assert "machine_translated" not in done["events"] and done["verified"] is True


@pytest.mark.parametrize("max_attempts", [3, 1], ids=["requeue", "fail"])
def test_racing_takeovers_of_one_stale_task_exactly_one_wins(fresh, max_attempts):
    desk, racers, rounds = fresh, 4, 5
    with contextlib.ExitStack() as stack:
        shells = [stack.enter_context(DeskShell(desk.served, RECORDS.read_text()))
                  for _ in range(racers)]
        for n in range(rounds):
            task = desk.shell.call("stale_task", translation_id=10 ** 6 + n,
                                   worker_id=f"ghost-host:{n}:abcdefgh",
                                   max_attempts=max_attempts)
            moment = time.time() + 0.5
            race = functools.partial(_take_over_at, moment=moment, max_attempts=max_attempts)
            with ThreadPoolExecutor(racers) as pool:
                won = list(pool.map(race, shells))
            assert [task in taken for taken in won].count(True) == 1, won
            after = desk.shell.call("task_status", task_id=task)
            assert after["status"] == ("READY" if max_attempts > 1 else "FAILED")
            assert after["worker_ids"] == [f"ghost-host:{n}:abcdefgh"]
            desk.shell.call("drop_task", task_id=task)


def _take_over_at(shell: DeskShell, *, moment: float, max_attempts: int) -> list[str]:
    return list(shell.call("take_over_at", moment=moment, max_attempts=max_attempts))


def test_serve_starts_its_worker_again_when_it_dies(tmp_path):
    with served_desk.serve(tmp_path, web_workers=2) as served, \
            DeskShell(served, RECORDS.read_text()) as shell:
        assert served.worker_pid is not None
        os.kill(served.worker_pid, signal.SIGKILL)
        deadline, line = time.monotonic() + WAIT_SECONDS, None
        while line is None and time.monotonic() < deadline:
            line = re.search(rf"worker \(pid {served.worker_pid}\) stopped; started a new one "
                             r"\(pid (\d+)\)", served.stderr.read_text())
            time.sleep(0.2)
        assert line is not None, served.log_tail()
        again = int(line.group(1))
        os.kill(again, 0)  # running
        shell.call("add_people", people=PEOPLE)
        shell.call("add_edition", code="de", engine="pseudo")
        translation = shell.call("request", key="restart", paragraphs=PARAGRAPHS[:2],
                                 edition="de", username="erika")
        deadline = time.monotonic() + WAIT_SECONDS
        while shell.call("state", translation_id=translation)["state"] != "in_review":
            assert time.monotonic() < deadline, served.log_tail()
            time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.kill(again, 0)  # stopped with the desk
