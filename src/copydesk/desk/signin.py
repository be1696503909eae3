"""Sign-in throttling with django-axes: how failures are counted, and how a lockout ends.

Every failed password sign-in is recorded by axes (``AccessAttempt`` while it
counts, ``AccessFailureLog`` for good). Sign-in is refused, for the right
password too, once within the cool-off period either

- one account has ``sign_in_failure_limit`` failures, from any addresses, or
- one address has ``sign_in_address_failure_limit`` failures, for any accounts.

Failures made while locked out count too, so an attacker who keeps trying
stays locked out. Accounts are counted by their normalised name, so spelling
variants of one name share one count; IPv6 clients by their /64 network, the
smallest block one customer line usually gets. The client's address is the
connection's (``REMOTE_ADDR``) unless ``client_address_header`` names a header
that a reverse proxy in front of the desk sets.

Axes compares the counts before the password check and records the failure
after it, so sign-ins sent in parallel would all pass that comparison before
any of them failed. So each sign-in that axes lets through also reserves its
place (``SignInBackend``, after axes' backend): in one transaction that holds
the account's and the address's lock, it counts the reservations in
progress and the failures, refuses as a lockout when either limit is reached,
and otherwise adds its own reservation. A success gives the reservation back
at once; a failure keeps it until axes has recorded the failure, so a
concurrent count sees one or the other, never neither. A reservation left by
a server process that died is ignored after ``RESERVATION_SECONDS``.
"""

from __future__ import annotations

import ipaddress
import logging
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.exceptions import AxesBackendPermissionDenied
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.contrib.auth.backends import ModelBackend
from django.db import connection, transaction
from django.db.models import Max, QuerySet, Sum
from django.http import HttpRequest
from django.utils import timezone

from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.models import SignInReservation
from copydesk.errors import InputError

log = logging.getLogger(__name__)

USERNAME_LENGTH = 255  # axes' column
# Well beyond the 120 s after which 'copydesk serve' restarts a busy server process.
RESERVATION_SECONDS = 300
_RESERVATION = "copydesk_sign_in_reservation"  # the request attribute holding a failure's


def client_address(request: HttpRequest) -> str | None:
    """The address failures are counted against: REMOTE_ADDR, or the trusted proxy header."""
    header = copydesk_settings().client_address_header.strip()
    if header:
        forwarded = request.headers.get(header, "").split(",")[-1]
        counted = _counted_address(forwarded)
        if counted:
            return counted
    return _counted_address(request.META.get("REMOTE_ADDR", ""))


def _counted_address(text: str) -> str | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False).network_address)
    return str(address)


