"""The audit trail: append-only, hash-chained events per article.

Each event's ``hash`` is SHA-256 over the canonical JSON of its fields
(article, seq, kind, actor, time, payload) and the previous event's hash, so
changing, removing or reordering an event breaks the chain. The article row
keeps the number and hash of its last event, so removing events from the end
is noticed too. Someone who can write to the database could still rewind the
trail or re-hash it forward; signed checkpoints outside the database
(``desk.checkpoints``) catch that. ``verify`` walks the chain, compares it
with the latest checkpoint and recomputes what the trail recorded against the
rows (``desk.audit_records``); ``export`` gives it all to an auditor.

Event kinds: ``source_ingested``, ``source_changed``, ``translation_requested``,
``translation_started``, ``machine_translated``, ``translation_failed``,
``segment_edited``, ``segment_confirmed``, ``issue_overridden``, ``block_excluded``,
``block_included``, ``assigned``, ``unassigned``,
``approved``, ``approval_withdrawn``, ``published``, ``withdrawn``,
``correction_opened``, ``reader_report_filed``, ``reader_report_answered``,
``reader_report_dismissed``, ``feed_item_added``, ``feed_item_changed``,
``wordpress_post_pulled``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from copydesk.desk import webhooks, wordpress_delivery
from copydesk.desk.models import Article, AuditEvent, User

if TYPE_CHECKING:
    from copydesk.desk import checkpoints

GENESIS = "0" * 64
HASH_RULE = ("sha256(canonical_json({article, seq, kind, actor, time, payload}) + prev_hash); "
             "canonical JSON: sorted keys, no spaces, UTF-8; the first event's prev_hash is "
             "64 zeros")
SYSTEM = "system"


def actor_name(user: User | None) -> str:
    return SYSTEM if user is None else f"user:{user.get_username()}"


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_time(moment: datetime) -> str:
    """An event's time as hashed: UTC, ISO 8601 with microseconds."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def chain_hash(fields: dict[str, Any], prev_hash: str) -> str:
    """SHA-256 of an event's canonical JSON and the previous event's hash (both trails)."""
    return hashlib.sha256((canonical_json(fields) + prev_hash).encode("utf-8")).hexdigest()


def event_hash(*, article_id: int, seq: int, kind: str, actor: str, created_at: datetime,
               payload: Any, prev_hash: str) -> str:
    return chain_hash({"article": article_id, "seq": seq, "kind": kind, "actor": actor,
                       "time": event_time(created_at), "payload": payload}, prev_hash)


def record(article: Article | int, kind: str, *, actor: User | None,
           payload: dict[str, Any] | None = None) -> AuditEvent:
    """Append one event to the article's chain (locking the article row meanwhile)."""
    article_id = article if isinstance(article, int) else article.pk
    data = json.loads(canonical_json(payload or {}))  # stored exactly as hashed
    with transaction.atomic():
        head = Article.objects.select_for_update().only("audit_seq", "audit_head").get(
            pk=article_id)
        seq, prev = head.audit_seq + 1, head.audit_head or GENESIS
        now, who = timezone.now(), actor_name(actor)
        digest = event_hash(article_id=article_id, seq=seq, kind=kind, actor=who,
                            created_at=now, payload=data, prev_hash=prev)
        event = AuditEvent.objects.create(article_id=article_id, seq=seq, kind=kind, actor=who,
                                          created_at=now, payload=data, prev_hash=prev,
                                          hash=digest)
        Article.objects.filter(pk=article_id).update(audit_seq=seq, audit_head=digest)
        webhooks.schedule(article_id, kind, data)  # sent once this commits
        wordpress_delivery.schedule(article_id, kind, data)  # made by the worker, the same way
    return event


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of checking one article's trail; ``problems`` is empty when intact.

    ``anchored`` is the event number the latest checkpoint anchored (None when
    none did); ``notes`` say what could not be checked, and why.
    """

    article: str
    events: int
    head: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    anchored: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class TrailReport:
    """Every article's result, and what concerns the whole desk (the checkpoint file)."""

    results: list[VerifyResult]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and all(r.ok for r in self.results)


