"""Putting an article on the desk from the browser: a URL, pasted text or HTML, or a file.

Only http(s) addresses are fetched; the desk never reads a file on the
server by name (uploads and pasted text come in as data). The article is
read with the core readers (``copydesk.ingest``), stored as a
source version and queued for translation into every chosen edition in one
transaction, so a refusal for one edition leaves nothing half-done.

An article is known by its key: the one given, else the URL it was fetched
from (without its fragment and tracking parameters such as ``utm_source``, so
a link shared on social media is the same article), else a ninjs item's
``uri`` (so an agency's next version of the item is an update), else one made
up from the content. Adding an article the desk already has is an update, whoever
adds it (the add form, the API): a changed content becomes a new source
version for every edition the article is on (``sources.ingest``, which takes
the locks, so two editors adding the same update at once make one version);
an unchanged one stores nothing; a chosen edition it is not on yet is
requested. ``Added`` says what happened, in a sentence for the editor too.

A job that could only fail is refused before anything is stored
(``check_job``): an article already in the edition's language (the same base
language, ``de`` and ``de-CH`` too, unless an engine the edition names
translates between the two variants), or a pair that no engine of the
edition's setting can translate. An edition on ``auto`` takes every pair
(without a usable engine its draft comes from the pseudo engine, flagged on
the desk and never publishable); so does one on ``pseudo``, a test setup.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import BinaryIO
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from django.db import transaction

from copydesk import ingest, languages, links
from copydesk.article import Article as SourceArticle
from copydesk.desk import roles, source_diff, sources, workflow
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.models import (
    Article,
    Edition,
    Role,
    SourceVersion,
    Translation,
    TranslationState,
    User,
)
from copydesk.engines import registry
from copydesk.engines.base import PSEUDO_ENGINE
from copydesk.errors import InputError, LanguageError, UnsupportedPairError
from copydesk.ingest.sources import EXTENSIONS
from copydesk.pipeline import source_language_of

# Query parameters that say where a reader came from, never which article it is.
TRACKING_PARAMETER = re.compile(
    r"utm_\w*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid"
    r"|_ga|_gl|_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|wickedid|ocid|cmpid",
    re.IGNORECASE)
DEFAULT_PORTS = {"http": 80, "https": 443}


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
    given_key = article_key(submission.key)
    if given[0]:
        url = links.web_url(submission.url)  # never a path: files come as uploads
        article = _in(ingest.load(url, settings=settings), language)
        if article.url and _is_web(article.url):  # the same page, however it was linked
            article = dataclasses.replace(article, url=url_key(article.url))
        return article, given_key or _known(url, url_key(url))
    if submission.file is not None:
        stream, label = submission.file, f"file:{PurePosixPath(submission.file_name).name}"
        fmt = EXTENSIONS.get(PurePosixPath(submission.file_name).suffix.lower())
    else:
        stream, label, fmt = io.BytesIO(submission.text.encode("utf-8")), "text", None
    article = _in(ingest.load("-", settings=settings, stdin=stream, format=fmt), language)
    key = (given_key or _item_key(article)
           or f"{label}:{sources.content_hash(article.to_dict())[:16]}")
    return article, key


def _item_key(article: SourceArticle) -> str:
    """A ninjs item's ``uri``, which names it across its versions (empty for anything else)."""
    item = article.metadata.get("ninjs")
    uri = article_key(item["uri"]) if isinstance(item, dict) and "uri" in item else ""
    return uri if len(uri) <= (Article._meta.get_field("key").max_length or 0) else ""


def article_key(raw: str) -> str:
    """The key as the desk stores it: Unicode NFC without invisible characters; a web
    address the way ``url_key`` writes it."""
    key = unicodedata.normalize("NFC", links.normalize(raw))
    return _known(key, url_key(key)) if _is_web(key) else key


