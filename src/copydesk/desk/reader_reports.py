"""Reader reports: readers tell the newsroom what is wrong, editors answer or dismiss.

An edition whose feedback channel is the form (``feedback = "form"`` and its
``public_url``) gives each publication a public form address,
``<public_url>/report/<public id>/``; the id is random (``ReportChannel``), so
the form says nothing about the desk's numbering. The published outputs end
their disclosure with a link to it (``copydesk.publish.disclosure``).

Filing needs no account. A report is refused, and nothing is stored, when

- the honeypot field (``TRAP_FIELD``, hidden from people) is filled in;
- the form's signed token is forged, made for another form, younger than
  ``MIN_SECONDS`` (no person reads and writes that fast) or older than
  ``MAX_AGE_SECONDS``, or its nonce already filed a report (a replay);
- the text is empty or longer than ``MAX_TEXT_CHARS`` once it is NFC, with
  control characters and bidirectional overrides removed (it is stored as
  plain text and escaped wherever it is shown), or the optional e-mail
  address is not one (ASCII only, so no look-alike letters);
- the address (``signin.client_address``: an IPv6 /64 counts as one) filed
  ``PER_ADDRESS`` reports in the last ``WINDOW``, or the publication got
  ``PER_PUBLICATION``. The count and the new slot are one step under a lock
  (PostgreSQL advisory locks; SQLite's write lock), so parallel submissions
  to any number of server processes cannot pass the limits together. Slots
  keep a keyed hash of the address, never the address, and only for ``WINDOW``.

Editors handle them in ``desk.report_handling``. Each report and its handling
is in the article's audit trail: ``reader_report_filed`` (a digest of the
text, never the reader's address or e-mail), ``reader_report_answered`` and
``reader_report_dismissed``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings as django_settings
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from copydesk.desk import audit, entries
from copydesk.desk.bootstrap import edition_table
from copydesk.desk.models import (
    Edition,
    Publication,
    ReaderReport,
    ReportChannel,
    ReportKind,
    ReportSlot,
    Translation,
    TranslationState,
)
from copydesk.errors import InputError, NotFoundError
from copydesk.publish import disclosure

FILED, ANSWERED, DISMISSED = ("reader_report_filed", "reader_report_answered",
                              "reader_report_dismissed")
TRAP_FIELD = "website"
TOKEN_SALT = "copydesk.desk.reader-report"
MIN_SECONDS = 3
MAX_AGE_SECONDS = 2 * 3600
CLOCK_SKEW_SECONDS = 5
MAX_TOKEN_CHARS = 200
WINDOW = timedelta(hours=1)
PER_ADDRESS = 5
PER_PUBLICATION = 30
MAX_TEXT_CHARS = entries.MAX_REASON_CHARS  # so a report can be a correction's reason
MIN_TEXT_SIGNS = 4  # letters or digits
MAX_CONTACT_CHARS = 254
PUBLIC_ID = re.compile(r"[A-Za-z0-9_-]{16,32}")
_NONCE = re.compile(r"[A-Za-z0-9_-]{8,32}")
_SECONDS = re.compile(r"[0-9]{1,12}")
# Removed from a report's text: controls (but tab and line feed), lone surrogates, private
# and unassigned code points, and the bidirectional overrides that reorder what is shown.
_DROPPED = frozenset({"Cc", "Cs", "Co", "Cn"})
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_KEPT_CONTROLS = frozenset("\t\n")
_CONTACT = re.compile(r"[A-Za-z0-9!#$%&'*+/=^_{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=^_{|}~-]+)*@"
                      r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
                      r"(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})")


class ReportRefused(InputError):
    """A report the desk does not take; ``reason`` names the rule (the form words it for
    the reader), ``retry_after`` the seconds until the rate limit lets one through."""

    code = "report_refused"

    def __init__(self, message: str, *, reason: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.retry_after = retry_after


@dataclass(frozen=True)
class Submission:
    """What the form sent, as typed."""

    kind: str
    text: str
    contact: str
    token: str
    trap: str = ""


@dataclass(frozen=True)
class PlannedChannel:
    """The public id and form address a publication gets before it is stored."""

    public_id: str
    url: str


# ---- the form's address ----------------------------------------------------------------

def plan_channel(edition: Edition) -> PlannedChannel | None:
    """A new public id and its form address, where the edition's channel is the form."""
    table = edition_table(edition)
    if disclosure.feedback_mode(table) != disclosure.FORM:
        return None
    public_id = secrets.token_urlsafe(16)
    return PlannedChannel(public_id, f"{public_base(table)}/report/{public_id}/")


