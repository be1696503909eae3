"""The review screen measures the editor's active time and shows the evidence as it grows."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

from tests.e2e.desk_pages import add_article, amend, segment

pytestmark = pytest.mark.e2e

STORY = """<h1>Harbour board meets on Friday</h1>
<p>The harbour board will meet on Friday to discuss the new quay.</p>"""
REPORT_SECONDS = 15  # how often the review screen reports (desk.js REPORT_MS)


def test_time_spent_editing_reaches_the_evidence_box(sign_in: Any, screens: Path) -> None:
    editor = sign_in("demo-editor")
    add_article(editor, STORY, "German edition")
    box = editor.locator("#evidence")
    expect(box).to_contain_text("0 s of active review")
    expect(box).to_contain_text("no active time recorded")  # the warning before any work
    amend(editor, "title.s1", " (Entwurf)")
    for _ in range(4):  # keep working for a few seconds: time counts only while active
        segment(editor, "b1.s1").locator(".target").click()
        editor.keyboard.press("End")
        editor.wait_for_timeout(700)
    active = re.compile(r"\b([1-9][0-9]*) s of active review")
    expect(editor.locator("#evidence")).to_contain_text(active,
                                                        timeout=(REPORT_SECONDS + 10) * 1000)
    editor.screenshot(path=screens / "review-evidence.png")
