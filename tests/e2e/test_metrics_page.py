"""The metrics page of a served desk with published translations, in Chromium.

``copydesk serve`` runs on a fresh home; a desk shell (``served_desk.DeskShell``)
puts two articles on it, reviews and publishes them; the browser signs in,
reads the figures, and sees the charts drawn with nothing blocked and no
script of the page's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

from tests.e2e.conftest import VIEWPORT
from tests.fixtures import served_desk
from tests.fixtures.chromium import CHROMIUM
from tests.fixtures.served_desk import DeskShell

pytestmark = pytest.mark.e2e

RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "desk_records.py"
PASSWORD = "harbour-metrics-2025"
SETUP = '''

def add_signin(username: str, password: str, held: list[str]) -> None:
    staff.add_person(username, username.title(), held, password)


def review_and_publish(translation_id: int, editor: str, publisher: str) -> str:
    """Every segment gets the editor's own words (pseudo output is never published)."""
    texts = {s.key: f"Redigiert {s.key}" for s in
             Segment.objects.filter(translation_id=translation_id, active=True)}
    return review(translation_id, texts, editor=editor, approve=True,
                  publisher=publisher)["state"]
'''
STORIES = {
    "https://example.org/quay": {"title": "Harbour board meets on Friday", "language": "en",
                                 "blocks": [{"kind": "paragraph",
                                             "text": "The board will discuss the new quay."}]},
    "https://example.org/ferry": {"title": "Ferry timetable changes in June", "language": "en",
                                  "blocks": [{"kind": "paragraph",
                                              "text": "The ferry leaves earlier."}]},
}


@pytest.fixture(scope="module")
def desk_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip(f"needs Chromium at {CHROMIUM} (run scripts/browser)")
    root = tmp_path_factory.mktemp("metrics")
    with served_desk.serve(root) as desk, \
            DeskShell(desk, RECORDS.read_text() + SETUP, tasks_at_once=True) as shell:
        shell.call("add_signin", username="erika", password=PASSWORD,
                   held=["editor", "publisher"])
        shell.call("add_edition", code="de", language="de", engine="pseudo",
                   options={"checks": {"enabled": []}})
        made = shell.call("add_translations", edition_code="de", stories=STORIES,
                              username="erika")
        for translation in made.values():
            state = shell.call("review_and_publish", translation_id=translation,
                               editor="erika", publisher="erika")
            assert state == "published"
        yield desk.url


@pytest.fixture
def page(desk_url: str, browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT, base_url=desk_url)
    context.set_default_timeout(15_000)
    opened = context.new_page()
    opened.goto("/login/")
    opened.fill("input[name=username]", "erika")
    opened.fill("input[name=password]", PASSWORD)
    opened.click("button[type=submit].primary")
    opened.wait_for_url(desk_url)
    yield opened
    context.close()


def test_the_metrics_page_shows_figures_and_charts(page: Any, screens: Path) -> None:
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.get_by_role("link", name="Metrics").click()
    expect(page.get_by_role("heading", name="Metrics", exact=True)).to_be_visible()
    editions = page.locator("table.metrics", has=page.locator("caption", has_text="Per edition"))
    row = editions.locator("tbody tr", has_text="de")
    expect(row.locator("th")).to_have_text("de")
    expect(row.locator("td").first).to_have_text("2")  # both translations
    expect(page.locator("figure img")).to_have_count(3)
    drawn = page.evaluate("[...document.querySelectorAll('figure img')]"
                          ".every(i => i.complete && i.naturalWidth > 0)")
    assert drawn, "a chart image did not render"
    assert page.evaluate("document.querySelectorAll('main script').length") == 0
    page.screenshot(path=screens / "metrics.png", full_page=True)

    page.get_by_label("Periods by").select_option("month")
    page.get_by_label("Include translations still in review or approved").check()
    page.get_by_role("button", name="Show figures").click()
    expect(page).to_have_url(re.compile(r"[?&]by=month&in_review=1$"))
    expect(page.get_by_label("Periods by")).to_have_value("month")
    expect(page.locator("figcaption").first).to_contain_text("per month")
    assert refused == []


def test_a_bad_date_in_the_address_gets_a_message(page: Any) -> None:
    page.goto("/metrics/?since=2025-02-30")
    expect(page.get_by_role("alert")).to_contain_text("is not a date; write it as YYYY-MM-DD")
    expect(page.get_by_label("Edition")).to_be_visible()  # the form is still there
