"""Signed checkpoints: the audit trail's chain heads, anchored outside the database.

A checkpoint records, for every article whose trail grew since the last one,
its last event number and hash, signed with the desk's key
(``COPYDESK_AUDIT_KEY``, from the environment only) and appended to the
checkpoint file (``audit_checkpoint_file``, see ``checkpoint_file``). One is
written after every publication has committed and by ``anchor_if_due``, which
the worker calls on each poll, once ``audit_checkpoint_minutes`` have passed
and something changed; ``copydesk audit checkpoint`` writes one from cron.
With ``audit_checkpoint_url`` set, each checkpoint is also POSTed there (by
the worker, with a timeout); a failed delivery is recorded and retried, and
never holds a publication back.

A head that does not extend the one anchored before (fewer events, or a
different event at the anchored number) is never anchored again, so a rewind
stays visible to ``audit verify``. Without a key nothing is anchored, and the
trail is only hash-chained: someone with write access to the database could
rewind or rewrite it undetected.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.db import DatabaseError
from django.utils import timezone
from django_tasks import task

from copydesk.desk import checkpoint_file
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.checkpoint_file import Anchor, Ledger, line_hash
from copydesk.desk.models import Article, AuditCheckpoint, AuditEvent
from copydesk.errors import ConfigError, CopydeskError

log = logging.getLogger(__name__)

FILE_NAME = "audit-checkpoints.jsonl"
UNANCHORED = (f"No {checkpoint_file.KEY_ENV} is set, so no checkpoint anchors the audit trail: "
              "it is only hash-chained, and a rewind or rewrite by someone with write access "
              f"to the database cannot be detected. Set {checkpoint_file.KEY_ENV} to a long "
              "random secret (kept off the database host) to sign checkpoints.")
_ledgers: dict[Path, Ledger] = {}  # what this process has read of each file
_last_look: dict[Path, datetime] = {}  # when anchor_if_due last looked for changes


def checkpoint_path() -> Path:
    given = copydesk_settings().audit_checkpoint_file
    return Path(given).expanduser() if given else copydesk_settings().home_path / FILE_NAME


def checkpoint_url() -> str:
    url = str(copydesk_settings().audit_checkpoint_url).strip()
    if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname):
        raise ConfigError(f"audit_checkpoint_url {url!r} is not an http(s) address; give one "
                          "such as https://audit.example.org/checkpoints, or leave it empty.")
    return url


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Outcome:
    """What a call to ``write`` did: ``number`` is None when it wrote nothing; ``problems``:
    heads it would not anchor, and what is wrong with the checkpoint file."""

    number: int | None
    articles: int
    message: str
    problems: list[str] = field(default_factory=list)


def write(reason: str, *, now: datetime | None = None) -> Outcome:
    """Anchor every article whose trail grew since the last checkpoint."""
    keys = checkpoint_file.keyring()
    if keys.current is None:
        return Outcome(None, 0, UNANCHORED)
    path = checkpoint_path()
    with checkpoint_file.locked(path) as handle:
        ledger = checkpoint_file.refresh(handle, keys, _ledgers.get(path), path)
        _ledgers[path] = ledger
        changed, refused = _changes(ledger.state)
        problems = ledger.problems + refused
        if not changed:
            return Outcome(None, 0, f"Nothing changed since checkpoint {ledger.count}.",
                           problems)
        moment = now or timezone.now()
        line = checkpoint_file.append(handle, ledger, keys.current, time=_time(moment),
                                      reason=reason, articles=changed)
        AuditCheckpoint.objects.create(
            number=ledger.count, line=line.decode("utf-8"), line_hash=line_hash(line),
            reason=reason, articles=len(changed), written_at=moment)
    return Outcome(ledger.count, len(changed), f"Wrote checkpoint {ledger.count} to {path} "
                   f"({len(changed)} article(s) anchored).", problems)


def _changes(state: dict[int, Anchor]) -> tuple[dict[int, dict[str, Any]], list[str]]:
    """The new heads to anchor, and why any article's head may not be anchored."""
    changed: dict[int, dict[str, Any]] = {}
    grown: list[tuple[int, str, int, str, Anchor]] = []
    present = set()
    for pk, key, seq, head in Article.objects.values_list("pk", "key", "audit_seq",
                                                          "audit_head"):
        present.add(pk)
        anchor = state.get(pk)
        if anchor is None:
            if seq:
                changed[pk] = {"seq": seq, "head": head, "key": key}
        elif (anchor.seq, anchor.head, anchor.key) != (seq, head, key):
            grown.append((pk, key, seq, head, anchor))
    known = set(AuditEvent.objects.filter(
        article_id__in=[g[0] for g in grown], hash__in=[g[4].head for g in grown])
        .values_list("article_id", "seq", "hash"))
    refused = [f"Article {pk} ({a.key}), anchored in checkpoint {a.checkpoint}, is no longer "
               "in the database." for pk, a in state.items() if pk not in present]
    for pk, key, seq, head, anchor in grown:
        if key == anchor.key and seq >= anchor.seq and (pk, anchor.seq, anchor.head) in known:
            changed[pk] = {"seq": seq, "head": head, "key": key}
        else:
            refused.append(f"Article {pk} ({key}) no longer extends checkpoint "
                           f"{anchor.checkpoint} (event {anchor.seq}); its head is not "
                           "anchored again. Run 'copydesk audit verify --all'.")
    return changed, refused


