"""Start the embedded desk: configure Django from copydesk settings and migrate.

``setup`` is what the command line, the worker and a web server call once per
process before they touch the desk's models.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copydesk.errors import ConfigError
from copydesk.settings import Settings

if TYPE_CHECKING:
    from copydesk.desk.models import Edition

SECRET_KEY_FILE = "desk-secret-key"


def setup(settings: Settings, *, database_url: str | None = None, migrate: bool = True) -> None:
    """Configure Django for the desk (once per process) and bring the database up to date.

    ``database_url`` defaults to the ``DATABASE_URL`` environment variable; without
    one the desk uses SQLite in the copydesk home folder.
    """
    import django
    from django.conf import settings as django_settings

    from copydesk.desk.project import settings as project

    if not django_settings.configured:
        settings.home_path.mkdir(parents=True, exist_ok=True)
        url = database_url or os.environ.get("DATABASE_URL") or None
        django_settings.configure(**project.build(
            settings, secret_key=_secret_key(settings.home_path), database_url=url))
        django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)


def copydesk_settings() -> Settings:
    """The copydesk settings the desk was set up with."""
    from django.conf import settings as django_settings

    value = getattr(django_settings, "COPYDESK_SETTINGS", None)
    if not isinstance(value, Settings):
        raise ConfigError("The desk is not set up; call copydesk.desk.bootstrap.setup(settings) "
                          "before using it.")
    return value


def edition_table(edition: Edition) -> dict[str, Any]:
    """The edition's table: the config file's ``[editions.<language>]`` with the edition's
    own options over it, the one place every rule of an edition is read from."""
    from copydesk import languages

    return edition.table(copydesk_settings().edition(languages.normalize(edition.language)))


def _secret_key(home: Path) -> str:
    """``COPYDESK_SECRET_KEY``, or a random key kept (owner-readable only) in the home folder."""
    from_env = os.environ.get("COPYDESK_SECRET_KEY")
    if from_env:
        return from_env
    path = home / SECRET_KEY_FILE
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process wrote it just now
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_urlsafe(50))
    return path.read_text(encoding="ascii").strip()
