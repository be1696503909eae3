"""The review screen: source and draft side by side, autosave, confirm, diff."""

from __future__ import annotations

import json
import re

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST

from copydesk.desk import (
    comments,
    counters,
    editing,
    evidence,
    presence,
    review_filters,
    revisions,
    roles,
    sheet,
    streaming,
    tasks,
    workflow,
)
from copydesk.desk.bootstrap import edition_table
from copydesk.desk.models import Role, Segment, Translation, TranslationState
from copydesk.desk.views.common import DeskRequest, desk_view
from copydesk.errors import InputError

VERSION = re.compile(r"[0-9]{1,9}")


@require_GET
@desk_view()
def review(request: DeskRequest, pk: int) -> HttpResponse:
    translation = workflow.find_translation(pk)
    tasks.note_stalls([translation])
    state, user = translation.state, request.user
    evidence.opened(translation, user)
    shown = sheet.review_sheet(translation, order=request.GET.get("order", sheet.READING))
    _count_characters(translation, shown)
    context = {
        "sheet": shown,
        "filter_bar": review_filters.bar(shown, request.GET.get("show")),
        "present": presence.others(translation.pk, user),
        "can_edit": roles.has_role(user, Role.EDITOR) and (
            state in revisions.EDITABLE or streaming.is_streaming(translation)),
        "can_approve": roles.has_role(user, Role.EDITOR) and state == TranslationState.IN_REVIEW,
        "can_publish": roles.has_role(user, Role.PUBLISHER),
        "can_withdraw": workflow.may_withdraw(translation, user),
        "is_editor": roles.has_role(user, Role.EDITOR),
        "publications": translation.publications.order_by("-published_at"),
        "judged": (evidence.assessment(translation, shown.segments)
                   if state in evidence.RECORDED else None),
    }
    if state == TranslationState.IN_REVIEW:
        context["open_comments"], context["open_comment_refusal"] = (
            comments.open_comment_problem(translation))
    return render(request, "desk/review.html", context)


def _count_characters(translation: Translation, shown: sheet.Sheet) -> None:
    table = edition_table(translation.edition)
    for block in shown.blocks:
        if block.segments:
            block.counter = counters.counter(block.segments[0].group,
                                             [i.segment.target for i in block.segments], table)


@require_POST
@desk_view(Role.EDITOR)
def activity(request: DeskRequest, pk: int) -> HttpResponse:
    """The review screen's report of active time; answers with the evidence as it now stands."""
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise InputError("The activity report is not JSON; reload the page.") from None
    credited = evidence.record(pk, evidence.parse_reports(data), user=request.user)
    translation = workflow.find_translation(pk)
    html = (render_to_string("desk/_evidence.html",
                             {"judged": evidence.assessment(translation)}, request=request)
            if translation.state in evidence.RECORDED else "")
    present = render_to_string("desk/_presence.html",
                               {"present": presence.others(pk, request.user)}, request=request)
    return JsonResponse({"credited_ms": credited, "evidence_html": html,
                         "presence_html": present})


@require_GET
@desk_view()
def status(request: DeskRequest, pk: int) -> HttpResponse:
    """Translation progress while the machine works (polled every second). Once it is done
    the answer says what the translation became, polls no more, and reloads the page."""
    translation = workflow.find_translation(pk)
    tasks.note_stalls([translation])
    response = render(request, "desk/_translating.html", {"translation": translation})
    if translation.state != TranslationState.TRANSLATING and not request.headers.get(
            "X-Review-Streaming"):  # a page with segments an editor may be in: no reload
        response["HX-Refresh"] = "true"
    return response


def posted_version(request: DeskRequest) -> int:
    """The segment version a form says the editor saw (ASCII digits only)."""
    raw = request.POST.get("version", "")
    if not VERSION.fullmatch(raw):
        raise InputError("The request carried no valid segment version; reload the page and "
                         "try again.")
    return int(raw)


def _segment_answer(request: DeskRequest, segment: Segment) -> JsonResponse:
    item, progress = sheet.after_save(segment)
    return JsonResponse({
        "version": segment.version, "state": segment.state, "target": segment.target,
        "issues_html": render_to_string("desk/_issues.html", {"item": item, "can_edit": True},
                                        request=request),
        "progress_html": render_to_string("desk/_progress.html", {"progress": progress}),
    })


@require_POST
@desk_view(Role.EDITOR)
def save(request: DeskRequest, pk: int) -> HttpResponse:
    """Autosave: the text made on top of the version the editor loaded."""
    segment = editing.save(pk, request.POST.get("text", ""), base_version=posted_version(request),
                           user=request.user)
    return _segment_answer(request, segment)


@require_POST
@desk_view(Role.EDITOR)
def confirm(request: DeskRequest, pk: int) -> HttpResponse:
    """Save the text if it changed, then confirm it."""
    segment = editing.save_and_confirm(pk, request.POST.get("text"),
                                       base_version=posted_version(request), user=request.user)
    return _segment_answer(request, segment)


@require_GET
@desk_view()
def diff(request: DeskRequest, pk: int) -> HttpResponse:
    """The machine draft against the current text, word by word."""
    item = sheet.segment_item(revisions.find_segment(pk))
    return render(request, "desk/_diff.html", {"item": item})
