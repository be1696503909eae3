"""What must hold after a round of concurrent requests, read from the desk's own records.

Pure functions over ``desk_records.snapshot`` data (taken before and after the
round) and the answers the requests got. Each finding is ``(kind, message)``
with kind ``"server"`` (a 5xx, no answer, or an error that is not JSON),
``"invariant 1"`` (nothing unreviewed is published), ``"invariant 3"`` (no
edit is lost) of DESIGN.md, or ``"harness"``: a request refused as malformed
(400), for its role (403) or as unknown (404), or a round where nothing was
accepted, which means the test no longer speaks the desk's API and proves
nothing.

The audit trail gives the order in which the round's changes took effect:
every change records its event while holding the article's row lock, so the
events' ``seq`` is the order of the commits. Replaying it shows the state each
approval and publication was made on, not only the state the round ended in.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

Finding = tuple[str, str]
Snapshot = dict[str, Any]
SERVER, GATE, EDITS, HARNESS = "server", "invariant 1", "invariant 3", "harness"
HARNESS_ERRORS = (400, 403, 404)  # never the answer to a well-formed race
GATED_STATES = ("approved", "published")
TEXT_MOVES = ("save", "confirm")  # the endpoints that store a text


@dataclass(frozen=True)
class Move:
    """One request of a round: who sends what to which address."""

    action: str  # save, confirm, override, approve, publish, correction, withdraw
    user: str
    path: str
    data: dict[str, str]
    segment: str | None = None  # segment key
    text: str | None = None  # the text a save or confirmation sends
    base: int | None = None  # the segment version it was made on


@dataclass(frozen=True)
class Outcome:
    move: Move
    status: int  # 0: no answer
    body: Any  # the JSON answer, or None
    detail: str = ""

    @property
    def accepted(self) -> bool:
        return 200 <= self.status < 400


@dataclass
class Round:
    """What a round knows besides the records: its answers and the texts that trip blockers."""

    before: Snapshot
    after: Snapshot
    outcomes: list[Outcome]
    blocking: dict[str, str] = field(default_factory=dict)  # text -> check it trips


def findings(round_: Round) -> list[Finding]:
    return [*server_answers(round_.outcomes), *final_gate(round_), *override_binding(round_),
            *replayed_gate(round_), *published_text(round_.after), *lost_edits(round_)]


def server_answers(outcomes: list[Outcome]) -> list[Finding]:
    """Every answer is a success, a redirect, or a 4xx with a JSON error code."""
    found = []
    for outcome in outcomes:
        what = f"{outcome.move.action} {outcome.move.path} -> {outcome.status} {outcome.detail}"
        if outcome.status == 0 or outcome.status >= 500 or outcome.status == 401:
            found.append((SERVER, what))
        elif outcome.status >= 400 and not (isinstance(outcome.body, dict)
                                            and outcome.body.get("code")):
            found.append((SERVER, f"error without a JSON code: {what}"))
        elif outcome.status in HARNESS_ERRORS:
            found.append((HARNESS, what))
    if not any(outcome.accepted for outcome in outcomes):
        found.append((HARNESS, "no request of the round was accepted"))
    return found


def _live(snapshot: Snapshot) -> list[dict[str, Any]]:
    return [s for s in snapshot["segments"] if s["active"]]


def _covers(override: dict[str, Any], segment: dict[str, Any], issue: dict[str, Any]) -> bool:
    if override["segment_id"] != segment["id"] or override["check_id"] != issue.get("check"):
        return False
    if override.get("issue") and issue.get("id") and override["issue"] != issue["id"]:
        return False
    return override["target"] == segment["target"] and bool(override["reason"].strip())


def final_gate(round_: Round) -> list[Finding]:
    """An approved or published translation: every segment confirmed, every blocker overridden."""
    after = round_.after
    if after["state"] not in GATED_STATES:
        return []
    found = []
    for segment in _live(after):
        if segment["state"] != "confirmed" or not segment["confirmed_by_editor"]:
            found.append((GATE, f"{after['state']} with segment {segment['key']} not "
                                "confirmed by an editor"))
        for issue in segment["issues"]:
            if issue.get("severity") == "blocker" and not any(
                    _covers(o, segment, issue) for o in after["overrides"]):
                found.append((GATE, f"{after['state']} with an open blocker "
                                    f"({issue.get('check')}) on segment {segment['key']}"))
    return found


def override_binding(round_: Round) -> list[Finding]:
    """An override the round made holds for the text its editor saw, never a newer one."""
    seen = {s["id"]: s["target"] for s in round_.before["segments"]}
    reasons = {o.move.data["reason"] for o in round_.outcomes if o.move.action == "override"}
    return [(GATE, f"override on segment {o['segment_id']} bound to a text its editor never "
                   f"saw: {o['target']!r} instead of {seen.get(o['segment_id'])!r}")
            for o in round_.after["overrides"]
            if o["reason"] in reasons and o["target"] != seen.get(o["segment_id"])]


@dataclass
class _Replay:
    state: str
    targets: dict[str, str]
    confirmed: dict[str, bool]
    overridden: set[tuple[str, str, str]]  # (segment key, check, text)


def _start(before: Snapshot) -> _Replay:
    keys = {s["id"]: s["key"] for s in before["segments"]}
    live = _live(before)
    return _Replay(
        state=before["state"], targets={s["key"]: s["target"] for s in live},
        confirmed={s["key"]: s["state"] == "confirmed" and s["confirmed_by_editor"]
                   for s in live},
        overridden={(keys[o["segment_id"]], o["check_id"], o["target"])
                    for o in before["overrides"]})


def _gate_problems(replay: _Replay, blocking: dict[str, str]) -> list[str]:
    problems = [f"segment {key} unconfirmed" for key, ok in replay.confirmed.items() if not ok]
    problems += [f"segment {key} has an open {blocking[text]} blocker"
                 for key, text in replay.targets.items()
                 if text in blocking and (key, blocking[text], text) not in replay.overridden]
    return problems


def _published_targets(snapshot: Snapshot, publication_id: Any) -> dict[str, str] | None:
    found = next((p for p in snapshot["publications"] if p["id"] == publication_id), None)
    if found is None or not found["json"]:
        return None
    units = json.loads(found["json"])["units"]
    return {s["id"]: s["target"] for unit in units for s in unit["segments"]}


def replayed_gate(round_: Round) -> list[Finding]:
    """Replay the round's events: what each approval and publication was made on."""
    before, after = round_.before, round_.after
    start_seq = max((e["seq"] for e in before["events"]), default=0)
    replay, found = _start(before), []
    for event in (e for e in after["events"] if e["seq"] > start_seq):
        payload, kind = event["payload"], event["kind"]
        key = payload.get("segment")
        if kind == "segment_edited":
            if replay.state == "published":
                found.append((EDITS, f"segment {key} edited inside a published translation "
                                     f"without a correction (event {event['seq']})"))
            replay.targets[key], replay.confirmed[key] = payload.get("after", ""), False
        elif kind == "segment_confirmed":
            replay.confirmed[key] = True
        elif kind == "issue_overridden":
            replay.overridden.add((key, payload.get("check"), payload.get("target")))
        to = payload.get("to")
        if to in GATED_STATES and payload.get("from") != to:
            found += [(GATE, f"{kind} (event {event['seq']}) while {problem}")
                      for problem in _gate_problems(replay, round_.blocking)]
        if kind == "published":
            shown = _published_targets(after, payload.get("publication"))
            if shown is not None and {k: shown.get(k) for k in replay.targets} != replay.targets:
                found.append((GATE, f"publication {payload.get('publication')} does not show "
                                    "the texts the gate checked"))
        replay.state = to or replay.state
    return found


