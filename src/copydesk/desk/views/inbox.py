"""The inbox: what is waiting for review, adding articles, translation progress, assignment."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copydesk.desk import assignment, filters, intake, roles, sheet, tasks, wordpress, workflow
from copydesk.desk.forms import AddArticleForm
from copydesk.desk.models import Edition, Role, Translation, TranslationState
from copydesk.desk.views.common import DeskRequest, back, desk_view
from copydesk.errors import CopydeskError, InputError


@require_GET
@desk_view()
def inbox(request: DeskRequest) -> HttpResponse:
    """The inbox with the filters of the query string; htmx asking for the list (its polling,
    the filter form) gets the list alone."""
    try:
        chosen, refusal = filters.parse(request.GET), None
    except InputError as error:  # said above the lists, which are not shown
        chosen, refusal = filters.Filters(), error
    listed = None if refusal else sheet.inbox(request.user, chosen)
    _note_rows(listed.rows if listed else [], request)
    shown = _row_context(request)
    context = {"inbox": listed, "filters": chosen, "refusal": refusal, "form": AddArticleForm(),
               "can_add": roles.has_role(request.user, Role.EDITOR),
               "editions": Edition.objects.order_by("code"), "states": TranslationState,
               "editors": assignment.editors() if shown["can_direct"] else (), **shown}
    status = 400 if refusal else 200
    if request.headers.get("HX-Target") == "inbox-list":
        return render(request, "desk/_inbox_list.html", context, status=status)
    return render(request, "desk/inbox.html", context, status=status)


@require_http_methods(["GET", "POST"])
@desk_view(Role.EDITOR)
def add_article(request: DeskRequest) -> HttpResponse:
    """Add an article, or a new version of one on the desk (the same URL or key): then the
    editor sees what changed. ``?key=`` fills the key in, for an update."""
    form = AddArticleForm(request.POST or None, request.FILES or None,
                          initial={"key": request.GET.get("key", "")[:500]})
    if request.method == "POST" and form.is_valid():
        try:
            added = _added(request, form)
        except CopydeskError as error:  # shown on the form, which keeps what was typed
            form.add_error(None, str(error))
        else:
            (messages.success if added.stored else messages.info)(request, added.summary())
            if added.previous is not None:
                return redirect("desk:compare_versions", added.article.pk,
                                added.previous.number, added.version.number)
            return redirect("desk:inbox")
    status = 400 if request.method == "POST" else 200
    return render(request, "desk/add_article.html", {"form": form}, status=status)


def _added(request: DeskRequest, form: AddArticleForm) -> intake.Added:
    """What the form put on the desk: the submission, or a post pulled from WordPress."""
    data, post = form.cleaned_data, form.pulled_post()
    if post is not None:
        return wordpress.pull(*post, [e.code for e in data["editions"]], user=request.user,
                              language=data["language"], deadline=data["deadline"])
    source, key = intake.read_submission(form.submission())
    return intake.add_article(source, key, data["editions"], user=request.user,
                              deadline=data["deadline"])


@require_GET
@desk_view()
def inbox_row(request: DeskRequest, pk: int) -> HttpResponse:
    """One inbox row; while translating it asks to be fetched again every second."""
    return _row(request, pk)


@require_POST
@desk_view()
def assign(request: DeskRequest, pk: int) -> HttpResponse:
    """Take a translation, give it back, or hand it to an editor (the row's buttons); the row
    again for htmx, else back to the inbox the form came from."""
    done = assignment.assign(pk, request.POST.get("user", "").strip() or None,
                             user=request.user, reassign=request.POST.get("reassign") == "1",
                             seen=request.POST.get("seen"))
    if request.headers.get("HX-Request"):
        return _row(request, pk)
    holder = done.assigned_to
    messages.success(request, f"Translation {pk} is now assigned to {assignment.who(holder)}."
                     if holder else f"Translation {pk} is assigned to nobody now.")
    return redirect(back(request))


@require_POST
@desk_view(Role.EDITOR)
def retry(request: DeskRequest, pk: int) -> HttpResponse:
    workflow.retry(workflow.find_translation(pk), user=request.user)
    if request.headers.get("HX-Request"):
        return _row(request, pk)
    return redirect("desk:inbox")


def _row(request: DeskRequest, pk: int) -> HttpResponse:
    row = sheet.inbox_row(pk)
    _note_rows([row], request)
    return render(request, "desk/_inbox_row.html", {"t": row, **_row_context(request)})


def _row_context(request: DeskRequest) -> dict[str, bool]:
    """What a row's buttons depend on: who may take translations and who may assign others."""
    return {"can_take": roles.has_role(request.user, Role.EDITOR),
            "can_direct": assignment.may_direct(request.user)}


def _note_rows(rows: list[Translation], request: DeskRequest) -> None:
    tasks.note_stalls(rows)
    _note_withdraw(rows, request)


def _note_withdraw(rows: Iterable[Translation], request: DeskRequest) -> None:
    """Set ``can_withdraw`` on failed and stalled rows the user may take off the desk (a
    failed row shows the form; a stalled one, refreshed every second, links to it)."""
    for row in rows:
        stuck = row.state == TranslationState.FAILED or getattr(row, "stall", None)
        row.can_withdraw = bool(stuck) and workflow.may_withdraw(  # type: ignore[attr-defined]
            row, request.user)
