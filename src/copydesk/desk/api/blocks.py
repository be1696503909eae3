"""``/translations/{id}/blocks``: body blocks left out of a translation, and put back.

The review screen's "Not for translation…" as operations: an editor leaves a
body block (``b3``) out, or puts it back, with a written reason, through
``exclusions`` (the same lock, audit events and rules: the headline and the
standfirst always stay, one body block at least, only while in review, and
an approval is taken back). A left-out block is in no output and its
segments need no confirmation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.params import functions as params
from pydantic import Field

from copydesk.desk import exclusions, workflow
from copydesk.desk.api.auth import caller
from copydesk.desk.api.errors import REFUSALS
from copydesk.desk.api.schemas import Text, TranslationNumber
from copydesk.desk.models import BlockExclusion, Translation, TranslationState

router = Router(tags=["left-out blocks"])  # mounted at /translations

BlockKey = Annotated[str, params.Path(max_length=16, description="A body block's key, e.g. "
                                                                 "'b3' (as segment keys start).")]


class DecisionOut(Schema):
    excluded: bool
    reason: str
    by: str
    at: datetime


class BlockOut(Schema):
    key: str
    kind: str
    source: str = Field(description="The block's source text, sentence by sentence.")
    segments: list[int] = Field(description="The numbers of the block's live segments.")
    excluded: bool = Field(description="Left out: in no output, no confirmation needed.")
    decision: DecisionOut | None = Field(description="The latest decision on the block.")


class BlockList(Schema):
    translation: int
    state: TranslationState
    blocks: list[BlockOut]


class ReasonOnly(Schema):
    reason: Text = Field(description="Why the block is (or is not) part of the translation; "
                                     "it goes to the audit trail.")


class DecidedOut(Schema):
    translation: int
    state: TranslationState = Field(description="An approved translation is back in review.")
    block: BlockOut


def _decision(made: BlockExclusion) -> dict[str, Any]:
    return {"excluded": made.excluded, "reason": made.reason,
            "by": made.author.get_username(), "at": made.created_at}


def _blocks(translation: Translation) -> list[dict[str, Any]]:
    drafted = (translation.machine_draft or {}).get("blocks") or []
    keys = exclusions.identities(drafted)
    latest: dict[str, BlockExclusion] = {}
    for made in exclusions.decisions(translation):
        latest[made.block_digest] = made
    live: dict[str, list[tuple[int, str]]] = {}
    for pk, key, source in (translation.segments.filter(active=True).order_by("position")
                            .values_list("pk", "key", "source")):
        live.setdefault(key.split(".")[0], []).append((pk, source))
    shown = []
    for number, block in enumerate(drafted, 1):
        key = f"b{number}"
        decided = latest.get(keys[key])
        segments = live.get(key, [])
        shown.append({"key": key, "kind": str(block.get("kind", "paragraph")),
                      "source": " ".join(source for _, source in segments),
                      "segments": [pk for pk, _ in segments],
                      "excluded": bool(decided and decided.excluded),
                      "decision": _decision(decided) if decided else None})
    return shown


def _decided(translation_id: int, block: str) -> dict[str, Any]:
    translation = workflow.find_translation(translation_id)
    [shown] = [b for b in _blocks(translation) if b["key"] == block]
    return {"translation": translation.pk, "state": translation.state, "block": shown}


@router.get("/{translation_id}/blocks", response={200: BlockList, **REFUSALS})
def list_blocks(request: HttpRequest, translation_id: TranslationNumber) -> dict[str, Any]:
    """The translation's body blocks, each with whether it is left out and why."""
    translation = workflow.find_translation(translation_id)
    return {"translation": translation.pk, "state": translation.state,
            "blocks": _blocks(translation)}


@router.post("/{translation_id}/blocks/{block}/exclude", response={200: DecidedOut, **REFUSALS})
def exclude_block(request: HttpRequest, translation_id: TranslationNumber, block: BlockKey,
                  payload: ReasonOnly) -> dict[str, Any]:
    """Leave a body block out of the translation (editor), with a written reason."""
    made = exclusions.exclude_block(translation_id, block, reason=payload.reason,
                                    user=caller(request))
    return _decided(translation_id, made.block)


@router.post("/{translation_id}/blocks/{block}/include", response={200: DecidedOut, **REFUSALS})
def include_block(request: HttpRequest, translation_id: TranslationNumber, block: BlockKey,
                  payload: ReasonOnly) -> dict[str, Any]:
    """Put a left-out body block back into the translation (editor), with a written reason;
    its segments then need confirming like any other."""
    made = exclusions.include_block(translation_id, block, reason=payload.reason,
                                    user=caller(request))
    return _decided(translation_id, made.block)
