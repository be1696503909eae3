"""``copydesk webhooks``: the receivers of each edition's events, and the delivery log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from copydesk.cli.common import DeskGroup, load_settings

ERROR_CHARS = 70


def _desk() -> Any:
    """The webhook services, imported only once Django is set up (they load models)."""
    from copydesk.desk import bootstrap

    bootstrap.setup(load_settings())
    from copydesk.desk import webhooks

    return webhooks


@click.group(cls=DeskGroup)
def webhooks() -> None:
    """Send an edition's events, signed, to a CMS or any other receiver."""


@webhooks.command("add")
@click.argument("edition")
@click.argument("url")
@click.option("--event", "events", multiple=True,
              help="An event to send, e.g. publication.published; repeat for several "
                   "(default: every event).")
def add_webhook(edition: str, url: str, events: tuple[str, ...]) -> None:
    """Send EDITION's events to URL; prints the signing secret, once.

    \b
    Events: translation.ready, translation.approved, publication.published,
    publication.corrected, publication.withdrawn.

    The receiver verifies every message with the secret (Standard Webhooks:
    the webhook-id, webhook-timestamp and webhook-signature headers).
    """
    endpoint, secret = _desk().add_endpoint(edition, url, events, actor=_actor())
    click.echo(secret)
    click.echo(f"Webhook {endpoint.pk} sends {', '.join(endpoint.events)} of edition "
               f"{endpoint.edition.code} to {endpoint.url}; its signing secret (above) is not "
               "shown again.", err=True)


@webhooks.command("list")
def list_webhooks() -> None:
    """List the webhooks: number, edition, state, events, address."""
    found = _desk().endpoints()
    for endpoint in found:
        state = "active" if endpoint.active else "removed"
        click.echo(f"{endpoint.pk:<5} {endpoint.edition.code:<8} {state:<8} {endpoint.url}  "
                   f"[{', '.join(endpoint.events)}]")
    if not found:
        click.echo("No webhooks yet; add one with 'copydesk webhooks add EDITION URL'.")


@webhooks.command("test")
@click.argument("endpoint_id", type=int)
def test_webhook(endpoint_id: int) -> None:
    """Send a webhook.test message to webhook ENDPOINT_ID now; exit 1 when it fails."""
    desk = _desk()
    from copydesk.desk import webhook_delivery

    endpoint = desk.find_endpoint(endpoint_id)
    if not endpoint.active:
        raise click.ClickException(f"Webhook {endpoint_id} was removed; add it again.")
    attempt = webhook_delivery.send_test(endpoint)
    if attempt.error:
        click.echo(f"Not delivered to {endpoint.url} (delivery {attempt.delivery}): "
                   f"{attempt.error}", err=True)
        raise click.exceptions.Exit(1)
    click.echo(f"Delivered {attempt.message_id} to {endpoint.url}: HTTP {attempt.status_code}.")


@webhooks.command("deliveries")
@click.option("--failed", "failed_only", is_flag=True, help="Only messages that failed.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1),
              help="How many of the newest to show.")
def list_deliveries(failed_only: bool, limit: int) -> None:
    """The delivery log, newest first: status, attempts, last answer and error."""
    rows = _desk().deliveries(failed_only=failed_only, limit=limit)
    click.echo(f"{'id':<6} {'hook':<5} {'event':<22} {'status':<10} {'tries':>5} {'code':>4}  "
               f"{'next / delivered':<17} last error")
    for row in rows:
        when = _when(row.delivered_at or row.next_attempt_at)
        error = row.last_error if len(row.last_error) <= ERROR_CHARS else (
            row.last_error[:ERROR_CHARS] + "…")
        click.echo(f"{row.pk:<6} {row.endpoint_id:<5} {row.event_type:<22} {row.status:<10} "
                   f"{row.attempts:>5} {row.last_status_code or '-':>4}  {when:<17} "
                   f"{error or '-'}")


@webhooks.command("replay")
@click.argument("delivery_id", type=int)
def replay_delivery(delivery_id: int) -> None:
    """Queue delivery DELIVERY_ID again (same message id, fresh attempts) for the worker."""
    delivery = _desk().replay(delivery_id, actor=_actor())
    click.echo(f"Delivery {delivery.pk} ({delivery.event_type}, {delivery.message_id}) is queued "
               "again; 'copydesk worker' sends it.")


@webhooks.command("remove")
@click.argument("endpoint_id", type=int)
def remove_webhook(endpoint_id: int) -> None:
    """Stop sending to webhook ENDPOINT_ID; its log stays."""
    dropped = _desk().remove_endpoint(endpoint_id, actor=_actor())
    click.echo(f"Webhook {endpoint_id} removed; {dropped} message(s) still waiting for it will "
               "not be sent.")


def _actor() -> str:
    """Who the administration trail names for a change made here (after ``_desk``)."""
    from copydesk.desk import admin_audit

    return admin_audit.command_line()


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") + "Z" if moment else "-"
