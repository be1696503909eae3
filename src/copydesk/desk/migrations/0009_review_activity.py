"""Review evidence: the editors' measured activity, their presence, the draft's text,
origin and issues, and each segment's post-edit distance from it.

Activity reports are append-only like the audit trail (triggers as in 0006).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

TABLE = "desk_reviewactivity"
REFUSE = f"SELECT RAISE(ABORT, '{TABLE} rows are append-only; add a new row instead');"


def _create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":  # desk_refuse_change() comes from 0002
        schema_editor.execute(f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON "
                              f"{TABLE} FOR EACH ROW EXECUTE FUNCTION desk_refuse_change();")
    elif vendor == "sqlite":
        schema_editor.execute(f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE ON {TABLE} "
                              f"BEGIN {REFUSE} END;")
        schema_editor.execute(f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
                              f"BEGIN {REFUSE} END;")


def _drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only;")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;")


def _draft_from_revisions(apps, schema_editor):
    """Segments made before: the draft text is their last revision made by no one (the
    engine's text, then any house-style fix), before any editor's."""
    Segment = apps.get_model("desk", "Segment")
    Revision = apps.get_model("desk", "Revision")
    drafts = {}
    for revision in (Revision.objects.filter(author=None, base_version=0).order_by("id")
                     .values("segment_id", "after", "origin").iterator()):
        drafts[revision["segment_id"]] = revision
    for segment in Segment.objects.only("pk").iterator():
        draft = drafts.get(segment.pk)
        if draft is not None:
            Segment.objects.filter(pk=segment.pk).update(draft_text=draft["after"],
                                                         draft_origin=draft["origin"])


class Migration(migrations.Migration):
    dependencies = (("desk", "0008_sign_in_attempts"),)

    operations = (
        migrations.AddField(
            model_name="segment",
            name="draft_text",
            field=models.TextField(blank=True, help_text=(
                "The target as the draft gave it to the editors (engine or memory, style fixes "
                "made).")),
        ),
        migrations.AddField(
            model_name="segment",
            name="draft_origin",
            field=models.CharField(blank=True, max_length=16, help_text=(
                "Where that text came from (mt, memory...).")),
        ),
        migrations.AddField(
            model_name="segment",
            name="post_edit",
            field=models.JSONField(blank=True, default=dict, help_text=(
                "How far the target is from the draft text "
                "(copydesk.postedit.PostEdit.to_dict()); empty until measured.")),
        ),
        migrations.RunPython(_draft_from_revisions, migrations.RunPython.noop),
        migrations.AddField(
            model_name="segment",
            name="draft_issues",
            field=models.JSONField(blank=True, default=list, help_text=(
                "What the checks raised on the machine draft, before any edit.")),
        ),
        migrations.CreateModel(
            name="ReviewActivity",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("active_ms", models.PositiveIntegerField(
                    help_text="Active time credited, in milliseconds.")),
                ("claimed_ms", models.PositiveIntegerField(
                    help_text="Active time the browser reported.")),
                ("keystrokes", models.PositiveIntegerField(default=0)),
                ("focuses", models.PositiveIntegerField(default=0)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("segment", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                              related_name="activity", to="desk.segment")),
                ("translation", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                                  related_name="activity",
                                                  to="desk.translation")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                           related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={"indexes": [models.Index(fields=["translation", "segment"],
                                              name="desk_activity_segment")]},
        ),
        migrations.CreateModel(
            name="ReviewPresence",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("seen_at", models.DateTimeField()),
                ("translation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                  related_name="presence",
                                                  to="desk.translation")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                           related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={"constraints": [models.UniqueConstraint(
                fields=("translation", "user"), name="desk_presence_per_editor")]},
        ),
        migrations.RunPython(_create, _drop),
    )
