"""The metrics page and its CSV export: what machine translation saves (``desk.metrics``).

The charts are SVG drawn here (pygal, its scripts left out), shown as images
from ``data:`` addresses, so they read without JavaScript, under the desk's
policy that runs no inline code, and run nothing even when opened on their
own. Their text (edition names included) is written by the XML serialiser,
which escapes it. CSV cells that a spreadsheet would take for a formula get
a leading quote.
"""

from __future__ import annotations

import base64
import csv
from dataclasses import dataclass
from typing import Any

import pygal
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from copydesk.desk import metrics
from copydesk.desk.models import Edition, Translation
from copydesk.desk.views.common import DeskRequest, desk_view
from copydesk.errors import InputError

FILTERS = ("edition", "engine", "since", "until", "by")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FIGURE_COLUMNS = ("translations", "machine_segments", "words", "hter", "char_edit_ratio",
                  "confirmed_unchanged_share", "review_seconds_per_100_words",
                  "minutes_to_review", "minutes_review_to_publish", "minutes_to_publish")
CHECK_COLUMNS = ("flagged", "edited", "precision")


@dataclass(frozen=True)
class Chart:
    """One chart of the figures per period: its title and the series drawn."""

    name: str
    title: str
    series: tuple[tuple[str, str], ...]  # (legend, Figures field)


CHARTS = (
    Chart("hter", "Post-edit distance (per 100 words or characters)",
          (("HTER", "hter"), ("Character edit ratio", "char_edit_ratio"))),
    Chart("review-time", "Active review seconds per 100 source words",
          (("Seconds per 100 words", "review_seconds_per_100_words"),)),
    Chart("turnaround", "Median turnaround in minutes",
          (("Requested to review", "minutes_to_review"),
           ("Review to publication", "minutes_review_to_publish"))),
)


def _filters(request: DeskRequest) -> metrics.Filters:
    values = {name: request.GET.get(name, "") for name in FILTERS}
    return metrics.Filters.parse(**values, in_review=request.GET.get("in_review") == "1")


def _choices() -> dict[str, Any]:
    engines = (Translation.objects.exclude(engine="").order_by("engine")
               .values_list("engine", flat=True).distinct())
    return {"editions": Edition.objects.order_by("code"), "engines": list(engines),
            "buckets": metrics.BUCKETS}


@require_GET
@desk_view()
def metrics_page(request: DeskRequest) -> HttpResponse:
    """Figures per edition, engine, check and period, with charts per period."""
    form: dict[str, Any] = {name: request.GET.get(name, "") for name in FILTERS}
    form["in_review"] = request.GET.get("in_review") == "1"
    try:
        found = metrics.report(_filters(request))
    except InputError as error:
        return render(request, "desk/metrics.html", {**_choices(), "form": form,
                                                     "error": error}, status=400)
    tables = [("All selected translations", "Selection", (found.total,)),
              ("Per edition", "Edition", found.editions), ("Per engine", "Engine", found.engines),
              (f"Per {found.filters.by} of publication", "Period", found.periods)]
    charts = [{"chart": chart, "src": _data_address(_svg(chart, found))} for chart in CHARTS]
    return render(request, "desk/metrics.html", {
        **_choices(), "form": form, "report": found, "tables": tables, "charts": charts,
        "query": request.GET.urlencode()})


@require_GET
@desk_view()
def metrics_csv(request: DeskRequest) -> HttpResponse:
    """The same figures as one CSV table (a bad filter: 400 with the message as text)."""
    try:
        found = metrics.report(_filters(request))
    except InputError as error:
        return HttpResponse(f"{error}\n", status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="copydesk-metrics.csv"'
    writer = csv.writer(response)
    writer.writerow(("group", "key", "label", *FIGURE_COLUMNS, *CHECK_COLUMNS))
    groups = (("total", (found.total,)), ("edition", found.editions),
              ("engine", found.engines), ("period", found.periods))
    for group, rows in groups:
        for figures in rows:
            data = figures.to_dict()
            writer.writerow(_guarded([group, figures.key, figures.label,
                                      *(data[c] for c in FIGURE_COLUMNS),
                                      *("" for _ in CHECK_COLUMNS)]))
    for check in found.checks:
        writer.writerow(_guarded(["check", check.check, check.check,
                                  *("" for _ in FIGURE_COLUMNS),
                                  check.flagged, check.edited, check.precision]))
    return response


def _guarded(cells: list[Any]) -> list[str]:
    """Cells as text; one a spreadsheet would run as a formula starts with a quote."""
    texts = ["" if cell is None else str(cell) for cell in cells]
    return [f"'{text}" if text.startswith(FORMULA_STARTS) else text for text in texts]


def _svg(chart: Chart, found: metrics.Report) -> str:
    """The chart per period as a standalone SVG document with no scripts."""
    edition = found.editions[0].label if found.filters.edition and found.editions else ""
    title = f"{chart.title}, per {found.filters.by}" + (f" · {edition}" if edition else "")
    drawn = pygal.Bar(js=[], title=title, width=720, height=320, show_legend=True,
                      legend_at_bottom=True, x_label_rotation=0, print_values=False,
                      no_data_text="No translations in this period")
    drawn.x_labels = [period.label for period in found.periods]
    for legend, name in chart.series:
        drawn.add(legend, [getattr(period, name) for period in found.periods])
    drawn.add_xml_filter(_without_scripts)
    return str(drawn.render(is_unicode=True))


def _without_scripts(root: Any) -> Any:
    for node in list(root.iter("script", "{http://www.w3.org/2000/svg}script")):
        node.getparent().remove(node)
    return root


def _data_address(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