def chain_problems(article: Article, events: list[AuditEvent]) -> list[str]:
    """Every event that does not fit the hash chain, and a head that does not fit its end."""
    problems: list[str] = []
    expected, prev = 1, GENESIS
    for event in events:
        if event.seq != expected:
            problems.append(f"Event {expected} is missing or out of order (found event "
                            f"{event.seq} in its place).")
        if event.prev_hash != prev:
            problems.append(f"Event {event.seq} does not follow the event before it: an event "
                            "was removed, inserted or reordered.")
        recomputed = event_hash(article_id=article.pk, seq=event.seq, kind=event.kind,
                                actor=event.actor, created_at=event.created_at,
                                payload=event.payload, prev_hash=event.prev_hash)
        if recomputed != event.hash:
            problems.append(f"Event {event.seq} ({event.kind}) was changed after it was "
                            "recorded.")
        expected, prev = event.seq + 1, event.hash
    last_seq = events[-1].seq if events else 0
    if article.audit_seq != last_seq or (article.audit_head or GENESIS) != prev:
        problems.append(f"The trail ends at event {last_seq} but the article's head is event "
                        f"{article.audit_seq}: events were removed from the end.")
    return problems


def verify(article: Article) -> VerifyResult:
    """Check the article's chain, its latest checkpoint and the rows its trail describes."""
    from copydesk.desk import checkpoints

    anchoring = checkpoints.anchoring()
    result = _verify(article, anchoring)
    return replace(result, problems=anchoring.problems + result.problems,
                   notes=anchoring.notes + result.notes)


def verify_all() -> TrailReport:
    """``verify`` for every article, and every anchored article that is gone."""
    from copydesk.desk import checkpoints

    anchoring = checkpoints.anchoring()
    results = [_verify(article, anchoring) for article in Article.objects.order_by("pk")]
    return TrailReport(results, problems=anchoring.problems
                       + checkpoints.missing_articles(anchoring), notes=anchoring.notes)


def _verify(article: Article, anchoring: checkpoints.Anchoring) -> VerifyResult:
    from copydesk.desk import audit_records, checkpoints

    article.refresh_from_db()
    events = list(AuditEvent.objects.filter(article=article).order_by("seq", "id"))
    anchor = anchoring.anchor(article.pk)
    records = audit_records.check(article, events)
    problems = (chain_problems(article, events)
                + checkpoints.anchor_problems(article, events, anchor) + records.problems)
    notes = list(records.notes)
    if anchor is not None and article.audit_seq > anchor.seq:
        notes.append(f"Events {anchor.seq + 1} to {article.audit_seq} came after the latest "
                     "checkpoint; until the next one only the hash chain protects them.")
    elif anchor is None and anchoring.ledger is not None and article.audit_seq:
        notes.append("No checkpoint anchors this article yet; until one does only the hash "
                     "chain protects its trail.")
    head = events[-1].hash if events else GENESIS
    return VerifyResult(article=article.key, events=len(events), head=head, problems=problems,
                        notes=notes, anchored=anchor.seq if anchor else None)


def export(article: Article) -> str:
    """The article's whole trail and its verification, as JSON for an auditor."""
    result = verify(article)
    events = [{"seq": e.seq, "kind": e.kind, "actor": e.actor, "time": event_time(e.created_at),
               "payload": e.payload, "prev_hash": e.prev_hash, "hash": e.hash}
              for e in AuditEvent.objects.filter(article=article).order_by("seq", "id")]
    document = {"article": {"id": article.pk, "key": article.key}, "hash_rule": HASH_RULE,
                "verification": {**asdict(result), "ok": result.ok}, "events": events}
    return json.dumps(document, ensure_ascii=False, indent=2)

