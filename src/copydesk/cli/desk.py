"""Desk commands: ``copydesk audit verify|checkpoint|export`` and ``copydesk worker``.

They set up the embedded desk (``copydesk.desk.bootstrap.setup``) with the
command's settings, so they work on the same database as the web desk:
SQLite in the copydesk home folder, or ``DATABASE_URL``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from copydesk.cli.common import DeskGroup, load_settings

if TYPE_CHECKING:
    from copydesk.desk.audit import VerifyResult


def _desk() -> None:
    from copydesk.desk import bootstrap

    bootstrap.setup(load_settings())


@click.group(cls=DeskGroup)
def audit() -> None:
    """Check and export an article's tamper-evident audit trail."""


@audit.command("verify")
@click.argument("article", required=False)
@click.option("--all", "every", is_flag=True,
              help="Verify every article's trail, and every article a checkpoint anchored.")
def verify_trail(article: str | None, every: bool) -> None:
    """Check ARTICLE's audit trail (its number or key), or every trail with --all.

    Recomputes the hash chain, compares it with the latest signed checkpoint,
    and checks source versions, revisions, overrides and publications against
    what the trail recorded. Exit status 1 when anything was altered.
    """
    if (article is None) != every:
        raise click.UsageError("Give an ARTICLE (its number or key), or --all.")
    _desk()
    from copydesk.desk import audit as trail
    from copydesk.desk.sources import find_article

    if every:
        report = trail.verify_all()
    else:
        report = trail.TrailReport([trail.verify(find_article(str(article)))])
    for problem in report.problems:
        click.echo(f"Altered: {problem}", err=True)
    for note in [*report.notes, *(n for r in report.results for n in r.notes)]:
        click.echo(f"Note: {note}", err=True)
    for result in report.results:
        _show(result)
    if every:
        altered = sum(1 for r in report.results if not r.ok)
        click.echo(f"{len(report.results)} article(s) verified, {altered} altered.")
    if not report.ok:
        raise click.exceptions.Exit(1)


def _show(result: VerifyResult) -> None:
    if result.ok:
        anchored = (f"anchored up to event {result.anchored}" if result.anchored is not None
                    else "not anchored by a checkpoint")
        click.echo(f"{result.article}: {result.events} events, chain intact, {anchored} "
                   f"(head {result.head}).")
        return
    click.echo(f"{result.article}: the audit trail was altered.", err=True)
    for problem in result.problems:
        click.echo(f"  - {problem}", err=True)


@audit.command("checkpoint")
def write_checkpoint() -> None:
    """Sign and append a checkpoint of every trail that grew, and send waiting ones on.

    For cron; the worker also writes one every audit_checkpoint_minutes, and
    every publication writes one. Needs COPYDESK_AUDIT_KEY in the environment.
    """
    _desk()
    from copydesk.desk import checkpoints

    outcome = checkpoints.write("manual")
    click.echo(outcome.message, err=outcome.number is None)
    failed = checkpoints.deliver_pending() if checkpoints.checkpoint_file.keyring().current else []
    for line in [*outcome.problems, *failed]:
        click.echo(f"  - {line}", err=True)
    if outcome.problems or failed:
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
    """Run the desk's background worker (machine translation and other tasks).

    Run as many as you like, on any machine that reaches the database (and,
    with COPYDESK_TASK_BACKEND=rq, the Redis server at COPYDESK_REDIS_URL):
    the task of a worker that stops answering is taken over by another.
    """
    from copydesk.desk import redis_check

    settings = load_settings()
    redis_check.require_answer(settings)  # before the desk's database is touched
    _desk()
    from copydesk.desk import worker as desk_worker

    desk_worker.run(settings, batch=batch)
