"""API tokens for the REST API and scripts.

A token is shown once, when it is issued; the desk keeps only its SHA-256
digest (tokens are long random strings, so a fast hash is enough) and a short
prefix so people can tell their tokens apart.
"""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from copydesk.desk.models import ApiToken, User
from copydesk.errors import InputError, PermissionDeniedError

TOKEN_PREFIX = "cdk_"
PREFIX_LENGTH = 10


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``: the stored row and the token text, which is not kept."""
    if not name.strip():
        raise InputError("Give the token a name that says where it is used, e.g. 'CMS import'.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, name=name.strip(), prefix=token[:PREFIX_LENGTH],
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
