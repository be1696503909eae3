"""Who may do what: roles are Django groups named ``editor``, ``publisher``, ``admin``.

``admin`` (and a Django superuser) may do everything. A person may hold
several roles, e.g. a desk chief who edits and publishes.

A user object reads its roles once and remembers them (a request's user lives
for that request only), so a page that asks several times, and the services
it calls, cost one query; ``grant`` and ``revoke`` forget what it remembered.
"""

from __future__ import annotations

from django.contrib.auth.models import Group

from copydesk.desk.models import Role, User
from copydesk.errors import PermissionDeniedError

_HELD = "_copydesk_roles"  # where a user object keeps the roles it read


def grant(user: User, *roles: Role | str) -> None:
    for role in roles:
        group, _ = Group.objects.get_or_create(name=Role(role).value)
        user.groups.add(group)
    _forget(user)


def revoke(user: User, role: Role | str) -> None:
    user.groups.remove(*Group.objects.filter(name=Role(role).value))
    _forget(user)


def roles_of(user: User) -> set[Role]:
    held: frozenset[Role] | None = getattr(user, _HELD, None)
    if held is None:
        names = set(user.groups.values_list("name", flat=True))
        held = frozenset(role for role in Role if role.value in names)
        setattr(user, _HELD, held)
    return set(held)


def _forget(user: User) -> None:
    if hasattr(user, _HELD):
        delattr(user, _HELD)


def has_role(user: User | None, role: Role | str) -> bool:
    if user is None or not user.is_active:
        return False
    if user.is_superuser:
        return True
    held = roles_of(user)
    return Role.ADMIN in held or Role(role) in held


def require(user: User | None, role: Role | str, action: str) -> None:
    """Raise ``PermissionDeniedError`` unless ``user`` holds ``role`` (or is an admin)."""
    if not has_role(user, role):
        who = user.get_username() if user is not None else "An anonymous user"
        raise PermissionDeniedError(
            f"{who} may not {action}: that needs the '{Role(role).value}' role. "
            "Ask an administrator to grant it.")
