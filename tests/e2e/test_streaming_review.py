"""A streaming draft in the browser: the first segments are reviewable before the last.

A desk of its own (``copydesk serve --no-worker`` and one ``copydesk worker``,
SQLite) translates with the ``openai`` engine against a chat server in this
test process that answers one segment per request and holds the fourth: the
review screen shows three segments to edit and the rest as "translating…";
an editor's caret sits in the headline; released, the rest arrives in place,
without a reload, and the caret has not moved.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

from tests.desk import test_worker_recovery as workers
from tests.e2e.conftest import VIEWPORT
from tests.fixtures.served_desk import DeskShell

RECORDS = Path(__file__).parents[1] / "desk" / "worker_records.py"


@pytest.fixture
def streaming_desk(tmp_path: Path, browser: Any) -> Iterator[dict[str, Any]]:
    chat = workers.FakeChat()
    try:
        with workers.serve_without_worker(tmp_path, None, chat) as served, \
                DeskShell(served, RECORDS.read_text()) as shell:
            tokens = shell.call("add_people", people={"erika": ["editor"]})
            shell.call("add_edition", code="de", engine="openai")
            found = workers.Desk(served, shell, chat, tokens, "sqlite", "database", tmp_path)
            try:
                yield {"desk": found, "browser": browser}
            finally:
                chat.release()
                found.stop_workers()
    finally:
        chat.release()
        chat.server.shutdown()


def test_the_first_segments_are_reviewable_before_the_last_is_translated(streaming_desk):
    desk, browser = streaming_desk["desk"], streaming_desk["browser"]
    arrives = desk.chat.hold(4)
    translation = desk.request("browser")
    desk.start_worker("browser")
    desk.chat.wait_for(arrives)
    desk.until(translation, lambda s: sum(t.startswith("[de] ") for _, _, t in s["segments"])
               == 3, "the first three segments")
    context = browser.new_context(viewport=VIEWPORT, base_url=desk.served.url,
                                  extra_http_headers={
                                      "Authorization": f"Bearer {desk.tokens['erika']}"})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"/translations/{translation}/")
    expect(page.locator(".segment .target.editable")).to_have_count(3)
    expect(page.locator(".segment-pending")).to_have_count(workers.SEGMENTS - 3)
    expect(page.locator(".segment-pending").first).to_contain_text("translating…")
    headline = page.locator(".segment .target.editable").first
    headline.click()
    page.keyboard.press("End")
    page.evaluate("window.sameLoad = true")
    caret = page.evaluate("getSelection().anchorOffset")
    desk.chat.release()
    expect(page.locator(".segment-pending")).to_have_count(0, timeout=30_000)
    expect(page.locator(".segment .target.editable")).to_have_count(workers.SEGMENTS)
    expect(page.locator(".segment .target.editable").last).to_contain_text("[de] Paragraph")
    assert page.evaluate("window.sameLoad") is True  # no reload
    assert page.evaluate("document.activeElement.closest('.segment').querySelector('.key')"
                         ".textContent") == "title.s1"
    assert page.evaluate("getSelection().anchorOffset") == caret
    context.close()
