"""Editions: add one, change its language, engine, review rules, house style and disclosure.

The form sends back the version of the edition it was filled in from
(``staff.edition_version``); a save made by someone else meanwhile is refused
as a conflict, and the form comes back with the edition as it now is and the
values that were sent, to make the change again.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from copydesk.desk import admin_audit, edition_options, staff
from copydesk.desk import glossary as glossaries
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.models import Edition, Role
from copydesk.desk.views.admin.forms import EditionForm
from copydesk.desk.views.common import DeskRequest, desk_view, status_of
from copydesk.engines.registry import engine_classes
from copydesk.errors import ConflictError, CopydeskError, NotFoundError


@require_GET
@desk_view(Role.ADMIN)
def editions(request: DeskRequest) -> HttpResponse:
    shown = {g.edition.code: g for g in glossaries.glossaries()}
    return render(request, "desk/admin/editions.html",
                  {"editions": [(e, shown.get(e.code)) for e in staff.editions()]})


@require_http_methods(["GET", "POST"])
@desk_view(Role.ADMIN)
def add_edition(request: DeskRequest) -> HttpResponse:
    form = EditionForm(request.POST or None, initial={"engine": "auto"})
    if request.method == "POST" and form.is_valid():
        if Edition.objects.filter(code=form.cleaned_data["code"]).exists():
            form.add_error("code", "An edition with this code exists already; change it on "
                                   "its own page.")
        else:
            return _save(request, form, None)
    return _page(request, form, None, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@desk_view(Role.ADMIN)
def edition(request: DeskRequest, code: str) -> HttpResponse:
    found = Edition.objects.filter(code=code).first()
    if found is None:
        raise NotFoundError(f"No edition {code!r}; see the list of editions.")
    form = EditionForm(request.POST or None, edition=found)
    if request.method == "POST" and form.is_valid():
        return _save(request, form, found)
    return _page(request, form, found, status=400 if request.method == "POST" else 200)


def _save(request: DeskRequest, form: EditionForm, current: Edition | None) -> HttpResponse:
    data = form.cleaned_data
    code = current.code if current else data["code"]
    try:
        saved, created = staff.save_edition(
            code, data["language"], data["name"], engine=data["engine"],
            options=form.options(), disclosures=form.disclosures(), actor=request.user,
            version=data.get("version") or "", from_browser=True)
    except ConflictError as error:
        fresh = Edition.objects.get(code=code)
        return _page(request, EditionForm(edition=fresh), fresh, status=409,
                     yours=_yours(form, fresh), conflict=str(error))
    except CopydeskError as error:
        form.add_error(None, str(error))
        return _page(request, form, current, status=status_of(error))
    messages.success(request, f"{'Added' if created else 'Saved'} the {saved.name} ({saved.code}).")
    return redirect("desk:edition", code=saved.code)


def _yours(form: EditionForm, current: Edition) -> list[tuple[str, str, str]]:
    """Each value the refused form sent that differs from the edition as it now is."""
    now = EditionForm(edition=current)
    rows = []
    for name, field in form.fields.items():
        if name in ("version", "code"):
            continue
        sent, stored = form.cleaned_data.get(name), now.initial.get(name)
        if _shown(sent) != _shown(stored):
            rows.append((str(field.label), _shown(sent), _shown(stored)))
    return rows


def _shown(value: Any) -> str:
    if value in (None, "", [], {}):
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _page(request: DeskRequest, form: EditionForm, current: Edition | None, *, status: int,
          yours: list[tuple[str, str, str]] | None = None, conflict: str = "") -> HttpResponse:
    if current is not None and not form.is_bound:
        form.initial["version"] = staff.edition_version(current)
    config = (copydesk_settings().edition(current.language) if current else {})
    context = {
        "form": form, "edition": current, "yours": yours, "conflict": conflict,
        "engines": sorted(engine_classes()),
        "paths": {name: (current.options.get(name) if current else None)
                  for name in edition_options.PATH_OPTIONS},
        "config": json.dumps(dict(config), ensure_ascii=False, indent=1) if config else "",
        "last": admin_audit.last_change(f"edition:{current.code}") if current else None,
    }
    return render(request, "desk/admin/edition.html", context, status=status)
