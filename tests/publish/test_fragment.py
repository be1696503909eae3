"""The HTML fragment: the article's body for a CMS's content field."""

from __future__ import annotations

import lxml.html
import pytest

from copydesk.publish import render
from copydesk.publish.disclosure import WORDING
from tests.publish.drafts import build_draft

# What a CMS body may receive from us: semantic elements, nothing that runs or styles.
ALLOWED = {"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "li", "a", "strong", "em",
           "code", "u", "sup", "sub", "br", "figure", "figcaption"}


def elements(fragment: str) -> list[lxml.html.HtmlElement]:
    return [node for root in lxml.html.fragments_fromstring(fragment)
            if not isinstance(root, str) for node in root.iter()]


def test_the_fragment_is_the_body_without_the_headline_or_anything_that_runs(draft, review):
    fragment = render(draft, "fragment", review=review)
    found = elements(fragment)
    assert {node.tag for node in found} <= ALLOWED
    assert not any(name in fragment for name in ("<h1", "<style", "<script", "<html", "<body",
                                                 "<head", "<article"))
    assert not any(key == "style" or key.startswith("on") for node in found for key in node.attrib)
    assert "EU verschärft Drohnenregeln" not in fragment  # the CMS shows its own title
    assert found[0].get("class") == "copydesk-standfirst"
    assert found[-1].get("class") == "copydesk-disclosure"
    assert found[-1].text == WORDING["de"]["reviewed"]


def test_the_fragment_has_the_same_body_as_the_page(draft):
    page = lxml.html.document_fromstring(render(draft, "html")).find(".//article")
    fragment = render(draft, "fragment")
    body = [lxml.html.tostring(node, encoding="unicode").strip() for node in page][1:]
    assert "\n".join(body) == fragment.strip()


def test_pseudo_output_carries_its_warning_into_the_fragment():
    fragment = render(build_draft(engine="pseudo"), "fragment")
    first = elements(fragment)[0]
    assert first.get("class") == "copydesk-pseudo-warning" and first.get("role") == "alert"


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                                  "&lt;b&gt;"])
def test_text_that_looks_like_markup_stays_text(text):
    from copydesk.article import BlockKind

    fragment = render(build_draft([(BlockKind.PARAGRAPH, None, {}, [("Hi.", text)])]),
                      "fragment")
    assert {node.tag for node in elements(fragment)} <= ALLOWED
    assert "<script" not in fragment and "<img" not in fragment
