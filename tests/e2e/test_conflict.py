"""Two people save the same segment from the same version: the second sees both texts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

from tests.e2e.desk_pages import add_article, retype, segment

pytestmark = pytest.mark.e2e

STORY = """<h1>Ferry timetable changes from June</h1>
<p>The ferry to the island will leave 20 minutes earlier from 1 June.</p>"""
FIRST = "Die Fähre zur Insel legt ab dem 1. Juni 20 Minuten früher ab."
SECOND = "Ab dem 1. Juni fährt die Fähre zur Insel 20 Minuten früher."


def test_the_second_save_from_the_same_version_gets_the_conflict_panel(
        sign_in: Any, screens: Path) -> None:
    editor = sign_in("demo-editor")
    add_article(editor, STORY, "German edition")
    other = sign_in("demo-admin")  # may edit too; opens the same version
    other.goto(editor.url)

    retype(editor, "b1.s1", FIRST)
    card = segment(other, "b1.s1")
    card.locator(".target").click()
    other.keyboard.press("Control+A")
    other.keyboard.type(SECOND)
    conflict = card.locator(".conflict")
    expect(conflict).to_be_visible()
    expect(card.locator(".save-state")).to_have_text("Conflict: choose a text")
    expect(conflict).to_contain_text("was changed by Erika Editor since you loaded it")
    expect(conflict).to_contain_text("Text saved by Erika Editor")
    texts = conflict.locator(".conflict-text")
    expect(texts.nth(0)).to_have_text(FIRST)  # theirs, saved
    expect(texts.nth(1)).to_have_text(SECOND)  # mine, not saved
    other.screenshot(path=screens / "review-conflict.png")

    conflict.get_by_role("button", name="Keep my text").click()
    expect(card.locator(".save-state")).to_have_text("Saved")
    editor.reload()
    expect(segment(editor, "b1.s1").locator(".target")).to_have_text(SECOND)
