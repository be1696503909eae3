"""Drafts that stream: a first draft's segments stored as the engine answers them.

A first draft that takes the engine more than one batch is stored batch by
batch in reading order, headline and first paragraphs first, each batch in
its own transaction under the translation's lock (``Stream.arrived``). The
first of them stores every segment of the article, those not translated yet
as ``pending`` (no text; the review screen shows "translating…"), and marks
the translation with the source version that streams (``MARK`` in
``machine_draft``, which holds the blocks for the screen's labels until the
draft is done). Editors may edit and confirm a segment that has arrived while
the rest translates, never a pending one; the translation stays
``translating`` (so it cannot be approved) until the last segment has
arrived and ``complete`` has checked the whole article. Each batch is an
audit event (``machine_segments_stored``, with the digest of its machine
revisions), so the trail covers a draft that stopped half-way too.

A run that takes over from a dead worker (or a second delivery of the same
job) finds the mark and fills only the segments still pending: one filled
before, whether an editor changed it since or not, is never written by the
machine again, and none is stored twice. Later source versions are drafted
whole (``segments.apply_draft``), since their segments are matched against
reviewed ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction

from copydesk import postedit
from copydesk.article import Segment as DraftSegment
from copydesk.desk import audit, audit_records, checking, exclusions, gate, segments
from copydesk.desk.models import Origin, Segment, SourceVersion, Translation, TranslationState
from copydesk.errors import WorkflowError
from copydesk.pipeline import Draft

PENDING = "pending"  # Segment.origin of a segment whose machine text has not arrived yet
MARK = "streaming"  # machine_draft key: the source version whose draft is streaming


def is_streaming(translation: Translation) -> bool:
    """Whether the translation is translating a draft that editors may review as it arrives."""
    return (translation.state == TranslationState.TRANSLATING
            and (translation.machine_draft or {}).get(MARK) == translation.source_version_id)


def require_arrived(segment: Segment) -> None:
    """Refuse to change a segment whose machine text has not arrived yet."""
    if segment.origin == PENDING:
        raise WorkflowError(f"Segment {segment.key} has no draft yet: it is still being "
                            "translated. Edit or confirm it once its text has arrived.")


def skeleton(draft: Draft, version: SourceVersion) -> dict[str, Any]:
    """What the review screen needs of a draft before it is done: its blocks, for labels.

    It carries no ``source``, so nothing takes it for a finished draft of the version.
    """
    whole = draft.to_dict()
    return {MARK: version.pk, **{key: whole[key] for key in (
        "source_language", "target_language", "engine", "headline", "standfirst", "blocks")}}


class Stream:
    """The task's side of one streaming draft (``translate_article``'s ``on_arrival``)."""

    def __init__(self, translation: Translation, version: SourceVersion) -> None:
        self.translation_id, self.version = translation.pk, version
        self.started = False

    def arrived(self, draft: Draft, batch: Sequence[DraftSegment]) -> bool:
        """Store ``batch`` (the first one: set the stream up); False once it does not stream."""
        if not batch:
            return True  # no match in the memory: the stream starts with the engine's first
        with transaction.atomic():
            locked = gate.lock(self.translation_id)
            if (locked.state != TranslationState.TRANSLATING
                    or locked.source_version_id != self.version.pk):
                return False
            if not is_streaming(locked):
                if self.started or locked.segments.filter(active=True).exists():
                    return False  # a later source version: stored whole, at the end
                self._begin(locked, draft)
            self.started = True
            filled = fill(locked, draft, batch)
            if filled:
                audit.record(locked.article_id, "machine_segments_stored", actor=None, payload={
                    "translation": locked.pk, "version": self.version.number,
                    "segments": filled, "revisions": audit_records.machine_digest(
                        locked, [s.id for s in batch])})
        return True

    def _begin(self, locked: Translation, draft: Draft) -> None:
        """Every segment of the article, pending, and the mark (under the lock)."""
        Segment.objects.bulk_create([
            Segment(translation=locked, key=s.id, position=position, source=s.source,
                    source_digest=segments.source_digest(s.source, block.tags), origin=PENDING)
            for position, (block, s) in enumerate(
                (block, s) for block in draft.units() for s in block.segments
                if s.source.strip())])
        Translation.objects.filter(pk=locked.pk).update(
            machine_draft=skeleton(draft, self.version))


def fill(translation: Translation, draft: Draft, batch: Sequence[DraftSegment]) -> int:
    """Give each still-pending segment of ``batch`` its machine text (under the lock); the
    number filled. A segment filled before (by this run or another) is left as it is."""
    filled = 0
    for new in batch:
        verdict = checking.Verdict(checking.identified(
            i.to_dict() for i in draft.issues.get(new.id, [])), draft.risks.get(new.id, 0.0))
        origin, text = new.origin or Origin.MT, new.target or ""
        changed = Segment.objects.filter(
            translation=translation, key=new.id, active=True, origin=PENDING).update(
            target=text, origin=origin, signature=new.signature or "", issues=verdict.issues,
            draft_issues=verdict.issues, risk=verdict.risk, draft_text=text, draft_origin=origin,
            suggestions=[x.to_dict() for x in draft.suggestions.get(new.id, [])],
            post_edit=postedit.post_edit(text, text).to_dict())
        if changed:
            segment = Segment.objects.get(translation=translation, key=new.id, active=True)
            segments.first_revisions(segment, draft.style_fixes.get(new.id))
            filled += 1
    return filled


def complete(translation: Translation, draft: Draft,
             edition: Mapping[str, Any]) -> segments.DraftApplied:
    """The whole draft has arrived: fill what is left, check the whole article (under the
    lock). A segment as the machine made it gets the draft's findings; one an editor
    changed meanwhile is checked again with its text, in the whole article's context."""
    order = [s for block in draft.units() for s in block.segments if s.source.strip()]
    stored = {s.key: s for s in translation.segments.filter(active=True)}
    if any(stored[s.id].origin == PENDING for s in order):
        fill(translation, draft, [s for s in order if stored[s.id].origin == PENDING])
        stored = {s.key: s for s in translation.segments.filter(active=True)}
    edited = {s.id for s in order if stored[s.id].target != (s.target or "")}
    again = (checking.check_pairs([(s.source, stored[s.id].target) for s in order],
                                  source_language=draft.source_language,
                                  target_language=draft.target_language, edition=edition)
             if edited else [])
    risks = []
    for index, new in enumerate(order):
        found = checking.identified(i.to_dict() for i in draft.issues.get(new.id, []))
        issues, risk = found, draft.risks.get(new.id, 0.0)
        if new.id in edited:
            issues, risk = again[index].issues, again[index].risk
        Segment.objects.filter(pk=stored[new.id].pk).update(issues=issues, risk=risk,
                                                            draft_issues=found)
        risks.append(risk)
    exclusions.sync(translation, [block.to_dict() for block in draft.blocks])
    return segments.DraftApplied(new=len(order), kept=0, reopened=0, retired=0,
                                 risk=checking.translation_risk(risks))


def retire_pending(translation: Translation) -> None:
    """Before a later version's whole draft: the segments a stream never filled go (they
    hold no text and no revision)."""
    translation.segments.filter(active=True, origin=PENDING).update(active=False)
