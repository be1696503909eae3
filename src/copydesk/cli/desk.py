"""Desk commands: ``copydesk audit verify|export`` and ``copydesk worker``.

They set up the embedded desk (``copydesk.desk.bootstrap.setup``) with the
command's settings, so they work on the same database as the web desk:
SQLite in the copydesk home folder, or ``DATABASE_URL``.
"""

from __future__ import annotations

from pathlib import Path

import click

from copydesk.cli.common import DeskGroup, load_settings


def _desk() -> None:
    from copydesk.desk import bootstrap

    bootstrap.setup(load_settings())


@click.group(cls=DeskGroup)
def audit() -> None:
    """Check and export an article's tamper-evident audit trail."""


@audit.command("verify")
@click.argument("article")
def verify_trail(article: str) -> None:
    """Recompute ARTICLE's hash chain (ARTICLE: its number or key); exit 1 if it was altered."""
    _desk()
    from copydesk.desk import audit as trail
    from copydesk.desk.sources import find_article

    result = trail.verify(find_article(article))
    if result.ok:
        click.echo(f"{result.article}: {result.events} events, chain intact (head {result.head}).")
        return
    click.echo(f"{result.article}: the audit trail was altered.", err=True)
    for problem in result.problems:
        click.echo(f"  - {problem}", err=True)
    raise click.exceptions.Exit(1)


@audit.command("export")
@click.argument("article")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the JSON to this file instead of standard output.")
def export_trail(article: str, output: Path | None) -> None:
    """Export ARTICLE's audit trail with its verification as JSON."""
    _desk()
    from copydesk.desk import audit as trail
    from copydesk.desk.sources import find_article
    from copydesk.publish.files import write_atomic

    text = trail.export(find_article(article))
    if output is None:
        click.echo(text)
    else:
        write_atomic(output, text + "\n")
        click.echo(f"Wrote {output}.", err=True)


@click.command("worker")
@click.option("--batch", is_flag=True, help="Run the waiting tasks, then stop.")
def worker(batch: bool) -> None:
    """Run the desk's background worker (machine translation and other tasks)."""
    _desk()
    from django.core.management import call_command

    options = {"batch": batch, "reload": False, "startup_delay": not batch}
    call_command("db_worker", **options)
