"""The admin overview and the administration trail, with its verification."""

from __future__ import annotations

import re

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from copydesk.desk import admin_audit, staff
from copydesk.desk import glossary as glossaries
from copydesk.desk.models import Role, User
from copydesk.desk.views.common import DeskRequest, desk_view

NUMBER = re.compile(r"[0-9]{1,9}")


@require_GET
@desk_view(Role.ADMIN)
def overview(request: DeskRequest) -> HttpResponse:
    active = User.objects.filter(is_active=True)
    context = {
        "people": active.count(),
        "inactive": User.objects.filter(is_active=False).count(),
        "admins": active.filter(Q(groups__name=Role.ADMIN.value) | Q(is_superuser=True))
                        .distinct().count(),
        "editions": staff.editions(),
        "glossaries": sum(1 for g in glossaries.glossaries() if g.path),
        "check": admin_audit.verify(),
        "events": admin_audit.events(limit=10),
    }
    return render(request, "desk/admin/overview.html", context)


@require_GET
@desk_view(Role.ADMIN)
def trail(request: DeskRequest) -> HttpResponse:
    asked = request.GET.get("kind", "")
    kind = asked if asked in admin_audit.KINDS else ""
    before_text = request.GET.get("before", "")
    before = int(before_text) if NUMBER.fullmatch(before_text) else None
    shown = admin_audit.events(kind, before=before)
    context = {
        "kinds": admin_audit.KINDS, "kind": kind, "events": shown,
        "unknown": asked[:60] if asked and not kind else "",
        "older": shown[-1].seq if len(shown) == admin_audit.PAGE else None,
        "check": admin_audit.verify(),
    }
    return render(request, "desk/admin/audit.html", context)


@require_GET
@desk_view(Role.ADMIN)
def trail_export(request: DeskRequest) -> HttpResponse:
    answer = HttpResponse(admin_audit.export(), content_type="application/json; charset=utf-8")
    answer["Content-Disposition"] = 'attachment; filename="admin-trail.json"'
    return answer
