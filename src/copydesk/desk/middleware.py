"""What the desk does on every request: security headers, and API-token sign-in."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from copydesk.errors import PermissionDeniedError

# Scripts and styles only from the desk's own static files: no inline code, no CDN.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'"
)


class ContentSecurityPolicyMiddleware:
    """Send the desk's Content-Security-Policy unless a view set a stricter one itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


API_PREFIX = "/api/"


class ApiTokenMiddleware:
    """Sign a script in with ``Authorization: Bearer <token>`` (see ``copydesk users token``).

    Such a request carries no cookies, so it cannot be forged by another site
    and is exempt from the CSRF check; an unknown or revoked token is answered
    with 401 before any view runs. The views then apply the same role checks,
    and the services the same rules, as for a person in the browser.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX):  # the API reads its token itself
            return self.get_response(request)
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            from copydesk.desk import tokens  # models are ready only once Django is set up

            try:
                request.user = tokens.authenticate(token)
            except PermissionDeniedError as error:
                return JsonResponse({"error": str(error), "code": error.code}, status=401)
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        return self.get_response(request)
