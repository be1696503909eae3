"""``copydesk users`` and ``copydesk editions``: who works on the desk, and for which editions."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from copydesk.cli.common import DeskGroup, load_settings
from copydesk.errors import InputError

ROLES = click.Choice(["editor", "publisher", "admin"])


def _desk() -> Any:
    from copydesk.desk import bootstrap, staff

    bootstrap.setup(load_settings())
    return staff


def _password(given_on_stdin: bool) -> str:
    if given_on_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@click.group(cls=DeskGroup)
def users() -> None:
    """Add people to the desk, change their roles and passwords."""


@users.command("add")
@click.argument("username")
@click.option("--name", "full_name", default="", help="Full name, shown in the disclosure "
              "when the edition names its editors.")
@click.option("--role", "role_names", type=ROLES, multiple=True, required=True,
              help="editor (edit, confirm, approve), publisher (publish, withdraw) or admin; "
                   "repeat for several.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input "
              "instead of asking for it.")
def add_user(username: str, full_name: str, role_names: tuple[str, ...],
             password_stdin: bool) -> None:
    """Add USERNAME, who signs in to the desk with a password."""
    staff = _desk()
    person = staff.add_person(username, full_name, role_names, _password(password_stdin))
    click.echo(f"Added {person.username} ({', '.join(role_names)}).")


@users.command("roles")
@click.argument("username")
@click.option("--role", "role_names", type=ROLES, multiple=True, required=True,
              help="The roles USERNAME holds from now on; repeat for several.")
def change_roles(username: str, role_names: tuple[str, ...]) -> None:
    """Replace the roles of USERNAME."""
    _desk().set_roles(username, role_names)
    click.echo(f"{username} now holds: {', '.join(role_names)}.")


@users.command("passwd")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input.")
def change_password(username: str, password_stdin: bool) -> None:
    """Set a new password for USERNAME."""
    _desk().set_password(username, _password(password_stdin))
    click.echo(f"Password of {username} changed.")


@users.command("token")
@click.argument("username")
@click.argument("name")
def issue_token(username: str, name: str) -> None:
    """Issue an API token for USERNAME; NAME says where it is used (e.g. "CMS import").

    The token is shown once. Scripts send it as 'Authorization: Bearer TOKEN'
    and 'Accept: application/json', and get the same role checks and rules as
    USERNAME in the browser.
    """
    staff = _desk()
    _, token = staff.issue_token(username, name)
    click.echo(token)
    click.echo(f"API token '{name}' for {username}; it is not shown again.", err=True)


@users.command("list")
def list_users() -> None:
    """List everyone on the desk with their roles."""
    for person, held in _desk().people():
        name = person.get_full_name() or "-"
        state = "" if person.is_active else "  (disabled)"
        click.echo(f"{person.username:<20} {name:<28} {', '.join(held) or 'no role'}{state}")


@click.group(cls=DeskGroup)
def editions() -> None:
    """Add and list the language editions the desk translates into."""


@editions.command("add")
@click.argument("code")
@click.option("--language", required=True, help="Target language, e.g. de or de-CH.")
@click.option("--name", default="", help="Name shown on the desk (default: the language).")
@click.option("--engine", default="auto", show_default=True,
              help="Engine, fallback chain (deepl,ctranslate2) or auto.")
@click.option("--options", "options_json", help="The edition table as JSON, e.g. "
              "'{\"gender\": \"colon\", \"checks\": {\"disabled\": [\"length\"]}}'.")
def add_edition(code: str, language: str, name: str, engine: str,
                options_json: str | None) -> None:
    """Create or update edition CODE (e.g. de, de-ch, fr)."""
    try:
        options = json.loads(options_json) if options_json else None
    except json.JSONDecodeError as exc:
        raise InputError(f"--options is not valid JSON ({exc}).") from None
    if options is not None and not isinstance(options, dict):
        raise InputError("--options must be a JSON object.")
    edition, created = _desk().save_edition(code, language, name, engine=engine, options=options)
    click.echo(f"{'Added' if created else 'Updated'} edition {edition.code}: {edition.name} "
               f"({edition.language}, engine {edition.engine}).")


@editions.command("list")
def list_editions() -> None:
    """List the editions."""
    for edition in _desk().editions():
        click.echo(f"{edition.code:<8} {edition.language:<8} {edition.engine:<20} {edition.name}")
