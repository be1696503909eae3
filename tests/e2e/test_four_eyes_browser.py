"""Four eyes, through the real browser.

The administrator turns four eyes on for the Dutch edition (no other browser
test uses it) on its settings page. The editor who wrote every segment is
refused the approval with a message that says why and who must approve; the
administrator, who wrote none, approves, and is then refused the
publication; the publisher publishes.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

from tests.e2e.desk_pages import add_article, amend, confirm_with_keys

pytestmark = pytest.mark.e2e

STORY = """<h1>Lighthouse on the dyke reopens to visitors</h1>
<p>The old lighthouse reopens on Saturday after two years of work.</p>
<p>Visitors can climb to the lantern room again.</p>"""
KEYS = ("title.s1", "b1.s1", "b2.s1")


def _four_eyes_on(admin: Any, code: str) -> None:
    admin.goto(f"/editions/{code}/")
    admin.get_by_role("combobox", name=re.compile(r"^Four eyes\b")).select_option("true")
    admin.get_by_role("button", name="Save the edition").click()
    expect(admin.locator("#flash")).to_contain_text(f"Saved the Dutch edition ({code}).")


def test_four_eyes_refuse_the_last_editors_approval_and_the_approvers_publication(
        sign_in: Any, screens: Any) -> None:
    admin = sign_in("demo-admin")
    _four_eyes_on(admin, "nl")

    editor = sign_in("demo-editor")
    add_article(editor, STORY, "Dutch edition")
    review = editor.url
    for key in KEYS:
        amend(editor, key, " (nagekeken)")
        confirm_with_keys(editor, key)
    expect(editor.locator("#progress")).to_contain_text("3/3 confirmed")
    editor.get_by_role("button", name="Approve").click()
    refusal = editor.locator("#flash .error")
    expect(refusal).to_contain_text("needs four eyes: you are the last editor of 3 segments, "
                                    "so another editor must approve it.")
    expect(editor.locator(".review-head .badge")).to_have_text("In review")
    editor.screenshot(path=screens / "four-eyes-approve.png")

    admin.goto(review)
    admin.get_by_role("button", name="Approve").click()
    expect(admin.locator("#flash")).to_contain_text("Approved.")
    admin.get_by_role("button", name="Publish").click()
    expect(admin.locator("#flash .error")).to_contain_text(
        "needs four eyes: you approved it, so another publisher must publish it.")
    expect(admin.locator(".review-head .badge")).to_have_text("Approved")

    publisher = sign_in("demo-publisher")
    publisher.goto(review)
    publisher.get_by_role("button", name="Publish").click()
    expect(publisher.locator("#flash")).to_contain_text("Published.")
