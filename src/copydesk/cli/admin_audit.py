"""``copydesk audit admin``: the administration trail (people, tokens, editions, glossaries).

Lists the newest changes first and verifies the whole chain; exit status 1
when the trail was altered. ``--json`` gives the whole trail to an auditor.
"""

from __future__ import annotations

import click

from copydesk.cli.common import load_settings


@click.command("admin")
@click.option("--kind", default="", help="Only events of this kind, e.g. roles_changed "
              "(--kind list shows them all).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True,
              help="How many of the newest events to list.")
@click.option("--json", "as_json", is_flag=True, help="The whole trail with its "
              "verification as JSON.")
def admin_trail(kind: str, limit: int, as_json: bool) -> None:
    """List and verify the administration trail: who changed people, roles, API tokens,
    editions and glossaries, from the browser or the command line."""
    from copydesk.desk import bootstrap

    bootstrap.setup(load_settings())
    from copydesk.desk import admin_audit

    if kind == "list":
        for name, meaning in admin_audit.KINDS.items():
            click.echo(f"{name:<22} {meaning}")
        return
    if kind and kind not in admin_audit.KINDS:
        raise click.BadParameter(f"{kind!r} is no event kind; see --kind list.",
                                 param_hint="--kind")
    if as_json:
        click.echo(admin_audit.export())
        check = admin_audit.verify()
    else:
        for event in reversed(admin_audit.events(kind, limit=limit)):
            click.echo(f"{event.seq:>5} {event.created_at:%Y-%m-%d %H:%M:%S}Z {event.kind:<22} "
                       f"{event.actor:<20} {event.subject:<24} "
                       f"{admin_audit.canonical_json(event.payload)}")
        check = admin_audit.verify()
        for note in check.notes:
            click.echo(f"Note: {note}", err=True)
        if check.ok:
            click.echo(f"{check.events} events, chain intact (head {check.head}).")
    for problem in check.problems:
        click.echo(f"Altered: {problem}", err=True)
    if not check.ok:
        raise click.exceptions.Exit(1)
