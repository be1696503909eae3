"""Every class of tampering by someone who can write to the database (and to the checkpoint
file) but does not hold the desk's signing key is reported by ``audit verify``.

Each variant works with plain SQL after dropping the triggers, as an attacker
would, and hides its traces as well as it can without the key: re-hashing the
chain forward, moving the article's head, fixing stored hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any

import pytest

from copydesk.desk import audit, audit_records, checkpoint_file, checkpoints
from copydesk.desk.models import AuditCheckpoint, AuditEvent, Revision, SourceVersion
from copydesk.desk.sources import content_hash
from tests.desk.audit_desk import (
    Desk,
    as_json,
    audit_key,
    event,
    raw,
    rehash,
    set_head,
    trail_desk,
    triggers_off,
)

__all__ = ["audit_key", "trail_desk"]  # fixtures


def problems_after(desk: Desk, tamper: Callable[[Desk], None]) -> list[str]:
    with triggers_off():
        tamper(desk)
    report = audit.verify_all()
    return report.problems + [p for r in report.results for p in r.problems]


def test_an_untampered_desk_verifies_clean_and_anchored(trail_desk):
    report = audit.verify_all()
    assert report.ok, (report.problems, [r.problems for r in report.results])
    assert [r.anchored for r in report.results] == [r.events for r in report.results]
    assert not any(r.notes for r in report.results) and not report.notes
    assert len(trail_desk.lines()) == 3
    assert AuditCheckpoint.objects.count() == 3


# -- deleting the last events and moving the head back ---------------------------------------

def _rewind(count: int) -> Callable[[Desk], None]:
    def tamper(desk: Desk) -> None:
        last = desk.story.audit_seq
        raw("DELETE FROM desk_auditevent WHERE article_id = %s AND seq > %s", desk.story.pk,
            last - count)
        set_head(desk.story.pk)
    return tamper


def _rewind_to_approval(desk: Desk) -> None:
    approved = event(desk.story, "approved")
    raw("DELETE FROM desk_publication WHERE id = %s", desk.publication.pk)
    raw("DELETE FROM desk_auditevent WHERE article_id = %s AND seq > %s", desk.story.pk,
        approved.seq)
    raw("UPDATE desk_translation SET state = 'approved' WHERE id = %s", desk.translation.pk)
    set_head(desk.story.pk)


# -- deleting the whole trail --------------------------------------------------------------

def _wipe(desk: Desk) -> None:
    raw("DELETE FROM desk_auditevent WHERE article_id = %s", desk.story.pk)
    set_head(desk.story.pk)


def _wipe_and_forge_a_new_trail(desk: Desk) -> None:
    """The whole trail replaced by one correctly chained event saying little."""
    first = event(desk.story, "source_ingested")
    raw("DELETE FROM desk_auditevent WHERE article_id = %s AND seq > 1", desk.story.pk)
    rehash(desk.story.pk)
    assert AuditEvent.objects.get(pk=first.pk).seq == 1


# -- rewriting a payload and re-hashing forward ----------------------------------------------

def _rewrite_payload(kind: str, change: Callable[[dict[str, Any]], None],
                     table_fix: Callable[[Desk], None] | None = None) -> Callable[[Desk], None]:
    def tamper(desk: Desk) -> None:
        target = event(desk.story, kind)
        payload = dict(target.payload)
        change(payload)
        raw("UPDATE desk_auditevent SET payload = JSON WHERE id = %s", as_json(payload),
            target.pk)
        if table_fix:
            table_fix(desk)
        rehash(desk.story.pk, target.seq)
    return tamper


def _forge_the_approver(desk: Desk) -> None:
    target = event(desk.story, "approved")
    raw("UPDATE desk_auditevent SET actor = 'user:mallory' WHERE id = %s", target.pk)
    rehash(desk.story.pk, target.seq)


def _remove_the_override_event(desk: Desk) -> None:
    """Drop one event from the middle, renumber the rest and re-hash (and the override)."""
    target = event(desk.story, "issue_overridden")
    raw("DELETE FROM desk_override WHERE id = %s", desk.override.pk)
    raw("DELETE FROM desk_auditevent WHERE id = %s", target.pk)
    later = AuditEvent.objects.filter(article=desk.story, seq__gt=target.seq).order_by("seq")
    for row in later:
        raw("UPDATE desk_auditevent SET seq = %s WHERE id = %s", row.seq - 1, row.pk)
    rehash(desk.story.pk, target.seq)


def _edit_an_edit(desk: Desk) -> None:
    """Change what an editor wrote, in the revision and its event alike."""
    revision = Revision.objects.filter(segment__translation=desk.translation).exclude(
        author=None).first()
    target = AuditEvent.objects.filter(article=desk.story, kind="segment_edited",
                                       payload__after=revision.after).first()
    raw("UPDATE desk_revision SET after = %s WHERE id = %s", "Forged text.", revision.pk)
    raw("UPDATE desk_auditevent SET payload = JSON WHERE id = %s",
        as_json({**target.payload, "after": "Forged text."}), target.pk)
    rehash(desk.story.pk, target.seq)


# -- publication outputs ---------------------------------------------------------------------

def _change_output(fmt: str, *, also_the_event: bool = False) -> Callable[[Desk], None]:
    def tamper(desk: Desk) -> None:
        outputs = {**desk.publication.outputs, fmt: "<p>Forged.</p>"}
        raw("UPDATE desk_publication SET outputs = JSON WHERE id = %s", as_json(outputs),
            desk.publication.pk)
        if also_the_event:
            target = event(desk.story, "published")
            hashes = {**target.payload["outputs"],
                      fmt: hashlib.sha256(b"<p>Forged.</p>").hexdigest()}
            raw("UPDATE desk_auditevent SET payload = JSON WHERE id = %s",
                as_json({**target.payload, "outputs": hashes}), target.pk)
            rehash(desk.story.pk, target.seq)
    return tamper


def _delete_publication(desk: Desk) -> None:
    raw("DELETE FROM desk_publication WHERE id = %s", desk.publication.pk)


def _forge_publication(desk: Desk) -> None:
    raw("INSERT INTO desk_publication (translation_id, source_version_id, kind, outputs, "
        "provenance, published_by_id, published_at) SELECT translation_id, source_version_id, "
        "'correction', outputs, provenance, published_by_id, published_at FROM "
        "desk_publication WHERE id = %s", desk.publication.pk)


# -- source versions -------------------------------------------------------------------------

def _change_source(*, rehash_content: bool, also_the_event: bool = False
                   ) -> Callable[[Desk], None]:
    def tamper(desk: Desk) -> None:
        version = SourceVersion.objects.get(article=desk.story, number=1)
        content = {**version.content, "title": "A different story"}
        raw("UPDATE desk_sourceversion SET content = JSON WHERE id = %s", as_json(content),
            version.pk)
        if rehash_content:
            raw("UPDATE desk_sourceversion SET content_hash = %s WHERE id = %s",
                content_hash(content), version.pk)
        if also_the_event:
            target = event(desk.story, "source_ingested")
            raw("UPDATE desk_auditevent SET payload = JSON WHERE id = %s",
                as_json({**target.payload, "content_hash": content_hash(content)}), target.pk)
            rehash(desk.story.pk, target.seq)
    return tamper


# -- revisions -------------------------------------------------------------------------------

def _revision(desk: Desk, *, editor: bool) -> Revision:
    found = Revision.objects.filter(segment__translation=desk.translation)
    return (found.exclude(author=None) if editor else found.filter(author=None)).first()


def _change_revision(*, editor: bool) -> Callable[[Desk], None]:
    def tamper(desk: Desk) -> None:
        raw("UPDATE desk_revision SET after = %s WHERE id = %s", "Forged.",
            _revision(desk, editor=editor).pk)
    return tamper


def _delete_revision(*, editor: bool) -> Callable[[Desk], None]:
    def tamper(desk: Desk) -> None:
        raw("DELETE FROM desk_revision WHERE id = %s", _revision(desk, editor=editor).pk)
    return tamper


def _reattribute_revision(desk: Desk) -> None:
    raw("UPDATE desk_revision SET author_id = NULL WHERE id = %s",
        _revision(desk, editor=True).pk)


def _forge_revision(desk: Desk) -> None:
    raw("INSERT INTO desk_revision (segment_id, author_id, created_at, before, after, origin, "
        "base_version, signature) SELECT segment_id, author_id, created_at, after, 'Forged.', "
        "origin, base_version + 1, signature FROM desk_revision WHERE id = %s",
        _revision(desk, editor=True).pk)


# -- overrides -------------------------------------------------------------------------------

def _change_override(column: str, value: str) -> Callable[[Desk], None]:
    def tamper(desk: Desk) -> None:
        raw(f"UPDATE desk_override SET {column} = %s WHERE id = %s", value, desk.override.pk)
    return tamper


def _delete_override(desk: Desk) -> None:
    raw("DELETE FROM desk_override WHERE id = %s", desk.override.pk)


def _forge_override(desk: Desk) -> None:
    raw("INSERT INTO desk_override (segment_id, check_id, issue, version, target, reason, "
        "author_id, created_at) SELECT segment_id, 'names', issue, version, target, reason, "
        "author_id, created_at FROM desk_override WHERE id = %s", desk.override.pk)


# -- the checkpoint file ---------------------------------------------------------------------

def _drop_line(index: int) -> Callable[[Desk], None]:
    def tamper(desk: Desk) -> None:
        lines = desk.lines()
        del lines[index]
        desk.write_lines(lines)
    return tamper


def _edit_line(desk: Desk) -> None:
    lines = desk.lines()
    entry = json.loads(lines[0])
    entry["articles"][str(desk.story.pk)]["seq"] = 3
    lines[0] = checkpoint_file.canonical(entry).encode()
    desk.write_lines(lines)


def _reorder_lines(desk: Desk) -> None:
    lines = desk.lines()
    lines[1], lines[2] = lines[2], lines[1]
    desk.write_lines(lines)


def _rewind_and_forge_the_file(desk: Desk) -> None:
    """Rewind the trail, then write a new file signed with a key of the attacker's own."""
    _rewind(2)(desk)
    desk.checkpoints.unlink()
    forged = checkpoint_file.SigningKey(b"mallory's own key, long enough to pass")
    ledger = checkpoint_file.Ledger(path=desk.checkpoints)
    story = desk.story
    story.refresh_from_db()
    with checkpoint_file.locked(desk.checkpoints) as handle:
        checkpoint_file.append(handle, ledger, forged, time="2030-01-01T00:00:00+00:00",
                               reason="periodic", articles={story.pk: {
                                   "seq": story.audit_seq, "head": story.audit_head,
                                   "key": story.key}})


