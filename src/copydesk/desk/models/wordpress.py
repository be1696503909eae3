"""WordPress: the sites the desk pulls from and publishes to, their posts and deliveries."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from copydesk.desk.models.editorial import Edition, Translation
from copydesk.desk.models.review import Publication
from copydesk.desk.models.webhooks import DeliveryStatus


class PostStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISH = "publish", "Published"


class WordPressSite(models.Model):
    """A WordPress site, reached through its REST API as ``user``.

    Only the NAME of the environment variable holding the user's application
    password is kept (``password_env``), never the password. A site with an
    ``edition`` is that edition's target: its published translations become
    posts there, with the status ``post_status``.
    """

    name = models.SlugField(max_length=64, unique=True)
    url = models.URLField(max_length=2000)
    user = models.CharField(max_length=200)
    password_env = models.CharField(max_length=100, help_text=(
        "The environment variable that holds the application password."))
    edition = models.OneToOneField(Edition, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="wordpress_site", help_text=(
                                       "The edition whose translations are published here."))
    post_status = models.CharField(max_length=16, choices=PostStatus.choices,
                                   default=PostStatus.DRAFT)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class WordPressPost(models.Model):
    """The post a translation became on its edition's site, updated by every later step."""

    site = models.ForeignKey(WordPressSite, on_delete=models.PROTECT, related_name="posts")
    translation = models.ForeignKey(Translation, on_delete=models.PROTECT,
                                    related_name="wordpress_posts")
    post_id = models.PositiveBigIntegerField()
    link = models.URLField(max_length=2000, blank=True)
    status = models.CharField(max_length=16, blank=True, help_text="The post's status there.")
    featured_media = models.PositiveBigIntegerField(null=True, blank=True, help_text=(
        "The featured image's media id on the site."))
    featured_source = models.URLField(max_length=2000, blank=True, help_text=(
        "The address the featured image was copied from."))
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = (models.UniqueConstraint(fields=["site", "translation"],
                                               name="desk_wordpress_post"),)


class WordPressAction(models.TextChoices):
    PUBLISH = "publish", "Publish"
    WITHDRAW = "withdraw", "Withdraw"


class WordPressDelivery(models.Model):
    """One step to take on a site (publish a publication, withdraw a post), with its attempts."""

    site = models.ForeignKey(WordPressSite, on_delete=models.PROTECT, related_name="deliveries")
    translation = models.ForeignKey(Translation, on_delete=models.PROTECT,
                                    related_name="wordpress_deliveries")
    publication = models.ForeignKey(Publication, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16, choices=WordPressAction.choices)
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    post_id = models.PositiveBigIntegerField(null=True, blank=True, help_text=(
        "The post it created or changed."))
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = (models.Index(fields=["status", "next_attempt_at"],
                                name="desk_wordpress_due"),)

    def __str__(self) -> str:
        return f"{self.action} {self.translation_id} on {self.site_id} ({self.status})"
