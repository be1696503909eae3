"""``/reports`` and ``/translations/{id}/reports``: what readers filed, and the editors' answers.

Each step is the service the review screen's report panel calls
(``report_handling``) as the token's owner: an editor or a publisher
dismisses a report with a written reason; only an editor answers one by
opening a correction (or joining the one already open). A report already
handled is a 409, as on the page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.params import functions as params
from pydantic import Field

from copydesk.desk import report_handling, workflow
from copydesk.desk.api.auth import caller
from copydesk.desk.api.errors import REFUSALS
from copydesk.desk.api.schemas import MAX_ID, MAX_PAGE, MAX_VERSION, Text, TranslationNumber
from copydesk.desk.models import ReaderReport, ReportKind, ReportState, TranslationState
from copydesk.errors import NotFoundError

router = Router(tags=["reader reports"])  # mounted at /reports
on_translations = Router(tags=["reader reports"])  # mounted at /translations

ReportNumber = Annotated[int, params.Path(ge=1, le=MAX_ID, description="The report's number.")]


class ReportOut(Schema):
    id: int
    translation: int
    publication: int
    edition: str
    kind: ReportKind
    text: str = Field(description="Plain text as the reader filed it (escape it wherever "
                                  "shown).")
    contact: str = Field(description="The reader's e-mail address, or empty.")
    filed_at: datetime
    state: ReportState
    handled_by: str | None
    handled_at: datetime | None
    resolution: str = Field(description="Why it was dismissed, or the correction's reason.")
    correction: int | None = Field(description="The audit event number (seq) of the "
                                               "correction that answers it.")


class ReportPage(Schema):
    count: int
    items: list[ReportOut]


class DismissIn(Schema):
    reason: Text = Field(description="Why the report needs no correction.")


class CorrectionIn(Schema):
    reason: Text = Field("", description="The correction's reason, which readers see in the "
                                         "correction note; default: the report's words.")


class TranslationAfter(Schema):
    id: int
    edition: str
    state: TranslationState


class HandledOut(Schema):
    report: ReportOut
    translation: TranslationAfter


def _report(found: ReaderReport) -> dict[str, Any]:
    handler = found.handled_by
    return {
        "id": found.pk, "translation": found.translation_id,
        "publication": found.publication_id, "edition": found.translation.edition.code,
        "kind": found.kind, "text": found.text, "contact": found.contact,
        "filed_at": found.filed_at, "state": found.state,
        "handled_by": handler.get_username() if handler else None,
        "handled_at": found.handled_at, "resolution": found.resolution,
        "correction": found.correction.seq if found.correction else None,
    }


def _handled(found: ReaderReport) -> dict[str, Any]:
    translation = workflow.find_translation(found.translation_id)
    return {"report": _report(_find(found.pk)),
            "translation": {"id": translation.pk, "edition": translation.edition.code,
                            "state": translation.state}}


def _find(report_id: int) -> ReaderReport:
    found = (ReaderReport.objects.select_related("translation__edition", "handled_by",
                                                 "correction")
             .filter(pk=report_id).first())
    if found is None:
        raise NotFoundError(f"No reader report {report_id} on the desk; check the number.")
    return found


@router.get("", response={200: ReportPage, **REFUSALS})
def list_reports(
        request: HttpRequest,
        state: Annotated[ReportState, params.Query(
            description="Which reports: 'open' (the inbox's), 'answered' or 'dismissed'.")
        ] = ReportState.OPEN,
        limit: Annotated[int, params.Query(ge=1, le=MAX_PAGE)] = 50,
        offset: Annotated[int, params.Query(ge=0, le=MAX_VERSION)] = 0) -> dict[str, Any]:
    """Reader reports on every translation, newest first."""
    found = (ReaderReport.objects.filter(state=state)
             .select_related("translation__edition", "handled_by", "correction")
             .order_by("-filed_at", "-id"))
    return {"count": found.count(), "items": [_report(r) for r in found[offset:offset + limit]]}


@router.get("/{report_id}", response={200: ReportOut, **REFUSALS})
def get_report(request: HttpRequest, report_id: ReportNumber) -> dict[str, Any]:
    """One reader report and its handling."""
    return _report(_find(report_id))


@router.post("/{report_id}/dismiss", response={200: HandledOut, **REFUSALS})
def dismiss_report(request: HttpRequest, report_id: ReportNumber,
                   payload: DismissIn) -> dict[str, Any]:
    """Close an open report without a correction, with a written reason (editor or
    publisher)."""
    return _handled(report_handling.dismiss(report_id, user=caller(request),
                                            reason=payload.reason))


@router.post("/{report_id}/correction", response={200: HandledOut, **REFUSALS})
def answer_report(request: HttpRequest, report_id: ReportNumber,
                  payload: CorrectionIn | None = None) -> dict[str, Any]:
    """Answer an open report by a correction (editor): open one on the published or
    withdrawn translation, or join the correction already open; the body may be left out."""
    return _handled(report_handling.answer_with_correction(
        report_id, user=caller(request), reason=payload.reason if payload else ""))


@on_translations.get("/{translation_id}/reports", response={200: ReportPage, **REFUSALS})
def list_translation_reports(request: HttpRequest,
                             translation_id: TranslationNumber) -> dict[str, Any]:
    """The translation's reader reports: open ones first, each group newest first."""
    translation = workflow.find_translation(translation_id)
    found = report_handling.reports_on(translation)
    for report in found:
        report.translation = translation  # one edition for all, read once
    return {"count": len(found), "items": [_report(r) for r in found]}
