"""Publishing an approved translation through the core renderers.

The review record (who confirmed which text when, who approved it) is built
from what the desk recorded, never typed in, and goes into the disclosure
note and the provenance of every output. Each publication is stored with the
source version it translates; a later one is an ``update`` (new source
version) or a ``correction`` (same source).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from copydesk import languages, publish
from copydesk.article import Article as SourceArticle
from copydesk.article import Block
from copydesk.desk import exclusions, gate, ninjs_items, reader_reports, roles, workflow
from copydesk.desk.bootstrap import copydesk_settings, edition_table
from copydesk.desk.models import (
    AuditEvent,
    Publication,
    PublicationKind,
    Role,
    Translation,
    TranslationState,
    User,
)
from copydesk.errors import WorkflowError
from copydesk.pipeline import Draft
from copydesk.publish.disclosure import withdrawal_notice
from copydesk.settings import Settings


def publish_translation(translation: Translation, *, user: User,
                        formats: Sequence[str] = publish.FORMATS) -> Publication:
    """Render and store the approved translation; refuses anything that is not fully reviewed."""
    roles.require(user, Role.PUBLISHER, "publish translations")
    with transaction.atomic():
        locked = gate.lock(translation.pk)
        if locked.state != TranslationState.APPROVED:
            raise WorkflowError(f"Translation {locked.pk} is "
                                f"{TranslationState(locked.state).label.lower()}; an editor must "
                                "approve it before it can be published.")
        gate.require_publishable(locked)
        approval = latest_approval(locked)
        gate.require_second_pair_to_publish(locked, user, approval.actor if approval else None)
        now = timezone.now()
        kind = _kind(locked)
        review = review_record(locked, published_at=now, approval=approval,
                               corrected=kind == PublicationKind.CORRECTION)
        draft = current_draft(locked)
        settings = edition_settings(locked)
        channel = reader_reports.plan_channel(locked.edition)  # the report form's address
        item = ninjs_items.identity(locked)  # the ninjs item this publication is a version of
        outputs = {fmt: publish.render(draft, fmt, settings=settings, review=review,
                                       report_url=channel.url if channel else None,
                                       identity=item)
                   for fmt in formats}
        publication = Publication.objects.create(
            translation=locked, source_version=locked.source_version, kind=kind,
            outputs=outputs, provenance=publish.Provenance.from_draft(draft, review).to_dict(),
            published_by=user, published_at=now)
        reader_reports.open_channel(publication, channel)
        workflow.move(locked, TranslationState.PUBLISHED, user=user, event="published", payload={
            "publication": publication.pk, "kind": publication.kind,
            "version": locked.source_version.number,
            "outputs": {fmt: hashlib.sha256(text.encode("utf-8")).hexdigest()
                        for fmt, text in outputs.items()}})
        from copydesk.desk import checkpoints  # anchors the audit trail once this commits
        transaction.on_commit(checkpoints.after_publication, robust=True)
    translation.refresh_from_db()
    return publication


@dataclasses.dataclass(frozen=True)
class Withdrawal:
    """A publication taken off the site: when, and the publisher's (internal) reason."""

    withdrawn_at: datetime
    reason: str

    def notice(self, translation: Translation) -> publish.Disclosure:
        """The notice readers get in the article's place, in the edition's language."""
        return withdrawal_notice(translation.edition.language, _iso(self.withdrawn_at),
                                 edition_settings(translation).edition(
                                     languages.normalize(translation.edition.language)))


def withdrawal_of(publication: Publication) -> Withdrawal | None:
    """The withdrawal that took ``publication`` off the site: the translation is withdrawn,
    and this was its last publication before that."""
    translation = publication.translation
    translation.refresh_from_db(fields=["state"])
    if translation.state != TranslationState.WITHDRAWN:
        return None
    if translation.publications.filter(published_at__gt=publication.published_at).exists():
        return None
    event = (AuditEvent.objects.filter(article_id=translation.article_id, kind="withdrawn",
                                       payload__translation=translation.pk,
                                       created_at__gte=publication.published_at)
             .order_by("-seq").first())
    if event is None:
        return None
    return Withdrawal(event.created_at, str(event.payload.get("reason", "")))


def latest_approval(translation: Translation) -> AuditEvent | None:
    """The audit event of the translation's latest approval."""
    return (AuditEvent.objects.filter(article_id=translation.article_id, kind="approved",
                                      payload__translation=translation.pk)
            .order_by("-seq").first())


