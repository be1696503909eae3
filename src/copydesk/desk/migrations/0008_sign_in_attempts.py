"""Sign-ins in progress, counted by the throttle like failures while they last."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = (("desk", "0007_task_leases"),)

    operations = (
        migrations.CreateModel(
            name="SignInReservation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("account", models.CharField(db_index=True, help_text="The normalised user name tried.",
                                             max_length=255, null=True)),
                ("address", models.GenericIPAddressField(db_index=True,
                                                         help_text="The client address counted.",
                                                         null=True)),
                ("started_at", models.DateTimeField(db_index=True)),
            ],
        ),
    )
