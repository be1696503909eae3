"""People on the desk and the API tokens they use."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    """What a user may do; a user holds roles as Django groups of the same name."""

    EDITOR = "editor", "Editor"  # edit, confirm, comment, approve
    PUBLISHER = "publisher", "Publisher"  # publish, withdraw
    ADMIN = "admin", "Administrator"  # everything, plus settings and users


class User(AbstractUser):
    """A person on the desk."""


class ApiToken(models.Model):
    """A token for the REST API and scripts; only its SHA-256 digest is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="First characters, to recognise it.")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class SignInReservation(models.Model):
    """A sign-in let past the throttle whose password check has not ended yet.

    Counted like a failure while it lasts, so sign-ins sent in parallel cannot
    all pass the throttle before any of them has failed (``desk.signin``).
    """

    account = models.CharField(max_length=255, null=True, db_index=True,
                               help_text="The normalised user name tried.")
    address = models.GenericIPAddressField(null=True, db_index=True,
                                           help_text="The client address counted.")
    started_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.account} from {self.address} since {self.started_at:%H:%M:%S}"
