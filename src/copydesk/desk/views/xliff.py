"""The review screen's XLIFF buttons: download the translation for a CAT tool, upload it back.

The upload is applied by ``xliff_exchange.import_file`` (the API's and the
command's service too) and answered with its report: what changed, what
was unchanged, what conflicted (with both texts) and what was refused.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from copydesk.desk import workflow, xliff_exchange
from copydesk.desk.models import Role
from copydesk.desk.views.common import DeskRequest, desk_view
from copydesk.errors import InputError, TooLargeError
from copydesk.interop import safexml


@require_GET
@desk_view()
def download(request: DeskRequest, pk: int) -> HttpResponse:
    """The translation as XLIFF ``?version=1.2`` or ``2.0`` (the default)."""
    name, data = xliff_exchange.export(pk, request.GET.get("version", "2.0"))
    response = HttpResponse(data, content_type=f"{xliff_exchange.MEDIA_TYPE}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@desk_view(Role.EDITOR)
def upload(request: DeskRequest, pk: int) -> HttpResponse:
    """Apply an uploaded XLIFF file as the editor's revisions, and show the report."""
    sent = request.FILES.get("file")
    if sent is None:
        raise InputError("Choose an XLIFF file to upload.")
    if sent.size is not None and sent.size > safexml.MAX_BYTES:
        raise TooLargeError(f"The file is over the limit of {safexml.MAX_BYTES:,} bytes; "
                            "split it.")
    report = xliff_exchange.import_file(pk, sent.read(safexml.MAX_BYTES + 1), user=request.user)
    return render(request, "desk/xliff_report.html",
                  {"report": report, "translation": workflow.find_translation(pk),
                   "file_name": sent.name})
