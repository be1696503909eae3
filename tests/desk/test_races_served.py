"""Invariants 1 and 3 under concurrent requests, against a served desk on SQLite and PostgreSQL.

Every round brings a fresh translation to a known state through the desk's
services (each segment saved with an editor's text and confirmed; then
approved, or published, as the scenario needs), then fires two to six token
API requests at once
(save, confirm, override, approve, publish, correction, withdraw; released
together by a barrier, each after its own few milliseconds) at
``copydesk serve`` with three server processes, and checks the records
afterwards (``race_invariants``). Each round's mix and timing come from the
seed, so a failing round can be replayed: ``COPYDESK_RACE_SEED`` and
``COPYDESK_RACE_ROUNDS`` change them.
"""

from __future__ import annotations

import contextlib
import os
import random
import string
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.desk.race_invariants import Finding, Move, Outcome, Round, Snapshot, findings
from tests.fixtures import served_desk
from tests.fixtures.served_desk import DeskShell, ServedDesk

pytestmark = pytest.mark.slow

ROUNDS = int(os.environ.get("COPYDESK_RACE_ROUNDS", "15"))
SEED = int(os.environ.get("COPYDESK_RACE_SEED", "8"))
MAX_MOVES, JITTER_SECONDS, REQUEST_SECONDS = 6, 0.01, 60
RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "desk_records.py"
PEOPLE = {"erika": ["editor"], "ed": ["editor"], "paula": ["publisher"]}
EDITIONS = {"de": {"checks": {"enabled": []}}, "de-numbers": {"checks": {"enabled": ["numbers"]}}}
BLOCKED = "b1.s1"  # the sentence with the figure


@dataclass(frozen=True)
class Scenario:
    name: str
    edition: str
    start: str  # in_review, approved, published, blocked (in review, one blocker open)
    required: tuple[str, ...]
    optional: tuple[str, ...]


SCENARIOS = [
    Scenario("approve-vs-save", "de", "in_review", ("approve", "save"),
             ("save_same_base", "confirm_other", "approve", "publish")),
    Scenario("publish-vs-save", "de", "approved", ("publish", "save"),
             ("confirm_other", "save_same_base", "withdraw", "publish", "approve")),
    Scenario("correction-vs-save", "de", "published", ("correction", "save"),
             ("publish", "withdraw", "confirm_other", "save_same_base", "approve")),
    Scenario("override-vs-save", "de-numbers", "blocked", ("override", "confirm_blocked",
                                                          "approve"),
             ("publish", "save", "save_same_base", "approve")),
]


