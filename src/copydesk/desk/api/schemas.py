"""What the API takes and gives, as the OpenAPI document describes it.

These schemas check only the shape of a request: types, which fields are
there, ids and versions within what the database stores, and strings free of
NUL characters and lone surrogates (no database stores those). Whether a
step is allowed is for the desk's services to say, as for the web pages.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from ninja.params import functions as params
from pydantic import AfterValidator, AwareDatetime, ConfigDict, Field, model_validator

from copydesk.desk.models import SegmentState, TranslationState

MAX_ID = 2**63 - 1  # a 64-bit primary key
MAX_VERSION = 2**31 - 1  # a segment version is a positive 32-bit integer
MAX_EDITIONS = 100
MAX_PAGE = 200
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable(value: str) -> str:
    if _UNSTORABLE.search(value):
        raise ValueError("has a NUL character or a lone surrogate, which is not text; "
                         "remove it")
    return value


def _storable_time(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of the range of dates the desk stores") from None


Text = Annotated[str, AfterValidator(_storable)]
Version = Annotated[int, Field(ge=0, le=MAX_VERSION,
                               description="The segment version the change is made on.")]
Moment = Annotated[AwareDatetime, AfterValidator(_storable_time)]
Format = Literal["html", "fragment", "md", "json", "ninjs", "ninjs1"]
# The number (database id) of each thing, as a path parameter.
ArticleNumber = Annotated[int, params.Path(ge=1, le=MAX_ID, description="The article's number.")]
TranslationNumber = Annotated[int, params.Path(ge=1, le=MAX_ID,
                                               description="The translation's number.")]
SegmentNumber = Annotated[int, params.Path(ge=1, le=MAX_ID, description="The segment's number.")]
PublicationNumber = Annotated[int, params.Path(ge=1, le=MAX_ID,
                                               description="The publication's number.")]


class ArticleIn(Schema):
    """A source article for the desk: exactly one of ``url``, ``html``, ``text``, ``article``,
    ``ninjs``."""

    url: Text | None = Field(None, description="An http(s) address the desk fetches.")
    html: Text | None = Field(None, description="A page or a CMS body field, as HTML.")
    text: Text | None = Field(None, description="Plain text: the title on the first line.")
    article: dict[str, Any] | None = Field(
        None, description="copydesk's article JSON (title, blocks ...), as "
                          "copydesk.article.Article.to_dict() writes it.")
    ninjs: dict[str, Any] | None = Field(
        None, description="A ninjs 1.x or 2.x news item (IPTC), checked against its schema; "
                          "its uri is the default key.")
    key: Text = Field("", description="The article's URL or CMS id: sending the same key "
                                      "again is an update. Default: the URL, or one made "
                                      "from the content.")
    language: Text = Field("", description="The source language; detected when empty.")
    editions: list[Text] = Field(min_length=1, max_length=MAX_EDITIONS,
                                 description="Codes of the editions to translate into.")
    deadline: Moment | None = None

    @model_validator(mode="after")
    def _one_source(self) -> ArticleIn:
        given = [self.url, self.html, self.text, self.article, self.ninjs]
        if sum(value is not None for value in given) != 1:
            raise ValueError("give exactly one of 'url', 'html', 'text', 'article' or 'ninjs'")
        return self


class SegmentEdit(Schema):
    target: Text
    version: Version


class SegmentConfirm(Schema):
    version: Version
    target: Text | None = Field(None, description="A text to save first, as the review "
                                                  "screen's confirm does.")


class OverrideIn(Schema):
    check: Text = Field(description="The check that raised the issue, e.g. 'numbers'.")
    issue: Text = Field(description="The issue's id, as the segment lists it.")
    reason: Text = Field(description="Why the issue is not a problem in this sentence.")
    version: Version


class ApproveIn(Schema):
    reason: Text = Field("", description="Needed only when a second editor approves a review "
                                         "whose evidence the edition's policy blocks.")


class ReasonIn(Schema):
    reason: Text


class TranslationRef(Schema):
    id: int
    edition: str
    state: TranslationState


class AssignIn(Schema):
    """Who should work on the translation: an editor's user name, or ``null`` for nobody."""

    user: Text | None = Field(description="The editor's user name; null gives it back.")
    reassign: bool = Field(False, description="Needed to take it off the editor who has it "
                                              "(the publisher role may do so).")


class AssignmentOut(Schema):
    id: int
    edition: str
    state: TranslationState
    assigned_to: str | None
    assigned_at: datetime | None


class ArticleAnswer(Schema):
    article: int
    key: str
    version: int
    translations: list[TranslationRef]


class ArticleRef(Schema):
    id: int
    key: str


class EditionRef(Schema):
    code: str
    name: str
    language: str


class TranslationItem(Schema):
    id: int
    article: ArticleRef
    edition: str
    state: TranslationState
    source_version: int
    deadline: datetime | None
    overdue: bool = Field(description="Past its deadline and neither published nor withdrawn.")
    assigned_to: str | None
    risk: float
    confirmed: int
    total: int
    open_comments: int = Field(description="Unresolved comments on its live segments.")
    updated_at: datetime


class TranslationPage(Schema):
    count: int
    items: list[TranslationItem]


class Progress(Schema):
    confirmed: int
    total: int
    open_issues: int
    open_blockers: int


class IssueOut(Schema):
    """A check's finding; its other fields (spans, a suggested fix) come along."""

    model_config = ConfigDict(extra="allow")

    id: str
    check: str
    severity: str
    message: str
    overridden: bool


class SegmentOut(Schema):
    id: int
    key: str
    position: int
    source: str
    target: str
    machine: str = Field(description="The text as the draft gave it to the editors.")
    version: int
    state: SegmentState
    confirmed: bool
    confirmed_by: str | None
    confirmed_at: datetime | None
    origin: str
    risk: float
    needs_work: bool
    issues: list[IssueOut]


class SegmentAnswer(Schema):
    segment: SegmentOut
    progress: Progress


class OverrideAnswer(Schema):
    override: int
    segment: SegmentOut


class PublicationRef(Schema):
    id: int
    kind: str
    published_at: datetime
    source_version: int
    formats: list[str]


class TranslationOut(Schema):
    id: int
    article: ArticleRef
    edition: EditionRef
    state: TranslationState
    source_version: int
    deadline: datetime | None
    assigned_to: str | None
    risk: float
    engine: str
    machine_translated: bool
    warnings: list[Any]
    error: str
    progress: Progress
    problems: list[str] = Field(description="What stands between it and approval (the "
                                            "publish gate's reasons); empty when nothing does.")
    evidence: dict[str, Any] | None = Field(description="The review evidence against the "
                                                        "edition's policy, while in review.")
    segments: list[SegmentOut]
    publications: list[PublicationRef]


class AuditTrail(Schema):
    """The article's audit trail and its verification, as ``copydesk audit export`` gives it."""

    article: ArticleRef
    hash_rule: str
    verification: dict[str, Any]
    events: list[dict[str, Any]]
