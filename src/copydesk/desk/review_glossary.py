"""A glossary term added from the review screen, and what it changes in the article.

The term goes into the edition's glossary through ``desk.glossary.add_term``
(administrators only, recorded in the administration trail as the glossary
page records it). The checks then run again on every live segment of the
translation with the new glossary, and their issues and risks are stored
(the texts and versions do not change). When the editor asks for it, the
segments that are still open (not confirmed), whose text is still the
machine's or the memory's (no editor changed it) and whose source holds the
term are translated again with the new entry by the worker
(``retranslation``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction

from copydesk.desk import (
    checking,
    find_replace,
    gate,
    glossary,
    retranslation,
    roles,
    workflow,
)
from copydesk.desk.admin_audit import require_admin
from copydesk.desk.bootstrap import edition_table
from copydesk.desk.models import Origin, Role, Segment, SegmentState, Translation, User
from copydesk.glossary import Term, TermType, find_term

MACHINE_ORIGINS = (Origin.MT, Origin.MEMORY, Origin.STYLE_FIX)


@dataclass(frozen=True)
class Added:
    term: Term
    translation_id: int
    rechecked: int  # segments whose issues were stored again
    changed: list[Segment] = field(default_factory=list)  # those whose issues or risk moved
    queued: list[str] = field(default_factory=list)  # keys of the segments sent to the worker
    job: str = ""  # the token of their job (``retranslation``), when some were sent


def may_edit_glossary(user: User) -> bool:
    """Whether the review screen offers the glossary control to ``user``."""
    return roles.has_role(user, Role.ADMIN)


def add_term(translation_id: int, fields: Mapping[str, str], *, user: User,
             retranslate: bool = False) -> Added:
    """Add the term to the translation's edition glossary, re-run the checks on the whole
    article, and queue the open machine segments holding the term when asked."""
    roles.require(user, Role.EDITOR, "add glossary terms from the review screen")
    require_admin(user, "change glossaries (only administrators keep the edition's glossary)")
    translation = workflow.find_translation(translation_id)
    find_replace.require_editable(translation)  # the article is checked again below
    term = glossary.add_term(translation.edition.code, fields, actor=user)
    rechecked, changed = recheck(translation_id)
    queued = open_segments_with(translation_id, term) if retranslate else []
    job = retranslation.queue(translation_id, queued, user=user) if queued else ""
    return Added(term, translation_id, rechecked, changed, [s.key for s in queued], job)


def recheck(translation_id: int) -> tuple[int, list[Segment]]:
    """Run every check again on the translation's live segments; store issues and risks.

    Returns how many segments were checked and those whose issues or risk changed, so
    the review screen can redraw just those.
    """
    with transaction.atomic():
        translation = gate.lock(translation_id)
        translation.edition.refresh_from_db(fields=["options"])
        live = list(translation.segments.filter(active=True).order_by("position"))
        if not live:
            return 0, []
        before = {s.pk: (s.issues, s.risk) for s in live}
        draft = translation.machine_draft or {}
        verdicts = checking.check_pairs(
            [(s.source, s.target) for s in live],
            source_language=draft.get("source_language", ""),
            target_language=translation.edition.language,
            edition=edition_table(translation.edition))
        for segment, verdict in zip(live, verdicts, strict=True):
            segment.issues, segment.risk = verdict.issues, verdict.risk
        Segment.objects.bulk_update(live, ["issues", "risk"], batch_size=500)
        Translation.objects.filter(pk=translation.pk).update(
            risk=checking.translation_risk([s.risk for s in live if not s.excluded]))
    return len(live), [s for s in live if before[s.pk] != (s.issues, s.risk)]


def open_segments_with(translation_id: int, term: Term) -> list[Segment]:
    """The live, unconfirmed segments still as the machine or memory made them whose
    source holds ``term``."""
    translation = Translation.objects.select_related("edition").get(pk=translation_id)
    language = (translation.machine_draft or {}).get("source_language", "") or term.source_lang
    candidates = translation.segments.filter(
        active=True, excluded=False, origin__in=MACHINE_ORIGINS).exclude(
        state=SegmentState.CONFIRMED).order_by("position")
    return [s for s in candidates
            if term.source and find_term(s.source, term.source, language, term.case_sensitive,
                                         term.type is TermType.DNT)]
