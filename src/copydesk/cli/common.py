"""What every sub-command shares: the settings, and errors turned into messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from copydesk import settings as settings_module
from copydesk.errors import CopydeskError

F = TypeVar("F", bound=Callable[..., Any])


class DeskGroup(click.Group):
    """A click group that reports any ``CopydeskError`` as a one-line message (exit 1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CopydeskError as err:
            raise click.ClickException(f"{err} [{err.code}]") from None


def settings_option(f: F) -> F:
    """``--config`` and ``--home`` on the main group, remembered for sub-commands."""
    wrapped = click.pass_context(_remember(f))
    wrapped = click.option("--home", type=click.Path(file_okay=False, path_type=Path),
                           help="Data directory (models, config, desk database). "
                                "Env: COPYDESK_HOME. Default: ~/.copydesk.")(wrapped)
    wrapped = click.option("--config", "config_file",
                           type=click.Path(dir_okay=False, path_type=Path),
                           help="Config file (TOML). Default: $COPYDESK_HOME/config.toml.")(wrapped)
    return wrapped  # type: ignore[return-value]


def _remember(f: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(ctx: click.Context, home: Path | None, config_file: Path | None,
                **kwargs: Any) -> Any:
        ctx.obj = {"home": str(home) if home else None, "config_file": config_file}
        return f(**kwargs)

    wrapper.__name__ = f.__name__
    wrapper.__doc__ = f.__doc__
    return wrapper


def load_settings(**options: Any) -> settings_module.Settings:
    """Resolve settings for the running command: its options override everything."""
    ctx = click.get_current_context()
    root = ctx.find_root().obj or {}
    options = {"home": root.get("home"), **options}
    return settings_module.load(options, config_file=root.get("config_file"))
