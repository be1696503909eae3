"""Ingesting source articles: every distinct content becomes an immutable version.

Re-ingesting the same content changes nothing; a changed article gets a new
``SourceVersion`` and its translations are re-translated so the desk can show
which segments changed and need work (``workflow.source_changed``: a
translation in review, approved or published goes back through translation
to review, so nothing of the new version reaches readers unreviewed; a
withdrawn one stays withdrawn). The check for a change and the new version
are one step under the article's lock, so two editors sending the same
update at once store one version.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import transaction

from copydesk.article import Article as SourceArticle
from copydesk.desk import audit, boilerplate, roles, workflow
from copydesk.desk.audit import canonical_json
from copydesk.desk.models import Article, Role, SourceVersion, Translation, User
from copydesk.errors import InputError, NotFoundError

MAX_KEY_LENGTH = 500


@dataclass(frozen=True)
class IngestResult:
    article: Article
    version: SourceVersion
    created: bool  # False when the content equals the latest version
    previous: SourceVersion | None = None  # the latest version before, when this made one


def content_hash(content: dict) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def ingest(source: SourceArticle, *, key: str, user: User) -> IngestResult:
    """Store ``source`` under ``key`` (its URL or CMS id) as a new version if it changed."""
    roles.require(user, Role.EDITOR, "ingest articles")
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InputError(f"An article needs a key (its URL or CMS id) of 1 to {MAX_KEY_LENGTH} "
                         "characters.")
    source = boilerplate.without_boilerplate(source)  # the source edition's own notes
    content = source.to_dict()
    digest = content_hash(content)
    with transaction.atomic():
        article, _ = Article.objects.get_or_create(
            key=key, defaults={"source_language": source.language or ""})
        # Lock order as in every save and approval: the translations, then the article.
        list(Translation.objects.select_for_update().filter(article=article).order_by("pk")
             .values_list("pk", flat=True))
        article = Article.objects.select_for_update().get(pk=article.pk)
        latest = article.latest_version()
        if latest is not None and latest.content_hash == digest:
            return IngestResult(article, latest, created=False)
        version = SourceVersion.objects.create(
            article=article, number=latest.number + 1 if latest else 1, content=content,
            content_hash=digest, created_by=user)
        audit.record(article, "source_changed" if latest else "source_ingested", actor=user,
                     payload={"version": version.number, "content_hash": digest,
                              "title": source.title, "blocks": len(source.blocks)})
        if latest is not None:
            workflow.source_changed(article, version, user=user)
    return IngestResult(article, version, created=True, previous=latest)


def find_version(article: Article, number: int) -> SourceVersion:
    """The article's source version ``number``."""
    found = article.versions.filter(number=number).first()
    if found is None:
        latest = article.latest_version()
        raise NotFoundError(f"Article {article.pk} has no source version {number}; its "
                            f"versions are 1 to {latest.number if latest else 0}.")
    return found


def find_article(reference: str | int) -> Article:
    """An article by its number or its key."""
    text = str(reference).strip()
    found = Article.objects.filter(pk=int(text)).first() if text.isdigit() else None
    found = found or Article.objects.filter(key=text).first()
    if found is None:
        raise NotFoundError(f"No article {text!r} on the desk; give its number or its key "
                            "(URL or CMS id).")
    return found
