"""What the inbox and the review screen show: read-only views over the desk's records.

The review sheet groups a translation's live segments by the block they came
from (headline, standfirst, paragraph 3 ...) or, in review order, lists them
riskiest first; each carries its open issues, the machine draft it started
from, its comments, what its tags stand for, and whether its text came from
the translation memory (fuzzy suggestions are on the segment). Progress and
the gate's problems come from ``gate``, so the screen shows the same reasons
the publish step gives; segments of a block left out of the translation
(``exclusions``) count in neither, and the risk order leaves them out.

The inbox follows the newsroom's clock: the review queue (and, for a
publisher, the approved translations waiting to be published) is ordered by
deadline, overdue and soonest first, those without one after them, then by
the risk the checks gave; it is narrowed by ``filters`` and paged, and each
page costs the same few queries however many rows it holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.utils import timezone

from copydesk.checks.base import Severity
from copydesk.desk import checking, exclusions, filters, gate, risk_view, roles, streaming
from copydesk.desk.counters import Counter
from copydesk.desk.models import (
    BlockExclusion,
    Comment,
    Origin,
    Override,
    Revision,
    Role,
    Segment,
    SegmentState,
    Translation,
    TranslationState,
    User,
)
from copydesk.errors import NotFoundError

READING, RISK = "reading", "risk"
SEVERITIES = tuple(severity.value for severity in Severity)  # worst first
ORDERS = (READING, RISK)
S = TranslationState
PAGE_SIZE = 50
CLOCK: tuple[Any, ...] = (F("deadline").asc(nulls_last=True), F("risk").desc(), "created_at",
                          "pk")
RECENT: tuple[Any, ...] = ("-updated_at", "-pk")


@dataclass(frozen=True)
class Progress:
    confirmed: int
    total: int
    open_issues: int
    open_blockers: int


@dataclass
class SheetSegment:
    segment: Segment
    group: str
    machine: str
    issues: list[dict[str, Any]]  # each with "overridden": bool
    comments: list[Comment]
    tags: dict[str, str]  # tag id -> what it stands for, e.g. "link https://..."
    draft_signature: str = ""  # the draft's signature (an edit replaces the segment's)

    @property
    def memory_match(self) -> str:
        """The badge of a translation taken from the memory ("" for any other origin)."""
        if self.segment.origin != Origin.MEMORY:
            return ""
        return "in context" if "|match:in-context|" in self.segment.signature else "memory 100%"

    @property
    def open_blockers(self) -> list[dict[str, Any]]:
        return [i for i in self.issues if i.get("severity") == "blocker" and not i["overridden"]]

    @property
    def open_severities(self) -> list[str]:
        """The severities of the open issues, worst first (an overridden blocker is settled)."""
        found = {i.get("severity") for i in self.issues if not i["overridden"]}
        return [severity for severity in SEVERITIES if severity in found]

    @property
    def open_comments(self) -> int:
        return sum(1 for comment in self.comments if comment.resolved_at is None)

    @property
    def match_type(self) -> str:
        """Where the draft came from: an "in-context" or "exact" memory match, else the
        machine with "fuzzy" memory suggestions offered, else "machine" ("" while pending)."""
        segment = self.segment
        if segment.origin == streaming.PENDING:
            return ""
        if segment.draft_origin == Origin.MEMORY:
            signature = self.draft_signature or segment.signature
            return "in-context" if "|match:in-context|" in signature else "exact"
        return "fuzzy" if segment.suggestions else "machine"


@dataclass
class SheetBlock:
    label: str
    segments: list[SheetSegment] = field(default_factory=list)
    key: str = ""  # "b3" for a body block, "" for the headline, standfirst or risk list
    excluded: BlockExclusion | None = None  # the decision that left it out, if it is out
    counter: Counter | None = None  # the headline's or standfirst's length, on the review screen


@dataclass(frozen=True)
class Sheet:
    translation: Translation
    order: str
    blocks: list[SheetBlock]
    progress: Progress
    problems: list[str]

    @property
    def segments(self) -> list[Segment]:
        """Every live segment on the sheet, in the sheet's order."""
        return [item.segment for block in self.blocks for item in block.segments]


