"""Tags from the keyboard on the review screen, at a desktop, a laptop and a phone size.

F8 puts the next missing tag of the source at the caret (a selection gets the next missing
pair around it), Ctrl+Insert and Ctrl+I copy the source with its tags, copying from the
source and pasting into the translation keeps the badges, and a hostile clipboard is
pasted as text. What the desk saved is read back after a reload.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

pytest.importorskip("playwright", reason="needs the Python package 'playwright'")

from playwright.sync_api import expect

from tests.e2e.desk_pages import add_article, segment

pytestmark = pytest.mark.e2e

VIEWPORTS = [pytest.param({"width": 1440, "height": 900}, id="1440x900"),
             pytest.param({"width": 1280, "height": 720}, id="1280x720"),
             pytest.param({"width": 390, "height": 844}, id="390x844")]
# Every article gets words of its own (the viewport's and the test's), so that no memory
# match from an earlier test fills in its translation.
WORDS = {1440: "desk", 1280: "laptop", 390: "phone"}
STORY = """<h1>{title}</h1>
<p>Read <a href="https://example.org/report">the <b>full</b> report</a> and the <em>notes</em>
on the {word}.</p>
<p>The {word} mayor <b>welcomed</b> the plan.</p>"""
SAVE_MS = 20_000  # a save waits for the ones before it (a busy desk answers slowly)


def _open(sign_in: Any, viewport: dict[str, int], test: str) -> tuple[Any, str]:
    """A new article's review screen at this size, and the word only its texts have."""
    page = sign_in("demo-editor")
    page.set_viewport_size(viewport)
    word = f"{test} {WORDS[viewport['width']]}"
    add_article(page, STORY.format(title=f"Tags: {word}", word=word), "German edition")
    return page, word


def _go_to(page: Any, key: str) -> Any:
    """Alt+↓ until the translation of segment ``key`` has the focus."""
    for _ in range(8):
        page.keyboard.press("Alt+ArrowDown")
        if page.evaluate("() => document.activeElement.closest('.segment')"
                         "?.querySelector('.key').textContent") == key:
            expect(segment(page, key).locator(".target")).to_be_focused()
            return segment(page, key)
    shown = page.evaluate("() => [document.activeElement.outerHTML.slice(0, 200), "
                          "[...document.querySelectorAll('.segment .key')].map((k) => "
                          "k.textContent)]")
    pytest.fail(f"Alt+↓ never reached {key}: {shown}")


def _press(page: Any, key: str, times: int) -> None:
    for _ in range(times):
        page.keyboard.press(key)


def _tagged(card: Any, part: str = ".target") -> str:
    """The segment's text as the desk stores it, tags included."""
    return str(card.locator(part).evaluate("(el) => window.copydeskTags.serialize(el)"))


def _settled(card: Any) -> None:
    """Wait until the desk has saved what the translation shows."""
    expect(card.locator(".save-state")).to_have_text(re.compile(r"^(Saved|Confirmed)$"),
                                                     timeout=SAVE_MS)
    card.locator(".target").evaluate("""(el) => new Promise((done) => {
        const seg = el.closest(".segment");
        const check = () => (window.copydeskTags.serialize(el) === seg.dataset.saved
            && ["Saved", "Confirmed"].includes(seg.querySelector(".save-state").textContent))
            ? done() : setTimeout(check, 50);
        check();
    })""")


def _saved(page: Any, key: str) -> str:
    """The segment's translation as the desk has it, after a reload."""
    _settled(segment(page, key))
    page.reload()
    return _tagged(segment(page, key))


def _paste(card: Any, html: str, plain: str) -> None:
    """A paste event with this clipboard, as a page the editor copied from could give it."""
    card.locator(".target").evaluate("""(el, [html, plain]) => {
        const data = new DataTransfer();
        if (html) data.setData("text/html", html);
        data.setData("text/plain", plain);
        el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                      cancelable: true}));
    }""", [html, plain])


def _source(word: str) -> str:
    return f"Read <g1>the <g2>full</g2> report</g1> and the <g3>notes</g3> on the {word}."