def _resign_with_a_guessed_key(desk: Desk) -> None:
    """Edit a line and sign it again with the key id copied but a guessed secret."""
    lines = desk.lines()
    entry = json.loads(lines[-1])
    entry["time"] = "2020-01-01T00:00:00+00:00"
    body = {k: v for k, v in entry.items() if k != "sig"}
    entry["sig"] = hmac.new(b"guess", checkpoint_file.canonical(body).encode(),
                            hashlib.sha256).hexdigest()
    lines[-1] = checkpoint_file.canonical(entry).encode()
    desk.write_lines(lines)


def _delete_the_file(desk: Desk) -> None:
    desk.checkpoints.unlink()


# -- events after a checkpoint, and swapped trails --------------------------------------------

def _delete_the_article(desk: Desk) -> None:
    """The anchored article and everything that hangs on it, gone."""
    pk, translation = desk.story.pk, desk.translation.pk
    segments = "SELECT id FROM desk_segment WHERE translation_id = %s"
    for table in ("desk_revision", "desk_override", "desk_comment", "desk_reviewactivity"):
        raw(f"DELETE FROM {table} WHERE segment_id IN ({segments})", translation)
    for sql in ("DELETE FROM desk_reviewpresence WHERE translation_id = %s",
                "DELETE FROM desk_segment WHERE translation_id = %s",
                "DELETE FROM desk_publication WHERE translation_id = %s"):
        raw(sql, translation)
    raw("DELETE FROM desk_translation WHERE id = %s", translation)
    for table in ("desk_auditevent", "desk_sourceversion"):
        raw(f"DELETE FROM {table} WHERE article_id = %s", pk)
    raw("DELETE FROM desk_article WHERE id = %s", pk)


