"""Evidence that a translation was really reviewed, and the edition's policy on it.

The review screen measures each editor's active time per segment (focus and
input; idle time left out) and reports it every few seconds. The desk credits
a report with at most the time that passed on its own clock since the
editor's previous report or since the page was opened, so a script cannot
claim an hour of reading in a second, and two open tabs share one clock.

From that and the revisions the desk computes, per translation, the words of
source read, the active time, the reading speed, how much of the machine text
was left unedited and how much was changed (``copydesk.postedit``). An
edition's policy (``review_policy``: off, warn or block) says what happens
when the figures look like a rubber stamp:

* the source was read faster than ``review_max_words_per_minute``, or
* more than ``review_max_unedited_share`` of the machine text was left as it
  was *and* the editors spent less than ``review_min_seconds_per_100_words``.

``warn`` lets the approval through with a warning on the review screen and in
the audit trail; ``block`` refuses it unless a second editor (one who
confirmed none of the segments) approves with a written reason. Either way
the published disclosure says "checked by our editors" only when the
evidence met the policy.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from copydesk import postedit
from copydesk.desk import roles
from copydesk.desk.bootstrap import edition_table
from copydesk.desk.models import (
    Origin,
    ReviewActivity,
    ReviewPresence,
    Role,
    Segment,
    SegmentState,
    Translation,
    TranslationState,
    User,
)
from copydesk.errors import ConfigError, InputError, NotFoundError

OFF, WARN, BLOCK = "off", "warn", "block"
MODES = (OFF, WARN, BLOCK)
RECORDED = (TranslationState.IN_REVIEW, TranslationState.APPROVED)
MAX_REPORT_MS = 120_000  # the review screen reports every 15 s; a report never holds more
MAX_REPORT_SEGMENTS = 500
MACHINE_MADE = (Origin.MT, Origin.STYLE_FIX)
MAX_COUNT = 100_000
CLOCK_SLACK_MS = 2_000  # the browser starts counting a moment before its report is timed


@dataclass(frozen=True)
class Policy:
    """An edition's rule for what counts as a real review."""

    mode: str = WARN
    max_words_per_minute: float = 500.0
    max_unedited_share: float = 0.9
    min_seconds_per_100_words: float = 30.0

    @classmethod
    def of(cls, table: Mapping[str, Any]) -> Policy:
        """The policy in an edition table; raises ``ConfigError`` naming a bad value."""
        default = cls()
        mode = table.get("review_policy", default.mode)
        if mode not in MODES:
            raise ConfigError(f"The edition setting 'review_policy' is {mode!r}; use one of "
                              f"{', '.join(MODES)}.")
        return cls(mode=mode,
                   max_words_per_minute=_number(table, "review_max_words_per_minute",
                                                default.max_words_per_minute, low=1),
                   max_unedited_share=_number(table, "review_max_unedited_share",
                                              default.max_unedited_share, low=0, high=1),
                   min_seconds_per_100_words=_number(table, "review_min_seconds_per_100_words",
                                                     default.min_seconds_per_100_words, low=0))

    def to_dict(self) -> dict[str, Any]:
        return {"mode": self.mode, "max_words_per_minute": self.max_words_per_minute,
                "max_unedited_share": self.max_unedited_share,
                "min_seconds_per_100_words": self.min_seconds_per_100_words}


def _number(table: Mapping[str, Any], key: str, default: float, *, low: float,
            high: float = math.inf) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not (
            low <= value <= high) or math.isnan(value):
        bounds = f"between {low:g} and {high:g}" if high != math.inf else f"at least {low:g}"
        raise ConfigError(f"The edition setting '{key}' is {value!r}; it must be a number "
                          f"{bounds}.")
    return float(value)


@dataclass(frozen=True)
class SegmentEvidence:
    """One live segment: what the machine wrote, what was kept, and the time spent on it."""

    segment_id: int
    key: str
    words: int  # of the source
    origin: str  # of the draft text: mt, style-fix, memory...
    machine: str
    final: str
    confirmed: bool
    active_ms: int
    keystrokes: int
    flagged: tuple[str, ...]  # checks that raised an issue on the machine draft
    change: postedit.PostEdit

    @property
    def edited(self) -> bool:
        return self.change.changed

    @property
    def machine_made(self) -> bool:
        """The draft text came from the engine (house-style fixes included), not the memory."""
        return self.origin in MACHINE_MADE


