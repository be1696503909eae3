"""A reader answers back, through the real browser.

An edition whose feedback channel is the report form publishes an article;
a reader (no account) opens the published page, follows the disclosure's link
to the form and files a report; the editor sees it in the inbox and on the
review screen and answers it by opening a correction. The desk here is a
``copydesk demo`` of its own, whose config file gives the German edition the
form channel (the shared demo desk has none).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

from tests.e2e.conftest import VIEWPORT, DeskProcess, _free_port, log_in, running_demo
from tests.e2e.desk_pages import add_article, amend, confirm_with_keys
from tests.fixtures.chromium import missing_browser

pytestmark = pytest.mark.e2e

STORY = """<h1>Council approves new harbour plan</h1>
<p>The city council approved the harbour plan on Monday.</p>
<p>The mayor said the new quay would not raise local taxes.</p>"""
KEYS = ("title.s1", "b1.s1", "b2.s1")
REPORT = "Im zweiten Absatz steht <b>Bürgermeisterin</b>, gemeint ist der Bürgermeister."
FORM_LINK = "unser Formular für Leserhinweise"


@pytest.fixture(scope="module")
def feedback_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DeskProcess]:
    """``copydesk demo`` whose German edition ends its disclosure with the report form."""
    reason = missing_browser()
    if reason:
        pytest.skip(reason)
    root = tmp_path_factory.mktemp("feedback-desk")
    port, home = _free_port(), root / "home"
    home.mkdir()
    (home / "config.toml").write_text(
        '[editions.de]\nfeedback = "form"\n'
        f'public_url = "http://127.0.0.1:{port}/"\nchecks = {{enabled = []}}\n',
        encoding="utf-8")
    with running_demo(root, home, port) as desk:
        yield desk


def _context(browser: Any, desk: DeskProcess) -> Any:
    context = browser.new_context(viewport=VIEWPORT, base_url=desk.url)
    context.set_default_timeout(15_000)
    return context



def _publish(editor: Any, publisher: Any) -> str:
    """Review every segment, approve, publish; the published HTML page's text."""
    add_article(editor, STORY, "German edition")
    review = editor.url
    for key in KEYS:
        amend(editor, key, " (geprüft)")
        confirm_with_keys(editor, key)
    editor.get_by_role("button", name="Approve").click()
    expect(editor.locator("#flash")).to_contain_text("Approved.")
    publisher.goto(review)
    publisher.get_by_role("button", name="Publish").click()
    expect(publisher.locator("#flash")).to_contain_text("Published.")
    download = publisher.get_by_role("link", name="HTML", exact=True).get_attribute("href")
    answer = publisher.request.get(download)
    assert answer.ok
    return str(answer.text())


def _file_report(reader: Any, page_file: Path) -> None:
    """The reader opens the page, follows the disclosure's link and files a report."""
    reader.goto(page_file.as_uri())
    disclosure = reader.locator("p.copydesk-disclosure")
    expect(disclosure).to_contain_text("Bei Fragen oder Anmerkungen wenden Sie sich bitte")
    disclosure.get_by_role("link", name=FORM_LINK).click()
    expect(reader).to_have_url(re.compile(r"/report/[A-Za-z0-9_-]{16,}/$"))
    expect(reader.locator("html")).to_have_attribute("lang", "de")
    expect(reader.locator("h1")).to_have_text("Hinweis an die Redaktion")
    reader.get_by_label("Sachlicher Fehler").check()
    reader.get_by_label("Was ist falsch?").fill(REPORT)
    reader.get_by_label("Ihre E-Mail-Adresse (freiwillig)").fill("leser@example.org")
    expect(reader.locator(".report-trap input")).not_to_be_in_viewport()
    reader.wait_for_timeout(3_500)  # a person takes longer than the form's minimum
    reader.get_by_role("button", name="Hinweis senden").click()
    expect(reader.locator("h1")).to_have_text("Vielen Dank")
    for hidden in ("Erika", "demo-editor", "Paul", "demo-publisher"):
        expect(reader.locator("body")).not_to_contain_text(hidden)


def test_a_reader_reports_an_error_and_the_editor_answers_with_a_correction(
        feedback_desk: DeskProcess, browser: Any, tmp_path: Path) -> None:
    contexts = [_context(browser, feedback_desk) for _ in range(3)]
    try:
        editor = log_in(contexts[0], feedback_desk, "demo-editor")
        publisher = log_in(contexts[1], feedback_desk, "demo-publisher")
        page_file = tmp_path / "article.html"
        page_file.write_text(_publish(editor, publisher), encoding="utf-8")
        _file_report(contexts[2].new_page(), page_file)

        editor.goto("/")
        inbox = editor.locator("section#reader-reports")
        expect(inbox).to_contain_text("1 open")
        expect(inbox).to_contain_text("Factual error")
        expect(inbox.locator(".reader-text")).to_contain_text("<b>Bürgermeisterin</b>")
        inbox.get_by_role("link", name="Council approves new harbour plan").click()

        panel = editor.locator("section#reader-reports")
        expect(panel.locator(".reader-text")).to_have_text(REPORT)
        expect(panel.locator("b")).to_have_count(0)  # the reader's markup stays text
        expect(panel).to_contain_text("leser@example.org")
        expect(panel.locator("textarea[name=reason]")).to_have_value(REPORT)
        panel.get_by_role("button", name="Open a correction").click()
        expect(editor.locator("#flash")).to_contain_text("open for the correction")
        expect(editor.locator(".review-head .badge")).to_have_text("In review")
        expect(panel).to_contain_text("Answered with a correction by Erika Editor")
        expect(panel).to_contain_text("0 open")

        editor.goto("/")
        expect(editor.locator("section#reader-reports")).to_have_count(0)
    finally:
        for context in contexts:
            context.close()
