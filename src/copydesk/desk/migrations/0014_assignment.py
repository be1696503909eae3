"""Assignment and the inbox's clock: when a translation was assigned, the folded title and key
the inbox search matches (filled on the first search, see ``desk.search``), and an index for
the deadline-first order."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = (("desk", "0013_excluded_blocks"),)

    operations = (
        migrations.AddField(
            model_name="translation",
            name="assigned_at",
            field=models.DateTimeField(blank=True, null=True,
                                       help_text="When the assigned editor got it."),
        ),
        migrations.AddField(
            model_name="translation",
            name="search_text",
            field=models.TextField(blank=True, editable=False, help_text=(
                "The source title and the article key, folded for the inbox search "
                "(desk.search).")),
        ),
        migrations.AddField(
            model_name="translation",
            name="search_source",
            field=models.PositiveBigIntegerField(default=0, editable=False, help_text=(
                "The source version the search text was made from (0: not made yet).")),
        ),
        migrations.AddIndex(
            model_name="translation",
            index=models.Index(fields=["state", "deadline", "-risk"], name="desk_clock"),
        ),
    )