def account_name(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """The name failures are counted against: NFKC, trimmed, case-folded."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username")
    if raw is None:
        return None
    return normalise_name(str(raw))


def normalise_name(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().casefold()[:USERNAME_LENGTH]


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """How long failures count after the last one (axes' ``AXES_COOLOFF_TIME``)."""
    return timedelta(minutes=copydesk_settings().sign_in_lockout_minutes)


def failure_limit(request: HttpRequest | None = None,
                  credentials: dict[str, Any] | None = None) -> int:
    """The per-account limit, which axes compares with (its ``AXES_FAILURE_LIMIT``)."""
    return int(copydesk_settings().sign_in_failure_limit)


def address_limit() -> int:
    return int(copydesk_settings().sign_in_address_failure_limit)


class SignInHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit per account and another per address."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """Failures measured against the account limit, which axes compares with.

        The address count is shifted by the difference of the two limits, so
        one comparison means "account limit reached, or address limit reached".
        """
        by_account, by_address = failure_counts(account_name(request, credentials),
                                                request.axes_ip_address,  # type: ignore[attr-defined]
                                                get_cool_off_threshold(request))
        return max(by_account, by_address - (address_limit() - failure_limit()))

    def user_login_failed(self, sender: Any, credentials: dict[str, Any],
                          request: HttpRequest | None = None, **kwargs: Any) -> None:
        try:
            super().user_login_failed(sender, credentials, request, **kwargs)
        finally:
            if request is not None:  # the failure is recorded: its reservation may go
                _release(request.__dict__.pop(_RESERVATION, None))
        if request is not None and getattr(request, "axes_locked_out", False):
            log.warning("Sign-in locked: account %r from address %s after %s failures "
                        "(unlock with 'copydesk users unlock').",
                        account_name(request, credentials),
                        getattr(request, "axes_ip_address", None),
                        getattr(request, "axes_failures_since_start", None))


class SignInBackend(ModelBackend):
    """Django's password check, for the sign-ins that get a reservation first."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> Any:
        if request is None:  # nothing to count against; axes' backend refuses these too
            return None
        reservation = reserve(account_name(request, {"username": username}),
                              client_address(request))
        if reservation is None:
            request.axes_locked_out = True  # type: ignore[attr-defined]
            raise AxesBackendPermissionDenied("Sign-in limit reached, counting those in progress.")
        try:
            user = super().authenticate(request, username, password, **kwargs)
        except BaseException:
            _release(reservation)
            raise
        if user is None:
            setattr(request, _RESERVATION, reservation)  # given back once axes records it
        else:
            _release(reservation)
        return user


def reserve(account: str | None, address: str | None) -> int | None:
    """A place for one password check, or None when a limit is reached with those in progress.

    The count and the new reservation are one step: on PostgreSQL under an
    advisory lock per account and per address; on SQLite the transaction holds
    the database's write lock from its start (BEGIN IMMEDIATE).
    """
    with transaction.atomic():
        _lock(account, address)
        now = timezone.now()
        SignInReservation.objects.filter(
            started_at__lt=now - timedelta(seconds=RESERVATION_SECONDS)).delete()
        if not _room(account, address, now):
            return None
        return SignInReservation.objects.create(account=account, address=address,
                                                started_at=now).pk


def _lock(account: str | None, address: str | None) -> None:
    if connection.vendor != "postgresql":
        return
    keys = sorted(f"{kind}:{who}" for kind, who in (("account", account), ("address", address))
                  if who is not None)  # one order for every caller: no deadlock
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def _room(account: str | None, address: str | None, now: datetime) -> bool:
    """Whether one more check fits both limits, counting reservations before failures.

    That order matters on PostgreSQL, where each query sees what was committed
    when it began: a failure is recorded before its reservation is deleted, so
    a reservation missed by the first query is a failure found by the second.
    """
    pending = SignInReservation.objects.all()
    busy_account = pending.filter(account=account).count() if account is not None else 0
    busy_address = pending.filter(address=address).count() if address is not None else 0
    by_account, by_address = failure_counts(account, address, now - cool_off())
    return (busy_account + by_account < failure_limit()
            and busy_address + by_address < address_limit())


def _release(reservation: int | None) -> None:
    if reservation is not None:
        SignInReservation.objects.filter(pk=reservation).delete()


def failure_counts(account: str | None, address: str | None,
                   since: datetime) -> tuple[int, int]:
    """The failures counted for an account and for an address since ``since``."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    by_account = _failures(recent.filter(username=account)) if account is not None else 0
    by_address = _failures(recent.filter(ip_address=address)) if address is not None else 0
    return by_account, by_address


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)


@dataclass(frozen=True)
class Lockout:
    """An account or address that may not sign in until ``until``."""

    kind: str  # "account" or "address"
    who: str
    failures: int
    until: datetime


def lockouts() -> list[Lockout]:
    """Accounts and addresses locked out now."""
    threshold = timezone.now() - cool_off()
    recent = AccessAttempt.objects.filter(attempt_time__gte=threshold)
    found = []
    for kind, field, limit in (("account", "username", failure_limit()),
                               ("address", "ip_address", address_limit())):
        rows = (recent.exclude(**{f"{field}__isnull": True}).values(field)
                .annotate(total=Sum("failures_since_start"), last=Max("attempt_time"))
                .filter(total__gte=limit).order_by(field))
        found += [Lockout(kind, row[field], row["total"], row["last"] + cool_off())
                  for row in rows]
    return found


def unlock(*, name: str | None = None, address: str | None = None) -> int:
    """Forget the counted failures of an account and/or an address; returns how many went.

    The failure log (``AccessFailureLog``) keeps every failure for the record.
    """
    if name is None and address is None:
        raise InputError("Name the account to unlock, or give --address.")
    if name is not None and not name.isprintable():
        raise InputError(f"{name!r} is not a user name; see 'copydesk users lockouts'.")
    counted = None if address is None else _counted_address(address)
    if address is not None and counted is None:
        raise InputError(f"{address!r} is not an IP address, e.g. 203.0.113.7 or 2001:db8::1.")
    attempts = AccessAttempt.objects.none()
    pending = SignInReservation.objects.none()
    if name is not None:
        attempts |= AccessAttempt.objects.filter(username=normalise_name(name))
        pending |= SignInReservation.objects.filter(account=normalise_name(name))
    if counted is not None:
        attempts |= AccessAttempt.objects.filter(ip_address=counted)
        pending |= SignInReservation.objects.filter(address=counted)
    with transaction.atomic():
        cleared = int(attempts.delete()[0])
        in_progress = int(pending.delete()[0])
    log.warning("Sign-in unlocked: account %r, address %s (%d failure records and %d sign-ins "
                "in progress cleared).", name, counted, cleared, in_progress)
    return cleared
