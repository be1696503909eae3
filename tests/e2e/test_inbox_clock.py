"""The inbox in a real browser: the queue by deadline, a filter, taking a translation, and a
row that moves to its new list when another person changes its state, without a reload."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

from tests.e2e.desk_pages import DRAFT_SECONDS

pytestmark = pytest.mark.e2e

POLL_SECONDS = 15  # the list asks every 5 s; room for a busy machine


def _add(page: Any, title: str, deadline: datetime | None) -> None:
    page.goto("/")
    page.fill("textarea[name=text]", f"<h1>{title}</h1>\n<p>The council met on Monday.</p>")
    page.get_by_label("German edition").check()
    if deadline is not None:
        page.fill("input[name=deadline]", deadline.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Add and translate").click()
    expect(page.locator("#flash")).to_contain_text(f"“{title}” is on the desk")


def _rows(page: Any, section: str) -> Any:
    return page.locator(f"#{section} table.inbox tbody tr")


def test_the_inbox_follows_the_clock_and_moves_rows_as_they_change(sign_in: Any) -> None:
    word = "Clock" + secrets.token_hex(3)  # only this test's articles match the search
    now = datetime.now(UTC)
    titles = {"overdue": f"{word} overdue story", "later": f"{word} later story",
              "none": f"{word} open-ended story"}
    editor = sign_in("demo-editor")
    _add(editor, titles["none"], None)
    _add(editor, titles["later"], now + timedelta(days=2))
    _add(editor, titles["overdue"], now - timedelta(days=2))

    editor.goto(f"/?q={word}")
    queue = _rows(editor, "review-queue")
    expect(queue).to_have_count(3, timeout=(DRAFT_SECONDS + POLL_SECONDS) * 1000)
    for place, name in enumerate(("overdue", "later", "none")):
        expect(queue.nth(place)).to_contain_text(titles[name])
    expect(queue.nth(0).locator(".flag.overdue")).to_contain_text("overdue by 2")
    editor.evaluate("window.stillTheSamePage = true")

    editor.get_by_label("Overdue").check()
    expect(editor).to_have_url(re.compile(r"overdue=1"))
    expect(queue).to_have_count(1)
    expect(queue.first).to_contain_text(titles["overdue"])
    queue.first.get_by_role("button", name="Take").click()
    expect(queue.first.locator(".assignee")).to_have_text("Erika Editor")
    expect(queue.first.get_by_role("button", name="Give back")).to_be_visible()
    editor.get_by_label("Overdue").uncheck()
    expect(queue).to_have_count(3)

    later = queue.filter(has_text=titles["later"])
    review = later.get_by_role("link", name=titles["later"]).get_attribute("href")
    publisher = sign_in("demo-publisher")
    publisher.goto(review)
    publisher.fill("#withdraw input[name=reason]", "The story was spiked by the desk.")
    publisher.locator("#withdraw").get_by_role("button", name="Withdraw").click()
    expect(publisher.locator("#flash")).to_contain_text("ithdrawn")

    moved = _rows(editor, "other-translations").filter(has_text=titles["later"])
    expect(moved.locator(".badge")).to_have_text("Withdrawn", timeout=POLL_SECONDS * 1000)
    expect(queue).to_have_count(2)
    expect(_rows(editor, "other-translations")).to_have_count(1)  # the search still holds
    assert editor.evaluate("window.stillTheSamePage") is True  # no reload
    assert f"q={word}" in editor.url
