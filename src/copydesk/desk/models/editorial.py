"""Editions, articles with their immutable source versions, translations and segments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models

from copydesk.article import Article as SourceArticle
from copydesk.desk.models.base import AppendOnlyModel


class Edition(models.Model):
    """A language edition of the publication (``de``, ``fr``, ``de-ch`` ...)."""

    code = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    language = models.CharField(max_length=16, help_text="Target language, e.g. 'de' or 'de-CH'.")
    disclosure_reviewed = models.TextField(
        blank=True, help_text="Replaces the built-in note for reviewed translations.")
    disclosure_unreviewed = models.TextField(
        blank=True, help_text="Replaces the built-in note for unreviewed translations.")
    options = models.JSONField(default=dict, blank=True, help_text=(
        "The edition table, as [editions.<language>] in config.toml: style pack and check "
        "options ('checks': {'disabled': [...]}), 'glossary' (a CSV or TBX file), "
        "'name_editors' for the disclosure."))
    engine = models.CharField(max_length=64, default="auto")

    def __str__(self) -> str:
        return self.name

    def table(self, base: Mapping[str, Any]) -> dict[str, Any]:
        """The edition table: the config file's table for the language, then this edition's."""
        table = {**base, **self.options}
        for case in ("reviewed", "unreviewed"):
            text = getattr(self, f"disclosure_{case}")
            if text.strip():
                table[f"disclosure_{case}"] = text
        return table


class Article(models.Model):
    """A source article; its content lives in immutable ``SourceVersion`` rows."""

    key = models.CharField(max_length=500, unique=True, help_text="Source URL or CMS id.")
    source_language = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    audit_seq = models.PositiveIntegerField(default=0, help_text="Last audit event number.")
    audit_head = models.CharField(max_length=64, blank=True, help_text="Hash of that event.")

    def __str__(self) -> str:
        return self.key

    def latest_version(self) -> SourceVersion | None:
        return self.versions.order_by("-number").first()


class SourceVersion(AppendOnlyModel):
    """One version of an article's source, exactly as ingested."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField(help_text="copydesk.article.Article.to_dict()")
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = (models.UniqueConstraint(fields=["article", "number"],
                                               name="desk_source_version_number"),)

    def to_article(self) -> SourceArticle:
        return SourceArticle.from_dict(self.content)


class TranslationState(models.TextChoices):
    INGESTED = "ingested", "Ingested"
    TRANSLATING = "translating", "Translating"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Failed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Translation(models.Model):
    """One article in one edition, moving through the review workflow."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="translations")
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="translations")
    source_version = models.ForeignKey(SourceVersion, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=16, choices=TranslationState.choices,
                             default=TranslationState.INGESTED)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="assignments")
    assigned_at = models.DateTimeField(null=True, blank=True,
                                       help_text="When the assigned editor got it.")
    deadline = models.DateTimeField(null=True, blank=True)
    risk = models.FloatField(default=0.0)
    engine = models.CharField(max_length=64, blank=True)
    machine_translated = models.BooleanField(default=True)
    signatures = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True, help_text="Why the last machine translation failed.")
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    machine_draft = models.JSONField(null=True, blank=True, help_text="Draft.to_dict() as made.")
    search_text = models.TextField(blank=True, editable=False, help_text=(
        "The source title and the article key, folded for the inbox search (desk.search)."))
    search_source = models.PositiveBigIntegerField(default=0, editable=False, help_text=(
        "The source version the search text was made from (0: not made yet)."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (models.UniqueConstraint(fields=["article", "edition"],
                                               name="desk_translation_per_edition"),)
        indexes = (models.Index(fields=["state", "-risk", "deadline"], name="desk_queue"),
                   models.Index(fields=["state", "deadline", "-risk"], name="desk_clock"))

    def __str__(self) -> str:
        return f"{self.article} -> {self.edition.code}"


class SegmentState(models.TextChoices):
    DRAFT = "draft", "Draft"
    CONFIRMED = "confirmed", "Confirmed"


class Segment(models.Model):
    """One sentence of a translation: source, current target and its review state.

    ``version`` grows with every change; saves are conditional on it, so two
    editors working from the same base cannot overwrite each other.
    """

    translation = models.ForeignKey(Translation, on_delete=models.PROTECT,
                                    related_name="segments")
    key = models.CharField(max_length=64, help_text="Id within the source version, e.g. 'b3.s1'.")
    position = models.PositiveIntegerField()
    source = models.TextField()
    source_digest = models.CharField(max_length=64, blank=True, help_text=(
        "SHA-256 of the source text with what its tags stand for (link targets...)."))
    target = models.TextField(blank=True)
    origin = models.CharField(max_length=16, blank=True, help_text="Where the target came from.")
    signature = models.CharField(max_length=500, blank=True)
    state = models.CharField(max_length=16, choices=SegmentState.choices,
                             default=SegmentState.DRAFT)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    risk = models.FloatField(default=0.0)
    issues = models.JSONField(default=list, blank=True)
    draft_text = models.TextField(blank=True, help_text=(
        "The target as the draft gave it to the editors (engine or memory, style fixes made)."))
    draft_origin = models.CharField(max_length=16, blank=True,
                                    help_text="Where that text came from (mt, memory...).")
    draft_issues = models.JSONField(default=list, blank=True, help_text=(
        "What the checks raised on the machine draft, before any edit."))
    post_edit = models.JSONField(default=dict, blank=True, help_text=(
        "How far the target is from the draft text (copydesk.postedit.PostEdit.to_dict()); "
        "empty until measured."))
    suggestions = models.JSONField(default=list, blank=True, help_text=(
        "Fuzzy translation-memory matches offered to the editor (Suggestion.to_dict())."))
    version = models.PositiveIntegerField(default=1)
    needs_work = models.BooleanField(default=False,
                                     help_text="New or changed in the latest source version.")
    active = models.BooleanField(default=True,
                                 help_text="False once a new source version dropped it.")
    excluded = models.BooleanField(default=False, help_text=(
        "Its block is left out of the translation (desk.exclusions): no confirmation needed."))

    class Meta:
        ordering = ("position",)
        indexes = (models.Index(fields=["translation", "active", "position"],
                                name="desk_segment_order"),)

    def __str__(self) -> str:
        return self.key
