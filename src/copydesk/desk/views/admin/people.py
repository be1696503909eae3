"""People: add, change roles, reset passwords, deactivate and activate, API tokens."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copydesk.desk import admin_audit, roles, staff
from copydesk.desk.models import ApiToken, Role
from copydesk.desk.views.admin.forms import PersonForm, ResetPasswordForm, RolesForm, TokenForm
from copydesk.desk.views.common import DeskRequest, desk_view, status_of
from copydesk.errors import CopydeskError


def shown_once(request: DeskRequest, title: str, secret: str, what: str,
               back: str) -> HttpResponse:
    """A password or token the desk made up, on a page no cache keeps."""
    answer = render(request, "desk/admin/secret.html",
                    {"title": title, "secret": secret, "what": what, "back": back})
    add_never_cache_headers(answer)
    return answer


@require_GET
@desk_view(Role.ADMIN)
def people(request: DeskRequest) -> HttpResponse:
    live = Counter(ApiToken.objects.filter(revoked_at__isnull=True)
                   .values_list("user_id", flat=True))
    listed = [(p, held, live[p.pk]) for p, held in staff.people()]
    return render(request, "desk/admin/people.html", {"people": listed})


@require_http_methods(["GET", "POST"])
@desk_view(Role.ADMIN)
def add_person(request: DeskRequest) -> HttpResponse:
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        password = staff.generate_password() if form.generated else data["password1"]
        try:
            person = staff.add_person(data["username"], data["full_name"], data["roles"],
                                      password, actor=request.user, generated=form.generated)
        except CopydeskError as error:
            form.add_error(None, str(error))
            return render(request, "desk/admin/person_add.html", {"form": form},
                          status=status_of(error))
        if form.generated:
            return shown_once(request, f"{person.username} was added", password,
                              "password", reverse("desk:person", args=[person.username]))
        messages.success(request, f"{person.username} was added.")
        return redirect("desk:person", username=person.username)
    status = 400 if request.method == "POST" else 200
    return render(request, "desk/admin/person_add.html", {"form": form}, status=status)


@require_GET
@desk_view(Role.ADMIN)
def person(request: DeskRequest, username: str) -> HttpResponse:
    return render(request, "desk/admin/person.html", _context(request, username))


def _context(request: DeskRequest, username: str, **forms: Any) -> dict[str, Any]:
    found = staff.find_person(username)
    held = sorted(r.value for r in roles.roles_of(found))
    return {
        "person": found, "held": held,
        "roles_form": forms.get("roles_form") or RolesForm(initial={"roles": held,
                                                                    "held": ",".join(held)}),
        "password_form": forms.get("password_form") or ResetPasswordForm(),
        "token_form": forms.get("token_form") or TokenForm(),
        "tokens": staff.tokens_of(username),
        "events": admin_audit.events(subject=f"user:{username}", limit=20),
        "yourself": found.pk == request.user.pk,
    }


@require_POST
@desk_view(Role.ADMIN)
def change_roles(request: DeskRequest, username: str) -> HttpResponse:
    form = RolesForm(request.POST)
    if not form.is_valid():
        return _again(request, username, roles_form=form)
    staff.set_roles(username, form.cleaned_data["roles"], actor=request.user,
                    expected=form.expected())
    messages.success(request, f"{username} now holds: {', '.join(form.cleaned_data['roles'])}.")
    return redirect("desk:person", username=username)


@require_POST
@desk_view(Role.ADMIN)
def reset_password(request: DeskRequest, username: str) -> HttpResponse:
    form = ResetPasswordForm(request.POST)
    if not form.is_valid():
        return _again(request, username, password_form=form)
    password = staff.generate_password() if form.generated else form.cleaned_data["password1"]
    try:
        revoked = staff.set_password(username, password, actor=request.user,
                                     keep_tokens=form.cleaned_data["keep_tokens"],
                                     generated=form.generated)
    except CopydeskError as error:
        form.add_error(None, str(error))
        return _again(request, username, status=status_of(error), password_form=form)
    done = f"{username}'s password was changed; {revoked} API token(s) revoked."
    if form.generated:
        return shown_once(request, done, password, "password",
                          reverse("desk:person", args=[username]))
    messages.success(request, done)
    return redirect("desk:person", username=username)


@require_POST
@desk_view(Role.ADMIN)
def deactivate(request: DeskRequest, username: str) -> HttpResponse:
    revoked = staff.deactivate(username, actor=request.user)
    messages.success(request, f"{username} is deactivated; {revoked} API token(s) revoked.")
    return redirect("desk:person", username=username)


@require_POST
@desk_view(Role.ADMIN)
def activate(request: DeskRequest, username: str) -> HttpResponse:
    staff.activate(username, actor=request.user)
    messages.success(request, f"{username} can sign in again (old API tokens stay revoked).")
    return redirect("desk:person", username=username)


@require_POST
@desk_view(Role.ADMIN)
def issue_token(request: DeskRequest, username: str) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _again(request, username, token_form=form)
    row, token = staff.issue_token(username, form.cleaned_data["name"], actor=request.user)
    return shown_once(request, f"API token “{row.name}” for {username}", token, "API token",
                      reverse("desk:person", args=[username]))


@require_POST
@desk_view(Role.ADMIN)
def revoke_token(request: DeskRequest, username: str) -> HttpResponse:
    prefix = request.POST.get("prefix", "")
    staff.revoke_token(username, prefix, actor=request.user)
    messages.success(request, f"Token {prefix} of {username} was revoked.")
    return redirect("desk:person", username=username)


def _again(request: DeskRequest, username: str, *, status: int = 400,
           **forms: Any) -> HttpResponse:
    return render(request, "desk/admin/person.html", _context(request, username, **forms),
                  status=status)