def anchor_if_due(now: datetime | None = None) -> bool:
    """Write a checkpoint when the last is ``audit_checkpoint_minutes`` old and anything
    changed; True when one was written. Called by the worker on every poll: cheap when
    nothing is due, and never raises."""
    try:
        keys = checkpoint_file.keyring()
        if keys.current is None:
            return False
        moment = now or timezone.now()
        path = checkpoint_path()
        every = timedelta(minutes=copydesk_settings().audit_checkpoint_minutes)
        if path in _last_look and moment - _last_look[path] < every:
            return False
        _ledgers[path] = ledger = checkpoint_file.read(path, keys, _ledgers.get(path))
        last = datetime.fromisoformat(ledger.last_time) if ledger.last_time else None
        if last is not None and moment - last < every:
            return False
        _last_look[path] = moment
        outcome = write("periodic", now=moment)
        deliver_pending()
    except (CopydeskError, DatabaseError, OSError) as exc:
        log.error("No periodic audit checkpoint was written: %s", exc)
        return False
    for why in outcome.problems:
        log.error("Audit checkpoint: %s", why)
    return outcome.number is not None


def after_publication() -> None:
    """Anchor the trail once a publication has committed; a failure is logged, never
    raised, since the publication stands."""
    try:
        outcome = write("publication")
        if outcome.number is not None and checkpoint_url():
            deliver.enqueue()
    except (CopydeskError, DatabaseError, OSError) as exc:
        log.error("No audit checkpoint was written after a publication: %s", exc)
        return
    for why in outcome.problems:
        log.error("Audit checkpoint: %s", why)


@task()
def deliver() -> dict[str, Any]:
    """Send the checkpoints that have not reached ``audit_checkpoint_url`` yet."""
    failed = deliver_pending()
    return {"failed": failed}


def deliver_pending(client: httpx.Client | None = None) -> list[str]:
    """POST each undelivered checkpoint in order, stopping at the first failure (recorded
    on its row, retried next time); returns what failed."""
    url = checkpoint_url()
    if not url:
        return []
    timeout = copydesk_settings().audit_checkpoint_timeout
    failed: list[str] = []
    own = client is None
    http = httpx.Client(timeout=timeout, follow_redirects=False) if client is None else client
    try:
        for row in AuditCheckpoint.objects.filter(delivered_at=None).order_by("written_at",
                                                                              "id"):
            error = _post(http, url, row)
            done = AuditCheckpoint.objects.filter(pk=row.pk)
            if error is None:
                done.update(delivered_at=timezone.now(), attempts=row.attempts + 1,
                            last_error="")
                continue
            done.update(attempts=row.attempts + 1, last_error=error)
            failed.append(f"Checkpoint {row.number} did not reach {url}: {error}")
            log.error("Audit checkpoint %s did not reach %s: %s", row.number, url, error)
            break
    finally:
        if own:
            http.close()
    return failed


