"""Database triggers that refuse changes to append-only tables.

The models already refuse updates and deletes through the ORM; the triggers
also stop plain SQL. PostgreSQL refuses UPDATE and DELETE (TRUNCATE, an
administrator's tool, still works); SQLite refuses UPDATE. Anything that gets
past both still breaks the audit hash chain, which ``desk.audit.verify`` reports.
"""

from django.db import migrations

TABLES = ("desk_auditevent", "desk_revision", "desk_sourceversion")

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION desk_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows are append-only; add a new row instead', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def _create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION, params=None)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION desk_refuse_change();")
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} BEGIN "
                f"SELECT RAISE(ABORT, '{table} rows are append-only; add a new row instead'); "
                "END;")


def _drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only;")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS desk_refuse_change();")


class Migration(migrations.Migration):
    dependencies = (("desk", "0001_initial"),)

    operations = (migrations.RunPython(_create, _drop),)
