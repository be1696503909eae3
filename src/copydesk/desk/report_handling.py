"""Editors answer reader reports: by a correction, or dismissed with a written reason.

Editors and publishers handle reports; only an editor opens a correction
(``workflow.open_correction``), so a publisher answers by dismissing or asks
an editor. Answering opens a correction on a published (or withdrawn)
translation with the report's words as the default reason (which readers see
in the correction note, so the editor may rewrite it), or joins the
correction already open; the report is linked to its ``correction_opened``
event. Each step locks the report's row, checks that it is still open and
records ``reader_report_answered`` or ``reader_report_dismissed`` in the
article's audit trail, in one transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from copydesk.desk import audit, entries, reader_reports, roles, workflow
from copydesk.desk.models import (
    AuditEvent,
    ReaderReport,
    ReportState,
    Role,
    Translation,
    TranslationState,
    User,
)
from copydesk.errors import NotFoundError, PermissionDeniedError, WorkflowError

ANSWERED, DISMISSED = reader_reports.ANSWERED, reader_reports.DISMISSED


def may_handle(user: User | None) -> bool:
    return roles.has_role(user, Role.EDITOR) or roles.has_role(user, Role.PUBLISHER)


def dismiss(report_id: int, *, user: User, reason: str) -> ReaderReport:
    """Close the report without a correction, with a written reason."""
    if not may_handle(user):
        raise PermissionDeniedError(
            f"{user.get_username()} may not handle reader reports: that needs the 'editor' or "
            "'publisher' role. Ask an administrator to grant it.")
    written = entries.written_reason(reason, "dismissing a reader report")
    with transaction.atomic():
        report = _lock_open(report_id)
        _close(report, ReportState.DISMISSED, user=user, resolution=written)
        audit.record(report.translation.article_id, DISMISSED, actor=user, payload={
            **reader_reports.about(report, report.translation.edition.code), "reason": written})
    return report


def answer_with_correction(report_id: int, *, user: User, reason: str = "") -> ReaderReport:
    """Answer the report by a correction: open one (its reason defaults to the report) or
    join the correction already open; the report is linked to it and marked answered."""
    roles.require(user, Role.EDITOR, "answer reader reports with a correction")
    with transaction.atomic():
        report = _lock_open(report_id)
        written = entries.written_reason(reason if reason.strip() else default_reason(report),
                                         "a correction")
        event = _correction(workflow.find_translation(report.translation_id), user, written)
        report.correction = event
        _close(report, ReportState.ANSWERED, user=user,
               resolution=str(event.payload.get("reason", written)))
        audit.record(report.translation.article_id, ANSWERED, actor=user, payload={
            **reader_reports.about(report, report.translation.edition.code),
            "correction": event.seq})
    return report


def default_reason(report: ReaderReport) -> str:
    """The report's words as a correction's reason (which readers see): one line."""
    return " ".join(report.text.split())[:entries.MAX_REASON_CHARS]


def correction_action(translation: Translation) -> str | None:
    """``open`` (published or withdrawn), ``join`` (a correction is open), or None."""
    if translation.state in (TranslationState.PUBLISHED, TranslationState.WITHDRAWN):
        return "open"
    return "join" if open_correction_event(translation) is not None else None


def open_correction_event(translation: Translation) -> AuditEvent | None:
    """The ``correction_opened`` event of a correction not yet published."""
    last = translation.publications.order_by("-published_at", "-id").first()
    if last is None or translation.state not in (TranslationState.IN_REVIEW,
                                                 TranslationState.APPROVED,
                                                 TranslationState.TRANSLATING):
        return None
    return (AuditEvent.objects.filter(article_id=translation.article_id, kind="correction_opened",
                                      payload__translation=translation.pk,
                                      created_at__gte=last.published_at)
            .order_by("-seq").first())


def _correction(translation: Translation, user: User, reason: str) -> AuditEvent:
    action = correction_action(translation)
    if action == "open":
        workflow.open_correction(translation, user=user, reason=reason)
    event = open_correction_event(workflow.find_translation(translation.pk))
    if event is None:
        raise WorkflowError(f"Translation {translation.pk} is "
                            f"{TranslationState(translation.state).label.lower()} and no "
                            "correction is open; answer the report once it is published again, "
                            "or dismiss it.")
    return event


def _lock_open(report_id: int) -> ReaderReport:
    report = (ReaderReport.objects.select_for_update(of=("self",))
              .select_related("translation__edition").filter(pk=report_id).first())
    if report is None:
        raise NotFoundError(f"No reader report {report_id} on the desk; check the number.")
    if report.state != ReportState.OPEN:
        raise WorkflowError(f"Reader report {report_id} is already "
                            f"{ReportState(report.state).label.lower()}.")
    return report


def _close(report: ReaderReport, state: str, *, user: User, resolution: str) -> None:
    report.state, report.handled_by, report.handled_at = state, user, timezone.now()
    report.resolution = resolution
    report.save(update_fields=["state", "handled_by", "handled_at", "resolution", "correction"])


def open_reports() -> QuerySet[ReaderReport]:
    """Every open report, newest first, with what the inbox shows of its article."""
    return (ReaderReport.objects.filter(state=ReportState.OPEN)
            .select_related("translation__edition", "translation__source_version")
            .order_by("-filed_at", "-id"))


def reports_on(translation: Translation) -> list[ReaderReport]:
    """The translation's reports: open ones first, each group newest first."""
    found = list(translation.reader_reports.select_related("handled_by", "publication")
                 .order_by("-filed_at", "-id"))
    return sorted(found, key=lambda r: r.state != ReportState.OPEN)
