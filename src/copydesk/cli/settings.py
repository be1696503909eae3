"""``copydesk settings``: every setting, its value and where the value came from."""

from __future__ import annotations

import click

from copydesk.cli.common import load_settings
from copydesk.settings import SETTINGS


@click.command("settings")
def show_settings() -> None:
    """List every setting with its current value, its source and what it does.

    Set one with a command option, a COPYDESK_<NAME> environment variable or
    a line in the config file (TOML, e.g. threads = 4).
    """
    resolved = load_settings()
    for setting in SETTINGS:
        value = resolved.values[setting.name]
        shown = ",".join(value) if isinstance(value, list) else value
        click.echo(f"{setting.name} = {shown}  ({resolved.sources.get(setting.name, 'default')})")
        click.echo(f"    COPYDESK_{setting.name.upper()}: {setting.help}")
