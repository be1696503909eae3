"""Django app configuration of the desk."""

from __future__ import annotations

from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "copydesk.desk"
    label = "desk"
    verbose_name = "copydesk"
    default_auto_field = "django.db.models.BigAutoField"
