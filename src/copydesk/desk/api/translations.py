"""``/translations``: what is on the desk, and the workflow's steps on one translation.

Each step is the workflow service the review screen calls (``workflow``,
``publishing``), with the token's owner as the user: the same roles, the same
publish gate, the same review-evidence policy.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.params import functions as params

from copydesk.desk import publishing, sheet, workflow
from copydesk.desk.api import answers
from copydesk.desk.api.auth import caller
from copydesk.desk.api.errors import REFUSALS
from copydesk.desk.api.schemas import (
    MAX_PAGE,
    MAX_VERSION,
    ApproveIn,
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
        limit: Annotated[int, params.Query(ge=1, le=MAX_PAGE)] = 50,
        offset: Annotated[int, params.Query(ge=0, le=MAX_VERSION)] = 0) -> dict[str, Any]:
    """Translations on the desk, oldest first, by state and edition when asked."""
    found = Translation.objects.all()
    if state is not None:
        found = found.filter(state=state)
    if edition is not None:
        found = found.filter(edition__code=edition)
    page = sheet.with_counts(found.select_related("article", "edition", "source_version")
                             .order_by("pk"))[offset:offset + limit]
    return {"count": found.count(), "items": [answers.item(t) for t in page]}


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
