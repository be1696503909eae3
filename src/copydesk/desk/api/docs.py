"""The API's browsable documentation, served by the desk itself.

The page is Swagger UI from the files the ``django-ninja`` package ships, sent
from the API's own address: nothing is loaded from another host, so the docs
work offline and under the desk's Content-Security-Policy (scripts and styles
from the desk only, no inline code; the settings travel as a JSON block).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from copydesk.errors import NotFoundError

SHIPPED = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {"swagger-ui.css": "text/css", "swagger-ui-bundle.js": "text/javascript",
          "swagger-ui-init.js": "text/javascript", "favicon.svg": "image/svg+xml"}
CACHE_SECONDS = 86_400


class LocalSwagger(DocsBase):
    """Swagger UI whose scripts and styles come from ``asset`` below."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {"url": self.get_openapi_url(api, kwargs), "layout": "BaseLayout",
                    "deepLinking": True, "validatorUrl": None}
        context = {"title": api.title, "swagger_settings": settings,
                   "assets": f"{request.path.rstrip('/')}/"}
        return render(request, "desk/api/docs.html", context)


def asset(request: HttpRequest, name: str) -> FileResponse:
    """One of Swagger UI's files, from the installed package."""
    if name not in ASSETS:
        raise NotFoundError(f"The API docs have no file {name[:100]!r}.")
    response = FileResponse((SHIPPED / name).open("rb"), content_type=ASSETS[name])
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response
