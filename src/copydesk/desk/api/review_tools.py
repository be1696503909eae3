"""The review screen's tools in the API: find and replace, concordance, a glossary term.

The same services as the review screen (``find_replace``, ``concordance``,
``review_glossary``), as the token's owner: a replacement names the
segments and versions its preview gave, and a segment changed since makes it
a 409 that names the stale segments, with nothing replaced.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.params import functions as params

from copydesk.desk import concordance, find_replace, glossary, review_glossary, workflow
from copydesk.desk.api.auth import caller
from copydesk.desk.api.errors import REFUSALS
from copydesk.desk.api.schemas import MAX_ID, MAX_VERSION, Text, TranslationNumber
from copydesk.desk.edition_options import source_languages
from copydesk.desk.views import review_tools as shown

router = Router(tags=["review tools"])
ChosenSegment = Annotated[list[Annotated[int, Field(ge=1, le=min(MAX_ID, MAX_VERSION))]],
                          Field(min_length=2, max_length=2)]


class FindIn(Schema):
    find: Text = Field(max_length=4 * find_replace.MAX_FIND_CHARS)
    replace: Text = Field("", max_length=4 * find_replace.MAX_REPLACE_CHARS)
    match_case: bool = False
    whole_word: bool = False


class ReplaceIn(FindIn):
    segments: list[ChosenSegment] = Field(
        min_length=1, max_length=find_replace.MAX_SEGMENTS,
        description="[segment number, version] of each segment to replace in, as the preview "
                    "gave them.")


class TermIn(Schema):
    source: Text = Field(max_length=2000)
    target: Text = Field("", max_length=2000)
    type: Literal["dnt", "preferred"] = "dnt"
    case: Literal["sensitive", "insensitive"] = "sensitive"
    note: Text = Field("", max_length=2000)
    retranslate: bool = Field(False, description="Translate again the unconfirmed segments "
                                                 "still as the machine made them that hold "
                                                 "the term.")


def _query(payload: FindIn) -> find_replace.Query:
    return find_replace.make_query(payload.find, payload.replace,
                                   match_case=payload.match_case,
                                   whole_word=payload.whole_word)


@router.post("/translations/{translation_id}/replace/preview", response={200: dict, **REFUSALS})
def preview_replace(request: HttpRequest, translation_id: TranslationNumber,
                    payload: FindIn) -> dict[str, Any]:
    """Every hit in the translation's live segments, each segment's text before and after."""
    preview = find_replace.preview(translation_id, _query(payload), user=caller(request))
    return shown.preview_json(preview)


@router.post("/translations/{translation_id}/replace", response={200: dict, **REFUSALS})
def apply_replace(request: HttpRequest, translation_id: TranslationNumber,
                  payload: ReplaceIn) -> dict[str, Any]:
    """Replace in the previewed segments at their versions, all or none."""
    chosen = {pk: version for pk, version in payload.segments}
    saved = find_replace.apply(translation_id, _query(payload), chosen, user=caller(request))
    return {"segments": [{"id": s.pk, "key": s.key, "version": s.version, "state": s.state,
                          "target": s.target} for s in saved]}


@router.post("/translations/{translation_id}/glossary", response={201: dict, **REFUSALS})
def add_glossary_term(request: HttpRequest, translation_id: TranslationNumber,
                      payload: TermIn) -> Status:
    """Add a term to the translation's edition glossary (administrators), check again."""
    fields = {"source": payload.source, "target": payload.target, "type": payload.type,
              "case": payload.case, "note": payload.note}
    added = review_glossary.add_term(translation_id, fields, user=caller(request),
                                     retranslate=payload.retranslate)
    return Status(201, shown.added_json(added))


@router.get("/concordance", response={200: dict, **REFUSALS})
def concordance_search(
        request: HttpRequest,
        q: Annotated[Text, params.Query(max_length=4 * concordance.MAX_QUERY_CHARS,
                                        description="A word or phrase.")],
        edition: Annotated[Text | None, params.Query(
            description="An edition code: its language is the target.")] = None,
        translation: Annotated[int | None, params.Query(
            ge=1, le=MAX_ID, description="A translation: its language pair.")] = None,
        source: Annotated[Text | None, params.Query(
            description="The source language (default: the edition's first).")] = None,
        page: Annotated[int, params.Query(ge=1, le=concordance.MAX_RESULTS)] = 1,
) -> dict[str, Any]:
    """A word or phrase in the translation memory and the published translations."""
    user = caller(request)
    if translation is not None:
        found = concordance.search(workflow.find_translation(translation), q, user=user,
                                   page=page)
    else:
        chosen = glossary.find_edition(edition or "")
        found = concordance.search_pair(q, source or source_languages(chosen.options)[0],
                                        chosen.language, user=user, page=page)
    return shown.concordance_json(found)