@dataclass
class RaceDesk:
    desk: ServedDesk
    shell: DeskShell
    tokens: dict[str, str]
    database: str
    words: Iterator[str]  # shared by every test on this desk, so no text comes twice


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def race_desk(request: pytest.FixtureRequest,
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[RaceDesk]:
    """``copydesk serve`` (three server processes) with two editors, a publisher, two editions."""
    root = tmp_path_factory.mktemp(f"races-{request.param}")
    with _database(request.param) as url, served_desk.serve(root, database_url=url) as desk, \
            DeskShell(desk, RECORDS.read_text(), tasks_at_once=True) as shell:
        tokens = shell.call("add_people", people=PEOPLE)
        for code, options in EDITIONS.items():
            shell.call("add_edition", code=code, language="de", engine="pseudo", options=options)
        yield RaceDesk(desk, shell, tokens, request.param, _words(SEED))


def _database(kind: str) -> contextlib.AbstractContextManager[str | None]:
    if kind == "sqlite":
        return contextlib.nullcontext()
    return served_desk.fresh_postgres_database("copydesk_races_")


def _words(seed: int) -> Iterator[str]:
    """Letters-only words never used before in this run (no digits: the numbers check)."""
    rng, n = random.Random(seed), 0
    while True:
        n += 1
        yield "".join(rng.choices(string.ascii_lowercase, k=4)) + _letters(n)


def _letters(n: int) -> str:
    out = ""
    while n:
        n, digit = divmod(n - 1, 26)
        out = string.ascii_lowercase[digit] + out
    return out


def story(name: str) -> dict[str, Any]:
    """A short article whose every sentence is new (so the memory never answers)."""
    return {"title": f"Council of {name} approves bridge", "language": "en", "blocks": [
        {"kind": "paragraph",
         "text": f"The ministry paid 3.5 million euros to {name}. Work at {name} starts in May."}]}


def text_for(key: str, name: str, word: str, *, blocking: bool = False) -> str:
    """An editor's German text for the segment; ``blocking`` drops the figure."""
    if key == BLOCKED:
        figure = "" if blocking else " 3,5 Millionen Euro"
        return f"Das Ministerium zahlte{figure} an {name} ({word})."
    if key.startswith("title"):
        return f"Rat von {name} billigt Brücke ({word})"
    return f"Die Arbeit bei {name} beginnt im Mai ({word})."


@dataclass
class Planner:
    """Builds a round's requests from what the editors loaded (the ``before`` snapshot)."""

    translation: int
    rng: random.Random
    words: Iterator[str]
    name: str
    blocked: bool  # texts on the BLOCKED sentence drop its figure
    before: Snapshot = field(default_factory=dict)
    blocking: dict[str, str] = field(default_factory=dict)  # text -> check it trips
    saved: str | None = None  # the segment the round's first save goes to
    sent: int = 0

    def _segment(self, key: str) -> dict[str, Any]:
        return next(s for s in self.before["segments"] if s["key"] == key)

    def _keys(self) -> list[str]:
        return [s["key"] for s in self.before["segments"] if s["active"]]

    def new_text(self, key: str) -> str:
        """A text for the segment that no one sent before (noting it when it trips a blocker)."""
        blocking = self.blocked and key == BLOCKED
        text = text_for(key, self.name, next(self.words), blocking=blocking)
        if blocking:
            self.blocking[text] = "numbers"
        return text

    def _text_move(self, action: str, user: str, key: str) -> Move:
        text, version = self.new_text(key), self._segment(key)["version"]
        return Move(action, user, f"segments/{self._segment(key)['id']}/{action}/",
                    {"text": text, "version": str(version)}, segment=key, text=text,
                    base=version)

    def save(self) -> Move:
        self.saved = BLOCKED if self.blocked else self.rng.choice(self._keys())
        return self._text_move("save", "erika", self.saved)

    def save_same_base(self) -> Move:
        return self._text_move("save", "ed", self.saved or self.rng.choice(self._keys()))

    def confirm_other(self) -> Move:
        keys = [k for k in self._keys() if k != self.saved] or self._keys()
        return self._text_move("confirm", "ed", self.rng.choice(keys))

    def confirm_blocked(self) -> Move:
        return self._text_move("confirm", "ed", BLOCKED)

    def override(self) -> Move:
        segment = self._segment(BLOCKED)
        issue = next(i for i in segment["issues"] if i.get("severity") == "blocker")
        self.sent += 1
        data = {"check": issue["check"], "version": str(segment["version"]),
                "reason": f"The sum is given in the headline; checked by Erika, request "
                          f"{self.sent} of round {self.name}."}
        if issue.get("id"):
            data["issue"] = issue["id"]
        return Move("override", "erika", f"segments/{segment['id']}/override/", data,
                    segment=BLOCKED)

    def approve(self) -> Move:
        return self._step("approve", self.rng.choice(["erika", "ed"]))

    def publish(self) -> Move:
        return self._step("publish", "paula")

    def withdraw(self) -> Move:
        return self._step("withdraw", "paula", "Withdrawn while the figures are checked again.")

    def correction(self) -> Move:
        return self._step("correction", "erika", "A reader pointed out a wrong place name.")

    def _step(self, action: str, user: str, reason: str = "") -> Move:
        return Move(action, user, f"translations/{self.translation}/{action}/",
                    {"reason": reason} if reason else {})

    def plan(self, scenario: Scenario) -> list[Move]:
        extra = self.rng.randint(0, MAX_MOVES - len(scenario.required))
        actions = [*scenario.required, *self.rng.choices(scenario.optional, k=extra)]
        return [getattr(self, action)() for action in actions]


def _answer_of(move: Move, answer: httpx.Response) -> Outcome:
    body = None
    if "json" in answer.headers.get("content-type", ""):
        body = answer.json()
    detail = str(body.get("error", ""))[:160] if isinstance(body, dict) else ""
    return Outcome(move, answer.status_code, body, detail)


def fire(race: RaceDesk, moves: list[Move], rng: random.Random) -> list[Outcome]:
    """Send every move at once (a barrier releases them), each after its own short delay."""
    delays = [rng.uniform(0, JITTER_SECONDS) for _ in moves]
    barrier = threading.Barrier(len(moves))

    def send(move: Move, delay: float) -> Outcome:
        headers = ServedDesk.api_headers(race.tokens[move.user])
        with httpx.Client(base_url=race.desk.url, headers=headers,
                          timeout=REQUEST_SECONDS) as client:
            barrier.wait(timeout=REQUEST_SECONDS)
            time.sleep(delay)
            try:
                return _answer_of(move, client.post(move.path, data=move.data))
            except httpx.HTTPError as exc:
                return Outcome(move, 0, None, repr(exc))

    with ThreadPoolExecutor(len(moves)) as pool:
        return list(pool.map(send, moves, delays))


def prepare(race: RaceDesk, planner: Planner, scenario: Scenario) -> Snapshot:
    """Every segment with an editor's text, confirmed; then the scenario's start state."""
    first = race.shell.call("snapshot", translation_id=planner.translation)
    assert first["state"] == "in_review", first["state"]
    texts = {s["key"]: planner.new_text(s["key"]) for s in first["segments"] if s["active"]}
    before: Snapshot = race.shell.call(
        "review", translation_id=planner.translation, texts=texts, editor="erika",
        approve=scenario.start in ("approved", "published"),
        publisher="paula" if scenario.start == "published" else None)
    assert before["state"] == {"blocked": "in_review"}.get(scenario.start, scenario.start)
    if planner.blocked:
        blocked = next(s for s in before["segments"] if s["key"] == BLOCKED)
        assert any(i.get("severity") == "blocker" for i in blocked["issues"]), blocked
    return before


def play(race: RaceDesk, scenario: Scenario, translations: dict[str, int],
         names: list[str]) -> dict[int, list[Finding]]:
    """Every round of the scenario; the findings by round number."""
    broken = {}
    for number, (key, name) in enumerate(zip(translations, names, strict=True)):
        rng = random.Random(f"{SEED}-{scenario.name}-{number}")
        planner = Planner(translations[key], rng, race.words, name,
                          blocked=scenario.start == "blocked")
        planner.before = before = prepare(race, planner, scenario)
        outcomes = fire(race, planner.plan(scenario), rng)
        after = race.shell.call("snapshot", translation_id=planner.translation)
        found = findings(Round(before, after, outcomes, planner.blocking))
        if found:
            broken[number] = found
    return broken


def summary(broken: dict[int, list[Finding]], rounds: int, label: str) -> str:
    rounds_by_kind = Counter(kind for found in broken.values() for kind in {k for k, _ in found})
    counts = ", ".join(f"{kind} broke in {n}/{rounds} rounds"
                       for kind, n in sorted(rounds_by_kind.items()))
    shown = [f"  round {n}: {message}" for n, found in sorted(broken.items())
             for _, message in found[:3]][:12]
    return "\n".join([f"{label} (seed {SEED}): {counts}", *shown])


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_concurrent_requests_keep_the_gate_and_every_edit(race_desk: RaceDesk,
                                                          scenario: Scenario) -> None:
    names = [next(race_desk.words).title() for _ in range(ROUNDS)]
    stories = {f"race-{scenario.name}-{name}": story(name) for name in names}
    translations = race_desk.shell.call("add_translations", edition_code=scenario.edition,
                                        stories=stories, username="erika")
    broken = play(race_desk, scenario, translations, names)
    label = f"{scenario.name} on {race_desk.database}"
    assert not broken, summary(broken, ROUNDS, label)
