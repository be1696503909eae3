"""``/wordpress``: pulling a post from a configured WordPress site onto the desk.

The same service as ``copydesk wordpress pull`` and the add form
(``desk.wordpress.pull``): the post's site and id are the article's key, so
pulling it again is an update (a new source version when it changed, nothing
when it did not), with the same refusals.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.params import functions as params

from copydesk.desk import wordpress
from copydesk.desk.api.auth import caller
from copydesk.desk.api.errors import REFUSALS
from copydesk.desk.api.schemas import MAX_EDITIONS, ArticleAnswer, Moment, Text

router = Router(tags=["wordpress"])
SiteName = Annotated[str, params.Path(min_length=1, max_length=64,
                                      description="The site's name, as 'copydesk wordpress "
                                                  "sites' lists it.")]


class PullIn(Schema):
    post: Text = Field(min_length=1, max_length=2000,
                       description="The post's id, or its link on the site.")
    editions: list[Text] = Field([], max_length=MAX_EDITIONS,
                                 description="Codes of the editions to translate into; needed "
                                             "when the post is not on the desk yet.")
    language: Text = Field("", max_length=16,
                           description="The post's language; detected when empty.")
    deadline: Moment | None = None


@router.post("/{site}/pull", response={201: ArticleAnswer, 200: ArticleAnswer, **REFUSALS})
def pull_post(request: HttpRequest, site: SiteName, payload: PullIn) -> Status:
    """Put a post of the site on the desk, or update the article it became (pulled again).

    201 when a new source version or translation was made, 200 when the desk
    had this content already.
    """
    added = wordpress.pull(site, payload.post, payload.editions, user=caller(request),
                           language=payload.language, deadline=payload.deadline)
    translations = added.article.translations.select_related("edition").order_by(
        "edition__code")
    return Status(201 if added.stored else 200, {
        "article": added.article.pk, "key": added.article.key,
        "version": added.version.number,
        "translations": [{"id": t.pk, "edition": t.edition.code, "state": t.state}
                         for t in translations]})
