"""Django for the desk tests only: configured here so the rest of the suite never needs it.

The database comes from ``COPYDESK_TEST_DATABASE_URL`` (default: SQLite);
pytest-django creates ``test_<name>`` on the server, e.g.::

    COPYDESK_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/pytest tests/desk
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from typing import Any

import django
import pytest
from django.conf import settings as django_settings

from copydesk import settings as copydesk_settings
from copydesk.article import Article as SourceArticle
from copydesk.desk.project import settings as project

TEST_DATABASE_ENV = "COPYDESK_TEST_DATABASE_URL"
NO_CHECKS = {"checks": {"enabled": []}}

STORY = {
    "title": "Ministry pays 3.5 million euros for new bridge",
    "language": "en",
    "standfirst": "The council approved the plan on Monday.",
    "blocks": [
        {"kind": "paragraph", "text": "The ministry paid 3.5 million euros. Work starts in May."},
        {"kind": "paragraph", "text": "The mayor said the bridge would open in 2027."},
    ],
}


def _configure() -> None:
    if django_settings.configured:
        return
    # The browser tests' Playwright (sync API) keeps an asyncio loop on the main thread of
    # the pytest worker they share with these tests; Django's async-safety check would
    # then refuse the ORM in plain synchronous tests that run after them.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    home = tempfile.mkdtemp(prefix="copydesk-desk-tests-")
    desk = copydesk_settings.load(options={"home": home}, environ={})
    url = os.environ.get(TEST_DATABASE_ENV) or f"sqlite:///{home}/desk.sqlite3"
    options: dict[str, Any] = project.build(desk, secret_key="tests-only",
                                            database_url=url, tasks=project.IMMEDIATE_TASKS)
    options["PASSWORD_HASHERS"] = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    django_settings.configure(**options)
    django.setup()


_configure()


def story(**changes: Any) -> SourceArticle:
    return SourceArticle.from_dict({**STORY, **changes})


def on_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


requires_postgres = pytest.mark.skipif(not on_postgres(),
                                       reason="needs PostgreSQL (set COPYDESK_TEST_DATABASE_URL)")


@pytest.fixture(autouse=True)
def desk_home(settings: Any, tmp_path: Any) -> Any:
    """A data directory of its own per test, so no translation memory leaks between tests."""
    home = tmp_path / "home"
    desk = settings.COPYDESK_SETTINGS
    settings.COPYDESK_SETTINGS = dataclasses.replace(desk, values={**desk.values,
                                                                   "home": str(home)})
    return home


@pytest.fixture
def make_user(db: None) -> Any:
    from copydesk.desk import roles
    from copydesk.desk.models import User

    def make(name: str, *held: str) -> User:
        user = User.objects.create_user(username=name, first_name=name.title())
        roles.grant(user, *held)
        return user

    return make


@pytest.fixture
def editor(make_user: Any) -> Any:
    return make_user("erika", "editor")


@pytest.fixture
def second_editor(make_user: Any) -> Any:
    return make_user("ed", "editor")


@pytest.fixture
def publisher(make_user: Any) -> Any:
    return make_user("paula", "publisher")


@pytest.fixture
def edition(db: None) -> Any:
    from copydesk.desk.models import Edition

    return Edition.objects.create(code="de", name="German edition", language="de",
                                  engine="pseudo", options=NO_CHECKS)


@pytest.fixture
def translation(editor: Any, edition: Any) -> Any:
    """The story ingested and machine-translated (immediate task backend): in review."""
    from copydesk.desk import sources, workflow

    ingested = sources.ingest(story(), key="https://example.org/bridge", user=editor)
    return workflow.request_translation(ingested.article, edition, user=editor)


@pytest.fixture
def approved(translation: Any, editor: Any) -> Any:
    from copydesk.desk import workflow

    confirm_all(translation, editor)
    return workflow.approve(translation, user=editor)


def edited_text(segment: Any) -> str:
    """An editor's translation of a pseudo-translated segment: its tags, in other words."""
    from copydesk.article import TAG_RE

    tags = "".join(match.group(0) for match in TAG_RE.finditer(segment.source))
    return f"Redigiert: {segment.key}{tags}"


def edit_all(translation: Any, user: Any) -> None:
    """Write an editor's text over every segment that still holds pseudo output."""
    from copydesk.desk import revisions
    from copydesk.engines.base import is_pseudo_output

    for segment in translation.segments.filter(active=True):
        if is_pseudo_output(segment.origin, segment.signature):
            revisions.save_segment(segment.pk, edited_text(segment),
                                   base_version=segment.version, user=user)


def spend_review_time(translation: Any, user: Any, seconds: float) -> int:
    """Report ``seconds`` of active review by ``user``, spread over the live segments, as the
    review screen would after that much time on the page (its clock is moved back); returns
    the milliseconds credited."""
    from datetime import timedelta

    from django.utils import timezone

    from copydesk.desk import evidence
    from copydesk.desk.models import ReviewPresence

    live = list(translation.segments.filter(active=True).values_list("pk", flat=True))
    ReviewPresence.objects.update_or_create(
        translation=translation, user=user,
        defaults={"seen_at": timezone.now() - timedelta(seconds=seconds)})
    share = int(seconds * 1000 / len(live))
    reports = [evidence.Report(pk, share, keystrokes=3, focuses=1) for pk in live]
    return evidence.record(translation.pk, reports, user=user)


def confirm_all(translation: Any, user: Any, *, review_seconds: float = 600) -> None:
    """Confirm every live segment, writing an editor's text over pseudo output first
    (the gate never publishes pseudo output), after ``review_seconds`` of active review."""
    from copydesk.desk import revisions

    edit_all(translation, user)
    if review_seconds:
        spend_review_time(translation, user, review_seconds)
    for segment in translation.segments.filter(active=True):
        if segment.state != "confirmed":
            revisions.confirm_segment(segment.pk, base_version=segment.version, user=user)
    translation.refresh_from_db()
