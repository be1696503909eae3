"""Recomputing what the audit trail recorded against the rows it describes.

The hash chain and the checkpoints prove the trail itself; these checks prove
that the rows still say what the trail says:

- every source version: its content against its own hash, and that hash
  against the one its ``source_ingested``/``source_changed`` event recorded;
- every publication: the SHA-256 of each output format against its
  ``published`` event, with its kind, source version, translation and publisher;
- every editor's revision against a ``segment_edited`` event (translation,
  version, before, after, origin, editor), and the reverse;
- the machine's revisions of each translation against the digest its latest
  ``machine_translated`` event recorded (``machine_digest``), and the
  digests of the batches of a streaming draft stored since
  (``machine_segments_stored``);
- every override against an ``issue_overridden`` event (translation, segment,
  check, issue, version, reason, target, editor), and the reverse. A segment's
  key may shift when a later source version renumbers the sentences, so the
  key counts only until the translation's next machine draft.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from copydesk.desk.audit import actor_name, canonical_json
from copydesk.desk.models import (
    Article,
    AuditEvent,
    Override,
    Publication,
    Revision,
    SourceVersion,
    Translation,
)
from copydesk.desk.sources import content_hash

SOURCE_EVENTS = ("source_ingested", "source_changed")
ANY = object()  # a field an older event did not record: matches every value


def _sha256(text: Any) -> str:
    data = text if isinstance(text, str) else canonical_json(text)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    """A recorded value as something hashable (a tampered payload may hold anything)."""
    return value if isinstance(value, str | int | None) else canonical_json(value)


def _payload(event: AuditEvent) -> dict[str, Any]:
    return {k: _plain(v) for k, v in event.payload.items()} if isinstance(event.payload,
                                                                           dict) else {}


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check(article: Article, events: Sequence[AuditEvent]) -> Findings:
    """Every row of ``article`` that does not match what its trail (``events``) recorded."""
    found = Findings()
    by_kind: dict[str, list[AuditEvent]] = defaultdict(list)
    for event in events:
        by_kind[event.kind].append(event)
    found.problems += _sources(article, [e for k in SOURCE_EVENTS for e in by_kind[k]])
    found.problems += _publications(article, by_kind["published"])
    found.problems += _editor_revisions(article, by_kind["segment_edited"])
    drafts = by_kind["machine_translated"]
    for translation in Translation.objects.filter(article=article).order_by("pk"):
        _machine_revisions(translation, drafts, by_kind["machine_segments_stored"], found)
    found.problems += _overrides(article, by_kind["issue_overridden"], drafts)
    return found


def machine_digest(translation: Translation,
                   keys: Iterable[str] | None = None) -> dict[str, str]:
    """Segment id -> SHA-256 of its machine revisions (author none), for the trail; of the
    live segments with ``keys`` only, when given (a batch of a streaming draft)."""
    by_segment: dict[str, list[list[Any]]] = defaultdict(list)
    rows = Revision.objects.filter(segment__translation=translation, author=None)
    if keys is not None:
        rows = rows.filter(segment__key__in=list(keys), segment__active=True)
    for segment, *values in (rows.order_by("id")
                             .values_list("segment_id", "before", "after", "origin",
                                          "base_version", "signature")):
        by_segment[str(segment)].append(values)
    return {segment: _sha256(values) for segment, values in by_segment.items()}


def _sources(article: Article, events: Iterable[AuditEvent]) -> list[str]:
    recorded = {_payload(e).get("version"): e for e in events}
    problems = []
    for version in SourceVersion.objects.filter(article=article).order_by("number"):
        actual = content_hash(version.content)
        name = f"Source version {version.number}"
        if actual != version.content_hash:
            problems.append(f"{name}: its content does not match its stored hash: the "
                            "content was changed.")
        event = recorded.pop(version.number, None)
        if event is None:
            problems.append(f"{name} is not in the audit trail: it was added or renumbered "
                            "outside the desk.")
        elif _payload(event).get("content_hash") != actual:
            problems.append(f"{name} is not the content that event {event.seq} recorded: it "
                            "was replaced.")
    problems += [f"Source version {number}, recorded in event {e.seq}, is missing."
                 for number, e in recorded.items()]
    return problems


def _publications(article: Article, events: Iterable[AuditEvent]) -> list[str]:
    recorded = {_payload(e).get("publication"): e for e in events}
    problems = []
    for publication in (Publication.objects.filter(translation__article=article)
                        .select_related("source_version", "published_by").order_by("pk")):
        name = f"Publication {publication.pk}"
        event = recorded.pop(publication.pk, None)
        if event is None:
            problems.append(f"{name} is not in the audit trail: it was added outside the desk.")
            continue
        outputs = publication.outputs if isinstance(publication.outputs, dict) else {}
        hashes = {fmt: _sha256(text) for fmt, text in outputs.items()}
        wanted = event.payload.get("outputs") if isinstance(event.payload, dict) else None
        wanted = wanted if isinstance(wanted, dict) else {}
        changed = sorted(f for f in set(hashes) | set(wanted) if hashes.get(f) != wanted.get(f))
        if changed:
            problems.append(f"{name}: its {', '.join(changed)} output is not what event "
                            f"{event.seq} recorded: the published text was changed.")
        facts = (publication.kind, publication.source_version.number,
                 publication.translation_id, actor_name(publication.published_by))
        p = _payload(event)
        if facts != (p.get("kind"), p.get("version"), p.get("translation"), event.actor):
            problems.append(f"{name}: its kind, source version, translation or publisher is "
                            f"not what event {event.seq} recorded.")
    problems += [f"Publication {pk}, recorded in event {e.seq}, is missing."
                 for pk, e in recorded.items()]
    return problems


def _editor_revisions(article: Article, events: Iterable[AuditEvent]) -> list[str]:
    rows: Counter[tuple[Any, ...]] = Counter()
    keys: dict[tuple[Any, ...], str] = {}
    for revision in (Revision.objects.filter(segment__translation__article=article)
                     .exclude(author=None).select_related("segment", "author")):
        fact: tuple[Any, ...] = (revision.segment.translation_id, revision.base_version + 1,
                                 revision.before, revision.after, str(revision.origin),
                                 actor_name(revision.author))
        rows[fact] += 1
        keys[fact] = revision.segment.key
    recorded: Counter[tuple[Any, ...]] = Counter()
    seqs: dict[tuple[Any, ...], int] = {}
    for event in events:
        p = _payload(event)
        fact = (p.get("translation"), p.get("version"), p.get("before"), p.get("after"),
                p.get("origin"), event.actor)
        recorded[fact] += 1
        seqs[fact] = event.seq
    problems = [f"A revision of segment {keys[f]} (to version {f[1]}, by {f[5]}) matches no "
                "segment_edited event: it was changed or added outside the desk."
                for f in rows - recorded]
    problems += [f"The edit recorded in event {seqs[f]} (to version {f[1]}, by {f[5]}) has no "
                 "matching revision: the revision was changed or deleted."
                 for f in recorded - rows]
    return problems


def _machine_revisions(translation: Translation, drafts: Sequence[AuditEvent],
                       batches: Sequence[AuditEvent], found: Findings) -> None:
    digest = machine_digest(translation)
    mine = [e for e in drafts if _payload(e).get("translation") == translation.pk]
    latest = mine[-1] if mine else None
    streamed = [e for e in batches if _payload(e).get("translation") == translation.pk
                and (latest is None or e.seq > latest.seq)]
    if streamed:  # a draft streaming, or stopped while it streamed
        _streamed_revisions(translation, latest, streamed, digest, found)
        return
    if latest is None or "revisions" not in _payload(latest):
        if digest and latest is None:
            found.problems.append(f"Translation {translation.pk} has machine revisions but no "
                                  "machine_translated event: they were added outside the desk.")
        elif digest:
            found.notes.append(f"Translation {translation.pk}: its machine revisions were "
                               "recorded before the trail kept their digest; they are not "
                               "checked.")
        return
    recorded = latest.payload["revisions"]
    recorded = recorded if isinstance(recorded, dict) else {}
    changed = sorted((s for s in set(digest) | set(recorded) if digest.get(s) != recorded.get(s)),
                     key=lambda s: int(s) if s.isdigit() else 0)
    if changed:
        found.problems.append(
            f"Translation {translation.pk}: the machine revisions of segment(s) with id "
            f"{', '.join(changed)} are not what event {latest.seq} recorded: they were "
            "changed, added or deleted.")


def _streamed_revisions(translation: Translation, latest: AuditEvent | None,
                        streamed: Sequence[AuditEvent], digest: dict[str, str],
                        found: Findings) -> None:
    recorded: dict[str, Any] = {}
    if latest is not None and isinstance(latest.payload, dict) and isinstance(
            latest.payload.get("revisions"), dict):
        recorded.update(latest.payload["revisions"])
    for event in streamed:
        batch = event.payload.get("revisions") if isinstance(event.payload, dict) else None
        recorded.update(batch if isinstance(batch, dict) else {})
    changed = sorted((s for s in set(digest) | set(recorded) if digest.get(s) != recorded.get(s)),
                     key=lambda s: int(s) if s.isdigit() else 0)
    if changed:
        found.problems.append(
            f"Translation {translation.pk}: the machine revisions of segment(s) with id "
            f"{', '.join(changed)} are not what events up to {streamed[-1].seq} recorded: "
            "they were changed, added or deleted.")


def _override_fields() -> tuple[str, ...]:
    """The fields of an override that its event records too (``issue`` and ``version`` on
    desks that have them)."""
    names = {f.name for f in Override._meta.get_fields()}
    return tuple(name for name in ("issue", "version") if name in names)


def _overrides(article: Article, events: Sequence[AuditEvent],
               drafts: Sequence[AuditEvent]) -> list[str]:
    extras = _override_fields()
    redrafted = {_payload(e).get("translation"): e.seq for e in drafts}
    rows = []
    for given in (Override.objects.filter(segment__translation__article=article)
                  .select_related("segment", "author").order_by("pk")):
        base = (given.segment.translation_id, given.check_id, given.reason, given.target,
                actor_name(given.author))
        rows.append((base, (given.segment.key, *(str(getattr(given, f)) for f in extras)),
                     given))
    recorded = []
    for event in events:
        p = _payload(event)
        base = (p.get("translation"), p.get("check"), p.get("reason"), p.get("target"),
                event.actor)
        moved = redrafted.get(p.get("translation"), 0) > event.seq
        detail = (ANY if moved else p.get("segment"),
                  *(str(p[f]) if f in p else ANY for f in extras))
        recorded.append((base, detail, event))
    unmatched_rows, unmatched_events = _match(rows, recorded)
    problems = [f"The override on segment {r.segment.key} ({r.check_id}, by "
                f"{actor_name(r.author)}) matches no issue_overridden event: it was changed or "
                "added outside the desk." for r in unmatched_rows]
    problems += [f"The override recorded in event {e.seq} (segment "
                 f"{_payload(e).get('segment')}, {_payload(e).get('check')}) has no matching "
                 "override: it was changed or deleted." for e in unmatched_events]
    return problems


def _match(rows: list[tuple[Any, tuple[Any, ...], Any]],
           recorded: list[tuple[Any, tuple[Any, ...], Any]]) -> tuple[list[Any], list[Any]]:
    """Pair rows with events: equal ``base``, and equal ``detail`` where the event has one.

    Events that recorded every detail are used first, so one that matches
    anything never takes the place of an exact one.
    """
    pool: dict[Any, list[tuple[tuple[Any, ...], Any]]] = defaultdict(list)
    for base, detail, event in sorted(recorded, key=lambda r: sum(d is ANY for d in r[1])):
        pool[base].append((detail, event))
    left = []
    for base, detail, row in rows:
        candidates = pool.get(base, [])
        hit = next((i for i, (want, _) in enumerate(candidates)
                    if all(w is ANY or w == d for w, d in zip(want, detail, strict=True))), None)
        if hit is None:
            left.append(row)
        else:
            candidates.pop(hit)
    return left, [event for candidates in pool.values() for _, event in candidates]
