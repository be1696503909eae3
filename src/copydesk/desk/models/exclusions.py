"""Blocks an editor left out of a translation, and put back: one append-only row per decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from copydesk.desk.models.base import AppendOnlyModel
from copydesk.desk.models.editorial import Translation


class BlockExclusion(AppendOnlyModel):
    """An editor's decision, with a written reason, that one block of the source is not part
    of the translation (``excluded``) or is part of it again (not ``excluded``).

    It names the block by what it says (``block_digest``: SHA-256 of its kind, text, tags
    and image, and which occurrence of that content it is), not by its number, so it follows
    the block when a new source version inserts a paragraph before it, and stops holding
    once the block's own text changes. The latest decision for a block counts.
    """

    translation = models.ForeignKey(Translation, on_delete=models.PROTECT,
                                    related_name="block_exclusions")
    block = models.CharField(max_length=16, help_text="The block's key when decided, e.g. 'b3'.")
    block_digest = models.CharField(max_length=80, help_text=(
        "SHA-256 of the block's content, then ':' and its occurrence among equal blocks."))
    excluded = models.BooleanField(help_text="True: left out; False: put back.")
    reason = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("translation", "id")
