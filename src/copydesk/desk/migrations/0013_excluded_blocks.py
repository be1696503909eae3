"""Blocks left out of a translation: the editors' decisions, append-only, and a flag on segments.

``BlockExclusion`` keeps every decision (left out or put back, with the
editor's reason); as for the other append-only tables (0002), the database
refuses to change or delete one, on PostgreSQL and SQLite. ``Segment.excluded``
is what the gate and the progress count read: set under the translation's
lock from the latest decisions (``desk.exclusions``).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

TABLE = "desk_blockexclusion"


def _create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":  # desk_refuse_change() comes from 0002
        schema_editor.execute(f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON "
                              f"{TABLE} FOR EACH ROW EXECUTE FUNCTION desk_refuse_change();")
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE ON {TABLE} BEGIN "
            f"SELECT RAISE(ABORT, '{TABLE} rows are append-only; add a new row instead'); END;")


def _drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only;")


class Migration(migrations.Migration):
    dependencies = (("desk", "0012_reader_reports"),)

    operations = (
        migrations.AddField(
            model_name="segment",
            name="excluded",
            field=models.BooleanField(default=False, help_text=(
                "Its block is left out of the translation (desk.exclusions): no confirmation "
                "needed.")),
        ),
        migrations.CreateModel(
            name="BlockExclusion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("block", models.CharField(help_text="The block's key when decided, e.g. 'b3'.",
                                           max_length=16)),
                ("block_digest", models.CharField(help_text=(
                    "SHA-256 of the block's content, then ':' and its occurrence among equal "
                    "blocks."), max_length=80)),
                ("excluded", models.BooleanField(help_text="True: left out; False: put back.")),
                ("reason", models.TextField()),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("author", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                             related_name="+", to=settings.AUTH_USER_MODEL)),
                ("translation", models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="block_exclusions", to="desk.translation")),
            ],
            options={"ordering": ("translation", "id")},
        ),
        migrations.RunPython(_create, _drop),
    )