def _mayor(word: str) -> str:
    return f"The {word} mayor <g1>welcomed</g1> the plan."


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_missing_tags_go_back_one_by_one_from_the_keyboard(
        sign_in: Any, viewport: dict[str, int]) -> None:
    page, word = _open(sign_in, viewport, "steps")
    tail = f"Notizen zum {word}."
    tagged = f"Lesen Sie <g1>den <g2>ganzen</g2> Bericht</g1> und die <g3>Notizen</g3> zum {word}."
    card = _go_to(page, "b1.s1")
    assert _tagged(card, ".source") == _source(word)
    state = card.locator(".save-state")
    page.keyboard.press("Control+A")
    page.keyboard.type(f"Lesen Sie den ganzen Bericht und die {tail}")
    # the badges are gone: the desk refuses the text and names the keys
    expect(state).to_contain_text("The text lost the formatting tag(s) <g1>, <g2>, </g2>, "
                                  "</g1>, <g3>, </g3>", timeout=SAVE_MS)
    expect(state).to_contain_text("F8 (or Alt+T) puts the next missing tag at the caret")
    expect(state).to_contain_text("Ctrl+Insert (or Ctrl+I) copies the source with its tags")

    page.keyboard.press("Control+Home")
    _press(page, "ArrowRight", len("Lesen Sie "))
    _press(page, "Shift+ArrowRight", len("den ganzen Bericht"))
    page.keyboard.press("F8")  # the selection gets the next missing pair: <g1>…</g1>
    assert _tagged(card) == f"Lesen Sie <g1>den ganzen Bericht</g1> und die {tail}"
    page.keyboard.press("Control+Home")
    _press(page, "ArrowRight", len("Lesen Sie ") + 1 + len("den "))  # a badge is one step
    _press(page, "Shift+ArrowRight", len("ganzen"))
    page.keyboard.press("Alt+T")
    assert _tagged(card) == f"Lesen Sie <g1>den <g2>ganzen</g2> Bericht</g1> und die {tail}"
    page.keyboard.press("Control+End")
    _press(page, "ArrowLeft", len(tail))
    page.keyboard.press("F8")  # no selection: one tag at the caret, the opening one first
    _press(page, "ArrowRight", len("Notizen"))
    page.keyboard.press("F8")
    assert _tagged(card) == tagged
    expect(state).to_have_text("Saved", timeout=SAVE_MS)
    page.keyboard.press("F8")
    expect(state).to_have_text("Every tag of the source is in the translation")
    page.keyboard.press("Control+Enter")
    expect(card).to_have_class(re.compile(r"\bconfirmed\b"), timeout=SAVE_MS)
    assert _saved(page, "b1.s1") == tagged
    expect(segment(page, "b1.s1")).to_have_class(re.compile(r"\bconfirmed\b"))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_source_is_copied_with_its_tags_and_ctrl_z_takes_it_back(
        sign_in: Any, viewport: dict[str, int]) -> None:
    page, word = _open(sign_in, viewport, "copy")
    card = _go_to(page, "b1.s1")
    draft = _tagged(card)
    assert draft != _source(word)
    page.keyboard.press("Control+Insert")
    assert _tagged(card) == _source(word)
    expect(card.locator(".save-state")).to_have_text("Saved", timeout=SAVE_MS)
    page.keyboard.press("Control+Z")
    assert _tagged(card) == draft
    expect(card.locator(".save-state")).to_have_text("Saved", timeout=SAVE_MS)
    page.keyboard.press("Control+I")  # Matecat's key; never italics in a translation
    assert _tagged(card) == _source(word)
    expect(card.locator(".target i, .target em")).to_have_count(0)
    expect(card.locator(".save-state")).to_have_text("Saved", timeout=SAVE_MS)
    assert _saved(page, "b1.s1") == _source(word)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_text_copied_from_the_source_keeps_its_tags_when_pasted(
        sign_in: Any, viewport: dict[str, int]) -> None:
    page, word = _open(sign_in, viewport, "paste")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    pasted = f"Der {word} Bürgermeister <g1>welcomed</g1> den Plan."
    card = _go_to(page, "b2.s1")
    page.keyboard.press("Control+A")
    page.keyboard.type(f"Der {word} Bürgermeister  den Plan.")
    page.keyboard.press("Control+Home")
    _press(page, "ArrowRight", len(f"Der {word} Bürgermeister "))
    card.locator(".source").evaluate("""(source) => {
        const chips = source.querySelectorAll(".chip");
        const range = document.createRange();
        range.setStartBefore(chips[0]);
        range.setEndAfter(chips[1]);
        window.keptCaret = getSelection().getRangeAt(0);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
    }""")
    page.keyboard.press("Control+C")  # the selection in the source: "<g1>welcomed</g1>"
    copied = page.evaluate("navigator.clipboard.read().then((items) => items[0]"
                           ".getType('text/html')).then((blob) => blob.text())")
    assert 'data-copydesk-tag="&lt;g1&gt;"' in copied
    assert page.evaluate("navigator.clipboard.readText()") == "welcomed"
    card.locator(".target").evaluate("""(el) => {
        el.focus();
        getSelection().removeAllRanges();
        getSelection().addRange(window.keptCaret);
    }""")
    page.keyboard.press("Control+V")
    assert _tagged(card) == pasted
    expect(card.locator(".target .chip")).to_have_count(2)
    _settled(card)
    page.keyboard.press("Control+V")  # again: the translation has its <g1> already
    expect(card.locator(".save-state")).to_contain_text("Pasted without <g1> </g1>")
    assert _tagged(card) == pasted.replace("</g1>", "</g1>welcomed")
    page.keyboard.press("Control+Z")
    assert _tagged(card) == pasted
    assert _saved(page, "b2.s1") == pasted