def open_channel(publication: Publication, planned: PlannedChannel | None) -> None:
    """Give the stored publication the address its outputs link to."""
    if planned is not None:
        ReportChannel.objects.create(publication=publication, public_id=planned.public_id)


def public_base(table: Mapping[str, Any]) -> str:
    """The edition's ``public_url`` without its trailing slash, or ``ConfigError``."""
    return disclosure.public_address(table.get("public_url")).rstrip("/")


def find_channel(public_id: str) -> ReportChannel:
    found = (ReportChannel.objects.select_related(
        "publication__translation__edition", "publication__translation__article")
        .filter(public_id=public_id).first() if PUBLIC_ID.fullmatch(public_id) else None)
    if found is None:
        raise NotFoundError("No report form at this address; follow the link under the article.")
    return found


# ---- the form's token --------------------------------------------------------------------

def issue_token(public_id: str, *, at: float | None = None) -> str:
    """A signed token for one form: its id, a nonce and the time it was issued."""
    issued = int(time.time() if at is None else at)
    nonce = secrets.token_urlsafe(12)
    return signing.Signer(salt=TOKEN_SALT).sign(f"{public_id}.{nonce}.{issued}")


def check_token(token: str, public_id: str, *, now: float | None = None) -> str:
    """The token's nonce, or ``ReportRefused`` (forged, another form's, too fast, too old)."""
    value = None
    if len(token) <= MAX_TOKEN_CHARS:
        try:
            value = signing.Signer(salt=TOKEN_SALT).unsign(token)
        except signing.BadSignature:
            value = None
    parts = value.split(".") if value else []
    if (len(parts) != 3 or parts[0] != public_id or not _NONCE.fullmatch(parts[1])
            or not _SECONDS.fullmatch(parts[2])):
        raise ReportRefused("The form's token is not valid; reload the form.", reason="token")
    nonce, issued = parts[1], int(parts[2])
    age = (time.time() if now is None else now) - issued
    if age < -CLOCK_SKEW_SECONDS:
        raise ReportRefused("The form's token is not valid; reload the form.", reason="token")
    if age < MIN_SECONDS:
        raise ReportRefused(f"Sent {max(age, 0):.1f} s after the form was opened; a person "
                            f"takes at least {MIN_SECONDS} s.", reason="too_fast")
    if age > MAX_AGE_SECONDS:
        raise ReportRefused("The form was opened too long ago; reload it.", reason="expired")
    return nonce


# ---- what the reader typed ----------------------------------------------------------------

def report_text(raw: str) -> str:
    """The text as stored: NFC, controls and overrides removed, line breaks as ``\\n``."""
    if len(raw) > MAX_TEXT_CHARS * 4:  # not worth normalising
        raise _too_long()
    normal = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n")
                                   .replace("\x85", "\n"))
    text = "".join(c for c in normal if c in _KEPT_CONTROLS or (
        unicodedata.category(c) not in _DROPPED and c not in _BIDI)).strip()
    if len(text) > MAX_TEXT_CHARS:
        raise _too_long()
    signs = sum(1 for c in unicodedata.normalize("NFKC", text)
                if unicodedata.category(c)[0] in "LN")
    if signs < MIN_TEXT_SIGNS:
        raise ReportRefused("The report says nothing; describe the problem in words.",
                            reason="text_empty")
    return text


def _too_long() -> ReportRefused:
    return ReportRefused(f"The report is longer than {MAX_TEXT_CHARS} characters; shorten it.",
                         reason="text_long")


