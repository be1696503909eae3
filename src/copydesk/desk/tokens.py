"""API tokens for the REST API and scripts.

A token is shown once, when it is issued; the desk keeps only its SHA-256
digest (tokens are long random strings, so a fast hash is enough) and a short
prefix so people can tell their tokens apart. A token ends when it is revoked,
when its owner is deactivated, and (unless told otherwise) when its owner's
password changes; a revoked token stays listed, with the time it ended.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata

from django.db.models import QuerySet
from django.utils import timezone

from copydesk.desk.models import ApiToken, User
from copydesk.errors import InputError, PermissionDeniedError

TOKEN_PREFIX = "cdk_"
PREFIX_LENGTH = 10
PREFIX_PATTERN = re.compile(r"cdk_[A-Za-z0-9_-]{6}")  # what token_urlsafe gives
NAME_LENGTH = 100  # the column's


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``: the stored row and the token text, which is not kept."""
    name = unicodedata.normalize("NFC", name).strip()
    if not name or len(name) > NAME_LENGTH or not name.isprintable():
        raise InputError(f"Give the token a name of up to {NAME_LENGTH} printable characters "
                         "that says where it is used, e.g. 'CMS import'.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, name=name, prefix=token[:PREFIX_LENGTH],
                                  digest=digest(token))
    return row, token


def authenticate(token: str) -> User:
    """The active user a token belongs to, or ``PermissionDeniedError``."""
    row = (ApiToken.objects.select_related("user")
           .filter(digest=digest(token.strip()), revoked_at__isnull=True).first())
    if row is None or not row.user.is_active:
        raise PermissionDeniedError("This API token is unknown or revoked; issue a new one.")
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row.user


def revoke(row: ApiToken) -> None:
    ApiToken.objects.filter(pk=row.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def tokens_of(user: User) -> list[ApiToken]:
    """The person's tokens, oldest first, revoked ones included."""
    return list(ApiToken.objects.filter(user=user).order_by("created_at", "pk"))


def revoke_by_prefix(user: User, prefix: str) -> int:
    """Revoke the person's live tokens that start with ``prefix``; returns how many."""
    prefix = prefix.strip()[:PREFIX_LENGTH]
    if not PREFIX_PATTERN.fullmatch(prefix):
        raise InputError(f"Give the token's prefix as listed, {PREFIX_LENGTH} characters "
                         "(e.g. cdk_Ab12Cd); see 'copydesk users tokens'.")
    return _revoke(ApiToken.objects.filter(user=user, prefix=prefix))


def revoke_all(user: User) -> int:
    """Revoke every live token of the person; returns how many."""
    return _revoke(ApiToken.objects.filter(user=user))


def _revoke(rows: QuerySet[ApiToken]) -> int:
    return rows.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
