"""What an editor does on the desk's pages, as Playwright steps the e2e tests share."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

DRAFT_SECONDS = 45  # the worker picks the task up and the pseudo engine translates


def add_article(page: Any, html: str, edition: str) -> None:
    """Paste an article in the inbox form, send it to ``edition``, open its review screen.

    The inbox row polls the translation's progress; this waits until the draft
    is in review, then follows the row's link.
    """
    page.goto("/")
    page.fill("textarea[name=text]", html)
    page.get_by_label(edition).check()
    page.get_by_role("button", name="Add and translate").click()
    title = re.search(r"<h1>(.*?)</h1>", html).group(1)  # type: ignore[union-attr]
    expect(page.locator("#flash")).to_contain_text(f"“{title}” is on the desk for {edition}")
    row = page.locator("table.inbox tr", has=page.get_by_role("link", name=title))
    expect(row.locator(".badge")).to_have_text("In review", timeout=DRAFT_SECONDS * 1000)
    expect(row).to_contain_text("confirmed")
    row.get_by_role("link", name=title).click()
    expect(page.locator(".sheet")).to_be_visible()


def segment(page: Any, key: str) -> Any:
    """The segment card with the given key (``title.s1``, ``b2.s1``, ...)."""
    return page.locator(f".segment:has(.key:text-is('{key}'))")


def retype(page: Any, key: str, text: str) -> None:
    """Replace the segment's translation with the keyboard and wait for the autosave."""
    card = segment(page, key)
    card.locator(".target").click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    expect(card.locator(".save-state")).to_have_text("Saved")


def amend(page: Any, key: str, words: str) -> None:
    """Add ``words`` at the end of the segment's translation (its tags stay) and wait for
    the autosave: the editor's text then replaces the machine's."""
    card = segment(page, key)
    card.locator(".target").click()
    page.keyboard.press("End")
    page.keyboard.type(words)
    expect(card.locator(".save-state")).to_have_text("Saved")


def confirm_with_keys(page: Any, key: str) -> None:
    """Ctrl+Enter in the segment: it is confirmed and the next segment gets the focus."""
    card = segment(page, key)
    card.locator(".target").click()
    page.keyboard.press("End")
    page.keyboard.press("Control+Enter")
    expect(card).to_have_class(re.compile(r"\bconfirmed\b"))


def post_form(page: Any, path: str) -> None:
    """Send a POST from the page (with its CSRF token), as a crafted form would."""
    with page.expect_navigation():
        page.evaluate("""(path) => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = path;
            const token = document.createElement("input");
            token.name = "csrfmiddlewaretoken";
            token.value = document.querySelector('meta[name="csrf-token"]').content;
            form.append(token);
            document.body.append(form);
            form.submit();
        }""", path)