@dataclass(frozen=True)
class Section:
    """One list of the inbox, one page of it at a time (``PAGE_SIZE`` rows)."""

    name: str  # "review", "ready" or "others" (filters.SECTIONS)
    rows: list[Translation]
    count: int  # rows in the whole list
    number: int  # the page shown
    chosen: filters.Filters

    @property
    def previous_query(self) -> str | None:
        """The query string of the page before (``None`` on the first page)."""
        return self.chosen.query(**{self.name: self.number - 1}) if self.number > 1 else None

    @property
    def next_query(self) -> str | None:
        return (self.chosen.query(**{self.name: self.number + 1})
                if self.number < self.pages else None)

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // PAGE_SIZE))

    @property
    def first(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1 if self.count else 0

    @property
    def last(self) -> int:
        return (self.number - 1) * PAGE_SIZE + len(self.rows)


@dataclass(frozen=True)
class Inbox:
    """The review queue, what is ready to publish (for publishers) and everything else."""

    sections: dict[str, Section]
    filters: filters.Filters

    @property
    def queue(self) -> list[Translation]:
        return self.sections["review"].rows

    @property
    def ready(self) -> Section | None:
        return self.sections.get("ready")

    @property
    def others(self) -> list[Translation]:
        return self.sections["others"].rows

    @property
    def rows(self) -> list[Translation]:
        return [row for section in self.sections.values() for row in section.rows]


def with_counts(translations: QuerySet[Translation]) -> QuerySet[Translation]:
    """Annotate ``confirmed`` and ``total`` live segments (of the blocks not left out)."""
    live = Q(segments__active=True, segments__excluded=False)
    return translations.annotate(
        total=Count("segments", filter=live),
        confirmed=Count("segments", filter=live & Q(segments__state=SegmentState.CONFIRMED)))


def listed(translations: QuerySet[Translation]) -> QuerySet[Translation]:
    """Translations as a list shows them, in one query whatever their number: segment counts,
    ``open_comments``, the source ``title``, the rows they refer to; the drafts left out."""
    unresolved = (filters.open_comments(OuterRef("pk")).order_by()
                  .values("segment__translation").annotate(n=Count("pk")).values("n"))
    return (with_counts(translations)
            .select_related("article", "edition", "source_version", "assigned_to")
            .defer("machine_draft", "source_version__content")
            .annotate(title=KeyTextTransform("title", "source_version__content"),
                      open_comments=Coalesce(Subquery(unresolved, output_field=IntegerField()),
                                             0)))


def inbox(user: User, chosen: filters.Filters | None = None, *,
          now: datetime | None = None) -> Inbox:
    """The inbox as ``user`` sees it: the queue by the clock (overdue and soonest deadline
    first, then no deadline; riskiest first within each), for a publisher what is approved
    and waits for publication, then the rest, latest change first."""
    chosen, now = chosen or filters.Filters(), now or timezone.now()
    base = filters.narrow(Translation.objects.all(), chosen, user=user, now=now)
    parts = [("review", base.filter(state=S.IN_REVIEW), CLOCK)]
    shown = [S.IN_REVIEW]
    if roles.has_role(user, Role.PUBLISHER):
        parts.append(("ready", base.filter(state=S.APPROVED), CLOCK))
        shown.append(S.APPROVED)
    parts.append(("others", base.exclude(state__in=shown), RECENT))
    listing = Inbox(sections={name: _section(name, found, order, chosen, now)
                              for name, found, order in parts}, filters=chosen)
    risk_view.attach(listing.rows)
    return listing


def _section(name: str, found: QuerySet[Translation], order: tuple[Any, ...],
             chosen: filters.Filters, now: datetime) -> Section:
    count = found.count()
    number = min(chosen.page(name), max(1, -(-count // PAGE_SIZE)))
    start = (number - 1) * PAGE_SIZE
    rows = list(listed(found).order_by(*order)[start:start + PAGE_SIZE]) if count else []
    return Section(name=name, rows=mark_clock(rows, now), count=count, number=number,
                   chosen=chosen)


def mark_clock(rows: list[Translation], now: datetime) -> list[Translation]:
    """Set ``overdue`` (past its deadline and not done) and ``done`` on each row."""
    for row in rows:
        row.overdue = filters.is_overdue(row, now)  # type: ignore[attr-defined]
        row.done = row.state in filters.DONE  # type: ignore[attr-defined]
    return rows


def inbox_row(translation_id: int, *, now: datetime | None = None) -> Translation:
    found = listed(Translation.objects.filter(pk=translation_id)).first()
    if found is None:
        raise NotFoundError(f"No translation {translation_id} on the desk; check the number.")
    risk_view.attach([found])
    return mark_clock([found], now or timezone.now())[0]


def review_sheet(translation: Translation, *, order: str = READING) -> Sheet:
    """The translation's live segments, grouped for the review screen."""
    live = gate.live_segments(translation, with_confirmer=True)
    items = _items(translation, live.segments, live.overrides)
    if order == RISK:  # blocks left out of the translation need no review
        ranked = sorted((item for item in items if not item.segment.excluded),
                        key=lambda item: (-item.segment.risk, item.segment.position))
        blocks = [SheetBlock("Review order: riskiest first", ranked)]
    else:
        blocks = _grouped(translation, items)
    return Sheet(translation=translation, order=order if order in ORDERS else READING,
                 blocks=blocks, progress=progress(translation, live),
                 problems=gate.problems(translation, live))


def progress(translation: Translation, live: gate.LiveSegments | None = None) -> Progress:
    live = live or gate.live_segments(translation)
    segments = [s for s in live.segments if not s.excluded]
    blockers = sum(len(live.open_blockers(s)) for s in segments)
    others = sum(1 for s in segments for i in s.issues if i.get("severity") != "blocker")
    return Progress(
        confirmed=sum(1 for s in segments if s.state == SegmentState.CONFIRMED),
        total=len(segments), open_issues=others + blockers,
        open_blockers=blockers)


def segment_item(segment: Segment) -> SheetSegment:
    """One segment as the review screen shows it (after an override, a comment)."""
    return _items(segment.translation, [segment], gate.overrides_of([segment]))[0]


def segment_items(translation: Translation, segments: list[Segment]) -> list[SheetSegment]:
    """Segments of one translation as the review screen shows them (as a draft streams in)."""
    return _items(translation, segments, gate.overrides_of(segments))


def after_save(segment: Segment) -> tuple[SheetSegment, Progress]:
    """The saved segment as the review screen shows it, and the translation's progress.

    One read of the live segments serves both; the saved segment is taken from it
    while it is live.
    """
    translation = segment.translation
    live = gate.live_segments(translation)
    shown = next((s for s in live.segments if s.pk == segment.pk), segment)
    overrides = live.overrides if shown is not segment else gate.overrides_of([segment])
    return _items(translation, [shown], overrides)[0], progress(translation, live)


def shown(translation: Translation, segments: list[Segment]) -> list[SheetSegment]:
    """Several segments as the review screen shows them, read together (one query for
    their comments, one for their overrides)."""
    return _items(translation, segments, gate.overrides_of(segments))


def _items(translation: Translation, segments: list[Segment],
           overrides: dict[int, list[Override]]) -> list[SheetSegment]:
    ids = [s.pk for s in segments]
    comments: dict[int, list[Comment]] = {}
    for comment in Comment.objects.filter(segment_id__in=ids).select_related(
            "author", "resolved_by"):
        comments.setdefault(comment.segment_id, []).append(comment)
    tags = _block_tags(translation.machine_draft or {})
    drafted = _draft_signatures([s for s in segments if s.draft_origin == Origin.MEMORY
                                 and s.origin != Origin.MEMORY])
    items = []
    for segment in segments:
        still_open = {checking.issue_id(i)
                      for i in gate.open_blockers(segment, overrides.get(segment.pk, []))}
        issues = [{**issue, "id": found, "overridden": issue.get("severity") == "blocker"
                   and found not in still_open}
                  for issue, found in ((i, checking.issue_id(i)) for i in segment.issues)]
        group = segment.key.split(".")[0]
        items.append(SheetSegment(segment=segment, group=group,
                                  machine=segment.draft_text, issues=issues,
                                  comments=comments.get(segment.pk, []),
                                  tags=tags.get(group, {}),
                                  draft_signature=drafted.get(segment.pk, "")))
    return items


def _draft_signatures(edited: list[Segment]) -> dict[int, str]:
    """The signature of each segment's first revision (the draft), for segments an edit
    gave a signature of its own."""
    if not edited:
        return {}
    return dict(Revision.objects.filter(segment__in=edited, base_version=0)
                .order_by("-pk").values_list("segment_id", "signature"))


def _grouped(translation: Translation, items: list[SheetSegment]) -> list[SheetBlock]:
    labels = _block_labels(translation.machine_draft or {})
    left_out = (exclusions.excluded_blocks(translation)  # their segments carry the flag
                if any(item.segment.excluded for item in items) else {})
    blocks: list[SheetBlock] = []
    for item in items:
        if not blocks or blocks[-1].label != labels.get(item.group, item.group):
            key = item.group if exclusions.BLOCK_KEY.fullmatch(item.group) else ""
            blocks.append(SheetBlock(labels.get(item.group, item.group), key=key,
                                     excluded=left_out.get(key)))
        blocks[-1].segments.append(item)
    return blocks


def _block_labels(draft: dict[str, Any]) -> dict[str, str]:
    labels = {"title": "Headline", "standfirst": "Standfirst"}
    for number, block in enumerate(draft.get("blocks", []), 1):
        kind = str(block.get("kind", "paragraph")).replace("_", " ").capitalize()
        labels[f"b{number}"] = f"{kind} {number}" + (" (alt text)" if kind == "Image" else "")
    return labels


def _block_tags(draft: dict[str, Any]) -> dict[str, dict[str, str]]:
    units = {"title": draft.get("headline") or {}, "standfirst": draft.get("standfirst") or {}}
    units.update({f"b{n}": b for n, b in enumerate(draft.get("blocks", []), 1)})
    return {group: {tag_id: " ".join([tag.get("kind", ""), *tag.get("attrs", {}).values()])
                    for tag_id, tag in (block.get("tags") or {}).items()}
            for group, block in units.items()}
