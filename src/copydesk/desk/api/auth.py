"""Who is calling: an API token (``Authorization: Bearer``) that acts as its owner.

No session and no cookie signs anyone in to the API, so no other site can
make a browser call it on someone's behalf (and no CSRF token is needed). The
owner must hold a desk role to use the API at all, as for every desk page;
each step then meets the role check of the service that takes it.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from copydesk.desk import roles, tokens
from copydesk.desk.api.errors import TokenRefused
from copydesk.desk.models import User
from copydesk.desk.views.common import ANY_ROLE
from copydesk.errors import PermissionDeniedError


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; the token's owner is ``request.auth``."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token.strip():
            return None
        try:
            user = tokens.authenticate(token)
        except PermissionDeniedError as error:
            raise TokenRefused(message=error.message) from None
        if not any(roles.has_role(user, role) for role in ANY_ROLE):
            raise PermissionDeniedError(f"{user.get_username()} holds no desk role, so the API "
                                        "answers nothing; ask an administrator to grant the "
                                        "'editor' or 'publisher' role.")
        return user


def caller(request: HttpRequest) -> User:
    """The signed-in token owner of an operation that ``TokenAuth`` let through."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise PermissionDeniedError("This needs an API token; see 'copydesk users token'.")
    return user
