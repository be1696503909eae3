"""An editor marks a block "not for translation" with a reason; the publication lacks it.

Through the real browser: the review screen's per-block form refuses a reason
without visible words, takes a real one, shows the block as left out and
counts it out of the progress; the rest is reviewed, approved and published,
and neither the published page nor any download carries the block.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

from tests.e2e.desk_pages import add_article, amend, confirm_with_keys

pytestmark = pytest.mark.e2e

STORY = """<h1>Port authority opens the new container quay</h1>
<p>The port authority opened the new container quay on Tuesday, two months early.</p>
<p>The quay adds room for four large ships at once, the director said.</p>
<p>Wirecast Daily uses automated tools to translate its articles; questions go to
desk@wirecast.example.</p>"""
MARKER = "Wirecast"
REASON = "The source's own translation note; our edition adds its own disclosure."


def _leave_out_the_last_block(page: Any, screens: Path) -> None:
    block = page.locator("#block-b3")
    expect(block.locator(".segment")).to_have_count(1)
    expect(page.locator("#progress")).to_contain_text("0/4 confirmed")
    block.locator("summary", has_text="Not for translation").click()
    reason = block.get_by_label("Why it is not part of the translation")
    reason.fill("\u200b\u200b\u200b")  # only invisible characters: no reason
    block.get_by_role("button", name="Leave out of the translation").click()
    expect(page.locator("#flash .error")).to_contain_text("written reason")
    block = page.locator("#block-b3")
    expect(block.locator(".badge.left-out")).to_have_count(0)

    block.locator("summary", has_text="Not for translation").click()
    block.get_by_label("Why it is not part of the translation").fill(REASON)
    block.get_by_role("button", name="Leave out of the translation").click()
    expect(page.locator("#flash")).to_contain_text("Block b3 is left out of the translation.")
    block = page.locator("#block-b3")
    expect(block.locator(".badge.left-out")).to_have_text("not for translation")
    expect(block.locator(".left-out-note")).to_contain_text(REASON)
    expect(block.locator(".target[contenteditable='true']")).to_have_count(0)
    expect(page.locator("#progress")).to_contain_text("0/3 confirmed")
    page.screenshot(path=screens / "block-left-out.png", full_page=True)


def test_a_block_left_out_with_a_reason_is_not_published(sign_in: Any, screens: Path) -> None:
    editor = sign_in("demo-editor")
    add_article(editor, STORY, "German edition")
    review = editor.url
    _leave_out_the_last_block(editor, screens)

    for key in ("title.s1", "b1.s1", "b2.s1"):  # the pseudo draft needs an editor's words
        amend(editor, key, " (geprüft)")
        confirm_with_keys(editor, key)
    expect(editor.locator("#progress")).to_contain_text("3/3 confirmed")
    editor.reload()  # the gate's verdict is drawn with the page
    expect(editor.locator(".gate .ok")).to_contain_text("Every segment is confirmed")
    editor.get_by_role("button", name="Approve").click()
    expect(editor.locator("#flash")).to_contain_text("Approved.")

    publisher = sign_in("demo-publisher")
    publisher.goto(review)
    expect(publisher.locator("#block-b3 summary")).to_have_count(0)  # publishers do not decide
    publisher.get_by_role("button", name="Publish").click()
    expect(publisher.locator("#flash")).to_contain_text("Published.")
    expect(publisher.locator("pre.output").first).to_contain_text("(geprüft)")
    expect(publisher.locator("pre.output").first).not_to_contain_text(MARKER)
    preview = publisher.locator("iframe.preview").get_attribute("src")
    page = publisher.request.get(preview)
    assert page.ok and "(geprüft)" in page.text() and MARKER not in page.text()
    links = publisher.locator(".downloads a")
    for index in range(links.count()):
        answer = publisher.request.get(links.nth(index).get_attribute("href"))
        assert answer.ok and MARKER not in answer.text(), links.nth(index).inner_text()
    assert links.count() >= 4

    editor.goto(review)
    editor.get_by_role("link", name="Audit trail").click()
    event = editor.locator("table.audit tr", has_text="block_excluded")
    expect(event).to_have_count(1)
    event.locator("summary").click()
    expect(event.locator("pre")).to_contain_text("The source's own translation note")
