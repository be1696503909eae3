"""The review screen's filters from the keyboard, on a wide screen, a laptop and a phone:
each filter shows the segments the desk itself renders for ``?show=``, the keys move within
it, Alt+N skips what is confirmed, and the choice survives a reload."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

from tests.e2e.desk_pages import DRAFT_SECONDS, add_article, segment

pytestmark = pytest.mark.e2e

VIEWPORTS = [(1440, 900), (1280, 720), (390, 844)]
CURRENT = re.compile(r"\bcurrent\b")
CONFIRMED = re.compile(r"\bconfirmed\b")


def _story(port: str) -> str:
    """Numbers that change (blockers), an attribution and a date word (major, minor), and
    sentences with nothing to say; ``port`` keeps each run's sentences its own."""
    return (f"<h1>{port} spends 4.5 million euros on cranes</h1>"
            f"<p>{port} bought 12 cranes for 4.5 million euros on Monday.</p>"
            f"<p>The cranes arrive in May 2027, {port} said.</p>"
            f"<p>Dock workers in {port} welcomed the news.</p>"
            f"<p>Crane drivers in {port} start training next week.</p>")


class _Cards(HTMLParser):
    """The keys of the segment cards a page's HTML shows (no ``hidden``), in order."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []
        self._card: bool | None = None  # inside a card: whether it is shown
        self._key = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "article" and "segment" in (found.get("class") or "").split():
            self._card = "hidden" not in found
        elif tag == "span" and found.get("class") == "key" and self._card is not None:
            self._key = True

    def handle_data(self, data: str) -> None:
        if self._key and self._card:
            self.shown.append(data.strip())
        self._key = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._card = None


def _served(page: Any, show: str) -> list[str]:
    """The segments the desk renders as shown for ``?show=`` (read without the script)."""
    url = page.url.split("?")[0].split("#")[0]
    html = page.request.get(f"{url}?show={quote(show)}").text()
    cards = _Cards()
    cards.feed(html)
    return cards.shown


def _shown(page: Any) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('.sheet .segment')]
        .filter((s) => !s.hidden && !s.closest('.block[hidden]'))
        .map((s) => s.querySelector('.key').textContent)""")


def _filters(page: Any) -> list[str]:
    return page.eval_on_selector_all(".review-filters button.filter",
                                     "(all) => all.map((b) => b.dataset.show)")


def _choose(page: Any, show: str) -> None:
    """Alt+F to the filter buttons, arrows to the one for ``show``, Enter."""
    page.keyboard.press("Alt+f")
    names = _filters(page)
    pressed = page.locator(".review-filters button.filter[aria-pressed='true']")
    at = names.index(pressed.get_attribute("data-show"))
    expect(pressed).to_be_focused()
    for _ in range((names.index(show) - at) % len(names)):
        page.keyboard.press("ArrowRight")
    expect(page.locator(f"button.filter[data-show='{show}']")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"button.filter[data-show='{show}']")).to_have_attribute(
        "aria-pressed", "true")


def _count(page: Any, show: str) -> Any:
    return page.locator(f"button.filter[data-show='{show}'] .count")


def _comment(page: Any, key: str, text: str) -> None:
    card = segment(page, key)
    card.get_by_role("button", name=re.compile("^Comments")).click()
    field = card.get_by_label(f"Comment on {key}")
    field.fill(text)
    field.press("Enter")
    expect(card.locator(".comment")).to_have_count(1)


