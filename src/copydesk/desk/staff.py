"""The newsroom behind the desk: people with their roles, and the language editions.

Used by ``copydesk users``, ``copydesk editions`` and the admin pages; the
rules (known roles, valid languages and engines, strong enough passwords, at
least one active administrator in the browser, an edition table that works;
the editions' in ``desk.editions``) live here so every front end gets the
same answers. Each change is recorded in the
administration trail (``admin_audit``) in its own transaction; ``actor`` is
the person in the browser (who must hold the admin role), or the command line.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from copydesk.desk import roles, signin, tokens
from copydesk.desk.admin_audit import Actor, record, require_admin
from copydesk.desk.editions import (
    check_engine,
    edition_version,
    editions,
    save_edition,
)
from copydesk.desk.models import ApiToken, Role, User
from copydesk.errors import ConflictError, InputError, NotFoundError, WorkflowError

__all__ = ["activate", "add_person", "check_engine", "deactivate", "edition_version",
           "editions", "find_person", "generate_password", "issue_token", "people",
           "revoke_token", "save_edition", "set_password", "set_roles", "tokens_of", "unlock"]

ROLE_NAMES = tuple(role.value for role in Role)
USERNAME_LENGTH = 150  # Django's column


def _roles(names: Iterable[str]) -> list[Role]:
    chosen = list(dict.fromkeys(names))
    unknown = sorted(set(chosen) - set(ROLE_NAMES))
    if unknown or not chosen:
        raise InputError(f"Give one or more roles from: {', '.join(ROLE_NAMES)}"
                         + (f" (unknown: {', '.join(unknown)})." if unknown else "."))
    return [Role(name) for name in chosen]


def _check_password(password: str, user: User | None = None) -> None:
    if "\x00" in password:
        raise InputError("The password is too weak: it holds a NUL character, which no "
                         "keyboard types; choose another.")
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InputError("The password is too weak: " + " ".join(exc.messages)) from None


def generate_password() -> str:
    """A random password for an administrator to hand on (shown once, never stored)."""
    return secrets.token_urlsafe(15)


def add_person(username: str, full_name: str, role_names: Iterable[str], password: str, *,
               actor: Actor = None, generated: bool = False) -> User:
    """Create a person who can sign in to the desk with the given roles."""
    require_admin(actor, "add people")
    chosen = _roles(role_names)
    if not username or slugify(username) != username.lower() or len(username) > USERNAME_LENGTH:
        raise InputError(f"User name {username!r} may only hold letters, digits, '-' and '_', "
                         f"up to {USERNAME_LENGTH} of them.")
    full_name = unicodedata.normalize("NFC", full_name).strip()
    if len(full_name) > USERNAME_LENGTH or not full_name.isprintable():
        raise InputError(f"Give a full name of up to {USERNAME_LENGTH} printable characters.")
    if User.objects.filter(username__iexact=username).exists():
        raise InputError(f"User {username!r} exists already; change roles with "
                         "'copydesk users roles'.")
    first, _, last = full_name.partition(" ")
    candidate = User(username=username, first_name=first, last_name=last)
    _check_password(password, candidate)
    with transaction.atomic():
        candidate.set_password(password)
        candidate.save()
        roles.grant(candidate, *chosen)
        record("person_added", actor=actor, subject=f"user:{username}", payload={
            "username": username, "name": full_name, "roles": [r.value for r in chosen],
            "initial_password": "generated" if generated else "typed"})
    return candidate


def find_person(username: str) -> User:
    found = (User.objects.filter(username=username).first()
             if username.isprintable() and len(username) <= USERNAME_LENGTH else None)
    if found is None:
        raise NotFoundError(f"No user {username!r}; see 'copydesk users list'.")
    return found


def _held(person: User) -> list[str]:
    return sorted(r.value for r in roles.roles_of(person))


def _keep_an_admin(person: User, actor: Actor, change: str) -> None:
    """Refuse ``change``, made in the browser or the API, when it leaves the desk without an
    active administrator there. The command line may (it can always make a new one).

    The caller holds the admin group's row lock, so two administrators taking
    each other's role at the same moment cannot both succeed.
    """
    if not isinstance(actor, User) or not (person.is_active
                                           and roles.has_role(person, Role.ADMIN)):
        return
    others = (User.objects.filter(is_active=True).exclude(pk=person.pk)
              .filter(Q(groups__name=Role.ADMIN.value) | Q(is_superuser=True)).exists())
    if not others:
        yourself = isinstance(actor, User) and actor.pk == person.pk
        who = "you are" if yourself else f"{person.username} is"
        raise WorkflowError(f"Cannot {change}: {who} the last active administrator, and the "
                            "desk would have nobody left to manage people and editions in the "
                            "browser. Give someone else the admin role first.")


def _lock_admins() -> None:
    Group.objects.get_or_create(name=Role.ADMIN.value)
    Group.objects.select_for_update().get(name=Role.ADMIN.value)


def set_roles(username: str, role_names: Iterable[str], *, actor: Actor = None,
              expected: Iterable[str] | None = None) -> User:
    """Replace the person's roles with ``role_names``; with ``expected`` (the roles a form
    showed), refuse if they changed meanwhile."""
    require_admin(actor, "change roles")
    person, chosen = find_person(username), _roles(role_names)
    with transaction.atomic():
        _lock_admins()
        person = User.objects.select_for_update().get(pk=person.pk)
        before = _held(person)
        if expected is not None and sorted(set(expected)) != before:
            raise ConflictError(
                f"{username}'s roles changed since the page was opened: they now hold "
                f"{', '.join(before) or 'no role'}. Nothing was changed; choose again.",
                theirs=", ".join(before), yours=", ".join(r.value for r in chosen),
                current_version=0)
        if Role.ADMIN not in chosen and not person.is_superuser:
            _keep_an_admin(person, actor, f"take the admin role from {username}")
        for role in Role:
            roles.revoke(person, role)
        roles.grant(person, *chosen)
        after = _held(person)
        if after != before:
            record("roles_changed", actor=actor, subject=f"user:{username}",
                   payload={"username": username, "before": before, "after": after})
    return person


def set_password(username: str, password: str, *, keep_tokens: bool = False,
                 actor: Actor = None, generated: bool = False) -> int:
    """Set a new password; the person's API tokens end too unless ``keep_tokens``.

    Signed-in browser sessions end either way (Django ties them to the
    password). Returns how many tokens were revoked.
    """
    require_admin(actor, "set passwords")
    person = find_person(username)
    _check_password(password, person)
    with transaction.atomic():
        person.set_password(password)
        person.save(update_fields=["password"])
        revoked = 0 if keep_tokens else tokens.revoke_all(person)
        record("password_set", actor=actor, subject=f"user:{username}", payload={
            "username": username, "how": "generated" if generated else "typed",
            "tokens_revoked": revoked})
        return revoked


def deactivate(username: str, *, actor: Actor = None) -> int:
    """Stop the person signing in or using the API; returns how many tokens were revoked.

    Their history (revisions, approvals, the audit trail) stays as it is.
    """
    require_admin(actor, "deactivate people")
    person = find_person(username)
    with transaction.atomic():
        _lock_admins()
        person = User.objects.select_for_update().get(pk=person.pk)
        _keep_an_admin(person, actor, f"deactivate {username}")
        User.objects.filter(pk=person.pk).update(is_active=False)
        revoked = tokens.revoke_all(person)
        if person.is_active or revoked:
            record("person_deactivated", actor=actor, subject=f"user:{username}",
                   payload={"username": username, "tokens_revoked": revoked})
        return revoked


def activate(username: str, *, actor: Actor = None) -> User:
    """Let a deactivated person sign in again (their old tokens stay revoked)."""
    require_admin(actor, "activate people")
    person = find_person(username)
    with transaction.atomic():
        changed = User.objects.filter(pk=person.pk, is_active=False).update(is_active=True)
        if changed:
            record("person_activated", actor=actor, subject=f"user:{username}",
                   payload={"username": username})
    person.is_active = True
    return person


def unlock(*, name: str | None = None, address: str | None = None,
           actor: Actor = None) -> int:
    """``signin.unlock``, recorded; returns how many failure records were cleared."""
    require_admin(actor, "unlock sign-ins")
    if name is not None and len(name) > USERNAME_LENGTH:
        raise InputError(f"{name[:20]!r}... is not a user name; see 'copydesk users lockouts'.")
    with transaction.atomic():
        cleared = signin.unlock(name=name, address=address)
        subject = f"user:{name}" if name is not None else f"address:{address}"
        record("sign_in_unlocked", actor=actor, subject=subject[:200], payload={
            "username": name, "address": address, "cleared": cleared})
    return cleared


def issue_token(username: str, name: str, *, actor: Actor = None) -> tuple[ApiToken, str]:
    """A new API token for the person (the text is returned once and not stored)."""
    require_admin(actor, "issue API tokens")
    person = find_person(username)
    with transaction.atomic():  # the row lock keeps a deactivation from slipping in between
        if not User.objects.select_for_update().get(pk=person.pk).is_active:
            raise InputError(f"{username} is deactivated; run 'copydesk users activate "
                             f"{username}' first.")
        row, text = tokens.issue(person, name)
        record("token_issued", actor=actor, subject=f"user:{username}", payload={
            "username": username, "name": row.name, "prefix": row.prefix})
        return row, text


def tokens_of(username: str) -> list[ApiToken]:
    return tokens.tokens_of(find_person(username))


def revoke_token(username: str, prefix: str, *, actor: Actor = None) -> int:
    """Revoke the person's token(s) with this prefix; NotFoundError when none is live."""
    require_admin(actor, "revoke API tokens")
    person = find_person(username)
    with transaction.atomic():
        revoked = tokens.revoke_by_prefix(person, prefix)
        if not revoked:
            raise NotFoundError(f"{username} has no live token starting {prefix.strip()!r}; "
                                f"see 'copydesk users tokens {username}'.")
        record("token_revoked", actor=actor, subject=f"user:{username}", payload={
            "username": username, "prefix": prefix.strip(), "revoked": revoked})
    return revoked


def people() -> list[tuple[User, list[str]]]:
    return [(p, sorted(r.value for r in roles.roles_of(p)))
            for p in User.objects.order_by("username")]
