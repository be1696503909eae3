"""Reader reports: the public form (no account needed) and the editors' answers to them.

The form pages show nothing of the desk: no names, no numbers, only the
article's headline and the form, in the edition's language. They are not
``desk_view`` pages, so no sign-in is asked; Django's CSRF check applies to
them as to every form (the page sets the cookie it checks).
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copydesk.desk import reader_reports, report_handling, report_wording, signin
from copydesk.desk.models import ReaderReport, ReportChannel, ReportKind, Role, TranslationState
from copydesk.desk.views.common import DeskRequest, desk_view, wants_json
from copydesk.errors import NotFoundError

_NEW_TOKEN = frozenset({"token", "expired", "replayed"})  # the old token cannot be sent again


@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest, public_id: str) -> HttpResponse:
    channel = _channel(public_id)
    if request.method == "GET":
        return _form(request, channel, token=reader_reports.issue_token(public_id))
    sent = reader_reports.Submission(
        kind=request.POST.get("kind", ""), text=request.POST.get("text", ""),
        contact=request.POST.get("contact", ""), token=request.POST.get("token", ""),
        trap=request.POST.get(reader_reports.TRAP_FIELD, ""))
    try:
        reader_reports.file_report(public_id, sent, address=signin.client_address(request))
    except reader_reports.ReportRefused as refused:
        token = (reader_reports.issue_token(public_id) if refused.reason in _NEW_TOKEN
                 else sent.token)
        answer = _form(request, channel, token=token, sent=sent, refused=refused)
        if refused.retry_after is not None:
            answer.status_code, answer["Retry-After"] = 429, str(refused.retry_after)
        return answer
    except NotFoundError:
        raise Http404("No report form here.") from None
    return redirect("desk:report_sent", public_id=public_id)


@require_GET
def report_sent(request: HttpRequest, public_id: str) -> HttpResponse:
    channel = _channel(public_id)
    wording = report_wording.for_language(channel.publication.translation.edition.language)
    return render(request, "desk/report_sent.html", {"words": wording.page(),
                                                     "language": wording.language})


def _channel(public_id: str) -> ReportChannel:
    try:
        return reader_reports.find_channel(public_id)
    except NotFoundError:
        raise Http404("No report form here.") from None


def _form(request: HttpRequest, channel: ReportChannel, *, token: str,
          sent: reader_reports.Submission | None = None,
          refused: reader_reports.ReportRefused | None = None) -> HttpResponse:
    wording = report_wording.for_language(channel.publication.translation.edition.language)
    context: dict[str, Any] = {
        "words": wording.page(), "language": wording.language, "kinds": wording.kinds(),
        "token": token, "trap_field": reader_reports.TRAP_FIELD,
        "max_chars": reader_reports.MAX_TEXT_CHARS, "title": _headline(channel),
        "error": wording.refusal(refused.reason) if refused else "",
        "closed": channel.publication.translation.state == TranslationState.WITHDRAWN,
        "values": {"kind": sent.kind if sent else ReportKind.TRANSLATION,
                   "text": sent.text[:reader_reports.MAX_TEXT_CHARS * 2] if sent else "",
                   "contact": sent.contact[:reader_reports.MAX_CONTACT_CHARS] if sent else ""}}
    return render(request, "desk/report_form.html", context, status=400 if refused else 200)


def _headline(channel: ReportChannel) -> str:
    """The translated headline readers saw (from the JSON output), or nothing."""
    try:
        return str(json.loads(channel.publication.outputs.get("json", ""))["article"]["title"])
    except (ValueError, KeyError, TypeError):
        return ""


@require_POST
@desk_view(Role.EDITOR, Role.PUBLISHER)
def answer(request: DeskRequest, pk: int) -> HttpResponse:
    report = report_handling.answer_with_correction(pk, user=request.user,
                                                    reason=request.POST.get("reason", ""))
    messages.success(request, "The translation is open for the correction; the reader's report "
                              "is answered by it.")
    return _handled(request, report)


@require_POST
@desk_view(Role.EDITOR, Role.PUBLISHER)
def dismiss(request: DeskRequest, pk: int) -> HttpResponse:
    report = report_handling.dismiss(pk, user=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, "The reader's report is dismissed.")
    return _handled(request, report)


def _handled(request: DeskRequest, report: ReaderReport) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"report": report.pk, "state": report.state,
                             "correction": report.correction.seq if report.correction else None})
    return redirect(reverse("desk:review", args=[report.translation_id]) + "#reader-reports")
