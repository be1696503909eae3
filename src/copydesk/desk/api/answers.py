"""The desk's records as the API's answers (plain data for the schemas in ``schemas``).

What a segment shows (its issues, each with its id and whether an override
covers it) and a translation's progress and problems come from ``sheet`` and
``gate``, so the API reports exactly what the review screen shows.
"""

from __future__ import annotations

from typing import Any

from copydesk.desk import evidence, sheet
from copydesk.desk.models import Publication, SegmentState, Translation


def segment(item: sheet.SheetSegment) -> dict[str, Any]:
    found = item.segment
    confirmer = found.confirmed_by if found.confirmed_by_id else None
    return {
        "id": found.pk, "key": found.key, "position": found.position, "source": found.source,
        "target": found.target, "machine": item.machine, "version": found.version,
        "state": found.state, "confirmed": found.state == SegmentState.CONFIRMED,
        "confirmed_by": confirmer.get_username() if confirmer else None,
        "confirmed_at": found.confirmed_at, "origin": found.origin, "risk": found.risk,
        "needs_work": found.needs_work, "issues": item.issues,
    }


def progress(shown: sheet.Progress) -> dict[str, int]:
    return {"confirmed": shown.confirmed, "total": shown.total,
            "open_issues": shown.open_issues, "open_blockers": shown.open_blockers}


def reference(translation: Translation) -> dict[str, Any]:
    return {"id": translation.pk, "edition": translation.edition.code,
            "state": translation.state}


def item(translation: Translation) -> dict[str, Any]:
    """A translation in a list: ``sheet.listed`` gave it its counts, ``sheet.mark_clock``
    whether it is overdue."""
    assignee = translation.assigned_to
    return {
        **reference(translation),
        "article": {"id": translation.article_id, "key": translation.article.key},
        "source_version": translation.source_version.number,
        "deadline": translation.deadline, "overdue": getattr(translation, "overdue", False),
        "assigned_to": assignee.get_username() if assignee else None, "risk": translation.risk,
        "confirmed": getattr(translation, "confirmed", 0),
        "total": getattr(translation, "total", 0),
        "open_comments": getattr(translation, "open_comments", 0),
        "updated_at": translation.updated_at,
    }


def assignment(translation: Translation) -> dict[str, Any]:
    assignee = translation.assigned_to
    return {**reference(translation),
            "assigned_to": assignee.get_username() if assignee else None,
            "assigned_at": translation.assigned_at}


def publication(found: Publication) -> dict[str, Any]:
    return {"id": found.pk, "kind": found.kind, "published_at": found.published_at,
            "source_version": found.source_version.number, "formats": sorted(found.outputs)}


def translation(found: Translation) -> dict[str, Any]:
    """Everything about one translation: state, progress, segments, evidence, publications."""
    shown = sheet.review_sheet(found, order=sheet.READING)
    judged = (evidence.assessment(found, shown.segments).to_dict()
              if found.state in evidence.RECORDED else None)
    edition, assignee = found.edition, found.assigned_to
    return {
        **reference(found),
        "article": {"id": found.article_id, "key": found.article.key},
        "edition": {"code": edition.code, "name": edition.name, "language": edition.language},
        "source_version": found.source_version.number, "deadline": found.deadline,
        "assigned_to": assignee.get_username() if assignee else None, "risk": found.risk,
        "engine": found.engine, "machine_translated": found.machine_translated,
        "warnings": list(found.warnings), "error": found.error,
        "progress": progress(shown.progress), "problems": shown.problems, "evidence": judged,
        "segments": [segment(entry) for block in shown.blocks for entry in block.segments],
        "publications": [publication(p) for p in found.publications.select_related(
            "source_version").order_by("published_at", "id")],
    }
