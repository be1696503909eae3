"""The review screen's tools from the keyboard: find and replace (Alt+R), concordance (Alt+K)
and a glossary term from the selected source words (Alt+G)."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

from tests.e2e.desk_pages import add_article, confirm_with_keys, retype, segment

pytestmark = pytest.mark.e2e

STORY = """<h1>Quasarix telescope sees a new star</h1>
<p>The Quasarix telescope found a star on Monday.</p>
<p>Astronomers said Quasarix would look again in May.</p>"""
# Each screen size gets a telescope of its own: the desk, its memory and its glossary are
# shared by the whole run.
SCREENS = {"1440x900": ({"width": 1440, "height": 900}, "Quasarix"),
           "1280x720": ({"width": 1280, "height": 720}, "Stellarix"),
           "390x844": ({"width": 390, "height": 844}, "Cometrix")}


def _on_screen(page: Any, screen: str) -> str:
    """Set the page to the screen's size; the telescope's name for it."""
    size, name = SCREENS[screen]
    page.set_viewport_size(size)
    return name


def _select_in_source(page: Any, words: str) -> None:
    """Select ``words`` in the first source that holds them, as an editor's mouse would."""
    page.evaluate("""(words) => {
        const source = [...document.querySelectorAll('.segment .source')]
            .find((el) => el.textContent.includes(words));
        const text = source.firstChild;
        const at = text.nodeValue.indexOf(words);
        const range = document.createRange();
        range.setStart(text, at);
        range.setEnd(text, at + words.length);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
    }""", words)


