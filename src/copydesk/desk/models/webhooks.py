"""Webhooks: where an edition's events are sent, and every message sent or still to send."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from copydesk.desk.models.editorial import Edition


class WebhookEndpoint(models.Model):
    """A receiver of an edition's events, signed with its own Standard Webhooks secret.

    The secret is kept as given (``whsec_`` and base64): an HMAC key must be at
    hand to sign, so unlike an API token it cannot be stored as a digest.
    """

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="webhooks")
    url = models.URLField(max_length=2000)
    events = models.JSONField(default=list, help_text="Event types sent, e.g. "
                                                      "['publication.published'].")
    secret = models.CharField(max_length=200, help_text="The signing secret (whsec_...).")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.edition.code} -> {self.url}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


class WebhookDelivery(models.Model):
    """One message to one endpoint: its attempts so far, and when the next is due."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.PROTECT,
                                 related_name="deliveries")
    event_type = models.CharField(max_length=64)
    message_id = models.CharField(max_length=64, unique=True,
                                  help_text="The webhook-id header (msg_...), the same on "
                                            "every attempt.")
    payload = models.JSONField(help_text="The message: {type, timestamp, data}.")
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True,
                                           help_text="When a pending message is sent next.")
    last_error = models.TextField(blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = (models.Index(fields=["status", "next_attempt_at"], name="desk_webhook_due"),)

    def __str__(self) -> str:
        return f"{self.message_id} ({self.event_type}, {self.status})"
