"""The review screen's question while a first draft streams in: which segments arrived.

The page names the segments it shows as "translating…" by their keys; the
answer carries each of them that has its machine text by now, rendered as the
sheet renders it, so the page puts it in place without a reload
(``desk/stream.js``), and the translation's state.
"""

from __future__ import annotations

import re

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from copydesk.desk import revisions, roles, sheet, streaming, workflow
from copydesk.desk.models import Role
from copydesk.desk.views.common import DeskRequest, desk_view
from copydesk.errors import InputError

KEY = r"(?:title|standfirst|b[0-9]{1,6})\.s[0-9]{1,6}"
KEYS = re.compile(rf"(?:{KEY}(?:,{KEY}){{0,1999}})?")  # at most 2,000 segments a question


@require_GET
@desk_view()
def arrivals(request: DeskRequest, pk: int) -> HttpResponse:
    """``?keys=title.s1,b1.s1``: of the segments named, the ones stored by now, as HTML."""
    raw = request.GET.get("keys", "")
    if not KEYS.fullmatch(raw):
        raise InputError("The request named no valid segment keys; reload the page.")
    translation = workflow.find_translation(pk)
    arrived = list(translation.segments.filter(key__in=raw.split(",") if raw else [],
                                               active=True).exclude(origin=streaming.PENDING)
                   .select_related("confirmed_by").order_by("position"))
    can_edit = roles.has_role(request.user, Role.EDITOR) and (
        translation.state in revisions.EDITABLE or streaming.is_streaming(translation))
    context = {"sheet": {"translation": translation}, "can_edit": can_edit}
    html = {item.segment.key: render_to_string("desk/_segment.html",
                                               {**context, "item": item}, request=request)
            for item in sheet.segment_items(translation, arrived)}
    return JsonResponse({"state": translation.state, "segments": html})
