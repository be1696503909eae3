"""An article from the inbox to its publication, through the real browser.

Add (pasted HTML) -> machine draft -> checks marked -> keyboard edit with
autosave -> confirm with Ctrl+Enter -> the gate refuses early approval and
publication -> edit and confirm the rest -> approve -> publish -> disclosure in
the output. The desk's demo translates with the pseudo engine, whose output the
gate never lets through, so every segment gets an editor's words.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

from tests.e2e.desk_pages import (
    add_article,
    amend,
    confirm_with_keys,
    post_form,
    retype,
    segment,
)

pytestmark = pytest.mark.e2e

STORY = """<h1>Council approves 4.5 million euro harbour plan</h1>
<p>The city council approved a plan worth 4.5 million euros on Monday, according to the
<a href="https://example.org/report">official report</a>.</p>
<p>Work on the harbour will start in May 2027.</p>
<p>The mayor said the new quay would not raise local taxes.</p>"""
HEADLINE = "Stadtrat billigt Hafenplan für 4,5 Millionen Euro"


def _review_the_first_two(page: Any, screens: Path) -> None:
    """The draft's checks are marked; the headline is retyped, both segments confirmed."""
    headline = segment(page, "title.s1")
    expect(headline.locator(".target mark.issue.blocker")).to_have_text("4,5")
    expect(headline.locator(".issue-item.blocker")).to_contain_text("numbers")
    expect(segment(page, "b1.s1").locator(".target .chip").first).to_have_text("g1")
    page.screenshot(path=screens / "review-draft.png")

    retype(page, "title.s1", HEADLINE)
    page.reload()  # the autosave reached the database
    expect(headline.locator(".target")).to_have_text(HEADLINE)
    expect(headline.locator(".issue-item.blocker")).to_have_count(0)

    confirm_with_keys(page, "title.s1")
    expect(segment(page, "b1.s1")).to_have_class(re.compile(r"\bcurrent\b"))
    linked = segment(page, "b1.s1")
    amend(page, "b1.s1", " (geprüft)")  # the chips stay; the number issue stands
    linked.locator("input[name=reason]").fill("The figure is checked against the report.")
    linked.get_by_role("button", name="Override").click()
    expect(linked.locator(".issue-item.blocker")).to_contain_text("overridden")
    confirm_with_keys(page, "b1.s1")
    expect(page.locator("#progress")).to_contain_text("2/4 confirmed")


def _refused_early(editor: Any, publisher: Any, review: str) -> None:
    """Neither approval nor publication gets past the gate while segments are unconfirmed."""
    publisher.goto(review)
    expect(publisher.get_by_role("button", name="Publish")).to_have_count(0)
    post_form(publisher, f"{review}publish/")
    expect(publisher.locator("#flash .error")).to_contain_text("must approve it before")
    gate = publisher.locator(".gate")
    gate.locator("summary").click()
    expect(gate).to_contain_text("Segment b2.s1 is not confirmed by an editor.")

    editor.get_by_role("button", name="Approve").click()
    refusal = editor.locator("#flash .error")
    expect(refusal).to_contain_text("cannot be approved or published yet")
    expect(refusal).to_contain_text("Segment b2.s1 is not confirmed by an editor.")
    expect(refusal).to_contain_text("Segment b3.s1 is not confirmed by an editor.")


def test_an_article_goes_from_the_inbox_to_publication(sign_in: Any, screens: Path) -> None:
    editor = sign_in("demo-editor")
    add_article(editor, STORY, "German edition")
    review = editor.url
    _review_the_first_two(editor, screens)

    publisher = sign_in("demo-publisher")
    _refused_early(editor, publisher, review)

    amend(editor, "b2.s1", " (geprüft)")
    confirm_with_keys(editor, "b2.s1")
    expect(segment(editor, "b3.s1")).to_have_class(re.compile(r"\bcurrent\b"))
    editor.keyboard.press("End")  # the focus moved on: amend and confirm the last one
    editor.keyboard.type(" (geprüft)")
    expect(segment(editor, "b3.s1").locator(".save-state")).to_have_text("Saved")
    editor.keyboard.press("Control+Enter")
    expect(segment(editor, "b3.s1")).to_have_class(re.compile(r"\bconfirmed\b"))
    expect(editor.locator("#progress")).to_contain_text("4/4 confirmed")
    editor.screenshot(path=screens / "review-confirmed.png")
    editor.get_by_role("button", name="Approve").click()
    expect(editor.locator("#flash")).to_contain_text("Approved.")

    publisher.goto(review)
    publisher.get_by_role("button", name="Publish").click()
    expect(publisher.locator("#flash")).to_contain_text("Published.")
    markdown = publisher.locator("pre.output").first
    expect(markdown).to_contain_text(HEADLINE)
    expect(markdown).to_contain_text("](https://example.org/report)")  # the link kept
    expect(markdown).to_contain_text("Redaktion geprüft")  # the reviewed disclosure
    expect(markdown).not_to_contain_text("TESTAUSGABE")  # no pseudo text was published
    outputs = publisher.locator("pre.output")
    expect(outputs.nth(1)).to_contain_text('"role": "editor"')  # the review, recorded...
    for shown in range(outputs.count()):  # ...without a name: the edition names no one
        expect(outputs.nth(shown)).not_to_contain_text("Erika Editor")
        expect(outputs.nth(shown)).not_to_contain_text("demo-editor")
    publisher.screenshot(path=screens / "publication.png", full_page=True)
