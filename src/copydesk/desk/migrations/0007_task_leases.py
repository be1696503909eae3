"""Leases on background tasks, so a task whose worker died is taken over."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = (
        ("desk", "0006_audit_checkpoints"),
        ("django_tasks_database", "0001_initial"),
    )

    operations = (
        migrations.CreateModel(
            name="TaskLease",
            fields=[
                ("task", models.OneToOneField(
                    on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                    related_name="copydesk_lease", serialize=False,
                    to="django_tasks_database.dbtaskresult")),
                ("worker_id", models.CharField(
                    blank=True, max_length=64,
                    help_text="The worker holding the lease ('' once taken back).")),
                ("attempts", models.PositiveIntegerField(
                    default=0, help_text="How many times a worker started the task.")),
                ("renewed_at", models.DateTimeField(help_text="The holder's last heartbeat.")),
                ("expires_at", models.DateTimeField(
                    db_index=True, help_text="Without a heartbeat by then, the task is free.")),
            ],
        ),
    )
