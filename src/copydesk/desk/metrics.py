"""What machine translation saves the desk: post-edit distance, review time, turnaround.

The figures are computed from what the desk records anyway: each translation's
review evidence (``desk.evidence``: the text the draft gave the editors, the
text they kept, their active time) and its audit trail (when the translation
was requested, when its draft reached review, when it was first published).
They cover the published translations, or with ``in_review`` also those still
in review or approved, grouped by edition, engine, check and period (day,
week or month of first publication; a translation not yet published counts
on the day its draft reached review).

* **HTER** and **character edit ratio**, corpus-level over the segments the
  engine wrote: all edits over all words (characters) of the texts.
* **Confirmed unchanged**: the share of those segments that an editor
  confirmed exactly as the engine wrote them.
* **Review time**: active seconds on the review screen per 100 source words.
* **Turnaround**, medians in minutes: requested -> ready for review ->
  first published.
* **Per check**: how many machine-draft segments it flagged, and how many of
  those an editor then changed: its precision in practice (a flag on a text
  nobody changed was most likely a false alarm).

There are no figures per person, here or on the pages and commands built on
this module: the desk measures how translations fare, not how its editors
work, so nothing is grouped or filtered by user.

Queries: one for the translations, one for their audit events, and the two
of ``evidence.measure`` per translation; fine for hundreds of translations.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from copydesk import postedit
from copydesk.desk import evidence
from copydesk.desk.models import AuditEvent, Edition, Translation, TranslationState
from copydesk.errors import InputError

BUCKETS = ("day", "week", "month")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_NAME = 64
PUBLISHED = (TranslationState.PUBLISHED,)
WITH_REVIEW = (TranslationState.PUBLISHED, TranslationState.IN_REVIEW, TranslationState.APPROVED)
REQUESTED, READY = "translation_requested", "machine_translated"  # audit event kinds


@dataclass(frozen=True)
class Filters:
    """Which translations the figures cover, and how periods are cut."""

    edition: str = ""  # edition code; '' for all
    engine: str = ""  # engine name as recorded on the translation; '' for all
    since: date | None = None  # first day, inclusive
    until: date | None = None  # last day, inclusive
    by: str = "week"
    in_review: bool = False  # also translations in review or approved

    @classmethod
    def parse(cls, *, edition: str = "", engine: str = "", since: str = "", until: str = "",
              by: str = "week", in_review: bool = False) -> Filters:
        """Filters from text (a form, command options); raises ``InputError`` naming the bad one."""
        edition, engine = edition.strip(), engine.strip()
        for name, value in (("edition", edition), ("engine", engine)):
            if len(value) > MAX_NAME or not value.isprintable():
                raise InputError(f"The {name} filter must be a name of at most {MAX_NAME} "
                                 "printable characters; pick one from the list.")
        by = by.strip() or "week"
        if by not in BUCKETS:
            raise InputError(f"Periods are cut by {', '.join(BUCKETS)}, not {by!r}.")
        first, last = _date("since", since), _date("until", until)
        if first and last and first > last:
            raise InputError(f"The period starts ({first}) after it ends ({last}); swap the "
                             "dates.")
        return cls(edition=edition, engine=engine, since=first, until=last, by=by,
                   in_review=in_review)

    def covers(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until)

    def to_dict(self) -> dict[str, Any]:
        return {"edition": self.edition, "engine": self.engine,
                "since": self.since.isoformat() if self.since else None,
                "until": self.until.isoformat() if self.until else None,
                "by": self.by, "in_review": self.in_review}


def _date(name: str, text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        if not DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"The '{name}' date {text[:40]!r} is not a date; write it as "
                         "YYYY-MM-DD, e.g. 2025-03-31.") from None


@dataclass(frozen=True)
class Timeline:
    """When a translation was requested, reached review and was first published."""

    requested: datetime | None
    ready: datetime | None
    published: datetime | None

    @staticmethod
    def minutes(start: datetime | None, end: datetime | None) -> float | None:
        if start is None or end is None:
            return None
        return max(0.0, (end - start).total_seconds() / 60)


@dataclass(frozen=True)
class Figures:
    """The figures of one group of translations (an edition, an engine, a period, all)."""

    key: str
    label: str
    translations: int
    machine_segments: int
    words: int  # source words of all live segments
    hter: float
    char_edit_ratio: float
    confirmed_unchanged_share: float
    review_seconds_per_100_words: float
    minutes_to_review: float | None  # medians; None without a translation that got there
    minutes_review_to_publish: float | None
    minutes_to_publish: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Tally:
    """Running sums for one group, turned into ``Figures`` at the end."""

    label: str
    translations: int = 0
    machine: postedit.PostEditTotal = field(default_factory=postedit.PostEditTotal)
    confirmed_unchanged: int = 0
    words: int = 0
    active_ms: int = 0
    to_review: list[float] = field(default_factory=list)
    review_to_publish: list[float] = field(default_factory=list)
    to_publish: list[float] = field(default_factory=list)

    def add(self, measured: evidence.Evidence, timeline: Timeline) -> None:
        self.translations += 1
        for segment in measured.segments:
            if segment.machine_made:
                self.machine = self.machine.plus(segment.change)
                self.confirmed_unchanged += int(segment.confirmed and not segment.edited)
        self.words += measured.words
        self.active_ms += measured.active_ms
        for spans, start, end in ((self.to_review, timeline.requested, timeline.ready),
                                  (self.review_to_publish, timeline.ready, timeline.published),
                                  (self.to_publish, timeline.requested, timeline.published)):
            minutes = Timeline.minutes(start, end)
            if minutes is not None:
                spans.append(minutes)

    def figures(self, key: str) -> Figures:
        machine = self.machine
        return Figures(
            key=key, label=self.label, translations=self.translations,
            machine_segments=machine.segments, words=self.words,
            hter=round(machine.hter, 2), char_edit_ratio=round(machine.char_ratio, 2),
            confirmed_unchanged_share=round(
                self.confirmed_unchanged / machine.segments if machine.segments else 0.0, 4),
            review_seconds_per_100_words=round(
                self.active_ms / 1000 / self.words * 100 if self.words else 0.0, 1),
            minutes_to_review=_median(self.to_review),
            minutes_review_to_publish=_median(self.review_to_publish),
            minutes_to_publish=_median(self.to_publish))


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


@dataclass(frozen=True)
class CheckFigures:
    """What one check raised on machine drafts, and how often an editor then changed the text."""

    check: str
    flagged: int
    edited: int

    @property
    def precision(self) -> float:
        return round(self.edited / self.flagged, 4) if self.flagged else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.check, "flagged": self.flagged, "edited": self.edited,
                "precision": self.precision}


@dataclass(frozen=True)
class Report:
    """All the figures for one set of filters."""

    filters: Filters
    total: Figures
    editions: tuple[Figures, ...]
    engines: tuple[Figures, ...]
    periods: tuple[Figures, ...]
    checks: tuple[CheckFigures, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"filters": self.filters.to_dict(), "total": self.total.to_dict(),
                "editions": [f.to_dict() for f in self.editions],
                "engines": [f.to_dict() for f in self.engines],
                "periods": [f.to_dict() for f in self.periods],
                "checks": [c.to_dict() for c in self.checks]}


def report(filters: Filters) -> Report:
    """The figures over the translations the filters select; raises ``InputError`` for an
    edition the desk does not have."""
    if filters.edition and not Edition.objects.filter(code=filters.edition).exists():
        known = ", ".join(Edition.objects.order_by("code").values_list("code", flat=True))
        raise InputError(f"There is no edition {filters.edition!r} on the desk; use one of: "
                         f"{known or 'none yet'} (see 'copydesk editions list').")
    translations = list(_selected(filters))
    timelines = _timelines(translations)
    total = Tally("All translations")
    groups: dict[str, dict[str, Tally]] = {"edition": {}, "engine": {}, "period": {}}
    flagged: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for translation in translations:
        timeline = timelines[translation.pk]
        day = _day(timeline.published or timeline.ready or translation.created_at)
        if not filters.covers(day):
            continue
        measured = evidence.measure(translation)
        start, period = _period(day, filters.by)
        keys = {"edition": (translation.edition.code, translation.edition.name),
                "engine": (translation.engine or "none", translation.engine or "none"),
                "period": (start.isoformat(), period)}
        for group, (key, label) in keys.items():
            groups[group].setdefault(key, Tally(label)).add(measured, timeline)
        total.add(measured, timeline)
        _count_flags(flagged, measured.segments)
    return Report(
        filters=filters, total=total.figures("all"),
        editions=_sorted(groups["edition"]), engines=_sorted(groups["engine"]),
        periods=_sorted(groups["period"]),
        checks=tuple(sorted((CheckFigures(check, n, e) for check, (n, e) in flagged.items()),
                            key=lambda c: (-c.flagged, c.check))))


def _sorted(tallies: dict[str, Tally]) -> tuple[Figures, ...]:
    return tuple(tallies[key].figures(key) for key in sorted(tallies))


def _selected(filters: Filters) -> QuerySet[Translation]:
    """The translations in the states and editions asked for, roughly in the period."""
    query = (Translation.objects.select_related("edition")
             .filter(state__in=WITH_REVIEW if filters.in_review else PUBLISHED)
             .annotate(first_published=Min("publications__published_at")).order_by("pk"))
    if filters.edition:
        query = query.filter(edition__code=filters.edition)
    if filters.engine:
        query = query.filter(engine=filters.engine)
    unpublished = Q(first_published__isnull=True)
    if filters.since:
        query = query.filter(Q(first_published__gte=_midnight(filters.since)) | unpublished)
    if filters.until and filters.until < date.max:
        next_day = _midnight(filters.until + timedelta(days=1))
        query = query.filter(Q(first_published__lt=next_day) | unpublished)
    return query


def _timelines(translations: Iterable[Translation]) -> dict[int, Timeline]:
    """Each translation's timeline from its audit trail (one query for all of them)."""
    chosen = {t.pk: t for t in translations}
    requested: dict[int, datetime] = {}
    ready: dict[int, datetime] = {}
    events = (AuditEvent.objects.filter(article_id__in={t.article_id for t in chosen.values()},
                                        kind__in=[REQUESTED, READY])
              .order_by("created_at", "seq").values_list("kind", "created_at", "payload"))
    for kind, when, payload in events:
        pk = payload.get("translation") if isinstance(payload, dict) else None
        if pk in chosen:
            (requested if kind == REQUESTED else ready).setdefault(pk, when)
    return {pk: Timeline(requested=requested.get(pk, t.created_at), ready=ready.get(pk),
                         published=getattr(t, "first_published", None))
            for pk, t in chosen.items()}


def _count_flags(flagged: dict[str, list[int]],
                 segments: Iterable[evidence.SegmentEvidence]) -> None:
    for segment in segments:
        if not segment.machine_made:
            continue
        for check in segment.flagged:
            flagged[check][0] += 1
            flagged[check][1] += int(segment.edited)


def _day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _period(day: date, by: str) -> tuple[date, str]:
    """The first day of the period ``day`` falls in, and its name: 2025-03-31, 2025-W14, 2025-03."""
    if by == "day":
        return day, day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return day - timedelta(days=day.weekday()), f"{year}-W{week:02d}"
    return day.replace(day=1), f"{day:%Y-%m}"
