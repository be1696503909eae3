"""``copydesk users`` and ``copydesk editions``: who works on the desk, and for which editions."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Any

import click

from copydesk.cli.common import DeskGroup, load_settings
from copydesk.errors import InputError

ROLES = click.Choice(["editor", "publisher", "admin"])


def _desk() -> Any:
    """The desk's staff services, imported only once Django is set up (they load models)."""
    from copydesk.desk import bootstrap

    bootstrap.setup(load_settings())
    from copydesk.desk import staff

    return staff


def _signin() -> Any:
    from copydesk.desk import bootstrap

    bootstrap.setup(load_settings())
    from copydesk.desk import signin

    return signin


def _actor() -> str:
    """Who the administration trail names for a change made here (``cli:<login>``)."""
    from copydesk.desk import admin_audit

    return admin_audit.command_line()


def _password(given_on_stdin: bool) -> str:
    if given_on_stdin:
        return sys.stdin.readline().rstrip("\r\n")
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
    person = staff.add_person(username, full_name, role_names, _password(password_stdin),
                              actor=_actor())
    click.echo(f"Added {person.username} ({', '.join(role_names)}).")


@users.command("roles")
@click.argument("username")
@click.option("--role", "role_names", type=ROLES, multiple=True, required=True,
              help="The roles USERNAME holds from now on; repeat for several.")
def change_roles(username: str, role_names: tuple[str, ...]) -> None:
    """Replace the roles of USERNAME."""
    _desk().set_roles(username, role_names, actor=_actor())
    click.echo(f"{username} now holds: {', '.join(role_names)}.")


@users.command("passwd")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input.")
@click.option("--keep-tokens", is_flag=True, help="Keep USERNAME's API tokens working (by "
              "default they are revoked, in case the old password leaked with them).")
def change_password(username: str, password_stdin: bool, keep_tokens: bool) -> None:
    """Set a new password for USERNAME; their sessions and API tokens end."""
    staff = _desk()
    revoked = staff.set_password(username, _password(password_stdin), keep_tokens=keep_tokens,
                                 actor=_actor())
    click.echo(f"Password of {username} changed; {_tokens(revoked)} revoked.")


@users.command("deactivate")
@click.argument("username")
def deactivate(username: str) -> None:
    """Stop USERNAME signing in and revoke their API tokens; their history stays."""
    revoked = _desk().deactivate(username, actor=_actor())
    click.echo(f"{username} is deactivated; {_tokens(revoked)} revoked.")


@users.command("activate")
@click.argument("username")
def activate(username: str) -> None:
    """Let a deactivated USERNAME sign in again (old API tokens stay revoked)."""
    _desk().activate(username, actor=_actor())
    click.echo(f"{username} can sign in again.")


def _tokens(count: int) -> str:
    return f"{count} API token{'' if count == 1 else 's'}"


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
    _, token = staff.issue_token(username, name, actor=_actor())
    click.echo(token)
    click.echo(f"API token '{name}' for {username}; it is not shown again.", err=True)


@users.command("tokens")
@click.argument("username")
def list_tokens(username: str) -> None:
    """List USERNAME's API tokens: prefix, name, created, last used, revoked."""
    click.echo(f"{'prefix':<12} {'name':<24} {'created':<17} {'last used':<17} revoked")
    for row in _desk().tokens_of(username):
        click.echo(f"{row.prefix:<12} {row.name[:24]:<24} {_when(row.created_at):<17} "
                   f"{_when(row.last_used_at):<17} {_when(row.revoked_at)}")


@users.command("revoke-token")
@click.argument("username")
@click.argument("prefix")
def revoke_token(username: str, prefix: str) -> None:
    """Revoke USERNAME's API token that starts with PREFIX (see 'copydesk users tokens')."""
    revoked = _desk().revoke_token(username, prefix, actor=_actor())
    click.echo(f"Revoked {_tokens(revoked)} of {username}.")


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") + "Z" if moment else "-"


@users.command("lockouts")
def list_lockouts() -> None:
    """List accounts and addresses that may not sign in now (too many failed sign-ins)."""
    found = _signin().lockouts()
    for lockout in found:
        click.echo(f"{lockout.kind:<8} {lockout.who:<40} {lockout.failures:>4} failures, "
                   f"until {_when(lockout.until)}")
    if not found:
        click.echo("No account or address is locked out.")


@users.command("unlock")
@click.argument("username", required=False)
@click.option("--address", help="Also (or only) unlock this client address, e.g. 203.0.113.7.")
def unlock(username: str | None, address: str | None) -> None:
    """Let USERNAME (or an --address) sign in again after too many failed sign-ins."""
    cleared = _desk().unlock(name=username, address=address, actor=_actor())
    who = " and ".join(part for part in (username, address) if part)
    click.echo(f"Unlocked {who} ({cleared} failure record{'' if cleared == 1 else 's'} "
               "cleared; the failure log keeps them).")


@users.command("list")
def list_users() -> None:
    """List everyone on the desk with their roles."""
    for person, held in _desk().people():
        name = person.get_full_name() or "-"
        state = "" if person.is_active else "  (deactivated)"
        click.echo(f"{person.username:<20} {name:<28} {', '.join(held) or 'no role'}{state}")


@click.group(cls=DeskGroup)
def editions() -> None:
    """Add and list the language editions the desk translates into."""


@editions.command("add")
@click.argument("code")
@click.option("--language", required=True, help="Target language, e.g. de or de-CH.")
@click.option("--name", default="", help="Name shown on the desk (default: the language).")
@click.option("--engine", default="auto", show_default=True,
              help="Engine, fallback chain (deepl,ctranslate2) or auto; refused unless it can "
                   "translate from each of the edition's source_languages (default: en) now.")
@click.option("--options", "options_json", help="The edition table as JSON, e.g. "
              "'{\"gender\": \"colon\", \"checks\": {\"disabled\": [\"length\"]}}'.")
def add_edition(code: str, language: str, name: str, engine: str,
                options_json: str | None) -> None:
    """Create or update edition CODE (e.g. de, de-ch, fr).

    --options replaces the edition table; only known settings are taken, each
    checked (see the README's "Administration in the browser"). Every change
    is recorded in the administration trail ('copydesk audit admin').
    """
    try:
        options = json.loads(options_json) if options_json else None
    except json.JSONDecodeError as exc:
        raise InputError(f"--options is not valid JSON ({exc}).") from None
    if options is not None and not isinstance(options, dict):
        raise InputError("--options must be a JSON object.")
    edition, created = _desk().save_edition(code, language, name, engine=engine, options=options,
                                            actor=_actor())
    click.echo(f"{'Added' if created else 'Updated'} edition {edition.code}: {edition.name} "
               f"({edition.language}, engine {edition.engine}).")


@editions.command("list")
def list_editions() -> None:
    """List the editions."""
    for edition in _desk().editions():
        click.echo(f"{edition.code:<8} {edition.language:<8} {edition.engine:<20} {edition.name}")
