"""The administration trail: every change to people, tokens, editions, glossaries, webhooks
and WordPress deliveries.

One append-only, hash-chained trail for the whole desk, separate from the
articles' trails (``desk.audit``). Each event's ``hash`` is SHA-256 over the
canonical JSON of its fields (seq, kind, actor, subject, time, payload) and
the previous event's hash; the trail's head row keeps the last number and
hash, so removing events from the end is noticed too. The database refuses
to change or delete events and to move the head back (migration 0011).

Events are recorded by the services themselves (``desk.staff``,
``desk.glossary``, ``desk.webhooks``, ``desk.wordpress``) inside the transaction
of the change, so the browser and the command line leave the same record, and a
change that is refused or fails leaves none. Passwords, token texts and webhook
secrets are never recorded: ``record`` refuses a payload that holds one.

Actors: ``user:<username>`` for the browser and the API, ``cli:<login>`` for
the command line (the operating-system login, as the shell reports it), and
``system``.

Signed checkpoints (``desk.checkpoints``) anchor the articles' trails only:
someone who can drop the triggers can still rewrite the admin trail forward
undetected.
"""

from __future__ import annotations

import getpass
import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from copydesk.desk import roles
from copydesk.desk.audit import GENESIS, canonical_json, chain_hash, event_time
from copydesk.desk.models import AdminEvent, AdminTrailHead, Role, User
from copydesk.errors import PermissionDeniedError

HASH_RULE = ("sha256(canonical_json({seq, kind, actor, subject, time, payload}) + prev_hash); "
             "canonical JSON: sorted keys, no spaces, UTF-8; the first event's prev_hash is "
             "64 zeros")
SYSTEM = "system"
KINDS: dict[str, str] = {
    "person_added": "a person was added to the desk",
    "roles_changed": "a person's roles were replaced",
    "password_set": "a person's password was set (never recorded itself)",
    "person_deactivated": "a person may no longer sign in; their tokens were revoked",
    "person_activated": "a deactivated person may sign in again",
    "sign_in_unlocked": "an account or address locked out after failed sign-ins was unlocked",
    "token_issued": "an API token was issued (its prefix only is recorded)",
    "token_revoked": "an API token was revoked",
    "edition_added": "an edition was created",
    "edition_changed": "an edition's settings changed (before and after)",
    "glossary_replaced": "an edition's glossary was replaced by an uploaded file",
    "glossary_term_added": "a term was added to an edition's glossary",
    "glossary_term_changed": "a glossary term was changed (before and after)",
    "glossary_term_removed": "a term was removed from an edition's glossary",
    "webhook_added": "a webhook receiver was added to an edition (its secret is not recorded)",
    "webhook_removed": "a webhook receiver was removed; its waiting messages were dropped",
    "webhook_replayed": "a webhook message was queued to be sent again",
    "wordpress_delivery_retried": "a failed WordPress delivery was queued to be made again",
}
SECRET_KEYS = frozenset({"password", "new_password", "token", "secret", "digest"})
ACTOR_LENGTH = 64
PAGE = 100

Actor = User | str | None


def actor_name(actor: Actor) -> str:
    """How ``actor`` appears in the trail."""
    if isinstance(actor, User):
        return f"user:{actor.get_username()}"
    return actor or SYSTEM


def command_line() -> str:
    """The actor of a command-line change: ``cli:<login>``, or ``cli`` when there is none."""
    try:
        login = unicodedata.normalize("NFC", getpass.getuser()).strip()
    except (KeyError, OSError):  # no login name in the environment or the password database
        return "cli"
    if not login or len(login) > ACTOR_LENGTH or not login.isprintable():
        return "cli"
    return f"cli:{login}"


def require_admin(actor: Actor, action: str) -> None:
    """A person acting in the browser or the API must hold the admin role; the command line
    is trusted (it has the database already)."""
    if isinstance(actor, User):
        roles.require(actor, Role.ADMIN, action)
    elif actor is not None and actor.startswith("user:"):  # a person only as a User object
        raise PermissionDeniedError(f"{actor} may not {action} without being signed in.")


def event_hash(*, seq: int, kind: str, actor: str, subject: str, created_at: datetime,
               payload: Any, prev_hash: str) -> str:
    return chain_hash({"seq": seq, "kind": kind, "actor": actor, "subject": subject,
                       "time": event_time(created_at), "payload": payload}, prev_hash)


