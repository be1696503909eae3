"""A correction readers can see, through the real browser.

The editor reviews and approves an article, the publisher publishes it; the
editor opens a correction on the review screen with a written reason, fixes
a sentence, approves again, and the publisher publishes the correction. The
published page, opened as a reader opens it, carries the note in the
edition's language („Korrigiert am …: <reason>"), and its schema.org JSON-LD
has the ``CorrectionComment``, a ``dateModified`` of the correction and the
``datePublished`` of the first publication.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import lxml.html
import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

from tests.e2e.desk_pages import add_article, amend, confirm_with_keys, retype

pytestmark = pytest.mark.e2e

STORY = """<h1>Ferry service to the island resumes</h1>
<p>The ferry to the island runs again from Monday, the operator said.</p>
<p>Tickets cost 12 euros for adults.</p>"""
KEYS = ("title.s1", "b1.s1", "b2.s1")
REASON = "Die Fähre fährt ab Montag wieder, nicht erst ab Dienstag."
FIXED = "Die Fähre zur Insel fährt ab Montag wieder, teilte der Betreiber mit."
NOTE = re.compile(r"^Korrigiert am \d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|"
                  r"September|Oktober|November|Dezember) \d{4}: " + re.escape(REASON) + "$")


def _publish(publisher: Any, review: str) -> str:
    """Publish the approved translation from its review screen; the page's HTML download."""
    publisher.goto(review)
    publisher.get_by_role("button", name="Publish").click()
    expect(publisher.locator("#flash")).to_contain_text("Published.")
    download = publisher.get_by_role("link", name="HTML", exact=True).get_attribute("href")
    answer = publisher.request.get(download)
    assert answer.ok
    return str(answer.text())


def _jsonld(page: str) -> dict[str, Any]:
    [script] = lxml.html.document_fromstring(page).xpath(
        "//script[@type='application/ld+json']")
    return dict(json.loads(script.text))


def test_a_published_correction_carries_its_note_and_dates(sign_in: Any, browser: Any,
                                                           tmp_path: Path,
                                                           screens: Path) -> None:
    editor = sign_in("demo-editor")
    add_article(editor, STORY, "German edition")
    review = editor.url
    for key in KEYS:
        amend(editor, key, " (geprüft)")
        confirm_with_keys(editor, key)
    editor.get_by_role("button", name="Approve").click()
    expect(editor.locator("#flash")).to_contain_text("Approved.")
    publisher = sign_in("demo-publisher")
    first = _jsonld(_publish(publisher, review))
    assert "correction" not in first

    editor.goto(review)
    editor.get_by_placeholder("What needs correcting").fill(REASON)
    editor.get_by_role("button", name="Open a correction").click()
    expect(editor.locator("#flash")).to_contain_text("open for the correction")
    expect(editor.locator(".review-head .badge")).to_have_text("In review")
    retype(editor, "b1.s1", FIXED)
    confirm_with_keys(editor, "b1.s1")
    editor.get_by_role("button", name="Approve").click()
    expect(editor.locator("#flash")).to_contain_text("Approved.")
    corrected = _publish(publisher, review)

    page_file = tmp_path / "corrected.html"
    page_file.write_text(corrected, encoding="utf-8")
    reader = browser.new_page()
    try:
        reader.goto(page_file.as_uri())
        note = reader.locator("p.copydesk-correction")
        expect(note).to_have_count(1)
        expect(note).to_have_text(NOTE)
        expect(reader.locator("article")).to_contain_text(FIXED)
        reader.screenshot(path=screens / "correction-note.png", full_page=True)
    finally:
        reader.close()

    data = _jsonld(corrected)
    [comment] = data["correction"]
    assert (comment["@type"], comment["text"]) == ("CorrectionComment", REASON)
    assert data["datePublished"] == first["datePublished"]
    published = datetime.fromisoformat(data["datePublished"])
    modified = datetime.fromisoformat(data["dateModified"])
    assert modified > published
    assert datetime.fromisoformat(comment["datePublished"]) == modified