def _delete_anchored_events_keep_later_ones(desk: Desk) -> None:
    """Remove the events the checkpoint anchored and renumber the newer ones down."""
    story = desk.story
    raw("DELETE FROM desk_auditevent WHERE article_id = %s AND seq BETWEEN 2 AND 4", story.pk)
    for row in AuditEvent.objects.filter(article=story, seq__gt=4).order_by("seq"):
        raw("UPDATE desk_auditevent SET seq = %s WHERE id = %s", row.seq - 3, row.pk)
    rehash(story.pk)


def _swap_keys(desk: Desk) -> None:
    a, b = desk.story, desk.other
    raw("UPDATE desk_article SET key = %s WHERE id = %s", "swap-in-progress", a.pk)
    raw("UPDATE desk_article SET key = %s WHERE id = %s", a.key, b.pk)
    raw("UPDATE desk_article SET key = %s WHERE id = %s", b.key, a.pk)


def _swap_trails(desk: Desk) -> None:
    """Move each article's events to the other and re-hash both chains."""
    a, b = desk.story.pk, desk.other.pk
    raw("UPDATE desk_auditevent SET seq = seq + 1000 WHERE article_id = %s", a)  # no clashes
    raw("UPDATE desk_auditevent SET article_id = CASE WHEN article_id = %s THEN %s ELSE %s END "
        "WHERE article_id IN (%s, %s)", a, b, a, a, b)
    raw("UPDATE desk_auditevent SET seq = seq - 1000 WHERE seq > 1000")
    rehash(a)
    rehash(b)


