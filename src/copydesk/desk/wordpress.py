"""WordPress sites on the desk: pulling posts in, and queueing publications out.

A site is registered with its address, a user and the NAME of the
environment variable that holds the user's application password: the
password is read from the environment when the site is used (by the command
line, or by the worker, which must have the variable too) and is never
stored or shown. A site may be an edition's target.

In: ``pull`` reads a post (by id or link) and puts it on the desk under the
key ``wordpress:<site>:<post id>``, so pulling it again is an update (a new
source version when it changed, nothing when it did not), as any update is.

Out: ``audit.record`` calls ``wordpress_delivery.schedule`` for every event, in
its transaction.
A publication (first, update or correction) of a translation whose edition
has a site queues a ``publish`` delivery; a withdrawal of a translation that
was published queues a ``withdraw``. The worker makes them
(``desk.wordpress_delivery``), in order per translation, retried with backoff.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import httpx
from django.db import transaction
from django.utils import timezone

from copydesk import languages
from copydesk.connectors import wordpress as client
from copydesk.desk import admin_audit, audit, intake, roles, wordpress_delivery
from copydesk.desk.admin_audit import Actor
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.models import (
    DeliveryStatus,
    Edition,
    PostStatus,
    Role,
    User,
    WordPressDelivery,
    WordPressSite,
)
from copydesk.errors import InputError, NotFoundError, WorkflowError
from copydesk.ingest.fetch import Resolver, check_url, resolve_host

_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_VARIABLE = re.compile(r"[A-Z_][A-Z0-9_]{0,99}")
KEY_PREFIX = "wordpress"


def add_site(name: str, url: str, *, user: str, password_env: str, edition_code: str = "",
             post_status: str = PostStatus.DRAFT, resolve: Resolver = resolve_host
             ) -> WordPressSite:
    """Register a site (nothing is sent to it: ``test_site`` checks the credentials)."""
    site_name = unicodedata.normalize("NFKC", name).strip().lower()
    if not _NAME.fullmatch(site_name):
        raise InputError(f"{name!r} cannot name a site: use lower-case letters, digits and "
                         "dashes (e.g. news-de), at most 64.")
    variable = unicodedata.normalize("NFKC", password_env).strip()
    if not _VARIABLE.fullmatch(variable):
        raise InputError("--password-env takes an environment variable's name (capital "
                         "letters, digits and _): give the NAME of the variable that holds the "
                         "password (e.g. WP_DE_PASSWORD), not the password.")
    login = unicodedata.normalize("NFC", user).strip()
    if not login or len(login) > 200 or not login.isprintable():
        raise InputError("Give the WordPress user name (--user), at most 200 characters.")
    if post_status not in PostStatus.values:
        raise InputError(f"A post's status is draft or publish, not {post_status!r}.")
    address = client.site_address(url)
    check_url(address, copydesk_settings(), resolve)
    edition = _edition(edition_code) if edition_code.strip() else None
    with transaction.atomic():
        if WordPressSite.objects.filter(name=site_name).exists():
            raise WorkflowError(f"There is a site {site_name} already; see 'copydesk wordpress "
                                "sites'.")
        if edition is not None and WordPressSite.objects.filter(edition=edition).exists():
            raise WorkflowError(f"The {edition.name} publishes to another site already; see "
                                "'copydesk wordpress sites'.")
        return WordPressSite.objects.create(name=site_name, url=address, user=login,
                                            password_env=variable, edition=edition,
                                            post_status=post_status)


def sites() -> list[WordPressSite]:
    return list(WordPressSite.objects.select_related("edition").order_by("name"))


def find_site(name: str) -> WordPressSite:
    wanted = unicodedata.normalize("NFKC", name).strip().lower()
    found = WordPressSite.objects.select_related("edition").filter(name=wanted).first()
    if found is None:
        raise NotFoundError(f"No WordPress site {name!r}; see 'copydesk wordpress sites'.")
    return found


def test_site(name: str, *, transport: httpx.BaseTransport | None = None) -> dict[str, Any]:
    """Sign in to the site; returns the user as WordPress knows them (name, roles)."""
    with wordpress_delivery.connect(find_site(name), transport=transport) as wp:
        me = wp.me()
    return {"id": me.get("id"), "name": str(me.get("name", "")),
            "roles": [str(r) for r in me.get("roles", []) if isinstance(r, str)]}


def post_key(site: WordPressSite, post_id: int) -> str:
    return f"{KEY_PREFIX}:{site.name}:{post_id}"


def pull(site_name: str, reference: str, edition_codes: Sequence[str] = (), *, user: User,
         language: str = "", deadline: datetime | None = None,
         transport: httpx.BaseTransport | None = None) -> intake.Added:
    """Put the post on the desk (an update when it is there already)."""
    roles.require(user, Role.EDITOR, "pull posts from WordPress")
    site = find_site(site_name)
    editions = [_edition(code) for code in dict.fromkeys(c.strip() for c in edition_codes)
                if code]
    chosen = languages.normalize(language) if language.strip() else ""
    settings = copydesk_settings()
    with wordpress_delivery.connect(site, transport=transport) as wp:
        post = wp.post(wp.find_post(reference))
    source = client.post_article(post, site=site.name, settings=settings)
    if chosen:
        source.language = chosen
    with transaction.atomic():
        added = intake.add_article(source, post_key(site, post.id), editions, user=user,
                                   deadline=deadline)
        if added.stored:
            audit.record(added.article, "wordpress_post_pulled", actor=user, payload={
                "site": site.name, "post": post.id, "link": post.link,
                "version": added.version.number})
    return added


def deliveries(*, failed_only: bool = False, limit: int = 50) -> list[WordPressDelivery]:
    rows = WordPressDelivery.objects.select_related("site").order_by("-created_at", "-id")
    if failed_only:
        rows = rows.filter(status=DeliveryStatus.FAILED)
    return list(rows[:limit])


def retry(delivery_id: int, *, actor: Actor = None) -> WordPressDelivery:
    """Send a failed delivery again, with a fresh round of attempts."""
    admin_audit.require_admin(actor, "retry WordPress deliveries")
    with transaction.atomic():
        found = WordPressDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if found is None:
            raise NotFoundError(f"No WordPress delivery {delivery_id}; see 'copydesk wordpress "
                                "deliveries'.")
        if found.status != DeliveryStatus.FAILED:
            raise WorkflowError(f"Delivery {delivery_id} is {found.status}; only a failed one "
                                "is sent again.")
        WordPressDelivery.objects.filter(pk=found.pk).update(
            status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now())
        admin_audit.record("wordpress_delivery_retried", actor=actor,
                           subject=f"wordpress:{found.site.name}", payload={
                               "delivery": found.pk, "action": found.action,
                               "translation": found.translation_id,
                               "attempts": found.attempts, "error": found.last_error[:500]})
        transaction.on_commit(wordpress_delivery.wake, robust=True)
    found.refresh_from_db()
    return found


def _edition(code: str) -> Edition:
    edition = Edition.objects.filter(code=code.strip()).first()
    if edition is None:
        raise NotFoundError(f"No edition {code!r}; see 'copydesk editions list'.")
    return edition
