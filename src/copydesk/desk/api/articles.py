"""``/articles``: putting an article on the desk (or updating it), and its audit trail.

The article is read and stored as the desk's add form does (``intake``): the
same readers, the same refusals, one transaction for the article and its
translations. Sending a key the desk already has stores a new source version
when the content changed, which re-translates the editions it is on
(``sources.ingest``); an edition it is not on yet is requested, as the form
requests it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from copydesk.article import Article as SourceArticle
from copydesk.desk import audit, intake, roles, sources
from copydesk.desk.api.auth import caller
from copydesk.desk.api.errors import REFUSALS
from copydesk.desk.api.schemas import ArticleAnswer, ArticleIn, ArticleNumber, AuditTrail
from copydesk.desk.models import Article, Edition, Role, Translation, User
from copydesk.errors import InputError, NotFoundError
from copydesk.interop import ninjs

router = Router(tags=["articles"])
# A body given as data is read in the format its field names, never guessed from its content.
AS_FILE = {"html": "api.html", "text": "api.txt", "article": "api.json"}


@router.post("", response={201: ArticleAnswer, 200: ArticleAnswer, **REFUSALS})
def add_article(request: HttpRequest, payload: ArticleIn) -> Status:
    """Put an article on the desk for the editions named, or update it (the same key).

    201 when a new source version or translation was made, 200 when the desk
    had this content already.
    """
    user = caller(request)
    roles.require(user, Role.EDITOR, "add articles")  # before anything is fetched or read
    editions = _editions(payload.editions)
    source, key = intake.read_submission(_submission(payload))
    with transaction.atomic():
        before = _latest_version(key)
        on_desk = set(Translation.objects.filter(article__key=key, edition__in=editions)
                      .values_list("edition_id", flat=True))
        new = [edition for edition in editions if edition.pk not in on_desk]
        _store(source, key, new, user=user, payload=payload)
        article = Article.objects.get(key=key)
        version = article.latest_version()
        assert version is not None  # stored just now
        translations = (article.translations.filter(edition__in=editions)
                        .select_related("edition").order_by("edition__code"))
    made = bool(new) or version.number != before
    return Status(201 if made else 200, {
        "article": article.pk, "key": article.key, "version": version.number,
        "translations": [{"id": t.pk, "edition": t.edition.code, "state": t.state}
                         for t in translations]})


@router.get("/{article_id}/audit", response={200: AuditTrail, **REFUSALS})
def audit_trail(request: HttpRequest, article_id: ArticleNumber) -> HttpResponse:
    """The article's whole audit trail with its verification, as the desk exports it."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        raise NotFoundError(f"No article {article_id} on the desk; a translation names its "
                            "article's number.")
    document = audit.export(article)
    return HttpResponse(document, content_type="application/json; charset=utf-8")


def _editions(codes: Sequence[str]) -> list[Edition]:
    wanted = list(dict.fromkeys(code.strip() for code in codes))
    found = {e.code: e for e in Edition.objects.filter(code__in=wanted)}
    missing = [code for code in wanted if code not in found]
    if missing:
        raise InputError(f"No edition {', '.join(repr(c) for c in missing)} on the desk; use "
                         "the codes 'copydesk editions list' shows.")
    return [found[code] for code in wanted]


def _submission(payload: ArticleIn) -> intake.Submission:
    if payload.url is not None:
        return intake.Submission(url=payload.url, key=payload.key, language=payload.language)
    if payload.ninjs is not None and not ninjs.is_item(payload.ninjs):
        try:
            ninjs.validate(ninjs.normalized(payload.ninjs))  # names what is wrong with it
        except RecursionError:
            raise InputError("This ninjs item is nested too deeply to be a news item; send "
                             "the item itself.") from None
        raise InputError("This ninjs item has no headline or body; send a news item.")
    if payload.article is not None or payload.ninjs is not None:
        data = json.dumps(payload.article if payload.ninjs is None else payload.ninjs,
                          ensure_ascii=True).encode("ascii")
        name = AS_FILE["article"]
    else:
        given = "html" if payload.html is not None else "text"
        data = str(payload.html if given == "html" else payload.text).encode("utf-8")
        name = AS_FILE[given]
    return intake.Submission(file=io.BytesIO(data), file_name=name, key=payload.key,
                             language=payload.language)


def _latest_version(key: str) -> int:
    article = Article.objects.filter(key=key).first()
    latest = article.latest_version() if article else None
    return latest.number if latest else 0


def _store(source: SourceArticle, key: str, new: Sequence[Edition], *, user: User,
           payload: ArticleIn) -> None:
    """A new article or edition through the add form's service; else the new version only."""
    if new:
        intake.add_article(source, key, new, user=user, deadline=payload.deadline)
    else:
        sources.ingest(source, key=key, user=user)
