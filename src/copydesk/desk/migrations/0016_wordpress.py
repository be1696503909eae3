"""WordPress: sites (the application password's variable name, never the password), the
post each translation became there, and the deliveries the worker makes."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

STATUSES = [("pending", "Pending"), ("delivered", "Delivered"), ("failed", "Failed")]


class Migration(migrations.Migration):
    dependencies = (("desk", "0015_feeds"),)

    operations = (
        migrations.CreateModel(
            name="WordPressSite",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("name", models.SlugField(max_length=64, unique=True)),
                ("url", models.URLField(max_length=2000)),
                ("user", models.CharField(max_length=200)),
                ("password_env", models.CharField(help_text=(
                    "The environment variable that holds the application password."),
                    max_length=100)),
                ("post_status", models.CharField(choices=[("draft", "Draft"),
                                                          ("publish", "Published")],
                                                 default="draft", max_length=16)),
                ("active", models.BooleanField(default=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("edition", models.OneToOneField(
                    blank=True, help_text="The edition whose translations are published here.",
                    null=True, on_delete=django.db.models.deletion.PROTECT,
                    related_name="wordpress_site", to="desk.edition")),
            ],
        ),
        migrations.CreateModel(
            name="WordPressPost",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("post_id", models.PositiveBigIntegerField()),
                ("link", models.URLField(blank=True, max_length=2000)),
                ("status", models.CharField(blank=True, help_text="The post's status there.",
                                            max_length=16)),
                ("featured_media", models.PositiveBigIntegerField(
                    blank=True, help_text="The featured image's media id on the site.",
                    null=True)),
                ("featured_source", models.URLField(
                    blank=True, help_text="The address the featured image was copied from.",
                    max_length=2000)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("site", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                           related_name="posts", to="desk.wordpresssite")),
                ("translation", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                                  related_name="wordpress_posts",
                                                  to="desk.translation")),
            ],
            options={"constraints": [models.UniqueConstraint(fields=("site", "translation"),
                                                             name="desk_wordpress_post")]},
        ),
        migrations.CreateModel(
            name="WordPressDelivery",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("action", models.CharField(choices=[("publish", "Publish"),
                                                     ("withdraw", "Withdraw")], max_length=16)),
                ("status", models.CharField(choices=STATUSES, default="pending", max_length=16)),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("next_attempt_at", models.DateTimeField(blank=True, null=True)),
                ("last_error", models.TextField(blank=True)),
                ("post_id", models.PositiveBigIntegerField(
                    blank=True, help_text="The post it created or changed.", null=True)),
                ("delivered_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("publication", models.ForeignKey(blank=True, null=True,
                                                  on_delete=django.db.models.deletion.PROTECT,
                                                  related_name="+", to="desk.publication")),
                ("site", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                           related_name="deliveries", to="desk.wordpresssite")),
                ("translation", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                                  related_name="wordpress_deliveries",
                                                  to="desk.translation")),
            ],
            options={"indexes": [models.Index(fields=["status", "next_attempt_at"],
                                              name="desk_wordpress_due")]},
        ),
    )
