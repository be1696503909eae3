"""What the inbox and the review screen show: read-only views over the desk's records.

The review sheet groups a translation's live segments by the block they came
from (headline, standfirst, paragraph 3 ...) or, in review order, lists them
riskiest first; each carries its open issues, the machine draft it started
from, its comments, what its tags stand for, and whether its text came from
the translation memory (fuzzy suggestions are on the segment). Progress and
the gate's problems come from ``gate``, so the screen shows the same reasons
the publish step gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from copydesk.desk import checking, gate, workflow
from copydesk.desk.models import (
    Comment,
    Origin,
    Override,
    Segment,
    SegmentState,
    Translation,
    TranslationState,
)

READING, RISK = "reading", "risk"
ORDERS = (READING, RISK)


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

    @property
    def memory_match(self) -> str:
        """The badge of a translation taken from the memory ("" for any other origin)."""
        if self.segment.origin != Origin.MEMORY:
            return ""
        return "in context" if "|match:in-context|" in self.segment.signature else "memory 100%"

    @property
    def open_blockers(self) -> list[dict[str, Any]]:
        return [i for i in self.issues if i.get("severity") == "blocker" and not i["overridden"]]


@dataclass
class SheetBlock:
    label: str
    segments: list[SheetSegment] = field(default_factory=list)


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
class Inbox:
    queue: list[Translation]  # in review: riskiest and most urgent first
    others: list[Translation]  # translating, failed, approved, published, withdrawn


def with_counts(translations: QuerySet[Translation]) -> QuerySet[Translation]:
    """Annotate ``confirmed`` and ``total`` live segments."""
    live = Q(segments__active=True)
    return translations.annotate(
        total=Count("segments", filter=live),
        confirmed=Count("segments", filter=live & Q(segments__state=SegmentState.CONFIRMED)))


def inbox() -> Inbox:
    queue = list(with_counts(workflow.review_queue().select_related("source_version")))
    others = (Translation.objects.exclude(state=TranslationState.IN_REVIEW)
              .select_related("article", "edition", "source_version").order_by("-updated_at"))
    return Inbox(queue=queue, others=list(with_counts(others)))


def inbox_row(translation_id: int) -> Translation:
    found = with_counts(Translation.objects.filter(pk=translation_id)
                        .select_related("article", "edition", "source_version")).first()
    return found if found is not None else workflow.find_translation(translation_id)


def review_sheet(translation: Translation, *, order: str = READING) -> Sheet:
    """The translation's live segments, grouped for the review screen."""
    live = gate.live_segments(translation, with_confirmer=True)
    items = _items(translation, live.segments, live.overrides)
    if order == RISK:
        ranked = sorted(items, key=lambda item: (-item.segment.risk, item.segment.position))
        blocks = [SheetBlock("Review order: riskiest first", ranked)]
    else:
        blocks = _grouped(translation, items)
    return Sheet(translation=translation, order=order if order in ORDERS else READING,
                 blocks=blocks, progress=progress(translation, live),
                 problems=gate.problems(translation, live))


def progress(translation: Translation, live: gate.LiveSegments | None = None) -> Progress:
    live = live or gate.live_segments(translation)
    segments = live.segments
    blockers = sum(len(live.open_blockers(s)) for s in segments)
    others = sum(1 for s in segments for i in s.issues if i.get("severity") != "blocker")
    return Progress(
        confirmed=sum(1 for s in segments if s.state == SegmentState.CONFIRMED),
        total=len(segments), open_issues=others + blockers,
        open_blockers=blockers)


def segment_item(segment: Segment) -> SheetSegment:
    """One segment as the review screen shows it (after an override, a comment)."""
    return _items(segment.translation, [segment], gate.overrides_of([segment]))[0]


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


def _items(translation: Translation, segments: list[Segment],
           overrides: dict[int, list[Override]]) -> list[SheetSegment]:
    ids = [s.pk for s in segments]
    comments: dict[int, list[Comment]] = {}
    for comment in Comment.objects.filter(segment_id__in=ids).select_related(
            "author", "resolved_by"):
        comments.setdefault(comment.segment_id, []).append(comment)
    tags = _block_tags(translation.machine_draft or {})
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
                                  tags=tags.get(group, {})))
    return items


def _grouped(translation: Translation, items: list[SheetSegment]) -> list[SheetBlock]:
    labels = _block_labels(translation.machine_draft or {})
    blocks: list[SheetBlock] = []
    for item in items:
        if not blocks or blocks[-1].label != labels.get(item.group, item.group):
            blocks.append(SheetBlock(labels.get(item.group, item.group)))
        blocks[-1].segments.append(item)
    return blocks


def _block_labels(draft: dict[str, Any]) -> dict[str, str]:
    labels = {"title": "Headline", "standfirst": "Standfirst"}
    for number, block in enumerate(draft.get("blocks", []), 1):
        kind = str(block.get("kind", "paragraph")).replace("_", " ").capitalize()
        labels[f"b{number}"] = f"{kind} {number}"
    return labels


def _block_tags(draft: dict[str, Any]) -> dict[str, dict[str, str]]:
    units = {"title": draft.get("headline") or {}, "standfirst": draft.get("standfirst") or {}}
    units.update({f"b{n}": b for n, b in enumerate(draft.get("blocks", []), 1)})
    return {group: {tag_id: " ".join([tag.get("kind", ""), *tag.get("attrs", {}).values()])
                    for tag_id, tag in (block.get("tags") or {}).items()}
            for group, block in units.items()}
