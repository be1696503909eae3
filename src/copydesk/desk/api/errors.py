"""Every refusal of the API as one JSON shape: ``{"error": {"code": ..., "message": ...}}``.

The codes are those of ``copydesk.errors`` and the statuses those the web
desk gives (``views.common.status_of``): 403 for a missing role, 404 for an
unknown id, 409 when the workflow refuses or an edit conflicts (with both
texts), 400 for input the desk cannot use. What the request's own shape gets
wrong (a missing field, a string for a number, an id out of range) is a 422
naming each field; a request without a valid token is a 401. An unexpected
failure is logged with its traceback, like any server error of the desk, and
answered with a 500 that says nothing about it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.log import log_response
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from copydesk.desk.views.common import status_of
from copydesk.errors import (
    ConflictError,
    CopydeskError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    TooLargeError,
)

SERVER_ERROR = "server_error"  # the one code that is not a CopydeskError's: the desk failed
NO_TOKEN = ("This needs an API token: send 'Authorization: Bearer <token>' ('copydesk users "
            "token' issues one).")
SHOWN_FIELDS = 5


class FieldProblem(Schema):
    location: str  # e.g. "body.editions.0" or "path.translation_id"
    message: str


class ErrorBody(Schema):
    code: str
    message: str
    fields: list[FieldProblem] | None = None  # 422: what is wrong with the request's fields
    theirs: str | None = None  # edit_conflict: the text saved meanwhile ...
    yours: str | None = None  # ... the text refused ...
    current_version: int | None = None  # ... and the version to save on top of


class ErrorAnswer(Schema):
    error: ErrorBody


# The refusals every operation may answer with, for its ``response`` table.
REFUSALS: dict[int, Any] = {status: ErrorAnswer
                            for status in (400, 401, 403, 404, 409, 413, 422)}


class TokenRefused(AuthenticationError):
    """The token is unknown or revoked, or its owner is deactivated."""


Refusal = tuple[int, str, str, dict[str, Any]]  # status, code, message, more fields


def answer(request: HttpRequest, api: NinjaAPI, status: int, code: str, message: str,
           **more: Any) -> HttpResponse:
    return api.create_response(request, {"error": {"code": code, "message": message, **more}},
                               status=status)


def _desk_error(error: CopydeskError) -> Refusal:
    more: dict[str, Any] = {}
    if isinstance(error, ConflictError):
        more = {"theirs": error.theirs, "yours": error.yours,
                "current_version": error.current_version}
    return status_of(error), error.code, error.message, more


def _invalid(error: ValidationError) -> Refusal:
    fields = [{"location": ".".join(str(part) for part in problem.get("loc", ())),
               "message": str(problem.get("msg", ""))} for problem in error.errors]
    listed = "; ".join(f"{f['location']}: {f['message']}" for f in fields[:SHOWN_FIELDS])
    more = f" ...and {len(fields) - SHOWN_FIELDS} more" if len(fields) > SHOWN_FIELDS else ""
    return (422, InputError.code, f"The request does not fit the API: {listed}{more}. See "
            "/api/v1/docs for what each operation takes.", {"fields": fields})


def _unauthenticated(error: AuthenticationError) -> Refusal:
    message = error.message if isinstance(error, TokenRefused) else NO_TOKEN
    return 401, PermissionDeniedError.code, message, {}


def _http_error(error: HttpError) -> Refusal:
    if error.status_code == 400:  # ninja's "Cannot parse request body"
        return (400, InputError.code, "The request body is not valid JSON; send a JSON object, "
                "with 'Content-Type: application/json'.", {})
    return error.status_code, InputError.code, error.message, {}


def _not_found(error: Http404) -> Refusal:
    return (404, NotFoundError.code, "There is nothing at this address; see /api/v1/docs for "
            "the API's operations.", {})


def _too_large(error: RequestDataTooBig) -> Refusal:
    return (413, TooLargeError.code, "The request body is over the desk's limit; send the "
            "article as a URL, or split it.", {})


def _suspicious(error: SuspiciousOperation) -> Refusal:
    return (400, InputError.code, "The request was refused as malformed; check its headers "
            "and body.", {})


# Most specific first: the first class the exception is an instance of answers it.
REFUSERS: tuple[tuple[type[Exception], Callable[[Any], Refusal]], ...] = (
    (CopydeskError, _desk_error), (ValidationError, _invalid),
    (AuthenticationError, _unauthenticated), (HttpError, _http_error), (Http404, _not_found),
    (RequestDataTooBig, _too_large), (SuspiciousOperation, _suspicious),
)


def install(api: NinjaAPI) -> None:
    """Put this module's answers in place of ninja's for every exception."""

    def handle(request: HttpRequest, error: Exception | type[Exception]) -> HttpResponse:
        for kind, refuse in REFUSERS:
            if isinstance(error, kind):
                status, code, message, more = refuse(error)
                return answer(request, api, status, code, message, **more)
        response = answer(request, api, 500, SERVER_ERROR, "The desk failed on this request; "
                          "the error is in its log. Try again, or tell an administrator.")
        log_response("Internal Server Error: %s", request.path, response=response,
                     request=request, exception=error if isinstance(error, Exception) else None)
        return response

    kinds: list[type[Exception]] = [Exception, *(kind for kind, _ in REFUSERS)]
    for kind in kinds:
        api.add_exception_handler(kind, handle)
