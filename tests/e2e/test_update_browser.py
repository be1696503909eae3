"""A changed article added again through the form: the comparison, then review of what changed.

The editor adds an article, opens "Add a new version" on its review screen (the
form has the article's key), pastes the changed text, is told what happened
and sees the two versions side by side; once the new draft is in, a changed
sentence's link opens the review screen at that segment, and Alt+C and the
"Next changed segment" button go on to the other changed one.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

from tests.e2e.desk_pages import DRAFT_SECONDS, add_article, segment

pytestmark = pytest.mark.e2e

FIRST = """<h1>Bridge over the Elbe closes for repairs</h1>
<p>The old bridge will close on Monday for three weeks of repairs.</p>
<p>Buses will take a detour through the harbour district.</p>"""
SECOND = """<h1>Bridge over the Elbe closes for repairs</h1>
<p>The old bridge will close on Tuesday for three weeks of repairs.</p>
<p>Buses will take a detour through the harbour district.</p>
<p>Cyclists may still cross on the footpath.</p>"""
CURRENT = re.compile(r"\bcurrent\b")


def test_an_update_is_compared_and_its_changed_segments_reviewed(sign_in: Any,
                                                                 screens: Path) -> None:
    editor = sign_in("demo-editor")
    add_article(editor, FIRST, "German edition")
    expect(editor.get_by_role("button", name="Next changed segment")).to_have_count(0)

    editor.get_by_role("link", name="Add a new version").click()
    expect(editor.locator("input[name=key]")).to_have_value(re.compile(r"^text:"))
    editor.fill("textarea[name=text]", SECOND)
    editor.get_by_role("button", name="Add and translate").click()
    expect(editor.locator("#flash")).to_contain_text(
        "New version 2 of “Bridge over the Elbe closes for repairs” for German edition; "
        "1 sentence changed, 1 added.")
    expect(editor.locator("h1")).to_contain_text("What changed in")
    changed = editor.locator(".crow.changed")
    expect(changed.locator(".old del")).to_have_text("Monday")
    expect(changed.locator(".new ins")).to_have_text("Tuesday")
    expect(editor.locator(".crow.added .new")).to_have_text(
        "Cyclists may still cross on the footpath.")
    review = editor.get_by_role("link", name="Review the 2 changed segments")
    expect(review).to_be_visible(timeout=DRAFT_SECONDS * 1000)  # the page reloads once in
    editor.screenshot(path=screens / "compare-versions.png", full_page=True)

    changed.get_by_role("link", name="de").click()
    tuesday = segment(editor, "b1.s1")
    expect(tuesday).to_have_class(CURRENT)
    expect(tuesday.locator(".badge.needs-work")).to_have_text("changed in source")
    expect(tuesday.locator(".source")).to_contain_text("Tuesday")
    editor.keyboard.press("Alt+c")
    cyclists = segment(editor, "b3.s1")
    expect(cyclists).to_have_class(CURRENT)
    expect(cyclists.locator(".source")).to_contain_text("Cyclists")
    editor.get_by_role("button", name="Next changed segment").click()
    expect(tuesday).to_have_class(CURRENT)  # from the top again after the last one
    expect(segment(editor, "b2.s1")).not_to_have_class(re.compile(r"\bneeds-work\b"))
    editor.screenshot(path=screens / "review-changed-segment.png")

    editor.get_by_role("link", name="what changed since version 1").click()
    expect(editor.locator(".crow.changed .new ins")).to_have_text("Tuesday")
