"""Signing in and out with Django's own views (hashed passwords, CSRF, session rotation).

Failed sign-ins are counted by django-axes (``copydesk.desk.signin``); a
locked-out sign-in gets the sign-in page again with one message that says
neither whether the account exists nor whether the password was right.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from copydesk.desk import signin

LOCKED_STATUS = 429

login = auth_views.LoginView.as_view(template_name="desk/login.html",
                                     redirect_authenticated_user=True)
logout = auth_views.LogoutView.as_view()


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None,
               credentials: dict[str, Any] | None = None) -> HttpResponse:
    """The answer to a sign-in refused by the throttle (axes' ``AXES_LOCKOUT_CALLABLE``)."""
    minutes = int(signin.cool_off().total_seconds() // 60)
    context = {"form": AuthenticationForm(request), "locked_minutes": minutes,
               "next": request.POST.get("next", "")}
    return render(request, "desk/login.html", context, status=LOCKED_STATUS)