def review_record(translation: Translation, *, published_at: datetime,
                  approval: AuditEvent | None, corrected: bool) -> publish.Review:
    """Who confirmed the text and who approved it (``approval``), and the corrections,
    from the desk's records; ``corrected``: this publication is a correction."""
    latest: dict[int, tuple[User, datetime]] = {}
    for segment in translation.segments.filter(active=True, excluded=False).select_related(
            "confirmed_by"):
        user, when = segment.confirmed_by, segment.confirmed_at
        if user is not None and when is not None and (
                user.pk not in latest or latest[user.pk][1] < when):
            latest[user.pk] = (user, when)
    editors = [publish.ReviewEditor(name=_name(user), role=Role.EDITOR.value,
                                    confirmed_at=_iso(when))
               for user, when in sorted(latest.values(), key=lambda pair: pair[1])]
    first = translation.publications.order_by("published_at", "id").first()
    approver = (User.objects.filter(username=approval.actor.removeprefix("user:")).first()
                if approval else None)
    return publish.Review(
        editors=editors, approved_by=_name(approver) if approver else None,
        approved_at=_iso(approval.created_at) if approval else None,
        published_at=_iso(published_at),
        first_published_at=_iso(first.published_at) if first else None,
        corrections=_corrections(translation, published_at if corrected else None),
        name_editors=bool(edition_table(translation.edition).get("name_editors", False)),
        evidence=_evidence(approval))


def _corrections(translation: Translation,
                 now: datetime | None) -> list[publish.Correction]:
    """Each correction published (and the one publishing ``now``), with the reason given
    when it was opened: the last ``correction_opened`` before it."""
    opened = list(AuditEvent.objects.filter(
        article_id=translation.article_id, kind="correction_opened",
        payload__translation=translation.pk).order_by("seq").values_list("created_at", "payload"))
    times = list(translation.publications.filter(kind=PublicationKind.CORRECTION)
                 .order_by("published_at", "id").values_list("published_at", flat=True))
    found = []
    for when in [*times, *([now] if now else [])]:
        reasons = [payload.get("reason", "") for at, payload in opened if at <= when]
        if reasons:
            found.append(publish.Correction(reason=reasons[-1], corrected_at=_iso(when)))
    return found


def _evidence(approval: AuditEvent | None) -> dict[str, Any] | None:
    """The review evidence recorded at approval, with the second editor's exception if any."""
    if approval is None or "review_evidence" not in approval.payload:
        return None
    recorded = dict(approval.payload["review_evidence"])
    exception = approval.payload.get("evidence_exception")
    if exception:
        recorded["exception"] = {"reason": exception.get("reason", "")}
    return recorded


def current_draft(translation: Translation) -> Draft:
    """The machine draft with every segment's target replaced by the desk's current text.

    Its signatures, engine and pseudo flag follow what the current texts are
    (an editor's text carries no engine signature), not what the first draft was.
    Blocks that editors left out of the translation (``exclusions``) are not in it.
    """
    stored = translation.machine_draft
    if not stored:
        raise WorkflowError(f"Translation {translation.pk} has no draft yet; translate it first.")
    live = {s.key: s for s in translation.segments.filter(active=True, excluded=False)}
    draft = Draft(
        source=SourceArticle.from_dict(stored["source"]),
        source_language=stored["source_language"], target_language=stored["target_language"],
        headline=Block.from_dict(stored["headline"]),
        standfirst=Block.from_dict(stored["standfirst"]) if stored.get("standfirst") else None,
        blocks=exclusions.kept(translation, [Block.from_dict(b) for b in stored["blocks"]]),
        engine=stored["engine"],
        machine_translated=stored["machine_translated"], warnings=list(stored["warnings"]),
        created_at=stored["created_at"])
    for piece in draft.segments():
        if piece.id in live:
            piece.target, piece.origin = live[piece.id].target, live[piece.id].origin
            piece.signature = live[piece.id].signature or None
    draft.signatures = sorted({s.signature for s in live.values() if s.signature})
    draft.settle_origins()
    return draft


def edition_settings(translation: Translation) -> Settings:
    """The copydesk settings with this edition's table (disclosure, options) in place."""
    settings = copydesk_settings()
    language = languages.normalize(translation.edition.language)
    table = edition_table(translation.edition)
    return dataclasses.replace(settings, editions={**settings.editions, language: table})


def _kind(translation: Translation) -> PublicationKind:
    last = translation.publications.order_by("-published_at", "-id").first()
    if last is None:
        return PublicationKind.FIRST
    if last.source_version_id != translation.source_version_id:
        return PublicationKind.UPDATE
    return PublicationKind.CORRECTION


def _name(user: User) -> str:
    """The name outputs may show (where the edition names editors): never a login name."""
    return user.get_full_name()


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")
