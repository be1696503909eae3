"""``/translations``: what is on the desk, and the workflow's steps on one translation.

Each step is the workflow service the review screen calls (``workflow``,
``publishing``), with the token's owner as the user: the same roles, the same
publish gate, the same review-evidence policy.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.params import functions as params

from copydesk.desk import assignment, filters, publishing, sheet, workflow
from copydesk.desk.api import answers
from copydesk.desk.api.auth import caller
from copydesk.desk.api.errors import REFUSALS
from copydesk.desk.api.schemas import (
    MAX_PAGE,
    MAX_VERSION,
    ApproveIn,
    AssignIn,
    AssignmentOut,
    PublicationRef,
    ReasonIn,
    Text,
    TranslationNumber,
    TranslationOut,
    TranslationPage,
    TranslationRef,
)
from copydesk.desk.models import Translation, TranslationState

router = Router(tags=["translations"])


@router.get("", response={200: TranslationPage, **REFUSALS})
def list_translations(
        request: HttpRequest, state: TranslationState | None = None,
        edition: Annotated[Text | None, params.Query(description="An edition code.")] = None,
        assigned: Annotated[Text | None, params.Query(
            description="'me' (the token's owner), 'none' (nobody) or a user name.")] = None,
        overdue: Annotated[bool | None, params.Query(
            description="Only those past their deadline, not published or withdrawn.")] = None,
        open_comments: Annotated[bool | None, params.Query(
            description="Only those with unresolved comments.")] = None,
        q: Annotated[Text | None, params.Query(
            description="Words of the title or the article key (at most 200 characters); "
                        "case and Unicode forms do not matter.")] = None,
        order: Annotated[Literal["oldest", "clock"], params.Query(
            description="'oldest' first, or 'clock': the inbox's order (deadline, overdue and "
                        "soonest first, then risk).")] = "oldest",
        limit: Annotated[int, params.Query(ge=1, le=MAX_PAGE)] = 50,
        offset: Annotated[int, params.Query(ge=0, le=MAX_VERSION)] = 0) -> dict[str, Any]:
    """Translations on the desk, narrowed by the inbox's filters when asked."""
    chosen = filters.parse({
        "state": state or "", "edition": edition or "", "assigned": assigned or "",
        "overdue": "1" if overdue else "", "open_comments": "1" if open_comments else "",
        "q": q or ""})
    now = timezone.now()
    found = filters.narrow(Translation.objects.all(), chosen, user=caller(request), now=now)
    ordered = sheet.listed(found).order_by(*(sheet.CLOCK if order == "clock" else ("pk",)))
    page = sheet.mark_clock(list(ordered[offset:offset + limit]), now)
    return {"count": found.count(), "items": [answers.item(t) for t in page]}


@router.post("/{translation_id}/assign", response={200: AssignmentOut, **REFUSALS})
def assign_translation(request: HttpRequest, payload: AssignIn,
                       translation_id: TranslationNumber) -> dict[str, Any]:
    """Give the translation to an editor (the token's owner takes it by naming themselves),
    or to nobody (``"user": null``). One another editor has is refused, naming them, unless
    ``reassign`` is true."""
    done = assignment.assign(translation_id, payload.user, user=caller(request),
                             reassign=payload.reassign)
    return answers.assignment(done)


@router.get("/{translation_id}", response={200: TranslationOut, **REFUSALS})
def get_translation(request: HttpRequest, translation_id: TranslationNumber) -> dict[str, Any]:
    """One translation: state, progress, the gate's problems, review evidence, segments."""
    return answers.translation(workflow.find_translation(translation_id))


@router.post("/{translation_id}/approve", response={200: TranslationRef, **REFUSALS})
def approve_translation(request: HttpRequest, translation_id: TranslationNumber,
                        payload: ApproveIn | None = None) -> dict[str, Any]:
    """Approve a translation whose every segment is confirmed (the publish gate decides);
    the body may be left out."""
    done = workflow.approve(workflow.find_translation(translation_id), user=caller(request),
                            reason=payload.reason if payload else "")
    return answers.reference(done)


@router.post("/{translation_id}/publish", response={201: PublicationRef, **REFUSALS})
def publish_translation(request: HttpRequest, translation_id: TranslationNumber) -> Status:
    """Publish an approved translation with its disclosure and provenance."""
    made = publishing.publish_translation(workflow.find_translation(translation_id),
                                          user=caller(request))
    return Status(201, answers.publication(made))


@router.post("/{translation_id}/withdraw", response={200: TranslationRef, **REFUSALS})
def withdraw_translation(request: HttpRequest, payload: ReasonIn,
             translation_id: TranslationNumber) -> dict[str, Any]:
    """Take a translation off the desk, or off the site, with a written reason."""
    done = workflow.withdraw(workflow.find_translation(translation_id), user=caller(request),
                             reason=payload.reason)
    return answers.reference(done)


@router.post("/{translation_id}/correction", response={200: TranslationRef, **REFUSALS})
def open_correction(request: HttpRequest, payload: ReasonIn,
               translation_id: TranslationNumber) -> dict[str, Any]:
    """Reopen a published (or withdrawn) translation for a correction."""
    done = workflow.open_correction(workflow.find_translation(translation_id),
                                    user=caller(request), reason=payload.reason)
    return answers.reference(done)
