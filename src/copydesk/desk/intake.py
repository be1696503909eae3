"""Putting an article on the desk from the browser: a URL, pasted text or HTML, or a file.

Only http(s) addresses are fetched; the desk never reads a file on the
server by name (uploads and pasted text come in as data). The article is
read with the core readers (``copydesk.ingest``), stored as a
source version and queued for translation into every chosen edition in one
transaction, so a refusal for one edition leaves nothing half-done.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import BinaryIO

from django.db import transaction

from copydesk import ingest, links
from copydesk.article import Article as SourceArticle
from copydesk.desk import roles, sources, workflow
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.models import Edition, Role, Translation, User
from copydesk.errors import InputError
from copydesk.ingest.sources import EXTENSIONS


@dataclass(frozen=True)
class Submission:
    """What an editor handed in: exactly one of ``url``, ``text`` or ``file``."""

    url: str = ""
    text: str = ""
    file_name: str = ""
    file: BinaryIO | None = None  # read only up to the size limit
    key: str = ""  # the article's URL or CMS id; made up from the content when empty


def read_submission(submission: Submission) -> tuple[SourceArticle, str]:
    """The article in the submission and the key to store it under."""
    settings = copydesk_settings()
    given = [bool(links.normalize(submission.url)), bool(submission.text.strip()),
             submission.file is not None]
    if sum(given) != 1:
        raise InputError("Give exactly one of: a URL, pasted text or HTML, or a file.")
    if given[0]:
        url = links.web_url(submission.url)  # never a path: files come as uploads
        return ingest.load(url, settings=settings), submission.key.strip() or url
    if submission.file is not None:
        stream, label = submission.file, f"file:{PurePosixPath(submission.file_name).name}"
        fmt = EXTENSIONS.get(PurePosixPath(submission.file_name).suffix.lower())
    else:
        stream, label, fmt = io.BytesIO(submission.text.encode("utf-8")), "text", None
    article = ingest.load("-", settings=settings, stdin=stream, format=fmt)
    key = submission.key.strip() or f"{label}:{sources.content_hash(article.to_dict())[:16]}"
    return article, key


def add_article(source: SourceArticle, key: str, editions: Sequence[Edition], *, user: User,
                deadline: datetime | None = None) -> list[Translation]:
    """Store the article and queue it for translation into each edition."""
    roles.require(user, Role.EDITOR, "add articles")
    if not editions:
        raise InputError("Choose at least one edition to translate the article into.")
    with transaction.atomic():
        article = sources.ingest(source, key=key, user=user).article
        return [workflow.request_translation(article, edition, user=user, deadline=deadline)
                for edition in editions]
