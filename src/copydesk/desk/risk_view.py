"""Why an inbox row is risky: ``copydesk.checks.reasons`` for a page of translations.

``attach(rows)`` reads the issues of every row's live segments in one query,
however many rows the page holds, and sets ``risk_reasons`` on each: a
``RowReasons`` with the short line the row shows ("names changed ×3, number
mismatch") and the list behind it, each reason with its severity in words, or
``None`` for a translation with no segments yet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from copydesk.checks import reasons
from copydesk.desk.models import Segment, Translation

LIMIT = 3  # reasons per row


@dataclass(frozen=True)
class ReasonItem:
    severity: str  # "blocker", "major", "minor", or "" when no check fired
    label: str
    segments: int  # how many segments it concerns (0: the article as a whole)
    message: str  # the first such issue's message


@dataclass(frozen=True)
class RowReasons:
    summary: str
    items: tuple[ReasonItem, ...]


def attach(rows: Sequence[Translation]) -> None:
    """Set ``risk_reasons`` on each row, in one query for all of them."""
    ids = {row.pk for row in rows if getattr(row, "total", 0)}
    found: dict[int, list[tuple[float, list[Any]]]] = defaultdict(list)
    if ids:
        flagged = (Segment.objects.filter(translation_id__in=ids, active=True, excluded=False)
                   .exclude(issues=[]).order_by("translation_id", "position")
                   .values_list("translation_id", "risk", "issues"))
        for translation_id, risk, issues in flagged:
            found[translation_id].append((risk, issues if isinstance(issues, list) else []))
    for row in rows:
        segments = found.get(row.pk) or [(row.risk, [])]
        row.risk_reasons = (  # type: ignore[attr-defined]
            view(segments) if row.pk in ids else None)


def view(segments: Sequence[tuple[float, Sequence[Any]]]) -> RowReasons:
    """The reasons of an article's flagged segments, as one row shows them."""
    found = reasons.risk_reasons(segments, limit=LIMIT)
    items = tuple(ReasonItem(severity=r.severity or "", label=reasons.label(r),
                             segments=len(r.segments) if r.check is not None else 0,
                             message=r.message) for r in found)
    return RowReasons(summary=reasons.summary(found), items=items)
