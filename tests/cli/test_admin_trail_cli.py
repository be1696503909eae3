"""``copydesk glossary`` and ``copydesk audit admin`` run as a person runs them, in a process
of their own on a fresh ``COPYDESK_HOME`` (SQLite, or PostgreSQL when one is given)."""

from __future__ import annotations

import json

from copydesk.cli.glossary import glossary
from tests.cli.test_staff_cli import PASSWORD, copydesk

__all__ = ["copydesk"]  # the fixture

COVERED = {"list", "import", "add", "change", "remove"}


def test_the_tests_below_cover_every_glossary_subcommand():
    assert set(glossary.commands) == COVERED


def test_admin_changes_on_the_command_line_are_in_the_trail(copydesk, tmp_path):
    copydesk("users", "add", "anna", "--role", "admin", "--password-stdin",
             stdin=f"{PASSWORD}\n")
    refused = copydesk("editions", "add", "de", "--language", "de", "--engine",
                       "deepl,ctranslate2", ok=False)
    assert "cannot translate English (en) into German (de)" in refused.stderr
    assert "No installed engine can" in refused.stderr or "Engines that can" in refused.stderr
    copydesk("editions", "add", "de", "--language", "de", "--engine", "pseudo",
             "--options", '{"four_eyes": true}')
    bogus = copydesk("editions", "add", "de", "--language", "de", "--options",
                     '{"four_eyes": "yes"}', ok=False)
    assert "'four_eyes' is 'yes'; set it to true or false" in bogus.stderr
    terms = tmp_path / "terms.csv"
    terms.write_text("source,target,type\nbridge,Brücke,preferred\nAlibaba,,dnt\n",
                     encoding="utf-8")
    assert "holds 2 terms" in copydesk("glossary", "import", "de", str(terms)).stdout
    listed = copydesk("glossary", "list", "de").stdout
    key = next(line.split()[0] for line in listed.splitlines() if "bridge" in line)
    copydesk("glossary", "change", "de", key, "--note", "the new one")
    copydesk("glossary", "add", "de", "bridge", "Brücke", ok=False)  # there already
    assert "Removed Alibaba" in copydesk("glossary", "remove", "de", next(
        line.split()[0] for line in listed.splitlines() if "Alibaba" in line)).stdout
    trail = copydesk("audit", "admin").stdout
    assert "5 events, chain intact" in trail
    for kind in ("person_added", "edition_added", "glossary_replaced", "glossary_term_changed",
                 "glossary_term_removed"):
        assert kind in trail
    assert " cli" in trail and PASSWORD not in trail
    exported = json.loads(copydesk("audit", "admin", "--json").stdout)
    assert exported["verification"]["ok"] and len(exported["events"]) == 5
    assert "glossary_replaced" in copydesk("audit", "admin", "--kind", "list").stdout
    copydesk("audit", "admin", "--kind", "nonsense", ok=False)
