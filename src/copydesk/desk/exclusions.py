"""Blocks that are not part of the translation: left out by an editor, with a reason.

An editor may leave any body block out of a translation (a source's own
newsletter plug, a caption that only fits the source edition, an image the
target edition may not use) and put it back later; both need a written reason
(``entries.written_reason``) and both are audit events (``block_excluded``,
``block_included``) and append-only ``BlockExclusion`` rows. The headline and
the standfirst always stay, and so does at least one body block.

A left-out block is in no output (``publishing.current_draft`` drops it), its
segments need no confirmation and count in no progress (``Segment.excluded``,
read by the gate and the review sheet), and its blockers block nothing.

Like a save or a confirmation, a decision locks the translation's row first
(``gate.lock``) and changes the flags in the same transaction, so the gate
never sees a half-applied one; it takes an approval back, since it changes
what readers get. A decision names its block by content (``identities``), so
it follows the block to its new number in a new source version and stops
holding once the block's text changes: the changed block is back in the
translation for review.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction

from copydesk.article import Block, plain_text
from copydesk.desk import audit, entries, gate, roles, workflow
from copydesk.desk.audit import canonical_json
from copydesk.desk.models import (
    BlockExclusion,
    Role,
    Segment,
    Translation,
    TranslationState,
    User,
)
from copydesk.errors import InputError, NotFoundError, WorkflowError

DECIDABLE = (TranslationState.IN_REVIEW, TranslationState.APPROVED)
BLOCK_KEY = re.compile(r"b([1-9][0-9]{0,5})")
SHOWN_CHARS = 80


def identities(blocks: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Each body block's key (``b3``) and identity: the SHA-256 of its content (kind, text,
    tags, level, image) and ``:n`` for the n-th block with that content."""
    seen: dict[str, int] = {}
    found = {}
    for number, block in enumerate(blocks, 1):
        content = {k: v for k, v in block.items() if k != "segments"}
        digest = hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()
        seen[digest] = seen.get(digest, 0) + 1
        found[f"b{number}"] = f"{digest}:{seen[digest]}"
    return found


def excluded_blocks(translation: Translation,
                    blocks: Sequence[Mapping[str, Any]] | None = None
                    ) -> dict[str, BlockExclusion]:
    """The body blocks left out now, by key, with the decision that left each out.

    ``blocks``: the draft's blocks as stored (default: the translation's machine draft).
    """
    if blocks is None:
        blocks = (translation.machine_draft or {}).get("blocks") or []
    latest: dict[str, BlockExclusion] = {}
    for decision in BlockExclusion.objects.filter(translation=translation).order_by("id"):
        latest[decision.block_digest] = decision
    if not latest:
        return {}
    return {key: latest[identity] for key, identity in identities(blocks).items()
            if identity in latest and latest[identity].excluded}


def sync(translation: Translation, blocks: Sequence[Mapping[str, Any]]) -> int:
    """Set ``Segment.excluded`` on the live segments from the latest decisions (call under the
    translation's lock); the number of segments left out."""
    left_out = set(excluded_blocks(translation, blocks))
    live = translation.segments.filter(active=True).values_list("pk", "key")
    out = [pk for pk, key in live if key.split(".")[0] in left_out]
    translation.segments.filter(active=True).exclude(pk__in=out).update(excluded=False)
    translation.segments.filter(pk__in=out).update(excluded=True)
    return len(out)


def kept(translation: Translation, blocks: Sequence[Block]) -> list[Block]:
    """The draft's body blocks without the ones left out (what every output shows)."""
    left_out = set(excluded_blocks(translation, [b.to_dict() for b in blocks]))
    return [block for number, block in enumerate(blocks, 1) if f"b{number}" not in left_out]


def exclude_block(translation_id: int, block: str, *, reason: str, user: User
                  ) -> BlockExclusion:
    """Leave body block ``block`` (``b3``) out of the translation, for ``reason``."""
    roles.require(user, Role.EDITOR, "leave blocks out of a translation")
    reason = entries.written_reason(reason, "leaving the block out (why it is not part of "
                                            "the translation)")
    return _decide(translation_id, block, excluded=True, reason=reason, user=user)


