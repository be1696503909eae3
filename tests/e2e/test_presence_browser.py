"""Who else is here: two editors on one review screen see each other, and what each edits,
on a wide screen, a laptop and a phone."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

from tests.e2e.desk_pages import add_article, segment

pytestmark = pytest.mark.e2e

SCREENS = {"1440x900": {"width": 1440, "height": 900},
           "1280x720": {"width": 1280, "height": 720},
           "390x844": {"width": 390, "height": 844}}
REPORT_MS = 16_000  # a little over the screen's 15 s between activity reports


def _story(screen: str) -> str:
    town = {"1440x900": "Wideport", "1280x720": "Lapford", "390x844": "Phonebridge"}[screen]
    return (f"<h1>{town} opens its new library</h1>"
            f"<p>The library in {town} opens on Saturday with 40,000 books.</p>"
            f"<p>Readers in {town} can borrow e-books from the first day.</p>")


@pytest.mark.parametrize("screen", SCREENS)
def test_each_editor_sees_who_else_is_here_and_which_segment_they_edit(
        sign_in: Any, screen: str) -> None:
    editor = sign_in("demo-editor")
    editor.set_viewport_size(SCREENS[screen])
    add_article(editor, _story(screen), "German edition")
    expect(editor.locator("#presence")).not_to_contain_text("Ada Admin")

    admin = sign_in("demo-admin")
    admin.set_viewport_size(SCREENS[screen])
    admin.clock.install()  # the screen's reports every 15 s, run on demand
    admin.goto(editor.url)
    here = admin.locator("#presence")
    expect(here).to_contain_text("Also here:")
    expect(here).to_contain_text("Erika Editor, reading")

    editor.clock.install()
    editor.reload()
    card = segment(editor, "b1.s1")
    card.locator(".target").click()
    editor.keyboard.press("End")
    editor.keyboard.type(" Heute.")
    editor.clock.fast_forward(REPORT_MS)  # the autosave, then the activity report
    expect(card.locator(".save-state")).to_have_text("Saved")
    expect(editor.locator("#presence")).to_contain_text("Ada Admin, reading")

    segment(admin, "b2.s1").locator(".target").focus()  # the admin's own report is due
    admin.clock.fast_forward(REPORT_MS)
    expect(here).to_contain_text("Erika Editor, editing b1.s1")
    link = here.get_by_role("link", name="b1.s1")
    expect(link).to_have_attribute("href", "#seg-" + card.get_attribute("data-id"))
    box = here.bounding_box()
    assert box is not None and box["x"] >= 0
    assert box["x"] + box["width"] <= SCREENS[screen]["width"] + 1
