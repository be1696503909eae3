"""The review screen on a long article: time to interactive and time per confirmation,
200 segments against 20.

Usage: ``python benchmarks/review_screen.py [--sizes 20,200] [--loads 5] [--confirms 10]``

A fresh ``copydesk demo`` (SQLite, pseudo engine, no example articles) on a
loopback port and Debian's Chromium, as in the end-to-end tests. For each
size an article of one headline and single-sentence paragraphs is pasted in
the inbox and drafted; then its review screen is loaded ``--loads`` times
(the browser's navigation timing: DOMContentLoaded, when the page's script
has set up every segment, and the load event) and ``--confirms`` segments in
the middle of the article are confirmed with Ctrl+Enter, each timed from the
key press to the segment's "Confirmed" and the progress bar's new count.
Medians are printed as a table, with the ratio of the large article to the
small one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
from tests.e2e.conftest import VIEWPORT, _free_port, running_demo  # noqa: E402
from tests.fixtures.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

TIMING = """() => { const n = performance.getEntriesByType("navigation")[0];
  return [n.domContentLoadedEventEnd, n.loadEventEnd]; }"""


def article(size: int) -> str:
    """An article of ``size`` segments: a headline and ``size - 1`` one-sentence paragraphs."""
    body = "".join(f"<p>Crane {n} lifts {n * 3} containers a day while the quay is rebuilt.</p>"
                   for n in range(1, size))
    return f"<h1>Harbour works with {size} segments</h1>{body}"


def signed_in(browser: Any, url: str, password: str) -> Any:
    page = browser.new_context(viewport=VIEWPORT, base_url=url).new_page()
    page.set_default_timeout(60_000)
    page.goto("/login/")
    page.fill("input[name=username]", "demo-editor")
    page.fill("input[name=password]", password)
    page.click("button[type=submit].primary")
    page.wait_for_url(url)
    return page


def measure(page: Any, size: int, loads: int, confirms: int) -> dict[str, float]:
    from playwright.sync_api import expect
    from tests.e2e.desk_pages import add_article

    add_article(page, article(size), "German edition")
    review = page.url
    ready, loaded = [], []
    for _ in range(loads):
        page.goto(review)
        page.wait_for_load_state("load")
        dom, load = page.evaluate(TIMING)
        ready.append(dom)
        loaded.append(load)
    cards = page.locator(".segment")
    expect(cards).to_have_count(size)
    first = size // 2 - confirms // 2
    cards.nth(first).locator(".target").click()
    times = []
    for n in range(first, first + confirms):
        card = cards.nth(n)
        start = time.perf_counter()
        page.keyboard.press("Control+Enter")
        expect(card.locator(".save-state")).to_have_text("Confirmed")
        expect(page.locator("#progress strong")).to_have_text(
            f"{n - first + 1}/{size}")
        times.append((time.perf_counter() - start) * 1000)
    return {"ready": statistics.median(ready), "load": statistics.median(loaded),
            "confirm": statistics.median(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20,200")
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--confirms", type=int, default=10)
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    if not CHROMIUM.exists():
        raise SystemExit(f"needs Chromium at {CHROMIUM} (run scripts/browser)")
    from playwright.sync_api import sync_playwright

    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="copydesk-review-") as tmp, \
            running_demo(Path(tmp), Path(tmp) / "home", _free_port()) as desk, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = signed_in(browser, desk.url, desk.passwords["demo-editor"])
        for size in sizes:
            results[size] = measure(page, size, args.loads, min(args.confirms, size - 1))
            print(f"{size} segments: {results[size]}", flush=True)
        browser.close()
    rows = ["| segments | DOMContentLoaded (ms) | load (ms) | confirm, Ctrl+Enter (ms) |",
            "|---|---|---|---|"]
    rows += [f"| {size} | {r['ready']:.0f} | {r['load']:.0f} | {r['confirm']:.0f} |"
             for size, r in results.items()]
    if len(sizes) > 1:
        small, large = results[min(sizes)], results[max(sizes)]
        rows.append(f"| ratio {max(sizes)}/{min(sizes)} | {large['ready'] / small['ready']:.1f} "
                    f"| {large['load'] / small['load']:.1f} | "
                    f"{large['confirm'] / small['confirm']:.1f} |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
