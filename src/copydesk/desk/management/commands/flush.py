"""``flush`` that keeps the desk's append-only triggers on SQLite.

SQLite has no TRUNCATE, so Django's flush (used between database tests)
deletes every row, which the desk's triggers refuse. This command sets the
triggers aside for the flush and puts them back in the same transaction.
PostgreSQL flushes with TRUNCATE, which its row triggers do not stop.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

DESK_TRIGGERS = ("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                 "AND tbl_name LIKE 'desk%'")


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if connection.vendor != "sqlite":
            super().handle(**options)
            return
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute(DESK_TRIGGERS)
                triggers = cursor.fetchall()
                for name, _ in triggers:
                    cursor.execute(f'DROP TRIGGER "{name}"')
            super().handle(**options)
            with connection.cursor() as cursor:
                for _, sql in triggers:
                    cursor.execute(sql)
