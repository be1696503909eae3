"""``copydesk feeds``: RSS and Atom feeds whose items come onto the desk by themselves."""

from __future__ import annotations

from typing import Any

import click

from copydesk.cli.common import DeskGroup, load_settings

ERROR_CHARS = 70


def _desk() -> Any:
    """The feed services, imported only once Django is set up (they load models)."""
    from copydesk.desk import bootstrap

    bootstrap.setup(load_settings())
    from copydesk.desk import feeds as desk_feeds

    return desk_feeds


@click.group(cls=DeskGroup)
def feeds() -> None:
    """Bring a feed's stories onto the desk, polled by 'copydesk worker'."""


@feeds.command("add")
@click.argument("url")
@click.option("--edition", "editions", multiple=True, required=True,
              help="An edition to translate new items into; repeat for several.")
@click.option("--as", "owner", required=True,
              help="The editor the feed acts as (their name is on its articles' trail).")
@click.option("--language", default="",
              help="The items' language (default: the feed's own, else detected per item).")
@click.option("--every", "interval", type=int, default=15, show_default=True,
              help="Minutes between polls.")
def add_feed(url: str, editions: tuple[str, ...], owner: str, language: str,
             interval: int) -> None:
    """Poll the RSS or Atom feed at URL; it is read once now to check it."""
    desk = _desk()
    from copydesk.desk import staff

    feed = desk.add_feed(url, editions, owner=staff.find_person(owner), language=language,
                         interval_minutes=interval)
    click.echo(f"Feed {feed.pk} ({feed.title or feed.url}) is polled every "
               f"{feed.interval_minutes} min by 'copydesk worker'; new items go to "
               f"{', '.join(editions)}. 'copydesk feeds poll {feed.pk}' reads it now.")


@feeds.command("list")
def list_feeds() -> None:
    """List the feeds: number, state, interval, editions, last poll and address."""
    found = _desk().feeds()
    if not found:
        click.echo("No feeds yet; add one with 'copydesk feeds add URL --edition CODE --as "
                   "EDITOR'.")
    for feed in found:
        state = "active" if feed.active else "removed"
        polled = feed.last_polled_at.strftime("%Y-%m-%d %H:%M") if feed.last_polled_at else "never"
        codes = ",".join(edition.code for edition in feed.editions.all())
        click.echo(f"{feed.pk:<5} {state:<8} {feed.interval_minutes:>4} min  {codes:<12} "
                   f"{polled:<16} {feed.url}")
        if feed.last_error:
            error = feed.last_error
            click.echo(f"      last error: {error[:ERROR_CHARS]}"
                       f"{'…' if len(error) > ERROR_CHARS else ''}")


@feeds.command("poll")
@click.argument("feed_ids", metavar="[FEED]...", nargs=-1, type=int)
def poll_feeds(feed_ids: tuple[int, ...]) -> None:
    """Read the feeds now (every active one when none is named)."""
    desk = _desk()
    chosen = list(feed_ids) or [feed.pk for feed in desk.feeds() if feed.active]
    if not chosen:
        raise click.ClickException("No feeds on the desk; add one with 'copydesk feeds add'.")
    for feed_id in chosen:
        report = desk.poll(feed_id)
        click.echo(report.summary())
        for key, reason in report.failed:
            click.echo(f"  {key}: {reason}", err=True)


@feeds.command("remove")
@click.argument("feed_id", metavar="FEED", type=int)
def remove_feed(feed_id: int) -> None:
    """Stop polling FEED; the articles it brought stay on the desk."""
    feed = _desk().remove_feed(feed_id)
    click.echo(f"Feed {feed.pk} ({feed.url}) is no longer polled.")
