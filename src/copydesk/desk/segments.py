"""Storing a machine draft as segments, matched against the ones already there.

Segments are matched by their source text and what its tags stand for (a
link's target, say), not their id, because ids shift when a paragraph is
inserted. A matched segment keeps its target, its review state and its
history; one whose words are the same but whose tags changed keeps the
editor's text but is unconfirmed and marked ``needs_work``, since the
published page would link somewhere else; a sentence that is new or changed
gets the machine translation and is marked ``needs_work`` (unless this is the first draft); a
sentence the new version dropped is retired, never deleted, so no revision is
lost. A new segment keeps the draft's origin (``memory`` for a translation
memory match, recorded in its first revision too) and the memory's fuzzy
suggestions for it. Blocks that editors left out stay out when their text
is unchanged (``exclusions.sync``), wherever the new version puts them.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import F

from copydesk import postedit
from copydesk.article import TAG_RE, InlineTag
from copydesk.article import Segment as DraftSegment
from copydesk.desk import checking, exclusions
from copydesk.desk.audit import canonical_json
from copydesk.desk.models import Origin, Revision, Segment, SegmentState, Translation
from copydesk.pipeline import Draft, StyleFixes


@dataclass(frozen=True)
class DraftApplied:
    new: int
    kept: int
    reopened: int  # kept the editor's text, but a link target or other tag attribute changed
    retired: int
    risk: float


def source_digest(source: str, tags: Mapping[str, InlineTag]) -> str:
    """SHA-256 of a segment's tagged source and of what each of its tags stands for.

    Two segments with the same words but a different link target differ here,
    so a changed ``href`` is a changed sentence for the review.
    """
    used = sorted({m.group(1) or m.group(3) for m in TAG_RE.finditer(source)} - {None})
    described = {tid: tags[tid].to_dict() for tid in used if tid in tags}
    return hashlib.sha256(canonical_json([source, described]).encode("utf-8")).hexdigest()


def apply_draft(translation: Translation, draft: Draft,
                edition: Mapping[str, Any]) -> DraftApplied:
    """Bring the translation's segments in line with ``draft`` (call inside a transaction)."""
    incoming = [(s, source_digest(s.source, block.tags))
                for block in draft.units() for s in block.segments if s.source.strip()]
    existing = list(translation.segments.filter(active=True).order_by("position"))
    plan = _match(incoming, existing)
    verdicts = _verdicts(draft, [(new, old) for new, _, old in plan], edition)
    reopened = 0
    for position, ((new, digest, old), verdict) in enumerate(zip(plan, verdicts, strict=True)):
        if old is None:
            suggestions = [x.to_dict() for x in draft.suggestions.get(new.id, [])]
            create(translation, new, digest, position, verdict, needs_work=bool(existing),
                   suggestions=suggestions, fixed=draft.style_fixes.get(new.id))
        elif old.source_digest == digest:
            Segment.objects.filter(pk=old.pk).update(key=new.id, position=position,
                                                     issues=verdict.issues, risk=verdict.risk)
        else:
            reopened += 1
            Segment.objects.filter(pk=old.pk).update(
                key=new.id, position=position, issues=verdict.issues, risk=verdict.risk,
                source_digest=digest, state=SegmentState.DRAFT, confirmed_by=None,
                confirmed_at=None, needs_work=True, version=F("version") + 1)
    taken = {old.pk for _, _, old in plan if old is not None}
    retired = [segment.pk for segment in existing if segment.pk not in taken]
    Segment.objects.filter(pk__in=retired).update(active=False)
    exclusions.sync(translation, [block.to_dict() for block in draft.blocks])
    return DraftApplied(new=len(plan) - len(taken), kept=len(taken) - reopened,
                        reopened=reopened, retired=len(retired),
                        risk=checking.translation_risk([v.risk for v in verdicts]))


def _match(incoming: list[tuple[DraftSegment, str]],
           existing: list[Segment]) -> list[tuple[DraftSegment, str, Segment | None]]:
    """Pair each incoming segment with an existing one: same source and tags first, then
    same words only (its tags changed: the editor's text is kept but must be confirmed
    again); ``None`` for a new sentence."""
    by_digest: dict[str, list[Segment]] = defaultdict(list)
    by_text: dict[str, list[Segment]] = defaultdict(list)
    for segment in existing:
        by_digest[segment.source_digest].append(segment)
        by_text[segment.source].append(segment)
    taken: set[int] = set()

    def take(pool: list[Segment]) -> Segment | None:
        while pool:
            candidate = pool.pop(0)
            if candidate.pk not in taken:
                taken.add(candidate.pk)
                return candidate
        return None

    exact = [take(by_digest[digest]) if digest in by_digest else None
             for _, digest in incoming]
    return [(new, digest, found or take(by_text.get(new.source, [])))
            for (new, digest), found in zip(incoming, exact, strict=True)]


def _verdicts(draft: Draft, plan: list[tuple[DraftSegment, Segment | None]],
              edition: Mapping[str, Any]) -> list[checking.Verdict]:
    """What the checks say of each planned segment.

    A first draft keeps the pipeline's own findings (they include the engine's
    notes, such as a tag placed by guesswork); when editors' texts are kept
    from an earlier version the whole article is checked again, since
    consistency depends on every sentence, and the engine's notes are kept.
    """
    if all(old is None for _, old in plan):
        return [checking.Verdict(checking.identified(i.to_dict()
                                                     for i in draft.issues.get(new.id, [])),
                                 draft.risks.get(new.id, 0.0)) for new, _ in plan]
    verdicts = checking.check_pairs(
        [(new.source, old.target if old else new.target or "") for new, old in plan],
        source_language=draft.source_language, target_language=draft.target_language,
        edition=edition)
    return [checking.Verdict(v.issues + ([] if old else checking.identified(
        i.to_dict() for i in draft.issues.get(new.id, []) if i.check == "engine")), v.risk)
        for (new, old), v in zip(plan, verdicts, strict=True)]


def create(translation: Translation, new: DraftSegment, digest: str, position: int,
           verdict: checking.Verdict, *, needs_work: bool,
           suggestions: list[dict[str, Any]], fixed: StyleFixes | None) -> None:
    """A new segment, with the machine text and any house-style fix as its first revisions."""
    origin = new.origin or Origin.MT
    segment = Segment.objects.create(
        translation=translation, key=new.id, position=position, source=new.source,
        source_digest=digest, target=new.target or "", origin=origin, signature=new.signature or "",
        issues=verdict.issues, draft_issues=verdict.issues, risk=verdict.risk,
        needs_work=needs_work, suggestions=suggestions, draft_text=new.target or "",
        draft_origin=origin, post_edit=postedit.post_edit(new.target or "", new.target or "")
        .to_dict())
    first_revisions(segment, fixed)


def first_revisions(segment: Segment, fixed: StyleFixes | None) -> None:
    """The machine text of a new segment, and its house-style fix (if any), as revisions."""
    origin = segment.origin
    machine = fixed.before if fixed else segment.target
    machine_origin = Origin.MT if fixed else origin
    Revision.objects.create(segment=segment, author=None, before="", after=machine,
                            origin=machine_origin, base_version=0, signature=segment.signature)
    if fixed:
        Revision.objects.create(segment=segment, author=None, before=machine,
                                after=segment.target, origin=origin, base_version=0,
                                signature=segment.signature)