def url_key(url: str) -> str:
    """A web address as an article's key: scheme and host in lower case, no default port,
    no user name or password, no fragment, no tracking parameters (``utm_source``,
    ``fbclid``...)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    with contextlib.suppress(UnicodeError):  # else kept as the browser gave it
        host = host.encode("idna").decode("ascii")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != DEFAULT_PORTS.get(parts.scheme.lower()):
        netloc += f":{port}"
    kept = [pair for pair in parts.query.split("&") if pair and not
            TRACKING_PARAMETER.fullmatch(unquote_plus(pair.partition("=")[0]))]
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", "&".join(kept), ""))


def _is_web(text: str) -> bool:
    try:
        links.web_url(text)
    except InputError:
        return False
    return True


def _known(exact: str, key: str) -> str:
    """``key``, unless an article was stored under the ``exact`` address before keys were
    written the way ``url_key`` writes them."""
    if exact != key and Article.objects.filter(key=exact).exists():
        return exact
    return key


def _in(article: SourceArticle, language: str) -> SourceArticle:
    """The article with the source language the editor gave, if any."""
    return dataclasses.replace(article, language=language) if language else article


@dataclass(frozen=True)
class Added:
    """What adding an article did."""

    article: Article
    version: SourceVersion  # the latest version, stored now or before
    previous: SourceVersion | None  # the one before it, when this stored a new version
    requested: tuple[Translation, ...]  # editions the article went on now
    updated: tuple[Translation, ...]  # translations sent back to translate the new version
    withdrawn: tuple[Translation, ...]  # translations a new version does not bring back
    new_article: bool

    @property
    def changes(self) -> source_diff.Comparison | None:
        if self.previous is None:
            return None
        return source_diff.compare_versions(self.previous.content, self.version.content)

    @property
    def stored(self) -> bool:
        """Whether anything was stored (False: the desk had this content for these editions)."""
        return self.new_article or self.previous is not None or bool(self.requested)

    def summary(self) -> str:
        """What happened, in a sentence or two for the editor."""
        title = f"“{self.version.content.get('title', '')}”"
        requested = _names(self.requested)
        if self.new_article:
            return f"{title} is on the desk for {requested}."
        changes = self.changes
        if changes is None:
            said = (f"{title} has not changed since version {self.version.number}: nothing "
                    "new was stored.")
        else:
            editions = f" for {_names(self.updated)}" if self.updated else ""
            said = f"New version {self.version.number} of {title}{editions}; {changes.summary()}."
            if not self.updated and not requested:
                said += " No edition translates it yet: choose one to put it on the desk."
        if requested:
            said += f" It is now on the desk for {requested}{' too' if self.updated else ''}."
        if self.withdrawn:
            said += (f" The translation for {_names(self.withdrawn)} is withdrawn"
                     f"{' and was not updated' if changes is not None else ''}; open a "
                     "correction on its review screen to bring it back.")
        return said


def add_article(source: SourceArticle, key: str, editions: Sequence[Edition], *, user: User,
                deadline: datetime | None = None) -> Added:
    """Store the article and queue it for translation into each chosen edition.

    The desk's article of the same key is updated instead: a changed content is a
    new version for every edition it is on (and the chosen editions it is not on
    yet are requested); the same content stores nothing.
    """
    roles.require(user, Role.EDITOR, "add articles")
    with transaction.atomic():
        known = Article.objects.filter(key=key).first()
        if known is None and not editions:
            raise InputError("Choose at least one edition to translate the article into.")
        for edition in _editions_to_check(known, editions):
            check_job(source, edition)
        ingested = sources.ingest(source, key=key, user=user)  # locks the article
        article, version = ingested.article, ingested.version
        on_desk = {t.edition_id for t in article.translations.all()}
        requested = tuple(workflow.request_translation(article, edition, user=user,
                                                       deadline=deadline)
                          for edition in editions if edition.pk not in on_desk)
        others = (article.translations.select_related("edition").exclude(
            pk__in=[t.pk for t in requested]).order_by("edition__code"))
        return Added(
            article=article, version=version, previous=ingested.previous,
            requested=requested, new_article=ingested.created and ingested.previous is None,
            updated=tuple(t for t in others if ingested.previous is not None
                          and t.source_version_id == version.pk),
            withdrawn=tuple(t for t in others if t.state == TranslationState.WITHDRAWN))


def _editions_to_check(known: Article | None, editions: Sequence[Edition]) -> list[Edition]:
    """The chosen editions and those a new version of ``known`` would go to."""
    live = [] if known is None else [
        t.edition for t in known.translations.select_related("edition").exclude(
            state__in=[TranslationState.WITHDRAWN, TranslationState.INGESTED])]
    return list({edition.pk: edition for edition in [*editions, *live]}.values())


def _names(translations: Sequence[Translation]) -> str:
    return ", ".join(t.edition.name for t in translations)


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
