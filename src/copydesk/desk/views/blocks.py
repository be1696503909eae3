"""Leaving a block out of the translation, and putting it back, from the review screen."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from copydesk.desk import exclusions
from copydesk.desk.models import BlockExclusion, Role
from copydesk.desk.views.common import DeskRequest, desk_view, wants_json


@require_POST
@desk_view(Role.EDITOR)
def exclude(request: DeskRequest, pk: int, block: str) -> HttpResponse:
    """Leave the block out of the translation, with the editor's reason."""
    made = exclusions.exclude_block(pk, block, reason=request.POST.get("reason", ""),
                                    user=request.user)
    return _answer(request, pk, made, f"Block {made.block} is left out of the translation.")


@require_POST
@desk_view(Role.EDITOR)
def include(request: DeskRequest, pk: int, block: str) -> HttpResponse:
    """Put the block back into the translation, with the editor's reason."""
    made = exclusions.include_block(pk, block, reason=request.POST.get("reason", ""),
                                    user=request.user)
    return _answer(request, pk, made, f"Block {made.block} is back in the translation; "
                                      "confirm its segments.")


def _answer(request: DeskRequest, pk: int, made: BlockExclusion, note: str) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"block": made.block, "excluded": made.excluded,
                             "reason": made.reason, "translation": pk})
    messages.success(request, note)
    return redirect(reverse("desk:review", kwargs={"pk": pk}) + f"#block-{made.block}")
