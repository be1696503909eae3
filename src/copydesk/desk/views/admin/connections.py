"""Webhooks and WordPress deliveries: where each edition's events and posts go, and their logs.

Webhooks: the receivers of each edition's events (add one, choosing its
events; remove one) and the delivery log (status, attempts, last answer and
error) with a Replay button. WordPress: the sites (read-only; they are added
with ``copydesk wordpress add-site``, since their passwords live in the
worker's environment) and the posts made and changed, with Retry for a failed
one. Every change goes through the service ``copydesk webhooks`` and
``copydesk wordpress`` use (``desk.webhooks``, ``desk.wordpress``), which
checks the admin role again and records it in the administration trail. A
new webhook's signing secret is shown once, on the answer to the POST.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST

from copydesk.desk import admin_audit
from copydesk.desk import webhooks as hooks
from copydesk.desk import wordpress as sites
from copydesk.desk.models import Edition, Role
from copydesk.desk.views.common import DeskRequest, desk_view, status_of
from copydesk.errors import CopydeskError

LOG_LENGTH = 50


class WebhookForm(forms.Form):
    """A receiver: the edition, its address and the events it wants (all when none)."""

    edition = forms.ModelChoiceField(queryset=Edition.objects.order_by("code"),
                                     to_field_name="code", label="Edition",
                                     empty_label=None)
    url = forms.CharField(max_length=2000, label="Receiver's address",
                          widget=forms.URLInput(attrs={"placeholder": "https://…"}))
    events = forms.MultipleChoiceField(choices=[(e, e) for e in hooks.EVENTS], required=False,
                                       widget=forms.CheckboxSelectMultiple,
                                       label="Events (every event when none is chosen)")


@require_GET
@desk_view(Role.ADMIN)
def webhook_list(request: DeskRequest) -> HttpResponse:
    return _page(request, WebhookForm())


@require_POST
@desk_view(Role.ADMIN)
def add_webhook(request: DeskRequest) -> HttpResponse:
    form = WebhookForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    try:
        endpoint, secret = hooks.add_endpoint(data["edition"].code, data["url"],
                                              data["events"], actor=request.user)
    except CopydeskError as error:  # a refused address: said on the form, as typed
        form.add_error("url", str(error))
        return _page(request, form, status=status_of(error))
    answer = render(request, "desk/admin/webhook_secret.html",
                    {"endpoint": endpoint, "secret": secret,
                     "back": reverse("desk:admin_webhooks")})
    add_never_cache_headers(answer)
    return answer


@require_POST
@desk_view(Role.ADMIN)
def remove_webhook(request: DeskRequest, pk: int) -> HttpResponse:
    dropped = hooks.remove_endpoint(pk, actor=request.user)
    messages.success(request, f"Webhook {pk} was removed; {dropped} message(s) still waiting "
                              "for it will not be sent.")
    return redirect("desk:admin_webhooks")


@require_POST
@desk_view(Role.ADMIN)
def replay_webhook(request: DeskRequest, pk: int) -> HttpResponse:
    delivery = hooks.replay(pk, actor=request.user)
    messages.success(request, f"Delivery {delivery.pk} ({delivery.event_type}) is queued "
                              "again, with the same message id; the worker sends it.")
    return redirect(_log_address(request))


@require_GET
@desk_view(Role.ADMIN)
def wordpress_list(request: DeskRequest) -> HttpResponse:
    failed = request.GET.get("failed") == "1"
    context = {"sites": sites.sites(), "failed": failed,
               "deliveries": sites.deliveries(failed_only=failed, limit=LOG_LENGTH),
               "events": admin_audit.events("wordpress_delivery_retried", limit=10)}
    return render(request, "desk/admin/wordpress.html", context)


@require_POST
@desk_view(Role.ADMIN)
def retry_wordpress(request: DeskRequest, pk: int) -> HttpResponse:
    delivery = sites.retry(pk, actor=request.user)
    messages.success(request, f"Delivery {delivery.pk} ({delivery.action} on "
                              f"{delivery.site.name}) is queued again; the worker makes it.")
    return redirect("desk:admin_wordpress")


def _log_address(request: DeskRequest) -> str:
    shown = reverse("desk:admin_webhooks")
    return f"{shown}?failed=1" if request.POST.get("failed") == "1" else shown


def _page(request: DeskRequest, form: WebhookForm, *, status: int = 200) -> HttpResponse:
    failed = request.GET.get("failed") == "1"
    context: dict[str, Any] = {
        "form": form, "endpoints": hooks.endpoints(), "failed": failed,
        "deliveries": hooks.deliveries(failed_only=failed, limit=LOG_LENGTH),
        "events": [e for e in admin_audit.events(limit=40) if e.kind.startswith("webhook_")],
    }
    return render(request, "desk/admin/webhooks.html", context, status=status)
