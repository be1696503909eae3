"""``copydesk audit verify|export`` on the desk's database."""

from __future__ import annotations

import json

from click.testing import CliRunner

from copydesk.cli.desk import audit
from tests.desk.test_audit import raw, triggers_off


def test_verify_reports_an_intact_trail(translation):
    result = CliRunner().invoke(audit, ["verify", str(translation.article_id)])
    assert result.exit_code == 0, result.output
    assert "chain intact" in result.output


def test_verify_exits_1_and_names_the_altered_event(translation):
    with triggers_off():
        raw("UPDATE desk_auditevent SET actor = 'user:mallory' WHERE article_id = %s AND seq = 1",
            translation.article_id)
    result = CliRunner().invoke(audit, ["verify", translation.article.key])
    assert result.exit_code == 1
    assert "Event 1 (source_ingested) was changed" in result.output


def test_export_writes_json(translation, tmp_path):
    target = tmp_path / "trail.json"
    result = CliRunner().invoke(audit, ["export", str(translation.article_id), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text())["article"]["key"] == translation.article.key


def test_an_unknown_article_is_a_clear_error(db):
    result = CliRunner().invoke(audit, ["verify", "no-such-story"])
    assert result.exit_code == 1
    assert "No article 'no-such-story' on the desk" in result.output
