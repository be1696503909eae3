"""The review screen's tools: find and replace, concordance, a glossary term from a selection
(and how the segments it sent to be translated again came back).

Each answers the screen's script in JSON; the work is done by the services
(``find_replace``, ``concordance``, ``review_glossary``), which check the role
again, so the API and these views keep the same rules.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from copydesk.desk import concordance, find_replace, review_glossary, sheet, workflow
from copydesk.desk.models import AuditEvent, Role, Segment
from copydesk.desk.views.common import DeskRequest, desk_view
from copydesk.errors import InputError

YES = ("1", "true", "on", "yes")


def _query(data: Any) -> find_replace.Query:
    def text(name: str) -> str:
        value = data.get(name, "")
        if not isinstance(value, str):
            raise InputError(f"'{name}' must be text.")
        return value

    def flag(name: str) -> bool:
        value = data.get(name, False)
        return value is True or (isinstance(value, str) and value.lower() in YES)

    return find_replace.make_query(text("find"), text("replace"), match_case=flag("match_case"),
                                   whole_word=flag("whole_word"))


def preview_json(preview: find_replace.Preview) -> dict[str, Any]:
    return {"hits": preview.hit_count, "segments": [
        {"id": s.segment.pk, "key": s.segment.key, "version": s.segment.version,
         "state": s.segment.state, "target": s.text, "replaced": s.replaced,
         "hits": [list(h) for h in s.hits], "problem": s.problem}
        for s in preview.segments]}


@require_GET
@desk_view(Role.EDITOR)
def find(request: DeskRequest, pk: int) -> HttpResponse:
    """Every hit of the search in the translation, with each segment's text before and after."""
    preview = find_replace.preview(pk, _query(request.GET), user=request.user)
    return JsonResponse(preview_json(preview))


@require_POST
@desk_view(Role.EDITOR)
def replace(request: DeskRequest, pk: int) -> HttpResponse:
    """Replace in the segments the preview listed, at the versions it gave, all or none."""
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise InputError("The replacement request is not JSON; reload the page.") from None
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        raise InputError("Send the find text, the replacement and the previewed segments.")
    saved = find_replace.apply(pk, _query(data), find_replace.parse_chosen(data["segments"]),
                               user=request.user)
    return JsonResponse({"segments": [_segment(request, s) for s in saved],
                         "progress_html": _progress(pk)})


def _segment(request: DeskRequest, segment: Segment) -> dict[str, Any]:
    item, _ = sheet.after_save(segment)
    return _shown(request, item)


def _shown(request: DeskRequest, item: sheet.SheetSegment) -> dict[str, Any]:
    segment = item.segment
    return {"id": segment.pk, "key": segment.key, "version": segment.version,
            "state": segment.state, "target": segment.target,
            "issues_html": render_to_string("desk/_issues.html",
                                            {"item": item, "can_edit": True}, request=request)}


def _progress(pk: int) -> str:
    return render_to_string("desk/_progress.html",
                            {"progress": sheet.progress(workflow.find_translation(pk))})


@require_GET
@desk_view(Role.EDITOR)
def concordance_search(request: DeskRequest, pk: int) -> HttpResponse:
    """A word or phrase in the memory and the published translations, one page of matches."""
    raw_page = request.GET.get("page", "1")
    if not (raw_page.isascii() and raw_page.isdigit() and len(raw_page) <= 3):
        raise InputError("The page is a number.")
    found = concordance.search(workflow.find_translation(pk), request.GET.get("q", ""),
                               user=request.user, page=int(raw_page))
    return JsonResponse(concordance_json(found))


def concordance_json(found: concordance.Page) -> dict[str, Any]:
    return {"query": found.query, "page": found.page, "pages": found.pages,
            "total": found.total, "results": [
                {"kind": r.kind, "source": r.source, "target": r.target,
                 "source_spans": [list(s) for s in r.source_spans],
                 "target_spans": [list(s) for s in r.target_spans], "where": r.where,
                 "translation": r.translation} for r in found.results]}


@require_POST
@desk_view(Role.EDITOR)
def add_term(request: DeskRequest, pk: int) -> HttpResponse:
    """Add the selected source term to the edition's glossary (administrators only)."""
    fields = {name: request.POST.get(name, "") for name in ("source", "target", "type",
                                                             "case", "note")}
    added = review_glossary.add_term(pk, fields, user=request.user,
                                     retranslate=request.POST.get("retranslate", "") in YES)
    return JsonResponse(added_json(added, request), status=201)


def added_json(added: review_glossary.Added, request: DeskRequest | None = None
               ) -> dict[str, Any]:
    """The added term and what it changed; with ``request``, the review screen's redrawn
    issues of each segment whose issues moved."""
    term = added.term
    answer: dict[str, Any] = {
        "term": {"source": term.source, "target": term.target, "type": term.type.value,
                 "case_sensitive": term.case_sensitive},
        "rechecked": added.rechecked, "queued": added.queued, "job": added.job}
    if request is not None:
        translation = workflow.find_translation(added.translation_id)
        answer["segments"] = [
            _shown(request, item) for item in sheet.shown(translation, added.changed)]
        answer["progress_html"] = _progress(added.translation_id)
        if added.job:
            answer["job_url"] = reverse("desk:retranslation_job",
                                        args=[added.translation_id, added.job])
    return answer


JOB = re.compile(r"[0-9a-f]{32}")


@require_GET
@desk_view(Role.EDITOR)
def retranslation_job(request: DeskRequest, pk: int, job: str) -> HttpResponse:
    """Whether the worker is done with a job of segments to translate again; once it is,
    the keys it saved and skipped and the saved segments as the screen shows them."""
    if not JOB.fullmatch(job):
        raise InputError("The job is the token the glossary answer gave (32 hex digits).")
    translation = workflow.find_translation(pk)
    event = AuditEvent.objects.filter(article_id=translation.article_id,
                                      kind="segments_retranslated",
                                      payload__job=job).order_by("-seq").first()
    if event is None:
        return JsonResponse({"finished": False})
    saved = list(translation.segments.filter(active=True, key__in=event.payload["saved"])
                 .order_by("position"))
    return JsonResponse({
        "finished": True, "saved": event.payload["saved"], "skipped": event.payload["skipped"],
        "error": event.payload.get("error", ""),
        "segments": [_shown(request, item) for item in sheet.shown(translation, saved)],
        "progress_html": _progress(pk)})