HOSTILE = [
    # (text/html, text/plain, what the translation gets)
    ('<img src="x" onerror="window.pwned=1">Hallo<script>window.pwned=2</script>',
     "Hallo <g1>Welt</g1>", "Hallo \u02c2g1>Welt\u02c2/g1>"),
    ('<a href="javascript:window.pwned=3">Klick</a><iframe srcdoc="<b>x</b>"></iframe>',
     "Klick", "Klick"),
    ('<span data-copydesk-tag="<g9>">g9</span><span data-copydesk-tag="<g1>">g1</span>'
     'gut<span data-copydesk-tag="</g1>">/g1</span><img src=x onerror="window.pwned=4">'
     '<script>window.pwned=5</script><span data-copydesk-tag="<b onclick=x>">b</span>'
     '<style>*{display:none}</style><svg><text>svg</text></svg>&lt;g2&gt;',
     "gut", "<g1>gut</g1>b\u02c2g2>"),
    ("", "Cafe\u0301 eins\r\n  zwei\nx1/> <x1/>", "Caf\u00e9 eins zwei x1/> \u02c2x1/>"),
]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_hostile_clipboard_is_pasted_as_text(sign_in: Any, viewport: dict[str, int]) -> None:
    page, word = _open(sign_in, viewport, "hostile")
    card = _go_to(page, "b2.s1")
    target = card.locator(".target")
    for html, plain, pasted in HOSTILE:
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        _paste(card, html, plain)
        assert _tagged(card) == pasted
        expect(target.locator("img, script, a, iframe, style, svg, b")).to_have_count(0)
        assert target.evaluate("(el) => [...el.querySelectorAll('*')].every("
                               "(e) => e.matches('span.chip[data-tag]') || e.tagName === 'BR')")
    page.keyboard.press("Control+Insert")
    _settled(card)
    page.keyboard.press("Control+A")
    _paste(card, "", "Zu lang. " * 5000)  # nothing changes: the paste is refused whole
    expect(card.locator(".save-state")).to_have_text(
        "Not pasted: the text is longer than 20000 characters")
    assert _tagged(card) == _mayor(word)
    assert page.evaluate("window.pwned") is None
    page.reload()  # the desk has the source's text, saved before the refused paste
    assert _tagged(segment(page, "b2.s1")) == _mayor(word)