@dataclass(frozen=True)
class Evidence:
    """What the desk measured of a translation's review."""

    segments: tuple[SegmentEvidence, ...]
    words: int = field(init=False)
    active_ms: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", sum(s.words for s in self.segments))
        object.__setattr__(self, "active_ms", sum(s.active_ms for s in self.segments))

    @property
    def machine(self) -> postedit.PostEditTotal:
        """Post-edit figures over the segments the engine wrote."""
        return postedit.PostEditTotal.of(s.change for s in self.segments if s.machine_made)

    @property
    def words_per_minute(self) -> float | None:
        """Source words per minute of active review (``None``: no active time at all)."""
        if self.active_ms <= 0:
            return None
        return self.words / (self.active_ms / 60_000)

    @property
    def seconds_per_100_words(self) -> float:
        return self.active_ms / 1000 / self.words * 100 if self.words else 0.0

    @property
    def unedited_share(self) -> float:
        """Share of the machine-written source words whose translation nobody changed."""
        machine = [s for s in self.segments if s.machine_made]
        total = sum(s.words for s in machine)
        return sum(s.words for s in machine if not s.edited) / total if total else 0.0

    @property
    def confirmed_unchanged(self) -> int:
        return sum(1 for s in self.segments if s.confirmed and not s.edited)

    def summary(self) -> dict[str, Any]:
        """The figures as recorded in the audit trail and the provenance."""
        machine = self.machine
        wpm = self.words_per_minute
        return {
            "segments": len(self.segments), "words": self.words,
            "active_seconds": round(self.active_ms / 1000, 1),
            "keystrokes": sum(s.keystrokes for s in self.segments),
            "words_per_minute": None if wpm is None else round(wpm, 1),
            "edited_segments": sum(1 for s in self.segments if s.edited),
            "confirmed_unchanged": self.confirmed_unchanged,
            "unedited_share": round(self.unedited_share, 4),
            "hter": round(machine.hter, 2), "char_edit_ratio": round(machine.char_ratio, 2),
            "flagged_segments": sum(1 for s in self.segments if s.flagged),
            "flagged_edited": sum(1 for s in self.segments if s.flagged and s.edited),
        }


@dataclass(frozen=True)
class Assessment:
    """The evidence against the edition's policy."""

    policy: Policy
    evidence: Evidence
    reasons: tuple[str, ...]

    @property
    def met(self) -> bool:
        return self.policy.mode == OFF or not self.reasons

    def to_dict(self) -> dict[str, Any]:
        return {"policy": self.policy.to_dict(), "met": self.met, "reasons": list(self.reasons),
                **self.evidence.summary()}


def assess(evidence: Evidence, policy: Policy) -> Assessment:
    """Why the evidence does not look like a real review (no reasons: it does)."""
    reasons = []
    wpm = evidence.words_per_minute
    if evidence.words and (wpm is None or wpm > policy.max_words_per_minute):
        speed = "with no active time recorded" if wpm is None else f"at {wpm:.0f} words a minute"
        reasons.append(f"The {evidence.words} source words were reviewed {speed}; a careful "
                       f"reading takes at most {policy.max_words_per_minute:.0f} words a minute "
                       "of time on the review screen.")
    if (evidence.unedited_share > policy.max_unedited_share
            and evidence.seconds_per_100_words < policy.min_seconds_per_100_words):
        reasons.append(f"{evidence.unedited_share:.0%} of the machine text was left unedited, "
                       f"with {evidence.seconds_per_100_words:.0f} s of review per 100 words "
                       f"(at least {policy.min_seconds_per_100_words:.0f} s are expected when "
                       "almost nothing is changed).")
    return Assessment(policy, evidence, tuple(reasons))


def policy_of(translation: Translation) -> Policy:
    return Policy.of(edition_table(translation.edition))


def measure(translation: Translation, segments: Sequence[Segment] | None = None) -> Evidence:
    """The evidence of review on the translation's live segments (``segments`` when the
    caller has read them already; one query more for the activity)."""
    if segments is None:
        segments = list(translation.segments.filter(active=True).order_by("position"))
    spent: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for row in (ReviewActivity.objects.filter(segment_id__in=[s.pk for s in segments])
                .values("segment_id").annotate(ms=Sum("active_ms"), keys=Sum("keystrokes"))):
        spent[row["segment_id"]] = (row["ms"] or 0, row["keys"] or 0)
    return Evidence(tuple(_segment_evidence(s, spent[s.pk]) for s in segments))


