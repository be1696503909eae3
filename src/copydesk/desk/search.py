"""The inbox search: a translation's source title and article key, matched however the
letters of the query were typed.

Both sides are *folded* the same way: NFKC (full-width letters, ligatures and
composed or decomposed accents become one form), case folded (``STRASSE`` and
``Straße`` match), invisible characters (controls, zero-width and other format
characters) taken out and runs of spaces made one. The database's own
``LOWER``/``LIKE`` fold ASCII only on SQLite, so the folded text is stored on
the translation (``search_text``, made from the source version named in
``search_source``) and the query matches it with plain substring tests: each
word of the query must occur. ``refresh`` brings the stored text up to date
with each translation's current source version before a search.

A query has at most ``MAX_QUERY_CHARS`` characters and ``MAX_TERMS`` words,
so one search costs at most a bounded number of substring tests per row.
"""

from __future__ import annotations

import unicodedata

from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.fields.json import KeyTextTransform

from copydesk.desk.models import Translation
from copydesk.errors import InputError

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
_INVISIBLE = ("Cc", "Cf", "Cs", "Co", "Cn")  # control, format, surrogate, private, unassigned


def fold(text: str) -> str:
    """``text`` as the search compares it (see the module's description)."""
    normal = unicodedata.normalize("NFKC", _visible(text))
    return " ".join(unicodedata.normalize("NFKC", normal.casefold()).split())


def shown(query: str) -> str:
    """The query as the filter form shows it again: NFC, invisible characters out, one space
    between words."""
    return " ".join(unicodedata.normalize("NFC", _visible(query)).split())


def _visible(text: str) -> str:
    return "".join(" " if c.isspace() else c for c in text
                   if c.isspace() or unicodedata.category(c) not in _INVISIBLE)


def terms(query: str) -> list[str]:
    """The words a query must all match, or ``InputError`` for a query over the limits."""
    if len(query) > MAX_QUERY_CHARS:
        raise InputError(f"The search has {len(query)} characters; use at most "
                         f"{MAX_QUERY_CHARS} (a few words of the title or the key).")
    words = list(dict.fromkeys(fold(query).split()))
    if len(words) > MAX_TERMS:
        raise InputError(f"The search has {len(words)} words; use at most {MAX_TERMS}.")
    return words


def matching(translations: QuerySet[Translation], words: list[str]) -> QuerySet[Translation]:
    """The translations whose folded title or key holds every word (call ``refresh`` first)."""
    for word in words:
        translations = translations.filter(search_text__contains=word)
    return translations


def searchable(title: str, key: str) -> str:
    return fold(f"{title} {key}")


def refresh() -> int:
    """Fold the title and key of every translation whose source version changed since its
    search text was made; how many were brought up to date (usually none: one query)."""
    stale = Translation.objects.exclude(search_source=F("source_version_id"))
    if not stale.exists():
        return 0
    with transaction.atomic():  # rows locked in id order: concurrent refreshes never deadlock
        rows = list(stale.select_for_update(of=("self",)).order_by("pk").annotate(
            title=KeyTextTransform("title", "source_version__content")).values_list(
            "pk", "source_version_id", "title", "article__key"))
        updated = [Translation(pk=pk, search_source=version,
                               search_text=searchable(title or "", key))
                   for pk, version, title, key in rows]
        Translation.objects.bulk_update(updated, ["search_text", "search_source"],
                                        batch_size=500)
    return len(updated)
