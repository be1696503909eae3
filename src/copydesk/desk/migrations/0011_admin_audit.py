"""The administration trail: hash-chained admin events and the trail's head, both guarded.

As for the article trail (0002, 0006), the database refuses to change or
delete an admin event, on PostgreSQL and SQLite. The head (the number and
hash of the last event) may only move one event forward and cannot be
deleted, so events cut off the end are noticed even by someone who writes
plain SQL, until they drop the triggers (which breaks nothing they could
hide from ``admin_audit.verify``: a removed or changed event breaks the
chain). PostgreSQL flushes test databases with TRUNCATE, which row triggers
do not stop; on SQLite the desk's ``flush`` sets the triggers aside.
"""

from django.db import migrations, models

EVENTS = "desk_adminevent"
HEAD = "desk_admintrailhead"

POSTGRES_HEAD_FUNCTION = """
CREATE OR REPLACE FUNCTION desk_admin_head_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.seq <> OLD.seq + 1 THEN
        RAISE EXCEPTION '% moves one event forward at a time and is never deleted',
            TG_TABLE_NAME;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def _refuse(table, what):
    return f"SELECT RAISE(ABORT, '{table} {what}');"


def _create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_HEAD_FUNCTION, params=None)
        schema_editor.execute(  # desk_refuse_change() comes from 0002
            f"CREATE TRIGGER {EVENTS}_append_only BEFORE UPDATE OR DELETE ON {EVENTS} "
            "FOR EACH ROW EXECUTE FUNCTION desk_refuse_change();")
        schema_editor.execute(
            f"CREATE TRIGGER {HEAD}_forward_only BEFORE UPDATE OR DELETE ON {HEAD} "
            "FOR EACH ROW EXECUTE FUNCTION desk_admin_head_guard();")
    elif vendor == "sqlite":
        append_only = _refuse(EVENTS, "rows are append-only; add a new row instead")
        forward = _refuse(HEAD, "moves one event forward at a time and is never deleted")
        schema_editor.execute(f"CREATE TRIGGER {EVENTS}_append_only BEFORE UPDATE ON {EVENTS} "
                              f"BEGIN {append_only} END;")
        schema_editor.execute(f"CREATE TRIGGER {EVENTS}_no_delete BEFORE DELETE ON {EVENTS} "
                              f"BEGIN {append_only} END;")
        schema_editor.execute(f"CREATE TRIGGER {HEAD}_forward_only BEFORE UPDATE ON {HEAD} "
                              f"WHEN NEW.seq <> OLD.seq + 1 BEGIN {forward} END;")
        schema_editor.execute(f"CREATE TRIGGER {HEAD}_no_delete BEFORE DELETE ON {HEAD} "
                              f"BEGIN {forward} END;")


def _drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {EVENTS}_append_only ON {EVENTS};")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {HEAD}_forward_only ON {HEAD};")
        schema_editor.execute("DROP FUNCTION IF EXISTS desk_admin_head_guard();")
    elif vendor == "sqlite":
        for name in (f"{EVENTS}_append_only", f"{EVENTS}_no_delete", f"{HEAD}_forward_only",
                     f"{HEAD}_no_delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};")


class Migration(migrations.Migration):
    dependencies = (("desk", "0010_webhooks"),)

    operations = (
        migrations.CreateModel(
            name="AdminEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("seq", models.PositiveIntegerField(unique=True)),
                ("kind", models.CharField(db_index=True, max_length=40)),
                ("actor", models.CharField(max_length=200, help_text=(
                    "'user:<username>' (the browser or the API), 'cli:<login>' (the command "
                    "line) or 'system'."))),
                ("subject", models.CharField(max_length=200, help_text=(
                    "What changed: 'user:<username>', 'edition:<code>' or "
                    "'glossary:<code>'."))),
                ("created_at", models.DateTimeField()),
                ("payload", models.JSONField(default=dict)),
                ("prev_hash", models.CharField(max_length=64)),
                ("hash", models.CharField(max_length=64)),
            ],
            options={"ordering": ("seq",)},
        ),
        migrations.CreateModel(
            name="AdminTrailHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("seq", models.PositiveIntegerField(default=0)),
                ("head", models.CharField(blank=True, max_length=64)),
            ],
        ),
        migrations.RunPython(_create, _drop),
    )
