"""Glossaries: each edition's, uploaded as CSV/TSV or TBX and edited term by term."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from copydesk.desk import admin_audit
from copydesk.desk import glossary as service
from copydesk.desk.models import Role
from copydesk.desk.views.admin.forms import TermForm, UploadForm
from copydesk.desk.views.common import DeskRequest, desk_view, status_of
from copydesk.errors import CopydeskError

SHOWN = 200  # terms listed at once; the search finds the others


@require_GET
@desk_view(Role.ADMIN)
def glossaries(request: DeskRequest) -> HttpResponse:
    return render(request, "desk/admin/glossaries.html", {"glossaries": service.glossaries()})


@require_GET
@desk_view(Role.ADMIN)
def edition_glossary(request: DeskRequest, code: str) -> HttpResponse:
    return _page(request, code)


def _page(request: DeskRequest, code: str, *, status: int = 200, **forms: Any) -> HttpResponse:
    found = service.show(code)
    query = unicodedata.normalize("NFC", request.GET.get("q", ""))[:200].strip().casefold()
    keyed = [(k, t) for k, t in found.keyed()
             if not query or query in t.source.casefold() or query in t.target.casefold()]
    context = {
        "glossary": found, "edition": found.edition, "terms": keyed[:SHOWN],
        "hidden": max(0, len(keyed) - SHOWN), "query": request.GET.get("q", "")[:200],
        "upload_form": forms.get("upload_form") or UploadForm(initial={
            "version": found.digest,
            "source_language": found.edition.options.get("source_languages", ["en"])[0]}),
        "term_form": forms.get("term_form") or TermForm(), "kinds": service.kinds(),
        "events": admin_audit.events(subject=f"glossary:{code}", limit=10),
    }
    return render(request, "desk/admin/glossary.html", context, status=status)


@require_POST
@desk_view(Role.ADMIN)
def upload(request: DeskRequest, code: str) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, code, status=400, upload_form=form)
    sent = form.cleaned_data["file"]
    data = sent.read(service.MAX_UPLOAD_BYTES + 1)
    try:
        found = service.upload(code, data, sent.name, actor=request.user,
                               source_language=form.cleaned_data["source_language"],
                               version=form.cleaned_data.get("version") or "")
    except CopydeskError as error:
        form.add_error(None, str(error))
        return _page(request, code, status=status_of(error), upload_form=form)
    messages.success(request, f"The glossary now holds {len(found.terms)} terms from "
                              f"{sent.name}.")
    return redirect("desk:edition_glossary", code=code)


@require_POST
@desk_view(Role.ADMIN)
def add_term(request: DeskRequest, code: str) -> HttpResponse:
    form = TermForm(request.POST)
    if not form.is_valid():
        return _page(request, code, status=400, term_form=form)
    try:
        term = service.add_term(code, form.cleaned_data, actor=request.user)
    except CopydeskError as error:
        form.add_error(None, str(error))
        return _page(request, code, status=status_of(error), term_form=form)
    messages.success(request, f"Added “{term.source}” → “{term.target}”.")
    return redirect("desk:edition_glossary", code=code)


@require_POST
@desk_view(Role.ADMIN)
def change_term(request: DeskRequest, code: str, key: str) -> HttpResponse:
    form = TermForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The term was not changed: " + " ".join(
            str(e) for errors in form.errors.values() for e in errors))
        return redirect("desk:edition_glossary", code=code)
    term = service.change_term(code, key, form.cleaned_data, actor=request.user)
    messages.success(request, f"Saved “{term.source}” → “{term.target}”.")
    return redirect("desk:edition_glossary", code=code)


@require_POST
@desk_view(Role.ADMIN)
def remove_term(request: DeskRequest, code: str, key: str) -> HttpResponse:
    term = service.remove_term(code, key, actor=request.user)
    messages.success(request, f"Removed “{term.source}” → “{term.target}”.")
    return redirect("desk:edition_glossary", code=code)