def _refuse_secrets(data: Any, where: str = "payload") -> None:
    if isinstance(data, Mapping):
        for key, value in data.items():
            if str(key).lower() in SECRET_KEYS:
                raise ValueError(f"The admin trail never records a {key} ({where}.{key}).")
            _refuse_secrets(value, f"{where}.{key}")
    elif isinstance(data, list | tuple):
        for item in data:
            _refuse_secrets(item, where)


def record(kind: str, *, actor: Actor, subject: str,
           payload: Mapping[str, Any] | None = None) -> AdminEvent:
    """Append one event to the trail (holding the head row's lock until the caller's
    transaction ends, so events are numbered in the order they commit)."""
    if kind not in KINDS:
        raise ValueError(f"Unknown admin event kind {kind!r}.")
    data = json.loads(canonical_json(dict(payload or {})))  # stored exactly as hashed
    _refuse_secrets(data)
    who = actor_name(actor)
    with transaction.atomic():
        AdminTrailHead.objects.get_or_create(pk=1)
        head = AdminTrailHead.objects.select_for_update().get(pk=1)
        seq, prev, now = head.seq + 1, head.head or GENESIS, timezone.now()
        digest = event_hash(seq=seq, kind=kind, actor=who, subject=subject, created_at=now,
                            payload=data, prev_hash=prev)
        event = AdminEvent.objects.create(seq=seq, kind=kind, actor=who, subject=subject,
                                          created_at=now, payload=data, prev_hash=prev,
                                          hash=digest)
        AdminTrailHead.objects.filter(pk=1).update(seq=seq, head=digest)
    return event


def events(kind: str = "", *, subject: str = "", before: int | None = None,
           limit: int = PAGE) -> list[AdminEvent]:
    """The newest events first (of one ``kind``, about one ``subject``, when given), older
    than ``before``."""
    rows = AdminEvent.objects.order_by("-seq")
    if kind:
        rows = rows.filter(kind=kind)
    if subject:
        rows = rows.filter(subject=subject)
    if before is not None:
        rows = rows.filter(seq__lt=before)
    return list(rows[:limit])


def last_change(subject: str) -> AdminEvent | None:
    return AdminEvent.objects.filter(subject=subject).order_by("-seq").first()


@dataclass(frozen=True)
class TrailCheck:
    """The outcome of ``verify``: ``problems`` is empty when the trail is intact."""

    events: int
    head: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify() -> TrailCheck:
    """Walk the chain, compare its end with the head row, and check the glossaries."""
    from copydesk.desk import glossary

    problems: list[str] = []
    expected, prev, count = 1, GENESIS, 0
    for event in AdminEvent.objects.order_by("seq", "id").iterator():
        count += 1
        problems += _event_problems(event, expected, prev)
        expected, prev = event.seq + 1, event.hash
    head = AdminTrailHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.head or GENESIS) if head else (0, GENESIS)
    if (head_seq, head_hash) != (expected - 1, prev):
        problems.append(f"The trail ends at event {expected - 1} but its head is event "
                        f"{head_seq}: events were removed from the end, or the head was "
                        "moved.")
    found = glossary.trail_problems()
    return TrailCheck(events=count, head=prev, problems=problems + found.problems,
                      notes=found.notes)


def _event_problems(event: AdminEvent, expected: int, prev: str) -> list[str]:
    problems = []
    if event.seq != expected:
        problems.append(f"Event {expected} is missing or out of order (found event {event.seq} "
                        "in its place).")
    if event.prev_hash != prev:
        problems.append(f"Event {event.seq} does not follow the event before it: an event was "
                        "removed, inserted or reordered.")
    recomputed = event_hash(seq=event.seq, kind=event.kind, actor=event.actor,
                            subject=event.subject, created_at=event.created_at,
                            payload=event.payload, prev_hash=event.prev_hash)
    if recomputed != event.hash:
        problems.append(f"Event {event.seq} ({event.kind}) was changed after it was recorded.")
    return problems


def export() -> str:
    """The whole trail and its verification, as JSON for an auditor."""
    check = verify()
    rows = [{"seq": e.seq, "kind": e.kind, "actor": e.actor, "subject": e.subject,
             "time": event_time(e.created_at), "payload": e.payload, "prev_hash": e.prev_hash,
             "hash": e.hash} for e in AdminEvent.objects.order_by("seq", "id")]
    document = {"hash_rule": HASH_RULE, "verification": {
        "ok": check.ok, "events": check.events, "head": check.head, "problems": check.problems,
        "notes": check.notes}, "events": rows}
    return json.dumps(document, ensure_ascii=False, indent=2)