def _post(http: httpx.Client, url: str, row: AuditCheckpoint) -> str | None:
    try:
        response = http.post(url, content=row.line.encode("utf-8"), headers={
            "content-type": "application/json", "copydesk-checkpoint": str(row.number)})
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}"
    if not response.is_success:
        return f"the server answered {response.status_code}"
    return None


@dataclass(frozen=True)
class Anchoring:
    """The checkpoint file as ``audit verify`` sees it (``ledger`` is None without a key)."""

    ledger: Ledger | None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def anchor(self, article_id: int) -> Anchor | None:
        return self.ledger.state.get(article_id) if self.ledger else None


def anchoring() -> Anchoring:
    """Read and check the whole checkpoint file, and compare it with what the desk wrote."""
    keys = checkpoint_file.keyring()
    if not keys.known:
        return Anchoring(None, notes=[UNANCHORED])
    path = checkpoint_path()
    ledger = checkpoint_file.read(path, keys)
    found = Anchoring(ledger, problems=list(ledger.problems))
    written = list(AuditCheckpoint.objects.order_by("written_at", "id")
                   .values_list("number", "line_hash", "written_at"))
    lost = [(number, when) for number, digest, when in written if digest not in ledger.hashes]
    if lost:
        found.problems.append(
            f"{len(lost)} checkpoint(s) the desk wrote (the last: number {lost[-1][0]}, "
            f"{_time(lost[-1][1])}) are not in {path}: the checkpoint file was cut short, "
            "replaced or edited.")
    if ledger.count == 0:
        found.notes.append(f"No checkpoint is in {path} yet; run 'copydesk audit checkpoint'.")
    failing = AuditCheckpoint.objects.filter(delivered_at=None, attempts__gt=0).count()
    if failing:
        found.notes.append(f"{failing} checkpoint(s) did not reach audit_checkpoint_url yet "
                           "(the worker tries again).")
    if keys.current is None:
        found.notes.append(f"{checkpoint_file.KEY_ENV} is not set: no new checkpoint can be "
                           "written.")
    return found


def missing_articles(found: Anchoring) -> list[str]:
    """Anchored articles whose row is gone from the database."""
    if found.ledger is None:
        return []
    present = set(Article.objects.filter(pk__in=list(found.ledger.state))
                  .values_list("pk", flat=True))
    return [f"Article {pk} ({anchor.key}), anchored at event {anchor.seq} in checkpoint "
            f"{anchor.checkpoint}, is no longer in the database: it was deleted."
            for pk, anchor in sorted(found.ledger.state.items()) if pk not in present]


def anchor_problems(article: Article, events: Sequence[AuditEvent],
                    anchor: Anchor | None) -> list[str]:
    """How the article's trail departs from its latest checkpoint (nothing when it extends it)."""
    if anchor is None:
        return []
    where = f"checkpoint {anchor.checkpoint}"
    problems = []
    if article.key != anchor.key:
        problems.append(f"Article {article.pk} was anchored as {anchor.key!r} in {where} but is "
                        f"now {article.key!r}: articles or their trails were swapped.")
    if article.audit_seq < anchor.seq:
        problems.append(f"The article's head is event {article.audit_seq}, behind event "
                        f"{anchor.seq} anchored in {where}: the trail was rewound.")
    at = next((e for e in events if e.seq == anchor.seq), None)
    if at is None:
        problems.append(f"Event {anchor.seq}, anchored in {where}, is missing: events were "
                        "deleted.")
    elif at.hash != anchor.head:
        problems.append(f"Event {anchor.seq} is not the event anchored in {where}: the trail "
                        "was rewritten.")
    return problems