def _every_filter_matches_the_desk(page: Any) -> None:
    for show in _filters(page):
        _choose(page, show)
        served = _served(page, show)
        expect(page.locator(".review-filters .filter-status")).to_contain_text("Showing")
        assert _shown(page) == served, show
        expect(_count(page, show)).to_have_text(str(len(served)))
        assert (f"show={show}" in page.url) is (show != "all")


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_filters_and_keys_within_them(sign_in: Any, screens: Path, width: int,
                                      height: int) -> None:
    page = sign_in("demo-editor")
    page.set_viewport_size({"width": width, "height": height})
    add_article(page, _story(f"Port{width}"), "German edition")
    keys = _shown(page)
    assert keys == ["title.s1", "b1.s1", "b2.s1", "b3.s1", "b4.s1"]
    assert segment(page, "b1.s1").get_attribute("data-issues") == "blocker"

    segment(page, "b1.s1").locator(".target").click()
    page.keyboard.press("Control+Enter")  # confirmed with its blocker still open
    expect(segment(page, "b1.s1")).to_have_class(CONFIRMED)
    expect(segment(page, "b2.s1")).to_have_class(CURRENT)
    _comment(page, "b3.s1", "Which dock?")
    expect(_count(page, "comments")).to_have_text("1")
    expect(_count(page, "unconfirmed")).to_have_text("4")

    segment(page, "title.s1").locator(".target").click()  # Alt+N from the top
    page.keyboard.press("Alt+n")
    expect(segment(page, "b2.s1")).to_have_class(CURRENT)  # b1.s1 is confirmed: skipped
    expect(segment(page, "b2.s1").locator(".target")).to_be_focused()

    _every_filter_matches_the_desk(page)
    assert _served(page, "unconfirmed") == ["title.s1", "b2.s1", "b3.s1", "b4.s1"]
    assert _served(page, "comments") == ["b3.s1"]
    assert "b1.s1" in _served(page, "blocker")
    # which segments have issues depends on the checks installed (spelling needs Hunspell)
    with_issues = [key for key in keys if segment(page, key).get_attribute("data-issues")]
    assert _served(page, "issues") == with_issues

    _choose(page, "unconfirmed")
    segment(page, "b2.s1").locator(".key").click()  # the card, outside the text
    page.keyboard.press("k")
    expect(segment(page, "title.s1")).to_have_class(CURRENT)  # b1.s1 is hidden: skipped
    page.keyboard.press("Alt+ArrowDown")
    expect(segment(page, "b2.s1")).to_have_class(CURRENT)
    segment(page, "b3.s1").locator(".key").click()
    page.keyboard.press("j")
    expect(segment(page, "b4.s1")).to_have_class(CURRENT)
    page.keyboard.press("Alt+ArrowUp")
    expect(segment(page, "b3.s1")).to_have_class(CURRENT)
    page.keyboard.press("Alt+ArrowUp")
    expect(segment(page, "b2.s1")).to_have_class(CURRENT)

    page.keyboard.press("Control+Enter")  # confirmed: on to the next one shown
    expect(segment(page, "b3.s1")).to_have_class(CURRENT)
    expect(_count(page, "unconfirmed")).to_have_text("3")
    expect(segment(page, "b2.s1")).to_be_hidden()
    assert _shown(page) == ["title.s1", "b3.s1", "b4.s1"] == _served(page, "unconfirmed")
    page.screenshot(path=screens / f"review-filters-{width}.png")

    page.reload()  # ?show= is in the address
    expect(page.locator("button.filter[data-show='unconfirmed']")).to_have_attribute(
        "aria-pressed", "true")
    assert _shown(page) == ["title.s1", "b3.s1", "b4.s1"]

    segment(page, "title.s1").locator(".target").click()
    for key, following in (("title.s1", "b3.s1"), ("b3.s1", "b4.s1"), ("b4.s1", "b4.s1")):
        expect(segment(page, key)).to_have_class(CURRENT)
        page.keyboard.press("Control+Enter")
        expect(segment(page, key)).to_have_class(CONFIRMED)
        expect(segment(page, following)).to_have_class(CURRENT)
    empty = page.locator(".filter-empty")
    expect(empty).to_be_visible()
    expect(empty).to_contain_text("No unconfirmed segments: everything is confirmed.")
    expect(_count(page, "unconfirmed")).to_have_text("0")
    empty.get_by_role("link", name="Show all segments").click()
    expect(page.locator("button.filter[data-show='all']")).to_have_attribute(
        "aria-pressed", "true")
    assert _shown(page) == keys and "show=" not in page.url


ODD = ["bogus", "<img src=x onerror=alert(1)>", "\u202eдемо\u200b", "🙂" * 300,
       "x" * 1500, "unconfirmed%00"]


def test_odd_values_of_show_are_refused_in_words(sign_in: Any) -> None:
    page = sign_in("demo-editor")
    add_article(page, _story("Portodd"), "German edition")
    review = page.url.split("?")[0]
    for raw in ODD:
        page.goto(f"{review}?order=risk&show={quote(raw, safe='%')}")
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("The review screen has no filter")
        expect(alert).to_contain_text("every segment is shown")
        expect(page.locator("button.filter[data-show='all']")).to_have_attribute(
            "aria-pressed", "true")
        assert len(_shown(page)) == 5
        expect(page.locator(".review-filters img")).to_have_count(0)
        assert "show=" not in page.url and "order=risk" in page.url
    page.goto(f"{review}?show={quote('ＵＮＣＯＮＦＩＲＭＥＤ')}")  # full-width letters
    expect(page.locator("button.filter[data-show='unconfirmed']")).to_have_attribute(
        "aria-pressed", "true")
    expect(page.get_by_role("alert")).to_have_count(0)
    assert page.url.endswith("?show=unconfirmed")


def test_changed_in_source_and_alt_c_within_the_filter(sign_in: Any) -> None:
    page = sign_in("demo-editor")
    page.set_viewport_size({"width": 1280, "height": 720})
    first = _story("Portnew")
    add_article(page, first, "German edition")
    page.get_by_role("link", name="Add a new version").click()
    page.fill("textarea[name=text]", first.replace("on Monday", "on Tuesday")
              .replace("next week", "in June"))
    page.get_by_role("button", name="Add and translate").click()
    review = page.get_by_role("link", name=re.compile(r"^Review the 2 changed segments"))
    expect(review).to_be_visible(timeout=DRAFT_SECONDS * 1000)
    review.click()
    expect(_count(page, "changed")).to_have_text("2")
    _choose(page, "changed")
    assert _shown(page) == ["b1.s1", "b4.s1"] == _served(page, "changed")
    page.keyboard.press("Escape")  # back to a segment
    expect(segment(page, "b1.s1").locator(".target")).to_be_focused()
    page.keyboard.press("Alt+c")
    expect(segment(page, "b4.s1")).to_have_class(CURRENT)
    _choose(page, "blocker")  # b1.s1 has a blocker, b4.s1 has none
    page.keyboard.press("Escape")
    page.keyboard.press("Alt+c")
    expect(segment(page, "b1.s1")).to_have_class(CURRENT)
    page.keyboard.press("Control+Enter")  # confirming settles the change
    expect(_count(page, "changed")).to_have_text("1")