def _tab_to(page: Any, name: str, most: int = 12) -> None:
    """Press Tab until the button called ``name`` has the focus."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == name:
            return
    pytest.fail(f"Tab never reached {name!r}")


@pytest.mark.parametrize("screen", SCREENS)
def test_find_and_replace_then_concordance_from_the_keyboard(sign_in: Any, screen: str) -> None:
    page = sign_in("demo-editor")
    name = _on_screen(page, screen)
    add_article(page, STORY.replace("Quasarix", name), "German edition")
    retype(page, "b1.s1", "Das Teleskop Rapido fand am Montag einen Stern.")
    retype(page, "b2.s1", "Astronomen sagten, RAPIDO schaue im Mai wieder hin.")
    confirm_with_keys(page, "b2.s1")
    page.keyboard.press("Alt+R")
    dialog = page.get_by_role("dialog", name="Find and replace in this translation")
    expect(dialog).to_be_visible()
    expect(page.get_by_label("Find", exact=True)).to_be_focused()
    page.keyboard.type("rapido")
    page.keyboard.press("Tab")
    page.keyboard.type(name)
    page.keyboard.press("Enter")  # the preview
    expect(dialog.get_by_role("status")).to_have_text("2 hits in 2 segments.")
    expect(dialog.locator(".find-hits li")).to_have_count(2)
    expect(dialog.locator(".find-hits mark").first).to_have_text("Rapido")
    expect(dialog.get_by_label("Replace in segment b2.s1")).to_be_checked()
    _tab_to(page, "Replace")
    page.keyboard.press("Enter")
    expect(dialog.get_by_role("status")).to_contain_text("Replaced in 2 segments")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    for key in ("b1.s1", "b2.s1"):
        card = segment(page, key)
        expect(card.locator(".target")).to_contain_text(name)
        expect(card).not_to_have_class(re.compile(r"\bconfirmed\b"))
        expect(card.locator(".save-state")).to_have_text("Replaced")
    page.reload()
    expect(segment(page, "b2.s1").locator(".target")).to_have_text(
        f"Astronomen sagten, {name} schaue im Mai wieder hin.")
    _concordance(page, name)


def _concordance(page: Any, name: str) -> None:
    """Alt+K on the same article: b2.s1 went into the memory when it was confirmed."""
    page.keyboard.press("Alt+K")
    dialog = page.get_by_role("dialog", name=re.compile("Concordance"))
    expect(page.get_by_label("Word or phrase")).to_be_focused()
    page.keyboard.type(f"SAID  {name.upper()}")
    rows = dialog.locator(".concordance-results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").nth(0)).to_have_text(
        f"Astronomers said {name} would look again in May.")
    expect(rows.first.locator("td").nth(0).locator("mark")).to_have_text(f"said {name}")
    expect(rows.first.locator("td").nth(1)).to_have_text(
        "Astronomen sagten, RAPIDO schaue im Mai wieder hin.")
    expect(dialog.get_by_role("status")).to_have_text("1 match, page 1 of 1.")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


@pytest.mark.parametrize("screen", SCREENS)
def test_glossary_term_from_a_selection(sign_in: Any, screen: str) -> None:
    editor = sign_in("demo-editor")
    term = _on_screen(editor, screen) + "on"  # not a word the other tests send
    add_article(editor, STORY.replace("Quasarix", term), "German edition")
    expect(editor.get_by_role("button", name="Add to glossary")).to_have_count(0)
    admin = sign_in("demo-admin")
    _on_screen(admin, screen)
    admin.goto(editor.url)
    _select_in_source(admin, term)
    admin.keyboard.press("Alt+G")
    dialog = admin.get_by_role("dialog", name=re.compile("Add a term"))
    expect(admin.get_by_label("Source term")).to_have_value(term)
    expect(admin.get_by_label("not to be translated")).to_be_checked()
    admin.get_by_label("Translate again the unconfirmed segments").focus()
    admin.keyboard.press("Space")
    admin.get_by_label("Source term").focus()
    admin.keyboard.press("Enter")
    status = dialog.get_by_role("status")
    expect(status).to_contain_text(f"Added “{term}”")
    expect(status).to_contain_text("3 segments are being translated again")
    # The worker's answer arrives without a reload (the pseudo engine leaves capitalised
    # words as they were, so the texts come out the same).
    expect(status).to_contain_text("3 segments translated again (3 word for word as before).",
                                   timeout=60_000)


def test_segments_translated_again_show_their_new_text_without_a_reload(sign_in: Any) -> None:
    admin = sign_in("demo-admin")
    word = "zyrtoglow"  # lower case: the pseudo engine accents it until the glossary keeps it
    add_article(admin, f"<h1>A {word} comet</h1><p>The {word} light was seen on Monday.</p>"
                       "<p>Nothing else was seen.</p>", "German edition")
    body = segment(admin, "b1.s1")
    expect(body.locator(".target")).not_to_contain_text(word)
    _select_in_source(admin, f"{word} light")
    admin.keyboard.press("Alt+G")
    dialog = admin.get_by_role("dialog", name=re.compile("Add a term"))
    admin.get_by_label("Source term").fill(word)
    admin.get_by_label("not to be translated").check()
    admin.get_by_label("Translate again the unconfirmed segments").check()
    admin.get_by_label("Source term").press("Enter")
    status = dialog.get_by_role("status")
    expect(status).to_contain_text("2 segments translated again.", timeout=60_000)
    expect(body.locator(".target")).to_contain_text(f"{word} ")
    expect(body.locator(".save-state")).to_have_text("Translated again")
    expect(segment(admin, "title.s1").locator(".target")).to_contain_text(word)
    expect(segment(admin, "b2.s1").locator(".save-state")).to_have_text("")  # no term in it


@pytest.mark.parametrize("screen", SCREENS)
def test_a_new_glossary_term_shows_its_issues_without_a_reload(sign_in: Any,
                                                               screen: str) -> None:
    admin = sign_in("demo-admin")
    term = _on_screen(admin, screen) + "ul"
    wanted = term + "ó"  # the edition's translation of the term
    add_article(admin, STORY.replace("Quasarix", term), "German edition")
    found = admin.locator(".segment", has_text=f"{term} telescope found")
    expect(found.locator(".issues .issue-item", has_text=wanted)).to_have_count(0)
    _select_in_source(admin, term)
    admin.keyboard.press("Alt+G")
    expect(admin.get_by_label("Source term")).to_have_value(term)
    admin.get_by_label("translated as").check()
    admin.get_by_label("Preferred translation").fill(wanted)
    admin.get_by_label("Preferred translation").press("Enter")
    status = admin.get_by_role("dialog", name=re.compile("Add a term")).get_by_role("status")
    expect(status).to_contain_text(f"Added “{term}”")
    expect(status).to_contain_text("the issues of 3 changed")
    expect(found.locator(".issues .issue-item", has_text=wanted)).not_to_have_count(0)
    expect(found.locator(".save-state")).to_have_text("Checked again")
    expect(found).to_have_class(re.compile("has-issues"))
