"""Putting an article on the desk from the browser: a URL, pasted text or HTML, or a file.

Only http(s) addresses are fetched; the desk never reads a file on the
server by name (uploads and pasted text come in as data). The article is
read with the core readers (``copydesk.ingest``), stored as a
source version and queued for translation into every chosen edition in one
transaction, so a refusal for one edition leaves nothing half-done.

A job that could only fail is refused before anything is stored
(``check_job``): an article already in the edition's language (the same base
language, ``de`` and ``de-CH`` too, unless an engine the edition names
translates between the two variants), or a pair that no engine of the
edition's setting can translate. An edition on ``auto`` takes every pair
(without a usable engine its draft comes from the pseudo engine, flagged on
the desk and never publishable); so does one on ``pseudo``, a test setup.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import BinaryIO

from django.db import transaction

from copydesk import ingest, languages, links
from copydesk.article import Article as SourceArticle
from copydesk.desk import roles, sources, workflow
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.models import Edition, Role, Translation, User
from copydesk.engines import registry
from copydesk.engines.base import PSEUDO_ENGINE
from copydesk.errors import InputError, LanguageError, UnsupportedPairError
from copydesk.ingest.sources import EXTENSIONS
from copydesk.pipeline import source_language_of


@dataclass(frozen=True)
class Submission:
    """What an editor handed in: exactly one of ``url``, ``text`` or ``file``."""

    url: str = ""
    text: str = ""
    file_name: str = ""
    file: BinaryIO | None = None  # read only up to the size limit
    key: str = ""  # the article's URL or CMS id; made up from the content when empty
    language: str = ""  # the source language; detected from the text when empty


def read_submission(submission: Submission) -> tuple[SourceArticle, str]:
    """The article in the submission and the key to store it under."""
    settings = copydesk_settings()
    given = [bool(links.normalize(submission.url)), bool(submission.text.strip()),
             submission.file is not None]
    if sum(given) != 1:
        raise InputError("Give exactly one of: a URL, pasted text or HTML, or a file.")
    language = languages.normalize(submission.language) if submission.language.strip() else ""
    if given[0]:
        url = links.web_url(submission.url)  # never a path: files come as uploads
        return _in(ingest.load(url, settings=settings), language), submission.key.strip() or url
    if submission.file is not None:
        stream, label = submission.file, f"file:{PurePosixPath(submission.file_name).name}"
        fmt = EXTENSIONS.get(PurePosixPath(submission.file_name).suffix.lower())
    else:
        stream, label, fmt = io.BytesIO(submission.text.encode("utf-8")), "text", None
    article = _in(ingest.load("-", settings=settings, stdin=stream, format=fmt), language)
    key = submission.key.strip() or f"{label}:{sources.content_hash(article.to_dict())[:16]}"
    return article, key


def _in(article: SourceArticle, language: str) -> SourceArticle:
    """The article with the source language the editor gave, if any."""
    return dataclasses.replace(article, language=language) if language else article


def add_article(source: SourceArticle, key: str, editions: Sequence[Edition], *, user: User,
                deadline: datetime | None = None) -> list[Translation]:
    """Store the article and queue it for translation into each edition."""
    roles.require(user, Role.EDITOR, "add articles")
    if not editions:
        raise InputError("Choose at least one edition to translate the article into.")
    for edition in editions:
        check_job(source, edition)
    with transaction.atomic():
        article = sources.ingest(source, key=key, user=user).article
        return [workflow.request_translation(article, edition, user=user, deadline=deadline)
                for edition in editions]


def check_job(source: SourceArticle, edition: Edition) -> None:
    """Refuse to translate ``source`` into ``edition`` when the job could only fail."""
    settings = copydesk_settings()
    try:
        source_language = source_language_of(source)
    except LanguageError as error:
        raise LanguageError(f"{error} Give it as the source language when adding the "
                            "article.") from None
    target_language = languages.normalize(edition.language)
    engine = edition.engine
    if languages.base(source_language) == languages.base(target_language):
        if (source_language == target_language or engine in ("auto", PSEUDO_ENGINE)
                or registry.unable(engine, source_language, target_language, settings)):
            raise LanguageError(
                f"The article is in {_named(source_language)}, the language of the "
                f"{edition.name} ({edition.language}): there is nothing to translate. Choose "
                "another edition, or give the source language if it was detected wrongly.")
        return
    problem = registry.unable(engine, source_language, target_language, settings)
    if problem is None:
        return
    pair = f"{_named(source_language)} into {_named(target_language)}"
    able = registry.capable(source_language, target_language, settings)
    others = (f"Engines that can: {', '.join(able)}." if able else
              "No installed engine can; an administrator can install one "
              "('copydesk engines list' shows them).")
    raise UnsupportedPairError(
        f"The {edition.name}'s engine '{engine}' cannot translate {pair} ({problem}). "
        f"{others} Ask an administrator to set the edition's engine, then add the article "
        "again.")


def _named(code: str) -> str:
    return f"{languages.name(code)} ({code})"
