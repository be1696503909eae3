"""Publications (what readers got, with disclosure and provenance) and the audit trail."""

from __future__ import annotations

import json
from html import escape

import lxml.html
import nh3
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from copydesk.desk import audit, ninjs_items, publishing, sources
from copydesk.desk.models import AuditEvent, Publication
from copydesk.desk.views.common import DeskRequest, desk_view

WITHDRAWAL = "withdrawal"
DOWNLOADS = {"html": ("text/html", "html"), "fragment": ("text/html", "fragment.html"),
             "md": ("text/markdown", "md"),
             "json": ("application/json", "json"),
             "ninjs": ("application/json", "ninjs.json"),
             "ninjs1": ("application/json", "ninjs1.json")}
# The preview frame may show the article's own styling, nothing that runs.
PREVIEW_POLICY = ("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; "
                  "frame-ancestors 'self'")


def _publication(pk: int) -> Publication:
    return get_object_or_404(Publication.objects.select_related(
        "translation__article", "translation__edition", "published_by", "source_version"), pk=pk)


@require_GET
@desk_view()
def publication(request: DeskRequest, pk: int) -> HttpResponse:
    found = _publication(pk)
    withdrawal = publishing.withdrawal_of(found)
    context = {"publication": found, "formats": [f for f in DOWNLOADS if f in found.outputs],
               "provenance": json.dumps(found.provenance, indent=2, ensure_ascii=False),
               "withdrawal": withdrawal,
               "notice": withdrawal.notice(found.translation) if withdrawal else None}
    return render(request, "desk/publication.html", context)


@require_GET
@xframe_options_sameorigin
@desk_view()
def preview(request: DeskRequest, pk: int) -> HttpResponse:
    """The published HTML, sanitised, for the sandboxed preview frame."""
    html = nh3.clean(_article_part(_publication(pk).outputs.get("html", "")))
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = PREVIEW_POLICY
    return response


def _article_part(page: str) -> str:
    """The ``<article>`` of a rendered page (the head's title and metadata are not shown)."""
    if not page.strip():
        return ""
    found = lxml.html.document_fromstring(page).find(".//article")
    return lxml.html.tostring(found, encoding="unicode") if found is not None else page


@require_GET
@desk_view()
def download(request: DeskRequest, pk: int, fmt: str) -> HttpResponse:
    """An output as published; a withdrawn publication's are marked withdrawn (in the file
    name and the ``X-Copydesk-Withdrawn`` header: the bytes stay those the audit trail
    hashed), and ``withdrawal`` is the notice that takes its place."""
    found = _publication(pk)
    withdrawal = publishing.withdrawal_of(found)
    name = f"translation-{found.translation_id}-{found.translation.edition.code}-{found.pk}"
    if fmt == WITHDRAWAL and withdrawal is not None:
        notice = withdrawal.notice(found.translation)
        body = (f'<p class="copydesk-withdrawal" lang="{escape(notice.language)}">'
                f"{escape(notice.text)}</p>\n")
        response = HttpResponse(body, content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}-withdrawal.html"'
        return response
    if fmt not in DOWNLOADS or fmt not in found.outputs:
        raise Http404("No such output format.")
    mime, suffix = DOWNLOADS[fmt]
    response = HttpResponse(ninjs_items.served(found, fmt, withdrawal),
                            content_type=f"{mime}; charset=utf-8")
    if withdrawal is not None:
        name += "-withdrawn"
        response["X-Copydesk-Withdrawn"] = withdrawal.withdrawn_at.isoformat(timespec="seconds")
    response["Content-Disposition"] = f'attachment; filename="{name}.{suffix}"'
    return response


@require_GET
@desk_view()
def audit_trail(request: DeskRequest, pk: int) -> HttpResponse:
    article = sources.find_article(pk)
    context = {"article": article, "result": audit.verify(article),
               "events": AuditEvent.objects.filter(article=article).order_by("seq")}
    return render(request, "desk/audit.html", context)


@require_GET
@desk_view()
def audit_export(request: DeskRequest, pk: int) -> HttpResponse:
    article = sources.find_article(pk)
    response = HttpResponse(audit.export(article), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="audit-article-{article.pk}.json"'
    return response