def _segment_evidence(segment: Segment, spent: tuple[int, int]) -> SegmentEvidence:
    change = (postedit.PostEdit.from_dict(segment.post_edit) if segment.post_edit
              else postedit.post_edit(segment.draft_text, segment.target))
    flagged = tuple(sorted({str(i.get("check")) for i in segment.draft_issues if i.get("check")}))
    return SegmentEvidence(
        segment_id=segment.pk, key=segment.key, words=postedit.words(segment.source),
        origin=segment.draft_origin, machine=segment.draft_text, final=segment.target,
        confirmed=segment.state == SegmentState.CONFIRMED, active_ms=spent[0],
        keystrokes=spent[1], flagged=flagged, change=change)


def assessment(translation: Translation,
               segments: Sequence[Segment] | None = None) -> Assessment:
    return assess(measure(translation, segments), policy_of(translation))


def opened(translation: Translation, user: User) -> None:
    """The editor opened the review screen: their activity clock starts now."""
    if translation.state not in RECORDED or not roles.has_role(user, Role.EDITOR):
        return
    ReviewPresence.objects.bulk_create(
        [ReviewPresence(translation=translation, user=user, seen_at=timezone.now())],
        update_conflicts=True, unique_fields=["translation", "user"], update_fields=["seen_at"])


@dataclass(frozen=True)
class Report:
    """One segment's activity in one report of the review screen."""

    segment_id: int
    active_ms: int
    keystrokes: int = 0
    focuses: int = 0


def parse_reports(data: Any) -> list[Report]:
    """The review screen's JSON report, validated; raises ``InputError`` naming the problem."""
    rows = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(rows, list) or len(rows) > MAX_REPORT_SEGMENTS:
        raise InputError("The activity report must be a JSON object with a 'segments' list of "
                         f"at most {MAX_REPORT_SEGMENTS} entries; reload the page.")
    reports = []
    for row in rows:
        if not isinstance(row, dict):
            raise InputError("Each activity entry must be a JSON object; reload the page.")
        values = [row.get(name, 0) for name in ("segment", "active_ms", "keystrokes", "focuses")]
        if any(isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_COUNT * 10
               for v in values):
            raise InputError("Activity entries need whole, non-negative numbers for 'segment', "
                             "'active_ms', 'keystrokes' and 'focuses'; reload the page.")
        segment, active, keys, focuses = values
        reports.append(Report(segment, min(active, MAX_REPORT_MS), min(keys, MAX_COUNT),
                              min(focuses, MAX_COUNT)))
    return reports


def record(translation_id: int, reports: Sequence[Report], *, user: User) -> int:
    """Store an editor's activity report; returns the milliseconds credited.

    The credit is bounded by the editor's clock (see the module docstring); a
    report for a translation that is not in review is not counted.
    """
    roles.require(user, Role.EDITOR, "report review activity")
    with transaction.atomic():
        translation = Translation.objects.filter(pk=translation_id).only("state").first()
        if translation is None:
            raise NotFoundError(f"No translation {translation_id} on the desk; check the "
                                "number.")
        if translation.state not in RECORDED:
            return 0
        wanted = {r.segment_id for r in reports}
        live = set(Segment.objects.filter(pk__in=wanted, translation_id=translation_id,
                                          active=True).values_list("pk", flat=True))
        if wanted - live:
            raise InputError("The activity report names segments that are not in this "
                             "translation; reload the page.")
        presence = (ReviewPresence.objects.select_for_update()
                    .filter(translation_id=translation_id, user=user).first())
        now = timezone.now()
        if presence is None:
            ReviewPresence.objects.create(translation_id=translation_id, user=user, seen_at=now)
            return 0
        budget = (now - presence.seen_at) / timedelta(milliseconds=1) + CLOCK_SLACK_MS
        presence.seen_at = now
        presence.save(update_fields=["seen_at"])
        claimed = sum(r.active_ms for r in reports)
        scale = min(1.0, max(0.0, budget) / claimed) if claimed else 0.0
        credited = 0
        for report in reports:
            if not (report.active_ms or report.keystrokes or report.focuses):
                continue
            active = int(report.active_ms * scale)
            credited += active
            ReviewActivity.objects.create(
                translation_id=translation_id, segment_id=report.segment_id, user=user,
                active_ms=active, claimed_ms=report.active_ms, keystrokes=report.keystrokes,
                focuses=report.focuses, created_at=now)
    return credited
