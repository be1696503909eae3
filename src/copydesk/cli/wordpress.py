"""``copydesk wordpress``: pull posts from WordPress sites and publish translations to them."""

from __future__ import annotations

from typing import Any

import click

from copydesk.cli.common import DeskGroup, load_settings

ERROR_CHARS = 70


def _desk() -> Any:
    """The WordPress services, imported only once Django is set up (they load models)."""
    from copydesk.desk import bootstrap

    bootstrap.setup(load_settings())
    from copydesk.desk import wordpress as desk_wordpress

    return desk_wordpress


@click.group(cls=DeskGroup)
def wordpress() -> None:
    """WordPress sites: pull posts in, publish translations out (by 'copydesk worker')."""


@wordpress.command("add-site")
@click.argument("name")
@click.argument("url")
@click.option("--user", required=True, help="The WordPress user the desk signs in as.")
@click.option("--password-env", required=True, metavar="VARIABLE",
              help="The NAME of the environment variable holding the user's application "
                   "password (the password itself is never stored).")
@click.option("--edition", default="", help="Publish this edition's translations here.")
@click.option("--status", "post_status", type=click.Choice(["draft", "publish"]),
              default="draft", show_default=True, help="The status of the posts it makes.")
def add_site(name: str, url: str, user: str, password_env: str, edition: str,
             post_status: str) -> None:
    """Register the WordPress site at URL as NAME."""
    site = _desk().add_site(name, url, user=user, password_env=password_env,
                            edition_code=edition, post_status=post_status)
    target = (f"; the {site.edition.name}'s translations are published there as "
              f"{site.post_status} posts" if site.edition else "")
    click.echo(f"Site {site.name} ({site.url}) added as {site.user}{target}. Set "
               f"{site.password_env} for the desk and its worker, then check it with "
               f"'copydesk wordpress test {site.name}'.")


@wordpress.command("sites")
def list_sites() -> None:
    """List the sites: name, edition, post status, user, password variable and address."""
    found = _desk().sites()
    if not found:
        click.echo("No WordPress sites yet; add one with 'copydesk wordpress add-site NAME URL "
                   "--user USER --password-env VARIABLE'.")
    for site in found:
        edition = site.edition.code if site.edition else "-"
        click.echo(f"{site.name:<16} {edition:<8} {site.post_status:<8} {site.user:<16} "
                   f"${site.password_env:<20} {site.url}")


@wordpress.command("test")
@click.argument("name")
def test_site(name: str) -> None:
    """Sign in to the site NAME and say who the desk is there."""
    me = _desk().test_site(name)
    click.echo(f"Signed in to {name} as {me['name']} (user {me['id']}; "
               f"{', '.join(me['roles']) or 'no role'}).")


@wordpress.command("pull")
@click.argument("site")
@click.argument("post")
@click.option("--as", "editor", required=True, help="The editor who puts it on the desk.")
@click.option("--edition", "editions", multiple=True,
              help="An edition to translate it into; repeat for several (needed the first "
                   "time).")
@click.option("--language", default="", help="The post's language (default: detected).")
def pull(site: str, post: str, editor: str, editions: tuple[str, ...], language: str) -> None:
    """Put the post POST (its id or link) of SITE on the desk; again: an update."""
    desk = _desk()
    from copydesk.desk import staff

    added = desk.pull(site, post, editions, user=staff.find_person(editor), language=language)
    click.echo(f"{added.article.key}: {added.summary()}")


@wordpress.command("deliveries")
@click.option("--failed", is_flag=True, help="Only the deliveries that failed.")
def list_deliveries(failed: bool) -> None:
    """The log of posts made and changed: status, attempts, post and last error."""
    click.echo(f"{'id':<6} {'site':<16} {'action':<9} {'status':<10} {'tries':>5}  post")
    for row in _desk().deliveries(failed_only=failed):
        click.echo(f"{row.pk:<6} {row.site.name:<16} {row.action:<9} {row.status:<10} "
                   f"{row.attempts:>5}  {row.post_id or '-'}")
        if row.last_error:
            error = row.last_error
            click.echo(f"       {error[:ERROR_CHARS]}{'…' if len(error) > ERROR_CHARS else ''}")


@wordpress.command("retry")
@click.argument("delivery_id", metavar="DELIVERY", type=int)
def retry(delivery_id: int) -> None:
    """Make a failed delivery again, with a fresh round of attempts."""
    from copydesk.desk import admin_audit

    delivery = _desk().retry(delivery_id, actor=admin_audit.command_line())
    click.echo(f"Delivery {delivery.pk} is queued again; 'copydesk worker' makes it.")
