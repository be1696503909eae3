"""The inbox: what is waiting for review, adding articles, translation progress."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copydesk.desk import intake, roles, sheet, tasks, workflow
from copydesk.desk.forms import AddArticleForm
from copydesk.desk.models import Role, Translation, TranslationState
from copydesk.desk.views.common import DeskRequest, desk_view
from copydesk.errors import CopydeskError


@require_GET
@desk_view()
def inbox(request: DeskRequest) -> HttpResponse:
    listed = sheet.inbox()
    tasks.note_stalls(listed.others)
    _note_withdraw(listed.others, request)
    context = {"inbox": listed, "form": AddArticleForm(),
               "can_add": roles.has_role(request.user, Role.EDITOR)}
    return render(request, "desk/inbox.html", context)


@require_http_methods(["GET", "POST"])
@desk_view(Role.EDITOR)
def add_article(request: DeskRequest) -> HttpResponse:
    form = AddArticleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            source, key = intake.read_submission(form.submission())
            added = intake.add_article(source, key, form.cleaned_data["editions"],
                                       user=request.user, deadline=form.cleaned_data["deadline"])
        except CopydeskError as error:  # shown on the form, which keeps what was typed
            form.add_error(None, str(error))
        else:
            names = ", ".join(t.edition.name for t in added)
            messages.success(request, f"“{source.title}” is on the desk for {names}.")
            return redirect("desk:inbox")
    status = 400 if request.method == "POST" else 200
    return render(request, "desk/add_article.html", {"form": form}, status=status)


@require_GET
@desk_view()
def inbox_row(request: DeskRequest, pk: int) -> HttpResponse:
    """One inbox row; while translating it asks to be fetched again every second."""
    return _row(request, pk)


@require_POST
@desk_view(Role.EDITOR)
def retry(request: DeskRequest, pk: int) -> HttpResponse:
    workflow.retry(workflow.find_translation(pk), user=request.user)
    if request.headers.get("HX-Request"):
        return _row(request, pk)
    return redirect("desk:inbox")


def _row(request: DeskRequest, pk: int) -> HttpResponse:
    row = sheet.inbox_row(pk)
    tasks.note_stalls([row])
    _note_withdraw([row], request)
    return render(request, "desk/_inbox_row.html", {"t": row})


def _note_withdraw(rows: Iterable[Translation], request: DeskRequest) -> None:
    """Set ``can_withdraw`` on failed and stalled rows the user may take off the desk (a
    failed row shows the form; a stalled one, refreshed every second, links to it)."""
    for row in rows:
        stuck = row.state == TranslationState.FAILED or getattr(row, "stall", None)
        row.can_withdraw = bool(stuck) and workflow.may_withdraw(  # type: ignore[attr-defined]
            row, request.user)
