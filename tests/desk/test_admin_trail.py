"""The administration trail: recorded by the services for every front end, append-only and
tamper-evident, and never holding a password or a token."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.db import DatabaseError, transaction
from django.urls import reverse

from copydesk.cli import main
from copydesk.desk import admin_audit, glossary, staff
from copydesk.desk.models import AdminEvent, AdminTrailHead, Edition
from copydesk.errors import InputError, WorkflowError
from tests.desk.audit_desk import raw, triggers_off
from tests.desk.test_views_auth import signed_in

PASSWORD = "harbour-strike-pay-deal-2024"
TABLES = ("desk_adminevent", "desk_admintrailhead")


@pytest.fixture
def trail(db, edition):
    """A few recorded changes: a person, a token, roles, an edition change, a glossary."""
    cli = admin_audit.command_line()
    staff.add_person("anna", "Anna Berg", ["editor"], PASSWORD, actor=cli)
    staff.issue_token("anna", "CMS import", actor=cli)
    staff.set_roles("anna", ["editor", "publisher"], actor=cli)
    staff.save_edition("de", "de", "Deutsche Ausgabe", engine="pseudo", actor=cli)
    glossary.add_term("de", {"source": "bridge", "target": "Brücke", "type": "preferred"},
                      actor=cli)
    return list(AdminEvent.objects.order_by("seq"))


def problems() -> list[str]:
    return admin_audit.verify().problems


def test_a_fresh_trail_verifies_and_names_the_command_line(trail):
    check = admin_audit.verify()
    assert check.ok and check.events == 5, check.problems
    assert [e.kind for e in trail] == ["person_added", "token_issued", "roles_changed",
                                       "edition_changed", "glossary_term_added"]
    assert all(e.actor.startswith("cli") for e in trail)
    assert AdminTrailHead.objects.get().seq == 5


def test_events_cannot_be_changed_or_deleted_through_the_models(trail):
    event = trail[0]
    event.payload = {"forged": True}
    for attempt in (event.save, event.delete,
                    lambda: AdminEvent.objects.filter(pk=event.pk).update(kind="x"),
                    lambda: AdminEvent.objects.filter(pk=event.pk).delete()):
        with pytest.raises(WorkflowError, match="append-only"):
            attempt()


@pytest.mark.parametrize("statement", [
    "UPDATE desk_adminevent SET kind = 'forged' WHERE id > 0",
    "DELETE FROM desk_adminevent WHERE id > 0",
    "UPDATE desk_admintrailhead SET seq = seq - 1",
    "UPDATE desk_admintrailhead SET seq = seq + 2",
    "UPDATE desk_admintrailhead SET head = 'x'",
    "DELETE FROM desk_admintrailhead",
])
def test_the_database_refuses_plain_sql_changes(trail, statement):
    with pytest.raises(DatabaseError), transaction.atomic():
        raw(statement)
    assert admin_audit.verify().ok


def test_a_changed_payload_is_detected_and_shown(trail, client, make_user):
    with triggers_off(*TABLES):
        raw("UPDATE desk_adminevent SET payload = JSON WHERE seq = 3",
            json.dumps({"username": "anna", "before": [], "after": ["admin"]}))
    assert "Event 3 (roles_changed) was changed after it was recorded." in problems()
    shown = signed_in(client, make_user("ada", "admin")).get(reverse("desk:admin_audit"))
    assert "The administration trail was altered" in shown.content.decode()


def test_a_rewritten_actor_with_its_hash_recomputed_breaks_the_chain(trail):
    event = trail[1]
    forged = admin_audit.event_hash(seq=2, kind=event.kind, actor="user:mallory",
                                    subject=event.subject, created_at=event.created_at,
                                    payload=event.payload, prev_hash=event.prev_hash)
    with triggers_off(*TABLES):
        raw("UPDATE desk_adminevent SET actor = 'user:mallory', hash = %s WHERE seq = 2",
            forged)
    assert any("Event 3 does not follow" in p for p in problems())


def test_a_deleted_event_is_detected(trail):
    with triggers_off(*TABLES):
        raw("DELETE FROM desk_adminevent WHERE seq = 2")
    assert any("Event 2 is missing" in p for p in problems())


def test_events_cut_off_the_end_are_detected(trail):
    with triggers_off(*TABLES):
        raw("DELETE FROM desk_adminevent WHERE seq >= 4")
    assert any("ends at event 3 but its head is event 5" in p for p in problems())


def test_a_glossary_file_changed_or_deleted_behind_the_desk_is_detected(trail):
    path = Path(glossary.show("de").path)
    with path.open("a", encoding="utf-8") as stream:
        stream.write("Brücke,bridge,forbidden,insensitive,\n")
    assert any("is not what event 5 recorded" in p for p in problems())
    path.unlink()
    assert any("is missing" in p for p in problems())


def test_passwords_and_tokens_are_never_recorded(db):
    with pytest.raises(ValueError, match="never records a password"):
        admin_audit.record("password_set", actor=None, subject="user:x",
                           payload={"username": "x", "password": PASSWORD})
    with pytest.raises(ValueError, match="never records a token"):
        admin_audit.record("token_issued", actor=None, subject="user:x",
                           payload={"details": [{"token": "cdk_x"}]})
    with pytest.raises(ValueError, match="Unknown admin event kind"):
        admin_audit.record("person_deleted", actor=None, subject="user:x")
    assert not AdminEvent.objects.exists()


def test_a_refused_change_leaves_no_event(db, edition):
    cli = admin_audit.command_line()
    with pytest.raises(InputError, match="too weak"):
        staff.add_person("anna", "", ["editor"], "short", actor=cli)
    with pytest.raises(InputError, match="NUL"):
        staff.add_person("anna", "", ["editor"], PASSWORD + "\x00", actor=cli)
    with pytest.raises(InputError):
        glossary.add_term("de", {"source": "", "target": "", "type": "preferred"}, actor=cli)
    assert not AdminEvent.objects.exists()


def test_the_command_line_records_every_admin_change(db, tmp_path, monkeypatch):
    monkeypatch.setenv("LOGNAME", "desk-chief")
    monkeypatch.setenv("USER", "desk-chief")
    runner = CliRunner()

    def run(*args: str, stdin: str = "") -> str:
        done = runner.invoke(main, list(args), input=stdin)
        assert done.exit_code == 0, done.output
        return done.output

    terms = tmp_path / "terms.csv"
    terms.write_text("source,target\nbridge,Brücke\nharbour,Hafen\n", encoding="utf-8")
    run("users", "add", "anna", "--role", "editor", "--password-stdin", stdin=PASSWORD + "\n")
    run("users", "roles", "anna", "--role", "publisher")
    run("users", "passwd", "anna", "--password-stdin", stdin=PASSWORD[::-1] + "\n")
    token = run("users", "token", "anna", "CMS").splitlines()[0]
    run("users", "revoke-token", "anna", token[:10])
    run("users", "deactivate", "anna")
    run("users", "activate", "anna")
    run("users", "unlock", "anna")
    run("editions", "add", "de", "--language", "de", "--engine", "pseudo")
    run("editions", "add", "de", "--language", "de", "--name", "Deutsch")
    run("glossary", "import", "de", str(terms))
    key = next(line.split()[0] for line in run("glossary", "list", "de").splitlines()
               if "harbour" in line)
    run("glossary", "change", "de", key, "--target", "Seehafen")
    run("glossary", "add", "de", "Alibaba", "--type", "dnt")
    changed = next(line.split()[0] for line in run("glossary", "list", "de").splitlines()
                   if "Seehafen" in line)
    run("glossary", "remove", "de", changed)
    assert [e.kind for e in AdminEvent.objects.order_by("seq")] == [
        "person_added", "roles_changed", "password_set", "token_issued", "token_revoked",
        "person_deactivated", "person_activated", "sign_in_unlocked", "edition_added",
        "edition_changed", "glossary_replaced", "glossary_term_changed", "glossary_term_added",
        "glossary_term_removed"]
    assert set(AdminEvent.objects.values_list("actor", flat=True)) == {"cli:desk-chief"}
    listed = run("audit", "admin")
    assert "14 events, chain intact" in listed and token not in listed
    assert PASSWORD not in listed and PASSWORD[::-1] not in listed
    only = run("audit", "admin", "--kind", "token_revoked")
    assert "token_revoked" in only and "person_added" not in only
    assert json.loads(run("audit", "admin", "--json"))["verification"]["ok"]
    assert Edition.objects.get().name == "Deutsch"


def test_the_command_line_exits_1_on_an_altered_trail(trail):
    with triggers_off(*TABLES):
        raw("DELETE FROM desk_adminevent WHERE seq = 1")
    done = CliRunner().invoke(main, ["audit", "admin"])
    assert done.exit_code == 1 and "Altered: Event 1 is missing" in done.output