def include_block(translation_id: int, block: str, *, reason: str, user: User
                  ) -> BlockExclusion:
    """Put body block ``block`` back into the translation, for ``reason``; its segments
    must then be confirmed like any other."""
    roles.require(user, Role.EDITOR, "put blocks back into a translation")
    reason = entries.written_reason(reason, "putting the block back (why it is part of "
                                            "the translation after all)")
    return _decide(translation_id, block, excluded=False, reason=reason, user=user)


def _decide(translation_id: int, block: str, *, excluded: bool, reason: str,
            user: User) -> BlockExclusion:
    key = _block_key(block)
    with transaction.atomic():
        translation = gate.lock(translation_id)
        _require_decidable(translation)
        blocks = (translation.machine_draft or {}).get("blocks") or []
        found = identities(blocks)
        if key not in found:
            raise NotFoundError(f"Translation {translation.pk} has no block {key} (its body "
                                f"has {len(found)}); reload the review screen.")
        left_out = excluded_blocks(translation, blocks)
        _require_change(translation, key, excluded, left_out, len(found))
        made = BlockExclusion.objects.create(translation=translation, block=key,
                                             block_digest=found[key], excluded=excluded,
                                             reason=reason, author=user)
        sync(translation, blocks)
        content = blocks[int(key[1:]) - 1]
        audit.record(translation.article_id, "block_excluded" if excluded else "block_included",
                     actor=user, payload={
                         "translation": translation.pk, "block": key, "block_id": found[key],
                         "kind": content.get("kind", "paragraph"),
                         "text": _shorten(plain_text(str(content.get("text", "")))),
                         "reason": made.reason, "segments": _count(translation, key)})
        if translation.state == TranslationState.APPROVED:
            workflow.move(translation, TranslationState.IN_REVIEW, user=user,
                          event="approval_withdrawn", payload={"block": key})
    return made


def _block_key(block: str) -> str:
    key = block or ""
    if not BLOCK_KEY.fullmatch(key):
        raise InputError(f"{key[:20]!r} is no body block; give a block's key such as 'b3' (the "
                         "headline and the standfirst always stay).")
    return key


def _require_decidable(translation: Translation) -> None:
    if translation.state in DECIDABLE:
        return
    state = TranslationState(translation.state).label.lower()
    extra = " (open a correction first)" if translation.state == TranslationState.PUBLISHED \
        else ""
    raise WorkflowError(f"Translation {translation.pk} is {state}; blocks can be left out or "
                        f"put back only while it is in review{extra}.")


def _require_change(translation: Translation, key: str, excluded: bool,
                    left_out: Mapping[str, BlockExclusion], total: int) -> None:
    if excluded and key in left_out:
        raise WorkflowError(f"Block {key} of translation {translation.pk} is already left out "
                            f"(by {audit.actor_name(left_out[key].author)}); reload the page.")
    if not excluded and key not in left_out:
        raise WorkflowError(f"Block {key} of translation {translation.pk} is part of the "
                            "translation already; reload the page.")
    if excluded and len(left_out) + 1 >= total:
        raise WorkflowError(f"Block {key} is the last body block left in translation "
                            f"{translation.pk}; a translation keeps at least one. Withdraw "
                            "the article instead if none of it should be published.")


def _count(translation: Translation, key: str) -> int:
    return Segment.objects.filter(translation=translation, active=True,
                                  key__startswith=f"{key}.").count()


def decisions(translation: Translation) -> Iterable[BlockExclusion]:
    """Every decision on the translation's blocks, oldest first, with its author."""
    return (BlockExclusion.objects.filter(translation=translation).select_related("author")
            .order_by("id"))


def _shorten(text: str) -> str:
    words = " ".join(text.split())
    return words[:SHOWN_CHARS] + ("…" if len(words) > SHOWN_CHARS else "")
