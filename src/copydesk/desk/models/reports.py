"""What readers tell the newsroom about a publication, and how the desk answered.

``ReportChannel`` gives a publication its public form address (a random id,
never the publication's number); ``ReaderReport`` is one report filed through
it; ``ReportSlot`` is one report counted by the rate limit, kept only while
the limit's window lasts (see ``desk.reader_reports``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from copydesk.desk.models.audit import AuditEvent
from copydesk.desk.models.editorial import Translation
from copydesk.desk.models.review import Publication


class ReportKind(models.TextChoices):
    TRANSLATION = "translation", "Error in the translation"
    FACTUAL = "factual", "Factual error"
    OTHER = "other", "Other"


class ReportState(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered by a correction"
    DISMISSED = "dismissed", "Dismissed"


class ReportChannel(models.Model):
    """The public address of one publication's report form: ``/report/<public_id>/``."""

    publication = models.OneToOneField(Publication, on_delete=models.PROTECT,
                                       related_name="report_channel")
    public_id = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.public_id


class ReaderReport(models.Model):
    """A reader's report on a publication: plain text as filed, and its handling."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT,
                                    related_name="reader_reports")
    translation = models.ForeignKey(Translation, on_delete=models.PROTECT,
                                    related_name="reader_reports")
    kind = models.CharField(max_length=16, choices=ReportKind.choices)
    text = models.TextField(help_text="Plain text, NFC, controls removed; escaped wherever shown.")
    contact = models.CharField(max_length=254, blank=True,
                               help_text="The reader's e-mail address, if given.")
    filed_at = models.DateTimeField(default=timezone.now)
    token_nonce = models.CharField(max_length=32, unique=True, help_text=(
        "The form token's nonce: each form sends one report at most."))
    state = models.CharField(max_length=16, choices=ReportState.choices,
                             default=ReportState.OPEN)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True, help_text=(
        "The reason it was dismissed, or the reason of the correction that answered it."))
    correction = models.ForeignKey(AuditEvent, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", help_text="The correction_opened event.")

    class Meta:
        ordering = ("-filed_at", "-id")
        indexes = (models.Index(fields=["state", "-filed_at"], name="desk_report_open"),
                   models.Index(fields=["translation", "state"], name="desk_report_translation"))

    def __str__(self) -> str:
        return f"report {self.pk} on publication {self.publication_id} ({self.state})"


class ReportSlot(models.Model):
    """One report counted against the limits: from an address, on a publication."""

    address = models.CharField(max_length=64, help_text="Keyed hash of the client's address.")
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="+")
    taken_at = models.DateTimeField()

    class Meta:
        indexes = (models.Index(fields=["address", "taken_at"], name="desk_slot_address"),
                   models.Index(fields=["publication", "taken_at"], name="desk_slot_pub"),
                   models.Index(fields=["taken_at"], name="desk_slot_time"))
