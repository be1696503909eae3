"""REST API v1 of the desk, at ``/api/v1/`` (OpenAPI at ``openapi.json``, docs at ``docs``).

A thin adapter: each operation reads its request, calls the service the web
pages call (``intake``, ``workflow``, ``revisions``, ``gate``,
``publishing``, ``audit``) as the token's owner, and turns the result or the
refusal into JSON. No rule of the workflow lives here.
"""

from __future__ import annotations

from functools import wraps
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI, Router
from ninja.operation import Operation

from copydesk.desk.api import (
    articles,
    blocks,
    docs,
    errors,
    publications,
    reports,
    review_tools,
    segments,
    translations,
    wordpress,
    xliff,
)
from copydesk.desk.api.auth import TokenAuth
from copydesk.errors import InputError, NotFoundError

DESCRIPTION = """\
A newsroom's translation desk: put articles on it, review their translations, publish them.

**Sign-in.** Every operation takes an API token, `Authorization: Bearer <token>`
(`copydesk users token NAME "what it is for"` issues one). The token acts as
its owner, with the owner's roles: an *editor* adds articles, edits, confirms,
overrides and approves; a *publisher* publishes and withdraws. The publish
gate and the edition's review-evidence policy are the same as on the review
screen.

**Errors.** Every refusal is `{"error": {"code": "...", "message": "..."}}`
with a stable code: 400 for input the desk cannot use (`bad_input`,
`fetch_failed`, `bad_language` ...), 401 without a valid token, 403 for a
missing role (`permission_denied`), 404 for an unknown number (`not_found`),
409 when the workflow refuses a step (`workflow_error`) or a segment changed
since the version given (`edit_conflict`, with `theirs`, `yours` and
`current_version`), 413 for a body over the limit (`too_large`), 422 when the
request does not fit this document (`bad_input`, with `fields`), and 500
(`server_error`) when the desk itself failed. A request line (address and
query) longer than the web server reads, about 4 KB, is answered 414 by the
server itself, as a short HTML page.
"""
# What the web server (gunicorn) answers before the desk sees the request.
URI_TOO_LONG = {"description": "URI Too Long: the address and query are longer than the web "
                               "server reads (about 4 KB); answered by the server as HTML.",
                "content": {"text/html": {"schema": {"type": "string"}}}}


class DeskAPI(NinjaAPI):
    """The desk's API: each operation's OpenAPI id is its function's name, and a method an
    address does not take is refused in JSON too."""

    def get_openapi_operation_id(self, operation: Operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                operation.setdefault("responses", {}).setdefault("414", URI_TOO_LONG)
        return schema

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        return [self._methods_in_json(p) if isinstance(p, URLPattern) else p
                for p in patterns], app_name, namespace

    def _methods_in_json(self, pattern: URLPattern) -> URLPattern:
        view = pattern.callback

        @wraps(view)
        def answered(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            response: HttpResponseBase = view(request, *args, **kwargs)
            if response.status_code != HTTPStatus.METHOD_NOT_ALLOWED:
                return response
            allowed = response.get("Allow", "")
            refusal = errors.answer(request, self, 405, InputError.code,
                                    f"This address takes {allowed} only; see /api/v1/docs.")
            refusal["Allow"] = allowed
            return refusal

        return URLPattern(pattern.pattern, answered, pattern.default_args, pattern.name)


api = DeskAPI(title="copydesk", version="1", description=DESCRIPTION,
               urls_namespace="api-v1", auth=TokenAuth(), docs=docs.LocalSwagger(),
               docs_url="/docs", openapi_url="/openapi.json")
errors.install(api)
api.get("/docs/{name}", auth=None, include_in_schema=False)(docs.asset)
api.add_router("/articles", articles.router)
api.add_router("/translations", translations.router)
api.add_router("/segments", segments.router)
api.add_router("/publications", publications.router)
api.add_router("/reports", reports.router)
api.add_router("/translations", reports.on_translations)
api.add_router("/translations", blocks.router)
api.add_router("/translations", xliff.router)
api.add_router("/wordpress", wordpress.router)
api.add_router("", review_tools.router)

elsewhere = Router()  # mounted last: whatever no operation above answers
ANY_METHOD = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@elsewhere.api_operation(ANY_METHOD, "/{path:rest}", auth=None, include_in_schema=False)
def nowhere(request: HttpRequest, rest: str) -> None:
    raise NotFoundError("There is nothing at this address; see /api/v1/docs for the API's "
                        "operations.")


@elsewhere.api_operation(ANY_METHOD, "", auth=None, include_in_schema=False)
def root(request: HttpRequest) -> None:
    nowhere(request, "")


api.add_router("", elsewhere)

__all__ = ["api"]
