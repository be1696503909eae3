"""A fuzzy match from the memory shows which words of its source differ from the new
source, and the keyboard takes it, on a wide screen, a laptop and a phone."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

from tests.e2e.desk_pages import add_article, confirm_with_keys, retype, segment

pytestmark = pytest.mark.e2e

SCREENS = {"1440x900": ({"width": 1440, "height": 900}, "Widehaven"),
           "1280x720": ({"width": 1280, "height": 720}, "Lapmouth"),
           "390x844": ({"width": 390, "height": 844}, "Phonestead")}


def _story(town: str, berths: int, title: str) -> str:
    return (f"<h1>{title}</h1>"
            f"<p>The harbour of {town} will open {berths} new berths for ferries in June.</p>")


@pytest.mark.parametrize("screen", SCREENS)
def test_a_fuzzy_match_marks_what_differs_and_is_taken_from_the_keyboard(
        sign_in: Any, screen: str) -> None:
    size, town = SCREENS[screen]
    page = sign_in("demo-editor")
    page.set_viewport_size(size)
    add_article(page, _story(town, 12, f"{town} plans new berths"), "German edition")
    stored = f"Der Hafen von {town} eröffnet im Juni 12 neue Liegeplätze für Fähren."
    retype(page, "b1.s1", stored)
    confirm_with_keys(page, "b1.s1")  # into the memory

    add_article(page, _story(town, 14, f"{town} plans even more berths"), "German edition")
    card = segment(page, "b1.s1")
    match = card.locator(".suggestion").first
    expect(match.locator(".badge.memory")).to_have_text(re.compile(r"^\d{2}%$"))
    expect(match.locator(".suggestion-text")).to_have_text(stored)
    expect(match.locator("del.memory-only")).to_contain_text("12")
    expect(match.locator("ins.source-only")).to_contain_text("14")
    expect(match.locator("del.memory-only .visually-hidden")).to_have_text(
        "memory source had: ")
    box = match.bounding_box()
    assert box is not None and box["x"] + box["width"] <= size["width"] + 1

    use = match.get_by_role("button", name="Use")
    use.focus()
    page.keyboard.press("Enter")
    expect(card.locator(".target")).to_have_text(stored)
    expect(card.locator(".save-state")).to_have_text("Saved")