def published_text(after: Snapshot) -> list[Finding]:
    """A translation that is still published shows exactly what its last publication shows."""
    if after["state"] != "published" or not after["publications"]:
        return []
    shown = _published_targets(after, after["publications"][-1]["id"])
    current = {s["key"]: s["target"] for s in _live(after)}
    if shown is None or all(shown.get(k) == text for k, text in current.items()):
        return []
    changed = sorted(k for k in current if shown.get(k) != current[k])
    return [(EDITS, f"published, but segment(s) {', '.join(changed)} changed after the "
                    "publication without a correction")]


def lost_edits(round_: Round) -> list[Finding]:
    """Every accepted text is a revision; a refused save stored nothing; one winner per base."""
    segments = {s["key"]: s for s in round_.after["segments"]}
    earlier = {r["id"] for s in round_.before["segments"] for r in s["revisions"]}
    found: list[Finding] = []
    winners: Counter[tuple[str | None, int | None]] = Counter()
    for outcome in round_.outcomes:
        move = outcome.move
        if move.action not in TEXT_MOVES or move.segment is None:
            continue
        stored = [r for r in segments[move.segment]["revisions"]
                  if r["after"] == move.text and r["id"] not in earlier]
        if outcome.accepted:
            winners[(move.segment, move.base)] += 1
            if not any(r["base_version"] == move.base for r in stored):
                found.append((EDITS, f"accepted {move.action} on {move.segment} from version "
                                     f"{move.base} has no revision (lost edit)"))
        elif move.action == "save" and stored:
            found.append((EDITS, f"refused save on {move.segment} ({outcome.status}) was "
                                 "stored anyway"))
    found += [(EDITS, f"{count} texts accepted on {key} from the same version {base}")
              for (key, base), count in winners.items() if count > 1]
    for segment in segments.values():
        found += _revision_chain(segment)
    return found


def _revision_chain(segment: dict[str, Any]) -> list[Finding]:
    """Each revision starts from the text the one before it left; the last one is the text."""
    revisions = sorted(segment["revisions"], key=lambda r: r["base_version"])
    found: list[Finding] = []
    bases = Counter(r["base_version"] for r in revisions)
    found += [(EDITS, f"segment {segment['key']}: {n} revisions from version {base}")
              for base, n in bases.items() if n > 1]
    for earlier, later in itertools.pairwise(revisions):
        if later["before"] != earlier["after"]:
            found.append((EDITS, f"segment {segment['key']}: the revision from version "
                                 f"{later['base_version']} overwrote a text it never saw"))
    if revisions and revisions[-1]["after"] != segment["target"]:
        found.append((EDITS, f"segment {segment['key']}: its text is not its last revision"))
    return found
