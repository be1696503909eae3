"""``/translations/{id}/xliff``: a translation out as XLIFF, and a translated file back in.

``GET`` answers the file (``?version=1.2`` or ``2.0``); ``POST`` takes the
file itself as the request body (``Content-Type: application/xliff+xml``)
and applies it through ``xliff_exchange.import_file``, the review screen's
service: the report lists what changed, what was unchanged, what conflicted
(with both texts), what was refused, and warnings (what the XLIFF 1.2 strict
schema objects to in a file still read as transitional 1.2). A file that does not parse or
validate is a 400 and changes nothing.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.params import functions as params
from pydantic import Field

from copydesk.desk import xliff_exchange
from copydesk.desk.api.auth import caller
from copydesk.desk.api.errors import REFUSALS
from copydesk.desk.api.schemas import TranslationNumber
from copydesk.errors import InputError, TooLargeError
from copydesk.interop import safexml

router = Router(tags=["translations"])
FILE = {"content": {xliff_exchange.MEDIA_TYPE: {"schema": {"type": "string"}}}}


class Conflicted(Schema):
    segment: str
    theirs: str
    yours: str
    current_version: int


class Refused(Schema):
    segment: str
    reason: str


class ImportReportOut(Schema):
    translation: int
    xliff_version: str
    changed: list[str]
    unchanged: list[str]
    conflicted: list[Conflicted]
    refused: list[Refused]
    warnings: list[str] = Field(description="What the XLIFF 1.2 strict schema objects to in a "
                                "file read as transitional XLIFF 1.2; the import went ahead.")


@router.get("/{translation_id}/xliff", response=REFUSALS,
            openapi_extra={"responses": {"200": {"description": "The XLIFF file.", **FILE}}})
def export_xliff(request: HttpRequest, translation_id: TranslationNumber,
                 version: Annotated[Literal["1.2", "2.0"], params.Query(
                     description="The XLIFF version of the file.")] = "2.0") -> HttpResponse:
    """The translation's segments as an XLIFF file, with their versions, states and notes."""
    caller(request)
    name, data = xliff_exchange.export(translation_id, version)
    response = HttpResponse(data, content_type=f"{xliff_exchange.MEDIA_TYPE}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.post("/{translation_id}/xliff", response={200: ImportReportOut, **REFUSALS},
             openapi_extra={"requestBody": {"required": True, **FILE}})
def import_xliff(request: HttpRequest, translation_id: TranslationNumber) -> dict[str, Any]:
    """Apply an XLIFF 1.2 or 2.0 file (the request body) as the token owner's edits."""
    length = int(request.headers.get("Content-Length") or 0)
    if length > safexml.MAX_BYTES:
        raise TooLargeError(f"The file is over the limit of {safexml.MAX_BYTES:,} bytes; "
                            "split it.")
    data = request.body
    if not data:
        raise InputError("Send the XLIFF file as the request body "
                         "(Content-Type: application/xliff+xml).")
    return xliff_exchange.import_file(translation_id, data, user=caller(request)).to_dict()
