"""Steps of the workflow taken from the review screen: approve, publish, overrides, comments."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from copydesk.desk import comments, gate, publishing, revisions, roles, sheet, workflow
from copydesk.desk.models import Role
from copydesk.desk.views.common import DeskRequest, desk_view, wants_json
from copydesk.desk.views.review import posted_version


@require_POST
@desk_view(Role.EDITOR)
def approve(request: DeskRequest, pk: int) -> HttpResponse:
    workflow.approve(workflow.find_translation(pk), user=request.user,
                     reason=request.POST.get("reason", ""))
    messages.success(request, "Approved. A publisher can publish it now.")
    return redirect("desk:review", pk=pk)


@require_POST
@desk_view(Role.PUBLISHER)
def publish(request: DeskRequest, pk: int) -> HttpResponse:
    publication = publishing.publish_translation(workflow.find_translation(pk),
                                                 user=request.user)
    messages.success(request, "Published.")
    return redirect("desk:publication", pk=publication.pk)


@require_POST
@desk_view(Role.EDITOR, Role.PUBLISHER)
def withdraw(request: DeskRequest, pk: int) -> HttpResponse:
    workflow.withdraw(workflow.find_translation(pk), user=request.user,
                      reason=request.POST.get("reason", ""))
    messages.success(request, "Withdrawn.")
    return redirect("desk:review", pk=pk)


@require_POST
@desk_view(Role.EDITOR)
def open_correction(request: DeskRequest, pk: int) -> HttpResponse:
    workflow.open_correction(workflow.find_translation(pk), user=request.user,
                             reason=request.POST.get("reason", ""))
    messages.success(request, "The translation is open for the correction.")
    return redirect("desk:review", pk=pk)


@require_POST
@desk_view(Role.EDITOR)
def override(request: DeskRequest, pk: int) -> HttpResponse:
    """An editor's written reason why a blocking issue is not a problem here."""
    made = gate.override(pk, request.POST.get("check", ""), issue=request.POST.get("issue", ""),
                         version=posted_version(request), user=request.user,
                         reason=request.POST.get("reason", ""))
    if wants_json(request):
        return JsonResponse({"override": made.pk, "segment": pk, "check": made.check_id,
                             "issue": made.issue, "version": made.version})
    item = sheet.segment_item(revisions.find_segment(pk))
    return render(request, "desk/_issues.html", {"item": item, "can_edit": True})


@require_http_methods(["GET", "POST"])
@desk_view()
def segment_comments(request: DeskRequest, pk: int) -> HttpResponse:
    if request.method == "POST":
        comments.add_comment(pk, request.POST.get("text", ""), user=request.user)
    item = sheet.segment_item(revisions.find_segment(pk))
    return render(request, "desk/_comments.html",
                  {"item": item, "is_editor": roles.has_role(request.user, Role.EDITOR)})


@require_POST
@desk_view(Role.EDITOR)
def resolve_comment(request: DeskRequest, pk: int) -> HttpResponse:
    comment = comments.resolve_comment(pk, user=request.user)
    item = sheet.segment_item(revisions.find_segment(comment.segment_id))
    return render(request, "desk/_comments.html", {"item": item, "is_editor": True})

