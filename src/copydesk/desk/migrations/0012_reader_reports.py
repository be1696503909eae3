"""Reader reports: each publication's public form address, the reports, the rate limit's slots."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = (("desk", "0011_admin_audit"),)

    operations = (
        migrations.CreateModel(
            name="ReportChannel",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("public_id", models.CharField(max_length=32, unique=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("publication", models.OneToOneField(
                    on_delete=django.db.models.deletion.PROTECT, related_name="report_channel",
                    to="desk.publication")),
            ],
        ),
        migrations.CreateModel(
            name="ReaderReport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("kind", models.CharField(choices=[("translation", "Error in the translation"),
                                                   ("factual", "Factual error"),
                                                   ("other", "Other")], max_length=16)),
                ("text", models.TextField(help_text=(
                    "Plain text, NFC, controls removed; escaped wherever shown."))),
                ("contact", models.CharField(blank=True, help_text=(
                    "The reader's e-mail address, if given."), max_length=254)),
                ("filed_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("token_nonce", models.CharField(help_text=(
                    "The form token's nonce: each form sends one report at most."),
                    max_length=32, unique=True)),
                ("state", models.CharField(choices=[("open", "Open"),
                                                    ("answered", "Answered by a correction"),
                                                    ("dismissed", "Dismissed")],
                                           default="open", max_length=16)),
                ("handled_at", models.DateTimeField(blank=True, null=True)),
                ("resolution", models.TextField(blank=True, help_text=(
                    "The reason it was dismissed, or the reason of the correction that "
                    "answered it."))),
                ("correction", models.ForeignKey(
                    blank=True, help_text="The correction_opened event.", null=True,
                    on_delete=django.db.models.deletion.PROTECT, related_name="+",
                    to="desk.auditevent")),
                ("handled_by", models.ForeignKey(
                    blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                    related_name="+", to=settings.AUTH_USER_MODEL)),
                ("publication", models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT, related_name="reader_reports",
                    to="desk.publication")),
                ("translation", models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT, related_name="reader_reports",
                    to="desk.translation")),
            ],
            options={
                "ordering": ("-filed_at", "-id"),
                "indexes": [
                    models.Index(fields=["state", "-filed_at"], name="desk_report_open"),
                    models.Index(fields=["translation", "state"],
                                 name="desk_report_translation"),
                ],
            },
        ),
        migrations.CreateModel(
            name="ReportSlot",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("address", models.CharField(help_text="Keyed hash of the client's address.",
                                             max_length=64)),
                ("taken_at", models.DateTimeField()),
                ("publication", models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="+",
                    to="desk.publication")),
            ],
            options={
                "indexes": [
                    models.Index(fields=["address", "taken_at"], name="desk_slot_address"),
                    models.Index(fields=["publication", "taken_at"], name="desk_slot_pub"),
                    models.Index(fields=["taken_at"], name="desk_slot_time"),
                ],
            },
        ),
    )
