"""Storing a machine draft as segments, matched against the ones already there.

Segments are matched by their source text, not their id, because ids shift
when a paragraph is inserted. A matched segment keeps its target, its review
state and its history; a sentence that is new or changed gets the machine
translation and is marked ``needs_work`` (unless this is the first draft); a
sentence the new version dropped is retired, never deleted, so no revision is
lost. A new segment keeps the draft's origin (``memory`` for a translation
memory match, recorded in its first revision too) and the memory's fuzzy
suggestions for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from copydesk.article import Segment as DraftSegment
from copydesk.desk import checking
from copydesk.desk.models import Origin, Revision, Segment, Translation
from copydesk.pipeline import Draft, StyleFixes


@dataclass(frozen=True)
class DraftApplied:
    new: int
    kept: int
    retired: int
    risk: float


def apply_draft(translation: Translation, draft: Draft,
                edition: Mapping[str, Any]) -> DraftApplied:
    """Bring the translation's segments in line with ``draft`` (call inside a transaction)."""
    incoming = [s for s in draft.segments() if s.source.strip()]
    pool: dict[str, list[Segment]] = defaultdict(list)
    existing = list(translation.segments.filter(active=True).order_by("position"))
    for segment in existing:
        pool[segment.source].append(segment)
    plan = [(new, pool[new.source].pop(0) if pool.get(new.source) else None)
            for new in incoming]
    verdicts = _verdicts(draft, plan, edition)
    for position, ((new, old), verdict) in enumerate(zip(plan, verdicts, strict=True)):
        if old is None:
            suggestions = [x.to_dict() for x in draft.suggestions.get(new.id, [])]
            _create(translation, new, position, verdict, needs_work=bool(existing),
                    suggestions=suggestions, fixed=draft.style_fixes.get(new.id))
        else:
            Segment.objects.filter(pk=old.pk).update(key=new.id, position=position,
                                                     issues=verdict.issues, risk=verdict.risk)
    retired = [segment.pk for left in pool.values() for segment in left]
    Segment.objects.filter(pk__in=retired).update(active=False)
    kept = sum(1 for _, old in plan if old is not None)
    return DraftApplied(new=len(plan) - kept, kept=kept, retired=len(retired),
                        risk=checking.translation_risk([v.risk for v in verdicts]))


def _verdicts(draft: Draft, plan: list[tuple[DraftSegment, Segment | None]],
              edition: Mapping[str, Any]) -> list[checking.Verdict]:
    """What the checks say of each planned segment.

    A first draft keeps the pipeline's own findings (they include the engine's
    notes, such as a tag placed by guesswork); when editors' texts are kept
    from an earlier version the whole article is checked again, since
    consistency depends on every sentence, and the engine's notes are kept.
    """
    if all(old is None for _, old in plan):
        return [checking.Verdict([i.to_dict() for i in draft.issues.get(new.id, [])],
                                 draft.risks.get(new.id, 0.0)) for new, _ in plan]
    verdicts = checking.check_pairs(
        [(new.source, old.target if old else new.target or "") for new, old in plan],
        source_language=draft.source_language, target_language=draft.target_language,
        edition=edition)
    return [checking.Verdict(v.issues + ([] if old else [
        i.to_dict() for i in draft.issues.get(new.id, []) if i.check == "engine"]), v.risk)
        for (new, old), v in zip(plan, verdicts, strict=True)]


def _create(translation: Translation, new: DraftSegment, position: int,
            verdict: checking.Verdict, *, needs_work: bool,
            suggestions: list[dict[str, Any]], fixed: StyleFixes | None) -> None:
    """A new segment, with the machine text and any house-style fix as its first revisions."""
    origin = new.origin or Origin.MT
    segment = Segment.objects.create(
        translation=translation, key=new.id, position=position, source=new.source,
        target=new.target or "", origin=origin, signature=new.signature or "",
        issues=verdict.issues, risk=verdict.risk, needs_work=needs_work,
        suggestions=suggestions)
    machine = fixed.before if fixed else segment.target
    machine_origin = Origin.MT if fixed else origin
    Revision.objects.create(segment=segment, author=None, before="", after=machine,
                            origin=machine_origin, base_version=0, signature=segment.signature)
    if fixed:
        Revision.objects.create(segment=segment, author=None, before=machine,
                                after=segment.target, origin=origin, base_version=0,
                                signature=segment.signature)
