"""Two source versions of an article side by side, and the way to the segments that changed.

Each changed or added sentence links to its segment on the review screen of
every edition whose translation is on the newer version (while an edition
still translates it, the page asks again every two seconds and reloads once
the drafts are in). Long runs of unchanged sentences fold away. Every text
is escaped (``desk_markup.render``); tags show as chips, changed words as
``<del>``/``<ins>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from copydesk.desk import source_diff, sources
from copydesk.desk.models import Article, Segment, SourceVersion, Translation, TranslationState
from copydesk.desk.source_diff import Piece, Row, Unit
from copydesk.desk.templatetags.desk_markup import render as render_tagged
from copydesk.desk.views.common import DeskRequest, desk_view
from copydesk.errors import InputError, NotFoundError

FOLD_AFTER = 3  # unchanged sentences in a row shown before the rest of the run folds away
NOT_YET = (TranslationState.TRANSLATING, TranslationState.INGESTED)


@dataclass(frozen=True)
class Link:
    edition: str
    url: str


@dataclass
class ShownRow:
    row: Row
    label: str  # the block, when it is not the one of the row before
    old_html: SafeString
    new_html: SafeString
    links: list[Link] = field(default_factory=list)


@dataclass
class EditionLinks:
    """One edition's translation of the article, and where its changed segments are."""

    translation: Translation
    review: str  # its review screen
    segments: dict[str, int]  # key -> live segment id, when it translates the newer version
    first_changed: str  # the review screen at its first changed segment ("" when none)
    changed: int  # changed or added sentences with a segment there

    @property
    def ready(self) -> bool:
        return bool(self.segments)

    def link(self, key: str) -> str:
        found = self.segments.get(key)
        return f"{self.review}#seg-{found}" if found else ""


@require_GET
@desk_view()
def compare_latest(request: DeskRequest, pk: int) -> HttpResponse:
    """The latest version of the article against the one before it."""
    article = sources.find_article(pk)
    latest = article.latest_version()
    if latest is None or latest.number < 2:
        raise NotFoundError(f"Article {article.pk} has one source version only; there is "
                            "nothing to compare yet.")
    return redirect("desk:compare_versions", article.pk, latest.number - 1, latest.number)


@require_GET
@desk_view()
def compare_versions(request: DeskRequest, pk: int, a: int, b: int) -> HttpResponse:
    article = sources.find_article(pk)
    if a == b:
        raise InputError(f"Choose two different versions of article {article.pk} to compare.")
    if a > b:
        return redirect("desk:compare_versions", article.pk, b, a)
    old, new = sources.find_version(article, a), sources.find_version(article, b)
    comparison = source_diff.compare_versions(old.content, new.content)
    editions = _editions(article, new, comparison)
    waiting = any(e.translation.state in NOT_YET and e.translation.source_version_id == new.pk
                  for e in editions)
    if request.headers.get("HX-Request") and not waiting:
        done = HttpResponse(status=204)
        done["HX-Refresh"] = "true"  # the drafts are in: reload for the segment links
        return done
    rows = _shown(comparison.rows, editions)
    context = {"article": article, "old": old, "new": new, "comparison": comparison,
               "items": _folded(rows), "editions": editions, "waiting": waiting,
               "numbers": list(article.versions.order_by("number")
                               .values_list("number", flat=True))}
    return render(request, "desk/compare.html", context)


def _editions(article: Article, new: SourceVersion,
              comparison: source_diff.Comparison) -> list[EditionLinks]:
    translations = list(article.translations.select_related("edition", "source_version")
                        .order_by("edition__code"))
    ready = [t for t in translations if t.source_version_id == new.pk and t.state not in NOT_YET]
    segments: dict[int, dict[str, int]] = {t.pk: {} for t in ready}
    for translation_id, key, segment_id in (Segment.objects.filter(
            translation__in=ready, active=True).values_list("translation_id", "key", "pk")):
        segments[translation_id][key] = segment_id
    changed = comparison.changed_keys
    found = []
    for translation in translations:
        edition = EditionLinks(translation, reverse("desk:review", args=[translation.pk]),
                               segments.get(translation.pk, {}), "", 0)
        there = [k for k in changed if k in edition.segments]
        edition.first_changed = edition.link(there[0]) if there else ""
        edition.changed = len(there)
        found.append(edition)
    return found


def _shown(rows: tuple[Row, ...], editions: list[EditionLinks]) -> list[ShownRow]:
    shown, label = [], ""
    for row in rows:
        unit = row.new or row.old
        assert unit is not None  # every row has one side at least
        links = []
        if row.new is not None and row.kind in (source_diff.CHANGED, source_diff.ADDED):
            links = [Link(e.translation.edition.code, url) for e in editions
                     if (url := e.link(row.new.key))]
        shown.append(ShownRow(row, unit.label if unit.label != label else "",
                              _side(row.old, row.old_pieces, "del"),
                              _side(row.new, row.new_pieces, "ins"), links))
        label = unit.label
    return shown


def _side(unit: Unit | None, pieces: tuple[Piece, ...], mark: str) -> SafeString:
    """One side of a row: the sentence with its tags as chips, changed words in ``mark``."""
    if unit is None:
        return mark_safe("")
    if not pieces:
        return render_tagged(unit.text, unit.tags)
    out = [format_html(f"<{mark}>{{}}</{mark}>", render_tagged(p.text, unit.tags)) if p.marked
           else render_tagged(p.text, unit.tags) for p in pieces]
    return mark_safe("".join(out))  # every piece is escaped by render_tagged


def _folded(rows: list[ShownRow]) -> list[dict[str, object]]:
    """The rows, with each long run of unchanged ones folded after its first few."""
    items: list[dict[str, object]] = []
    run: list[ShownRow] = []

    def flush() -> None:
        items.extend({"row": r} for r in run[:FOLD_AFTER])
        if len(run) > FOLD_AFTER + 1:
            items.append({"fold": run[FOLD_AFTER:-1]})
            items.append({"row": run[-1]})
        else:
            items.extend({"row": r} for r in run[FOLD_AFTER:])
        run.clear()

    for row in rows:
        if row.row.kind == source_diff.SAME:
            run.append(row)
            continue
        flush()
        items.append({"row": row})
    flush()
    return items
