"""Setting the desk up: database URLs, SQLite in WAL mode, migrations applied on start."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from copydesk import settings as copydesk_settings
from copydesk.desk.project import settings as project
from copydesk.errors import ConfigError


def test_postgres_urls_become_django_settings():
    database = project.parse_database_url(
        "postgresql://desk:s%40cret@db.internal:6543/newsroom?sslmode=require")
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == (
        "newsroom", "desk", "s@cret")
    assert (database["HOST"], database["PORT"], database["OPTIONS"]) == (
        "db.internal", "6543", {"sslmode": "require"})


def test_sqlite_urls_use_wal_and_a_busy_timeout():
    database = project.parse_database_url("sqlite:////var/lib/copydesk/desk.sqlite3")
    assert database["NAME"] == "/var/lib/copydesk/desk.sqlite3"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert database["OPTIONS"]["timeout"] == project.SQLITE_BUSY_TIMEOUT


@pytest.mark.parametrize("url", ["mysql://x@y/z", "postgresql://host", "sqlite://"])
def test_unusable_urls_are_config_errors(url):
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        project.parse_database_url(url)


def test_the_default_database_lives_in_the_home_folder(tmp_path):
    desk = copydesk_settings.load(options={"home": str(tmp_path)}, environ={})
    built = project.build(desk, secret_key="k")
    assert built["DATABASES"]["default"]["NAME"] == str(tmp_path / "desk.sqlite3")
    assert built["TASKS"] == project.DATABASE_TASKS


def test_setup_migrates_a_fresh_home_in_wal_mode(tmp_path):
    script = textwrap.dedent(f"""
        import os, stat
        from copydesk import settings
        from copydesk.desk import bootstrap
        bootstrap.setup(settings.load(options={{"home": {str(tmp_path)!r}}}, environ={{}}))
        from django.db import connection
        from copydesk.desk.models import Edition
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            print(cursor.fetchone()[0], Edition.objects.count(),
                  oct(stat.S_IMODE(os.stat({str(tmp_path / "desk-secret-key")!r}).st_mode)))
    """)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["wal", "0", "0o600"]
    assert (tmp_path / "desk.sqlite3").exists()
