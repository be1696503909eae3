"""``/publications``: what readers got, in each format, exactly as it was published.

Each format is the stored output, byte for byte what the audit trail hashed:
``html`` the standalone page, ``fragment`` the article's body for a CMS's
content field (with its disclosure, without the page's head and provenance),
``md``, ``json``, and the ninjs news items ``ninjs`` (2.1) and ``ninjs1`` (1.5).
A publication taken off the site answers as the desk's download does: the
same bytes, with the time of the withdrawal in the ``X-Copydesk-Withdrawn``
header; its ninjs is the item's withdrawal (``copydesk.desk.ninjs_items``).
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.params import functions as params

from copydesk.desk import ninjs_items, publishing
from copydesk.desk.api.errors import REFUSALS
from copydesk.desk.api.schemas import Format, PublicationNumber
from copydesk.desk.models import Publication
from copydesk.errors import NotFoundError

router = Router(tags=["publications"])
MEDIA = {"html": "text/html", "fragment": "text/html", "md": "text/markdown",
         "json": "application/json", "ninjs": "application/json", "ninjs1": "application/json"}
WITHDRAWN_HEADER = "X-Copydesk-Withdrawn"
OUTPUTS: dict[str, Any] = {"responses": {200: {
    "description": "The output in the format asked for.",
    "headers": {WITHDRAWN_HEADER: {"description": "When the publication was withdrawn (only "
                                                  "for a withdrawn one).",
                                   "schema": {"type": "string", "format": "date-time"}}},
    "content": {"text/html": {"schema": {"type": "string"}},
                "text/markdown": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "object"}}}}}}


@router.get("/{publication_id}", response=REFUSALS, openapi_extra=OUTPUTS)
def publication_output(
        request: HttpRequest, publication_id: PublicationNumber,
        format: Annotated[Format, params.Query(description="Which output.")] = "json",
) -> HttpResponse:
    """One output of a publication: ``html``, ``fragment`` (the body for a CMS), ``md``,
    ``json``, ``ninjs`` (a ninjs 2.1 news item) or ``ninjs1`` (ninjs 1.5); a withdrawn
    publication's ninjs is its withdrawal, ``pubstatus`` ``canceled``."""
    found = (Publication.objects.select_related("translation__edition")
             .filter(pk=publication_id).first())
    if found is None:
        raise NotFoundError(f"No publication {publication_id} on the desk; the translation's "
                            "page lists its publications.")
    stored = found.outputs.get(format)
    if not isinstance(stored, str):
        raise NotFoundError(f"Publication {found.pk} has no {format} output (it was published "
                            f"before the desk made one); ask for one of: "
                            f"{', '.join(sorted(found.outputs))}.")
    withdrawal = publishing.withdrawal_of(found)
    response = HttpResponse(ninjs_items.served(found, format, withdrawal),
                            content_type=f"{MEDIA[format]}; charset=utf-8")
    if withdrawal is not None:
        response[WITHDRAWN_HEADER] = withdrawal.withdrawn_at.isoformat(timespec="seconds")
    return response

