"""The newsroom behind the desk: people with their roles, and the language editions.

Used by ``copydesk users`` and ``copydesk editions``; the rules (known roles,
valid languages and engines, strong enough passwords) live here so any other
front end gets the same answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from copydesk import languages
from copydesk.desk import roles, tokens
from copydesk.desk.models import ApiToken, Edition, Role, User
from copydesk.engines.registry import engine_classes
from copydesk.errors import ConfigError, InputError, NotFoundError

ROLE_NAMES = tuple(role.value for role in Role)
USERNAME_LENGTH = 150  # Django's column


def _roles(names: Iterable[str]) -> list[Role]:
    chosen = list(names)
    unknown = sorted(set(chosen) - set(ROLE_NAMES))
    if unknown or not chosen:
        raise InputError(f"Give one or more roles from: {', '.join(ROLE_NAMES)}"
                         + (f" (unknown: {', '.join(unknown)})." if unknown else "."))
    return [Role(name) for name in chosen]


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InputError("The password is too weak: " + " ".join(exc.messages)) from None


def add_person(username: str, full_name: str, role_names: Iterable[str], password: str) -> User:
    """Create a person who can sign in to the desk with the given roles."""
    chosen = _roles(role_names)
    if not username or slugify(username) != username.lower() or len(username) > USERNAME_LENGTH:
        raise InputError(f"User name {username!r} may only hold letters, digits, '-' and '_', "
                         f"up to {USERNAME_LENGTH} of them.")
    if len(full_name) > USERNAME_LENGTH or not full_name.isprintable():
        raise InputError(f"Give a full name of up to {USERNAME_LENGTH} printable characters.")
    if User.objects.filter(username=username).exists():
        raise InputError(f"User {username!r} exists already; change roles with "
                         "'copydesk users roles'.")
    first, _, last = full_name.strip().partition(" ")
    candidate = User(username=username, first_name=first, last_name=last)
    _check_password(password, candidate)
    with transaction.atomic():
        candidate.set_password(password)
        candidate.save()
        roles.grant(candidate, *chosen)
    return candidate


def find_person(username: str) -> User:
    found = (User.objects.filter(username=username).first()
             if username.isprintable() and len(username) <= USERNAME_LENGTH else None)
    if found is None:
        raise NotFoundError(f"No user {username!r}; see 'copydesk users list'.")
    return found


def set_roles(username: str, role_names: Iterable[str]) -> User:
    """Replace the person's roles with ``role_names``."""
    person, chosen = find_person(username), _roles(role_names)
    with transaction.atomic():
        for role in Role:
            roles.revoke(person, role)
        roles.grant(person, *chosen)
    return person


def set_password(username: str, password: str, *, keep_tokens: bool = False) -> int:
    """Set a new password; the person's API tokens end too unless ``keep_tokens``.

    Signed-in browser sessions end either way (Django ties them to the
    password). Returns how many tokens were revoked.
    """
    person = find_person(username)
    _check_password(password, person)
    with transaction.atomic():
        person.set_password(password)
        person.save(update_fields=["password"])
        return 0 if keep_tokens else tokens.revoke_all(person)


def deactivate(username: str) -> int:
    """Stop the person signing in or using the API; returns how many tokens were revoked.

    Their history (revisions, approvals, the audit trail) stays as it is.
    """
    person = find_person(username)
    with transaction.atomic():
        User.objects.filter(pk=person.pk).update(is_active=False)
        return tokens.revoke_all(person)


def activate(username: str) -> User:
    """Let a deactivated person sign in again (their old tokens stay revoked)."""
    person = find_person(username)
    User.objects.filter(pk=person.pk).update(is_active=True)
    return person


def issue_token(username: str, name: str) -> tuple[ApiToken, str]:
    """A new API token for the person (the text is returned once and not stored)."""
    person = find_person(username)
    with transaction.atomic():  # the row lock keeps a deactivation from slipping in between
        if not User.objects.select_for_update().get(pk=person.pk).is_active:
            raise InputError(f"{username} is deactivated; run 'copydesk users activate "
                             f"{username}' first.")
        return tokens.issue(person, name)


def tokens_of(username: str) -> list[ApiToken]:
    return tokens.tokens_of(find_person(username))


def revoke_token(username: str, prefix: str) -> int:
    """Revoke the person's token(s) with this prefix; NotFoundError when none is live."""
    revoked = tokens.revoke_by_prefix(find_person(username), prefix)
    if not revoked:
        raise NotFoundError(f"{username} has no live token starting {prefix.strip()!r}; "
                            f"see 'copydesk users tokens {username}'.")
    return revoked


def people() -> list[tuple[User, list[str]]]:
    return [(p, sorted(r.value for r in roles.roles_of(p)))
            for p in User.objects.order_by("username")]


def save_edition(code: str, language: str, name: str, *, engine: str = "auto",
                 options: Mapping[str, Any] | None = None) -> tuple[Edition, bool]:
    """Create the edition ``code`` or update it; returns it and whether it was created."""
    if not code or slugify(code) != code:
        raise InputError(f"Edition code {code!r} may only hold lower-case letters, digits and '-'.")
    language = languages.normalize(language)
    known = engine_classes()
    unknown = [e for e in engine.split(",") if e.strip() not in known and e.strip() != "auto"]
    if unknown:
        raise ConfigError(f"Unknown engine(s) {', '.join(unknown)}; see 'copydesk engines list'.")
    defaults: dict[str, Any] = {"language": language, "name": name or languages.name(language),
                                "engine": engine}
    if options is not None:
        defaults["options"] = dict(options)
    return Edition.objects.update_or_create(code=code, defaults=defaults)


def editions() -> list[Edition]:
    return list(Edition.objects.order_by("code"))
