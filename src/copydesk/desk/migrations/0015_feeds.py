"""Feeds: RSS and Atom sources polled by the worker, and the items they brought."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = (("desk", "0014_assignment"),)

    operations = (
        migrations.CreateModel(
            name="Feed",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("url", models.URLField(max_length=2000, unique=True)),
                ("title", models.CharField(blank=True, max_length=500)),
                ("language", models.CharField(blank=True, help_text=(
                    "The items' language; empty: the feed's own, else detected per item."),
                    max_length=16)),
                ("interval_minutes", models.PositiveIntegerField(default=15)),
                ("active", models.BooleanField(default=True)),
                ("validators", models.JSONField(blank=True, default=dict)),
                ("next_poll_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("poll_lease_until", models.DateTimeField(blank=True, help_text=(
                    "Set while a worker polls the feed, so no other does at the same time."),
                    null=True)),
                ("last_polled_at", models.DateTimeField(blank=True, null=True)),
                ("last_error", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("editions", models.ManyToManyField(help_text=(
                    "New items are queued for translation into these editions at once."),
                    related_name="feeds", to="desk.edition")),
                ("owner", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                            related_name="feeds", to=settings.AUTH_USER_MODEL)),
            ],
            options={"indexes": [models.Index(fields=["active", "next_poll_at"],
                                              name="desk_feed_due")]},
        ),
        migrations.CreateModel(
            name="FeedEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("key", models.CharField(help_text="The item's GUID or Atom id, else its link.",
                                         max_length=500)),
                ("fingerprint", models.CharField(max_length=64)),
                ("first_seen_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("article", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                              related_name="feed_entries", to="desk.article")),
                ("feed", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                           related_name="entries", to="desk.feed")),
            ],
            options={"constraints": [models.UniqueConstraint(fields=("feed", "key"),
                                                             name="desk_feed_entry")]},
        ),
    )
