"""Webhooks: each edition's receivers with their signing secrets, and the delivery log."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = (("desk", "0009_review_activity"),)

    operations = (
        migrations.CreateModel(
            name="WebhookEndpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("url", models.URLField(max_length=2000)),
                ("events", models.JSONField(default=list, help_text=(
                    "Event types sent, e.g. ['publication.published']."))),
                ("secret", models.CharField(help_text="The signing secret (whsec_...).",
                                            max_length=200)),
                ("active", models.BooleanField(default=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("edition", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                              related_name="webhooks", to="desk.edition")),
            ],
        ),
        migrations.CreateModel(
            name="WebhookDelivery",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("event_type", models.CharField(max_length=64)),
                ("message_id", models.CharField(help_text=(
                    "The webhook-id header (msg_...), the same on every attempt."),
                    max_length=64, unique=True)),
                ("payload", models.JSONField(help_text="The message: {type, timestamp, data}.")),
                ("status", models.CharField(choices=[("pending", "Pending"),
                                                     ("delivered", "Delivered"),
                                                     ("failed", "Failed")],
                                            default="pending", max_length=16)),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("next_attempt_at", models.DateTimeField(
                    blank=True, help_text="When a pending message is sent next.", null=True)),
                ("last_error", models.TextField(blank=True)),
                ("last_status_code", models.PositiveIntegerField(blank=True, null=True)),
                ("delivered_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("endpoint", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                               related_name="deliveries",
                                               to="desk.webhookendpoint")),
            ],
            options={"indexes": [models.Index(fields=["status", "next_attempt_at"],
                                              name="desk_webhook_due")]},
        ),
    )
