"""Fixtures for the publish tests: a draft and a review record."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from copydesk.pipeline import Draft
from copydesk.publish import Review, ReviewEditor
from tests.publish.drafts import build_draft


@pytest.fixture
def make_draft() -> Callable[..., Draft]:
    return build_draft


@pytest.fixture
def draft() -> Draft:
    return build_draft()


@pytest.fixture
def review() -> Review:
    return Review(editors=[ReviewEditor("Anna Schmidt", "editor", "2026-03-01T11:00:00+00:00"),
                           ReviewEditor("Ben Müller", "editor", "2026-03-01T11:30:00+00:00")],
                  approved_by="Cora Weiß", approved_at="2026-03-01T12:00:00+00:00",
                  published_at="2026-03-01T12:05:00+00:00")
