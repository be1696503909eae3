"""The desk on any screen, by keyboard and with a screen reader, in a real browser.

The main pages (inbox, review, publication, audit trail, an administration page)
are scanned with axe-core at three screen sizes: no serious or critical
violation of WCAG 2 A/AA. On a phone nothing overflows sideways and the review
screen stacks the source above the translation. The keyboard reaches the skip
link first, Alt+D shows and hides a segment's diff, and posting a comment keeps
the focus in the segment.

axe-core is vendored by ``scripts/axe`` (run by ``scripts/test``) into
``.cache/axe-core``; without it the scans are skipped with that reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

from tests.e2e.conftest import DeskProcess, log_in
from tests.e2e.desk_pages import add_article, amend, confirm_with_keys, segment

pytestmark = pytest.mark.e2e

AXE_JS = Path(__file__).resolve().parents[2] / ".cache/axe-core/node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}
SCREENS = {"1440x900": {"width": 1440, "height": 900},
           "1280x720": {"width": 1280, "height": 720},
           "390x844": {"width": 390, "height": 844}}
PHONE = SCREENS["390x844"]
TABLET = {"width": 768, "height": 1024}  # a tablet held upright: narrower than 900 px
NARROW = {"390x844": PHONE, "768x1024": TABLET}
WIDE = SCREENS["1440x900"]

IN_REVIEW = """<h1>Night buses return to the harbour district</h1>
<p>The night buses will run through the harbour district again from 1 June, the city said.</p>
<p>A ticket costs 3.20 euros, according to the
<a href="https://example.org/fares">fare table</a>.</p>"""
PUBLISHED = """<h1>Library opens its new reading room</h1>
<p>The city library opened a reading room with 120 seats on Tuesday.</p>"""


@dataclass
class Addresses:
    """Where the scanned pages are, on articles this module put on the desk."""

    review: str
    publication: str
    audit: str


@pytest.fixture(scope="module")
def addresses(desk: DeskProcess, browser: Any) -> Iterator[Addresses]:
    """One article left in review, one reviewed, approved and published."""
    editor_context, editor = _signed_in(browser, desk, "demo-editor", WIDE)
    publisher_context, publisher = _signed_in(browser, desk, "demo-publisher", WIDE)
    try:
        add_article(editor, IN_REVIEW, "German edition")
        review = editor.url
        add_article(editor, PUBLISHED, "German edition")
        for key in ("title.s1", "b1.s1"):
            amend(editor, key, " (geprüft)")
            confirm_with_keys(editor, key)
        editor.get_by_role("button", name="Approve").click()
        expect(editor.locator("#flash")).to_contain_text("Approved.")
        audit = editor.get_by_role("link", name="Audit trail").get_attribute("href")
        publisher.goto(editor.url)
        publisher.get_by_role("button", name="Publish").click()
        expect(publisher.locator("#flash")).to_contain_text("Published.")
        yield Addresses(review=review, publication=publisher.url, audit=str(audit))
    finally:
        editor_context.close()
        publisher_context.close()


def _signed_in(browser: Any, desk: DeskProcess, username: str,
               viewport: dict[str, int]) -> tuple[Any, Any]:
    """A fresh browser context of the given size signed in as a demo user, and its page.

    The context bypasses the desk's Content-Security-Policy only so that the
    test can inject axe-core; the desk's own pages need no exception."""
    context = browser.new_context(viewport=viewport, base_url=desk.url, bypass_csp=True)
    context.set_default_timeout(15_000)
    return context, log_in(context, desk, username)


@pytest.fixture
def open_as(desk: DeskProcess, browser: Any) -> Iterator[Callable[[str, dict[str, int]], Any]]:
    """Open pages signed in as a demo user at a screen size; closed after the test."""
    contexts: list[Any] = []

    def opened(username: str, viewport: dict[str, int]) -> Any:
        context, page = _signed_in(browser, desk, username, viewport)
        contexts.append(context)
        return page

    yield opened
    for context in contexts:
        context.close()


