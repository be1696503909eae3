"""What every desk view shares: login, a role check, and errors turned into answers.

The role check here only decides who may open a page; every step a page
takes goes through a service that checks the role again (``roles.require``),
so the rules hold for the API and the command line too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from copydesk.desk import roles
from copydesk.desk.models import Role, User
from copydesk.errors import (
    ConflictError,
    CopydeskError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
)

ANY_ROLE = (Role.EDITOR, Role.PUBLISHER)
View = Callable[..., HttpResponse]


class DeskRequest(HttpRequest):
    """A request that ``desk_view`` let through: its user is signed in."""

    user: User


def status_of(error: CopydeskError) -> int:
    for kind, status in ((PermissionDeniedError, 403), (NotFoundError, 404),
                         (ConflictError, 409), (InputError, 400)):
        if isinstance(error, kind):
            return status
    return 409 if error.code == "workflow_error" else 400


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def error_answer(request: HttpRequest, error: CopydeskError, *,
                 back_to_form: bool = True) -> HttpResponse:
    """JSON for scripts, a fragment for htmx, a message and a redirect for forms."""
    status = status_of(error)
    if wants_json(request):
        body: dict[str, Any] = {"error": str(error), "code": error.code}
        if isinstance(error, ConflictError):
            body.update(theirs=error.theirs, yours=error.yours, version=error.current_version,
                        editor=error.editor)
        return JsonResponse(body, status=status)
    if request.headers.get("HX-Request"):  # shown in the page's message area
        answer = render(request, "desk/_error.html", {"error": error}, status=status)
        answer["HX-Retarget"], answer["HX-Reswap"] = "#flash", "innerHTML"
        return answer
    if request.method == "POST" and back_to_form:
        messages.error(request, str(error))
        return redirect(back(request))
    return render(request, "desk/error.html", {"error": error}, status=status)


def back(request: HttpRequest, default: str = "desk:inbox") -> str:
    """Where a form came from (only this site), else ``default``."""
    target = request.POST.get("next") or request.headers.get("Referer", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                   require_https=request.is_secure()):
        return target
    return redirect(default).url


def desk_view(*allowed: Role) -> Callable[[View], View]:
    """Log in, hold one of ``allowed`` roles (any desk role when none given), map errors."""
    needed = allowed or ANY_ROLE

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: DeskRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not any(roles.has_role(request.user, role) for role in needed):
                names = " or ".join(f"'{Role(r).value}'" for r in needed)
                error = PermissionDeniedError(f"This page needs the {names} role; ask an "
                                              "administrator to grant it.")
                return error_answer(request, error, back_to_form=False)
            try:
                return view(request, *args, **kwargs)
            except CopydeskError as error:
                return error_answer(request, error)
        return wrapped
    return decorate
