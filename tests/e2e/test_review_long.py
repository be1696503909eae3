"""A long article: the progress and Approve stay in view at the bottom of the page, on a
wide screen and on a phone."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

from tests.e2e.desk_pages import add_article, retype

pytestmark = pytest.mark.e2e

PARAGRAPHS = 40
STORY = "<h1>Harbour works go on all summer</h1>" + "".join(
    f"<p>Crane {n} will lift {n} containers a day while the quay is rebuilt.</p>"
    for n in range(1, PARAGRAPHS + 1))


def test_approve_stays_in_view_at_the_bottom_of_a_long_article(sign_in: Any) -> None:
    editor = sign_in("demo-editor")
    add_article(editor, STORY, "German edition")
    for width, height in ((1440, 900), (1280, 720), (390, 844)):
        editor.set_viewport_size({"width": width, "height": height})
        editor.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        expect(editor.locator(".segment").last).to_be_in_viewport()
        expect(editor.get_by_role("button", name="Approve")).to_be_in_viewport()
        expect(editor.locator("#progress")).to_be_in_viewport()
        bar = editor.locator(".review-bar").bounding_box()
        assert bar is not None and bar["x"] >= 0 and bar["x"] + bar["width"] <= width


def test_the_headline_counter_follows_the_editors_typing(sign_in: Any) -> None:
    admin = sign_in("demo-admin")
    admin.goto("/editions/fr/")
    admin.get_by_label("Headline length (characters)").fill("30")
    admin.get_by_role("button", name="Save the edition").click()
    expect(admin.locator("#flash")).to_contain_text("Saved the French edition (fr).")

    editor = sign_in("demo-editor")
    add_article(editor, "<h1>Quay reopens</h1><p>The quay reopens in May.</p>",
                "French edition")
    counter = editor.locator(".char-count")
    expect(counter).to_have_attribute("aria-live", "polite")
    retype(editor, "title.s1", "Le quai rouvre en mai")
    expect(counter).to_have_text("21/30 characters")
    retype(editor, "title.s1", "Le quai du port rouvre ses portes en mai")
    expect(counter).to_have_text("40/30 characters: 10 over the headline limit")
    expect(counter).to_have_class("char-count over")