def _violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical WCAG 2 A/AA violations on the page as it is now."""
    if not AXE_JS.exists():
        pytest.skip(f"needs axe-core at {AXE_JS} (run scripts/axe)")
    if not page.evaluate("() => Boolean(window.axe)"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    found = page.evaluate("""(tags) => axe.run(document, {runOnly: {type: "tag", values: tags},
                                                        resultTypes: ["violations"]})
        .then((result) => result.violations)""", AXE_TAGS)
    return [v for v in found if v["impact"] in FAILING_IMPACTS]


def _described(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:5]:
            lines.append(f"    {json.dumps(node['target'])}: "
                         + " ".join(node.get("failureSummary", "").split()))
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def _open_page(page: Any, name: str, addresses: Addresses) -> None:
    """Go to the named page; on the review screen, open a segment's diff and comments too."""
    if name == "inbox":
        page.goto("/")
        expect(page.locator("table.inbox").first).to_be_visible()
    elif name == "review":
        page.goto(addresses.review)
        first = segment(page, "b1.s1")
        first.get_by_role("button", name="Diff to machine draft").click()
        expect(first.locator(".diff")).to_be_visible()
        first.get_by_role("button", name=re.compile(r"^Comments")).click()
        expect(first.locator(".comments")).to_be_visible()
    elif name == "publication":
        page.goto(addresses.publication)
        expect(page.locator("pre.output").first).to_be_visible()
    elif name == "audit":
        page.goto(addresses.audit)
        expect(page.locator("table.audit")).to_be_visible()
    else:
        page.goto("/admin/webhooks/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()


PAGES = {"inbox": "demo-editor", "review": "demo-editor", "publication": "demo-publisher",
         "audit": "demo-editor", "admin": "demo-admin"}


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("name", PAGES)
def test_the_main_pages_have_no_serious_accessibility_violations(
        open_as: Any, addresses: Addresses, name: str, screen: str) -> None:
    page = open_as(PAGES[name], SCREENS[screen])
    _open_page(page, name, addresses)
    violations = _violations(page)
    assert not violations, (f"axe-core on the {name} page at {screen}:\n"
                            + _described(violations))


@pytest.mark.parametrize("screen", NARROW)
@pytest.mark.parametrize("name", ["inbox", "review", "publication"])
def test_nothing_overflows_sideways_on_a_phone_or_tablet(open_as: Any, addresses: Addresses,
                                                         name: str, screen: str) -> None:
    page = open_as(PAGES[name], NARROW[screen])
    _open_page(page, name, addresses)
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    wide = page.evaluate("""() => {  // what sticks out, unless a box of its own scrolls it
        const clipped = (e) => {
            for (let up = e.parentElement; up && up !== document.body; up = up.parentElement) {
                if (getComputedStyle(up).overflowX !== "visible") return true;
            }
            return false;
        };
        return Array.from(document.querySelectorAll("body *"))
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(e))
            .slice(0, 5).map((e) => e.tagName.toLowerCase() + "." + e.className + " "
                                    + Math.round(e.getBoundingClientRect().right));
    }""")
    assert width[0] <= width[1] + 1, f"the {name} page is {width[0]} px wide at {screen}: {wide}"
    if name == "inbox":  # its table scrolls in a box of its own, which the keyboard reaches
        queue = page.locator("#review-queue .table-scroll")
        expect(queue).to_have_attribute("tabindex", "0")
        expect(queue).to_have_attribute("role", "region")


def _boxes(page: Any) -> tuple[dict[str, float], dict[str, float]]:
    card = segment(page, "b1.s1")
    return (card.locator(".source").bounding_box(), card.locator(".target").bounding_box())


@pytest.mark.parametrize("screen", NARROW)
def test_the_source_stands_above_the_translation_on_a_narrow_screen(
        open_as: Any, addresses: Addresses, screen: str) -> None:
    narrow = open_as("demo-editor", NARROW[screen])
    narrow.goto(addresses.review)
    source, target = _boxes(narrow)
    assert source["y"] + source["height"] <= target["y"], (source, target)
    assert source["width"] > 300 and target["width"] > 300, (source, target)

    desktop = open_as("demo-editor", WIDE)
    desktop.goto(addresses.review)
    source, target = _boxes(desktop)
    assert source["x"] + source["width"] <= target["x"], (source, target)
    assert abs(source["y"] - target["y"]) < 1, (source, target)


def _focused(page: Any) -> str:
    """The focused element as ``tag#id.class`` (and its text, for links and buttons)."""
    return str(page.evaluate("""() => {
        const e = document.activeElement;
        if (!e) return "";
        return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
            + (e.classList.length ? "." + Array.from(e.classList).join(".") : "")
            + (e.matches("a, button") ? " " + e.textContent.trim() : "");
    }"""))


@pytest.mark.parametrize("path", ["/", "review"])
def test_the_skip_link_comes_first_and_moves_the_focus_to_the_content(
        open_as: Any, addresses: Addresses, path: str) -> None:
    page = open_as("demo-editor", WIDE)
    page.goto(addresses.review if path == "review" else path)
    page.keyboard.press("Tab")
    assert _focused(page) == "a.skip-link Skip to content"
    expect(page.locator("a.skip-link")).to_be_in_viewport()  # shown while it has the focus
    page.keyboard.press("Enter")
    assert _focused(page) == "main#content"
    page.keyboard.press("Tab")  # the next stop is inside the content, not the top bar
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


def test_alt_d_shows_and_hides_the_diff(open_as: Any, addresses: Addresses) -> None:
    page = open_as("demo-editor", WIDE)
    page.goto(addresses.review)
    card = segment(page, "b1.s1")
    toggle = card.locator(".diff-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    card.locator(".target").click()
    page.keyboard.press("Alt+D")
    expect(card.locator(".diff")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(card.locator(".target")).to_be_focused()  # the editor stays in the text
    page.keyboard.press("Alt+D")
    expect(card.locator(".diff")).to_have_count(0)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Alt+D")  # and again: a toggle, not a one-way switch
    expect(card.locator(".diff")).to_be_visible()
    toggle.click()  # the button does the same
    expect(card.locator(".diff")).to_have_count(0)
    expect(toggle).to_have_attribute("aria-expanded", "false")


def test_posting_a_comment_keeps_the_focus_in_the_comment_box(open_as: Any,
                                                              addresses: Addresses) -> None:
    page = open_as("demo-editor", WIDE)
    page.goto(addresses.review)
    card = segment(page, "title.s1")
    card.get_by_role("button", name=re.compile(r"^Comments")).focus()
    page.keyboard.press("Enter")
    box = card.get_by_label("Comment on title.s1")
    expect(box).to_be_visible()

    page.keyboard.press("Tab")  # from the Comments button into the comment box
    expect(box).to_be_focused()
    page.keyboard.type("Is “night buses” the usual term?")
    page.keyboard.press("Enter")
    expect(card.locator(".comment")).to_contain_text(["Is “night buses” the usual term?"])
    expect(box).to_be_focused()
    expect(box).to_have_value("")
    comments = card.locator(".comments-toggle")
    expect(comments).to_have_text("Comments (1)")  # the count follows the box

    page.keyboard.type("And the fare: 3,20 Euro.")
    page.keyboard.press("Tab")  # to the Comment button, and post with the keyboard
    expect(card.get_by_role("button", name="Comment", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(card.locator(".comment")).to_have_count(2)
    expect(box).to_be_focused()
    expect(comments).to_have_text("Comments (2)")

    card.get_by_role("button", name="Resolve").first.click()
    expect(card.locator(".comment.resolved")).to_have_count(1)
    expect(box).to_be_focused()
    assert _focused(page) != "body"
