"""Feeds: RSS and Atom sources the worker polls, and the items each one brought."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from copydesk.desk.models.editorial import Article, Edition


class Feed(models.Model):
    """An RSS or Atom feed whose new and changed items become articles.

    The worker polls it every ``interval_minutes`` with a conditional GET
    (``validators``: the last answer's ETag and Last-Modified). It acts as its
    ``owner``, an editor, as an API token acts as its owner: the articles and
    translations it adds are theirs in the audit trail, with the feed named.
    """

    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=16, blank=True, help_text=(
        "The items' language; empty: the feed's own, else detected per item."))
    editions = models.ManyToManyField(Edition, related_name="feeds", help_text=(
        "New items are queued for translation into these editions at once."))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="feeds")
    interval_minutes = models.PositiveIntegerField(default=15)
    active = models.BooleanField(default=True)
    validators = models.JSONField(default=dict, blank=True)
    next_poll_at = models.DateTimeField(default=timezone.now)
    poll_lease_until = models.DateTimeField(null=True, blank=True, help_text=(
        "Set while a worker polls the feed, so no other does at the same time."))
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = (models.Index(fields=["active", "next_poll_at"], name="desk_feed_due"),)

    def __str__(self) -> str:
        return self.url


class FeedEntry(models.Model):
    """An item a feed brought: its key in the feed, its article, and what it said last."""

    feed = models.ForeignKey(Feed, on_delete=models.PROTECT, related_name="entries")
    key = models.CharField(max_length=500, help_text="The item's GUID or Atom id, else its link.")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="feed_entries")
    fingerprint = models.CharField(max_length=64)
    first_seen_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = (models.UniqueConstraint(fields=["feed", "key"], name="desk_feed_entry"),)