def contact_address(raw: str) -> str:
    """The reader's optional e-mail address, checked (``""`` when none was given)."""
    text = unicodedata.normalize("NFC", raw[:MAX_CONTACT_CHARS * 2]).strip()
    if not text:
        return ""
    if len(text) > MAX_CONTACT_CHARS or not _CONTACT.fullmatch(text):
        raise ReportRefused("The e-mail address is not one; write it as name@example.org "
                            "(plain Latin letters) or leave it empty.", reason="contact")
    return text


def report_kind(raw: str) -> str:
    if raw not in ReportKind.values:
        raise ReportRefused(f"Choose what the report is about: {', '.join(ReportKind.values)}.",
                            reason="kind")
    return raw


# ---- filing --------------------------------------------------------------------------------

def file_report(public_id: str, submission: Submission, *, address: str | None,
                now: float | None = None) -> ReaderReport:
    """File the reader's report on the form's publication, or refuse it (nothing stored)."""
    channel = find_channel(public_id)
    if submission.trap.strip():
        raise ReportRefused("The field for programs was filled in.", reason="trap")
    nonce = check_token(submission.token, public_id, now=now)
    kind, text = report_kind(submission.kind), report_text(submission.text)
    contact = contact_address(submission.contact)
    publication = channel.publication
    key = _address_key(address)
    try:
        with transaction.atomic():
            _lock(f"reader-report-address:{key}", f"reader-report-publication:{publication.pk}")
            translation = Translation.objects.get(pk=publication.translation_id)
            if translation.state == TranslationState.WITHDRAWN:
                raise ReportRefused("The article was withdrawn; it takes no reports.",
                                    reason="closed")
            if ReaderReport.objects.filter(token_nonce=nonce).exists():
                raise ReportRefused("This form already sent its report.", reason="replayed")
            _take_slot(key, publication)
            report = ReaderReport.objects.create(
                publication=publication, translation=translation, kind=kind, text=text,
                contact=contact, token_nonce=nonce)
            audit.record(translation.article_id, FILED, actor=None, payload={
                **about(report, channel.publication.translation.edition.code), "by": "reader",
                "kind": kind, "publication": publication.pk, "chars": len(text),
                "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "contact_given": bool(contact)})
    except IntegrityError:  # the nonce's unique constraint: a replay raced this one
        raise ReportRefused("This form already sent its report.", reason="replayed") from None
    return report


def _address_key(address: str | None) -> str:
    secret = str(django_settings.SECRET_KEY).encode("utf-8")
    return hmac.new(secret, f"reader-report:{address or 'unknown'}".encode(),
                    hashlib.sha256).hexdigest()


def _lock(*keys: str) -> None:
    """Hold ``keys`` until the transaction ends (PostgreSQL); SQLite's write transaction
    already holds the database's lock from its start (BEGIN IMMEDIATE)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(keys):  # one order for every caller: no deadlock
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def _take_slot(key: str, publication: Publication) -> None:
    now = timezone.now()
    since = now - WINDOW
    ReportSlot.objects.filter(taken_at__lt=since).delete()
    for rows, limit, reason, what in (
            (ReportSlot.objects.filter(address=key), PER_ADDRESS, "limit_address",
             "reports from this address"),
            (ReportSlot.objects.filter(publication=publication), PER_PUBLICATION,
             "limit_publication", "reports on this publication")):
        taken = list(rows.filter(taken_at__gte=since).order_by("taken_at")
                     .values_list("taken_at", flat=True)[:limit])
        if len(taken) >= limit:
            wait = int((taken[0] + WINDOW - now).total_seconds()) + 1
            raise ReportRefused(f"{limit} {what} in the last hour; try again in {wait} s.",
                                reason=reason, retry_after=max(wait, 1))
    ReportSlot.objects.create(address=key, publication=publication, taken_at=now)


def about(report: ReaderReport, edition: str) -> dict[str, Any]:
    """What every audit event on a report names."""
    return {"report": report.pk, "translation": report.translation_id, "edition": edition}
