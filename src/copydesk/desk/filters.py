"""What a list of translations can be narrowed to: the inbox's filter form and the API's list.

``parse`` reads the filters from what a form or a query string gave (every
value a string) against an allowlist of forms, and says in one message what
is wrong with each value it cannot use; ``narrow`` applies them to a
queryset. The inbox (``sheet.inbox``) and ``GET /api/v1/translations`` both
go through here, so a filter means the same everywhere:

- ``edition``: an edition code;
- ``state``: a workflow state (``in_review``, ``approved`` ...);
- ``assigned``: ``me`` (the person asking), ``none`` (nobody) or a user name;
- ``overdue``: past its deadline and neither published nor withdrawn;
- ``open_comments``: at least one unresolved comment on a live segment;
- ``q``: words of the title or the article key (``desk.search``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q, QuerySet

from copydesk.desk import search
from copydesk.desk.models import Comment, Translation, TranslationState, User
from copydesk.errors import InputError

ME, NOBODY = "me", "none"
DONE = (TranslationState.PUBLISHED, TranslationState.WITHDRAWN)
SECTIONS = ("review", "ready", "others")  # the inbox's lists, each paged on its own
MAX_PAGE = 100_000
_EDITION = re.compile(r"[-a-zA-Z0-9_]{1,32}")  # an edition code is an ASCII slug
_USERNAME = re.compile(r"[\w.@+-]{1,150}")  # what Django's user name validator allows
_PAGE = re.compile(r"[0-9]{1,6}")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")


@dataclass(frozen=True)
class Filters:
    """The filters chosen; the defaults narrow nothing."""

    edition: str = ""
    state: str = ""
    assigned: str = ""  # "", ME, NOBODY or a user name
    overdue: bool = False
    open_comments: bool = False
    q: str = ""  # as typed (normalised), for the form
    words: tuple[str, ...] = ()  # what the search matches
    pages: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    @property
    def active(self) -> bool:
        return bool(self.edition or self.state or self.assigned or self.overdue
                    or self.open_comments or self.words)

    def page(self, section: str) -> int:
        return dict(self.pages).get(section, 1)

    def query(self, **pages: int) -> str:
        """The filters (and pages given) as a query string, for links and the list's polling."""
        chosen = {"edition": self.edition, "state": self.state, "assigned": self.assigned,
                  "overdue": "1" if self.overdue else "", "open_comments":
                  "1" if self.open_comments else "", "q": self.q}
        chosen.update({f"{name}_page": str(number)
                       for name, number in {**dict(self.pages), **pages}.items()
                       if number > 1})
        return urlencode({k: v for k, v in chosen.items() if v})

    def on_page(self, section: str, number: int) -> Filters:
        return replace(self, pages=tuple({**dict(self.pages), section: number}.items()))


def parse(given: Mapping[str, str]) -> Filters:
    """The filters in ``given`` (a form's or a query string's values), or ``InputError``."""
    problems: list[str] = []
    text = {key: unicodedata.normalize("NFKC", str(given.get(key) or "")).strip()
            for key in ("edition", "state", "assigned", "overdue", "open_comments")}
    if text["edition"] and not _EDITION.fullmatch(text["edition"]):
        problems.append("the edition is not an edition code (such as 'de' or 'fr-ca')")
    if text["state"] and text["state"] not in TranslationState.values:
        problems.append(f"the state is one of {', '.join(TranslationState.values)}")
    if text["assigned"] and not _USERNAME.fullmatch(text["assigned"]):
        problems.append(f"'assigned' is '{ME}', '{NOBODY}' or a user name")
    flags = {key: _flag(text[key], key, problems) for key in ("overdue", "open_comments")}
    query = str(given.get("q") or "")
    try:
        words = tuple(search.terms(query))
    except InputError as error:
        problems.append(str(error).rstrip(".").lower())
        words = ()
    pages = tuple((name, _page(given.get(f"{name}_page"), name, problems))
                  for name in SECTIONS if given.get(f"{name}_page"))
    if problems:
        raise InputError(f"These filters cannot be used: {'; '.join(problems)}. Change them, "
                         "or clear the filters.")
    return Filters(edition=text["edition"], state=text["state"], assigned=text["assigned"],
                   q=search.shown(query) if words else "", words=words, pages=pages,
                   **flags)


def _flag(value: str, name: str, problems: list[str]) -> bool:
    if value.lower() in _TRUE:
        return True
    if value.lower() not in _FALSE:
        problems.append(f"'{name}' is 1 or 0")
    return False


def _page(value: str | None, name: str, problems: list[str]) -> int:
    raw = str(value or "")
    if not _PAGE.fullmatch(raw) or not 1 <= int(raw) <= MAX_PAGE:
        problems.append(f"the page of '{name}' is a number from 1 to {MAX_PAGE}")
        return 1
    return int(raw)


def narrow(translations: QuerySet[Translation], chosen: Filters, *, user: User,
           now: datetime) -> QuerySet[Translation]:
    """``translations`` with the filters applied (the search text refreshed when searching)."""
    if chosen.edition:
        translations = translations.filter(edition__code=chosen.edition)
    if chosen.state:
        translations = translations.filter(state=chosen.state)
    if chosen.assigned == ME:
        translations = translations.filter(assigned_to=user)
    elif chosen.assigned == NOBODY:
        translations = translations.filter(assigned_to__isnull=True)
    elif chosen.assigned:
        translations = translations.filter(assigned_to__username=chosen.assigned)
    if chosen.overdue:
        translations = translations.filter(deadline__lt=now).exclude(state__in=DONE)
    if chosen.open_comments:
        translations = translations.filter(Exists(open_comments(OuterRef("pk"))))
    if chosen.words:
        search.refresh()
        translations = search.matching(translations, list(chosen.words))
    return translations


def open_comments(translation: OuterRef | int) -> QuerySet[Comment]:
    """The unresolved comments on a translation's live segments (as approval counts them)."""
    return Comment.objects.filter(Q(segment__translation=translation), segment__active=True,
                                  resolved_at__isnull=True)


def is_overdue(translation: Translation, now: datetime) -> bool:
    return (translation.deadline is not None and translation.deadline < now
            and translation.state not in DONE)
