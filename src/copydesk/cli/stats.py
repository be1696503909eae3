"""``copydesk stats``: what machine translation saves the desk, as a table or JSON.

The same figures as the desk's metrics page (``copydesk.desk.metrics``), on
the same database as the web desk.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from copydesk.cli.common import load_settings

if TYPE_CHECKING:
    from copydesk.desk.metrics import CheckFigures, Figures, Report

COLUMNS = (("translations", "transl."), ("machine_segments", "mt segs"), ("words", "words"),
           ("hter", "HTER"), ("char_edit_ratio", "chars"),
           ("confirmed_unchanged_share", "unchanged"),
           ("review_seconds_per_100_words", "s/100w"), ("minutes_to_review", "to review"),
           ("minutes_review_to_publish", "to publish"), ("minutes_to_publish", "total"))


@click.command("stats")
@click.option("--edition", default="", help="Only this edition (its code, e.g. de).")
@click.option("--engine", default="", help="Only translations made by this engine.")
@click.option("--since", default="", metavar="YYYY-MM-DD", help="First day of publication.")
@click.option("--until", default="", metavar="YYYY-MM-DD", help="Last day of publication.")
@click.option("--by", type=click.Choice(["day", "week", "month"]), default="week",
              show_default=True, help="Periods of publication to group by.")
@click.option("--in-review", is_flag=True,
              help="Also count translations still in review or approved.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(edition: str, engine: str, since: str, until: str, by: str, in_review: bool,
          as_json: bool) -> None:
    """Post-edit distance, review time, turnaround and check precision of the desk.

    HTER and the character edit ratio are corpus-level over the segments the
    engine wrote; review time is active seconds per 100 source words;
    turnaround is the median in minutes from the request to review, from
    review to first publication, and in total. No figures are per person.
    """
    from copydesk.desk import bootstrap

    bootstrap.setup(load_settings())
    from copydesk.desk import metrics

    filters = metrics.Filters.parse(edition=edition, engine=engine, since=since, until=until,
                                    by=by, in_review=in_review)
    found = metrics.report(filters)
    if as_json:
        click.echo(json.dumps(found.to_dict(), indent=2, ensure_ascii=False))
        return
    _table(found)


def _table(found: Report) -> None:
    click.echo(f"{'':<24}" + "".join(f"{head:>11}" for _, head in COLUMNS))
    sections: tuple[tuple[str, tuple[Figures, ...]], ...] = (
        ("all", (found.total,)), ("edition", found.editions), ("engine", found.engines),
        (f"per {found.filters.by}", found.periods))
    for title, rows in sections:
        if title != "all":
            click.echo(f"{title}:" if rows else f"{title}: none")
        for figures in rows:
            click.echo(_row(figures))
    _checks(found.checks)


def _row(figures: Figures) -> str:
    data = figures.to_dict()
    return f"{figures.label[:23]:<24}" + "".join(f"{_cell(data[key]):>11}" for key, _ in COLUMNS)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def _checks(checks: tuple[CheckFigures, ...]) -> None:
    if not checks:
        click.echo("checks: none flagged a machine draft")
        return
    click.echo(f"{'checks:':<24}{'flagged':>11}{'edited':>11}{'precision':>11}")
    for check in checks:
        click.echo(f"{check.check[:23]:<24}{check.flagged:>11}{check.edited:>11}"
                   f"{check.precision:>11.2f}")
