"""Audit checkpoints (their delivery log), and triggers on every append-only table.

0002 made PostgreSQL refuse UPDATE and DELETE, and SQLite UPDATE, on the
audit events, revisions and source versions. This migration adds the
overrides and publications on both databases, and makes SQLite refuse DELETE
on all five. Someone with database access can drop a trigger; the signed
checkpoints outside the database are what catches that (``desk.checkpoints``).
``copydesk.desk``'s ``flush`` command (test databases) keeps the SQLite
triggers across the flush.
"""

from django.db import migrations, models

NEW_TABLES = ("desk_override", "desk_publication")
ALL_TABLES = ("desk_auditevent", "desk_revision", "desk_sourceversion", *NEW_TABLES)


def _refuse(table):
    return f"SELECT RAISE(ABORT, '{table} rows are append-only; add a new row instead');"


def _create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in NEW_TABLES:  # desk_refuse_change() comes from 0002
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION desk_refuse_change();")
    elif vendor == "sqlite":
        for table in NEW_TABLES:
            schema_editor.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                                  f"BEGIN {_refuse(table)} END;")
        for table in ALL_TABLES:
            schema_editor.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                                  f"BEGIN {_refuse(table)} END;")


def _drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in NEW_TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    elif vendor == "sqlite":
        for table in NEW_TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only;")
        for table in ALL_TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete;")


class Migration(migrations.Migration):
    dependencies = (("desk", "0005_override_binding"),)

    operations = (
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("number", models.PositiveIntegerField(
                    help_text="Line number in the checkpoint file.")),
                ("line", models.TextField(help_text="The signed JSON line, exactly as written.")),
                ("line_hash", models.CharField(max_length=64, unique=True)),
                ("reason", models.CharField(max_length=32)),
                ("articles", models.PositiveIntegerField(
                    help_text="Articles whose head it anchored.")),
                ("written_at", models.DateTimeField()),
                ("delivered_at", models.DateTimeField(blank=True, null=True)),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("last_error", models.TextField(blank=True,
                                                help_text="Why the last delivery failed.")),
            ],
            options={"ordering": ("written_at", "id")},
        ),
        migrations.RunPython(_create, _drop),
    )