TAMPERINGS: dict[str, tuple[Callable[[Desk], None], str]] = {
    # rewinds
    "last event deleted, head moved back": (_rewind(1), "behind event"),
    "last 3 events deleted, head moved back": (_rewind(3), "the trail was rewound"),
    "rewound to before the publication": (_rewind_to_approval, "the trail was rewound"),
    # whole trail
    "whole trail deleted, head reset": (_wipe, "the trail was rewound"),
    "whole trail replaced by a short valid chain": (_wipe_and_forge_a_new_trail,
                                                    "the trail was rewound"),
    # re-hashed forward
    "ingest payload rewritten and re-hashed": (_rewrite_payload(
        "source_ingested", lambda p: p.update(title="Forged")), "the trail was rewritten"),
    "published payload rewritten and re-hashed": (_rewrite_payload(
        "published", lambda p: p.update(kind="correction")), "the trail was rewritten"),
    "approver forged and re-hashed": (_forge_the_approver, "the trail was rewritten"),
    "override event removed, renumbered and re-hashed": (_remove_the_override_event,
                                                         "the trail was r"),
    "an edit rewritten in revision and event, re-hashed": (_edit_an_edit,
                                                           "the trail was rewritten"),
    # publications
    "html output changed": (_change_output("html"), "html output is not what event"),
    "markdown output changed": (_change_output("md"), "md output is not what event"),
    "json output and its recorded hash changed, re-hashed": (
        _change_output("json", also_the_event=True), "the trail was rewritten"),
    "publication deleted": (_delete_publication, "is missing"),
    "publication forged": (_forge_publication, "is not in the audit trail"),
    # source versions
    "source content changed": (_change_source(rehash_content=False),
                               "does not match its stored hash"),
    "source content changed and re-hashed": (_change_source(rehash_content=True),
                                             "is not the content that event"),
    "source content, its hash and its event changed, re-hashed": (
        _change_source(rehash_content=True, also_the_event=True), "the trail was rewritten"),
    # revisions
    "editor revision changed": (_change_revision(editor=True), "matches no segment_edited"),
    "editor revision deleted": (_delete_revision(editor=True), "has no matching revision"),
    "machine revision changed": (_change_revision(editor=False),
                                 "machine revisions of segment"),
    "machine revision deleted": (_delete_revision(editor=False),
                                 "machine revisions of segment"),
    "editor revision passed off as the machine's": (_reattribute_revision,
                                                    "has no matching revision"),
    "editor revision forged": (_forge_revision, "matches no segment_edited"),
    # overrides
    "override reason changed": (_change_override("reason", "Forged reason."),
                                "matches no issue_overridden"),
    "override target changed": (_change_override("target", "Other text."),
                                "matches no issue_overridden"),
    "override issue changed": (_change_override("issue", "other-issue"),
                               "matches no issue_overridden"),
    "override deleted": (_delete_override, "has no matching override"),
    "override forged": (_forge_override, "matches no issue_overridden"),
    # the checkpoint file
    "first checkpoint line deleted": (_drop_line(0), "does not follow the line before it"),
    "middle checkpoint line deleted": (_drop_line(1), "does not follow the line before it"),
    "last checkpoint line deleted": (_drop_line(-1), "checkpoint file was cut short"),
    "checkpoint line edited": (_edit_line, "does not carry a valid signature"),
    "checkpoint lines reordered": (_reorder_lines, "does not follow the line before it"),
    "checkpoint line re-signed with a guessed key": (_resign_with_a_guessed_key,
                                                     "does not carry a valid signature"),
    "rewound, then a new file signed with another key": (_rewind_and_forge_the_file,
                                                         "which is not configured"),
    "checkpoint file deleted": (_delete_the_file, "are not in"),
    # after a checkpoint, swaps
    "anchored article deleted with all its rows": (_delete_the_article,
                                                   "is no longer in the database"),
    "anchored events deleted, later ones renumbered": (_delete_anchored_events_keep_later_ones,
                                                       "the trail was r"),
    "two articles' keys swapped": (_swap_keys, "were swapped"),
    "two articles' trails swapped and re-hashed": (_swap_trails, "the trail was rewritten"),
}


@pytest.mark.parametrize("name", list(TAMPERINGS))
def test_tampering_is_detected(trail_desk, name):
    tamper, expected = TAMPERINGS[name]
    problems = problems_after(trail_desk, tamper)
    assert any(expected in p for p in problems), problems


def test_a_rewound_head_is_never_anchored_again(trail_desk):
    with triggers_off():
        _rewind(2)(trail_desk)
    outcome = checkpoints.write("periodic")
    assert outcome.number is None
    assert any("no longer extends checkpoint" in why for why in outcome.problems)
    assert not audit.verify(trail_desk.story).ok


def test_machine_translated_events_record_a_digest_of_the_machine_revisions(trail_desk):
    drafted = event(trail_desk.story, "machine_translated")
    assert drafted.payload["revisions"] == audit_records.machine_digest(trail_desk.translation)
    assert len(drafted.payload["revisions"]) == trail_desk.translation.segments.count()
