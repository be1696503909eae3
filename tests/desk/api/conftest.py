"""A script's view of the REST API: a client with an API token and nothing else.

The desk's fixtures (``tests/desk/conftest.py``: people, the German edition, a
translation in review) apply here too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from copydesk.desk import tokens
from copydesk.desk.models import Segment, Translation, User
from tests.desk.conftest import edited_text

API = "/api/v1"


class Script:
    """What a newsroom's script sends: a Bearer token, JSON bodies, no cookies, no CSRF token."""

    def __init__(self, token: str) -> None:
        self.client = Client(enforce_csrf_checks=True,
                             headers={"Authorization": f"Bearer {token}"})

    def get(self, path: str, **query: Any) -> Any:
        return self.client.get(f"{API}{path}", query)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(f"{API}{path}", _json(body), content_type="application/json")

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(f"{API}{path}", _json(body), content_type="application/json")


def _json(body: Any) -> str:
    if body is None:
        return ""
    return body if isinstance(body, str) else json.dumps(body)


@pytest.fixture
def script_as(db: None) -> Callable[[User], Script]:
    """A script with a fresh token of ``user``."""

    def make(user: User) -> Script:
        return Script(tokens.issue(user, "tests")[1])

    return make


def error_of(answer: Any, status: int) -> dict[str, Any]:
    """The ``error`` object of a refusal, after checking its status and shape."""
    assert answer.status_code == status, answer.content
    assert answer["Content-Type"].startswith("application/json")
    error = answer.json()["error"]
    assert isinstance(error["code"], str) and error["message"]
    return dict(error)


def live(translation: Translation) -> list[Segment]:
    return list(translation.segments.filter(active=True).order_by("position"))


def review_through_api(script: Script, translation: Translation) -> None:
    """Write an editor's text on every segment and confirm it, as a script does."""
    for segment in live(translation):
        saved = script.put(f"/segments/{segment.pk}",
                           {"target": edited_text(segment), "version": segment.version})
        assert saved.status_code == 200, saved.content
        confirmed = script.post(f"/segments/{segment.pk}/confirm",
                                {"version": saved.json()["segment"]["version"]})
        assert confirmed.status_code == 200, confirmed.content
