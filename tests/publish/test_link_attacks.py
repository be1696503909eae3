"""Every renderer applies the link rule again, whatever reached the draft."""

from __future__ import annotations

import json

import pytest

from copydesk.article import BlockKind, InlineTag
from copydesk.publish import render
from tests.publish.drafts import build_draft
from tests.test_links import ATTACKS, SAFE, is_dangerous


def draft_with_link(href: str):  # type: ignore[no-untyped-def]
    tags = {"1": InlineTag("link", {"href": href, "title": "Plan"})}
    row = (BlockKind.PARAGRAPH, None, tags,
           [("Read <g1>the plan</g1> now.", "Lesen Sie <g1>den Plan</g1> jetzt.")])
    return build_draft([row])


@pytest.mark.parametrize("fmt", ["html", "fragment", "md", "json"])
@pytest.mark.parametrize("href", ATTACKS)
def test_no_renderer_writes_an_unsafe_target(fmt: str, href: str) -> None:
    output = render(draft_with_link(href), fmt)
    assert not is_dangerous(output)
    assert "den Plan" in output


@pytest.mark.parametrize("fmt", ["html", "fragment", "md"])
@pytest.mark.parametrize(("href", "kept"), SAFE)
def test_safe_targets_are_written_in_their_normal_form(fmt: str, href: str, kept: str) -> None:
    output = render(draft_with_link(href), fmt)
    html = fmt in ("html", "fragment")
    written = kept.replace("&", "&amp;") if html else kept
    assert (f'href="{written}"' if html else f"]({written})") in output


def test_json_output_keeps_only_safe_link_attributes() -> None:
    tags = {"1": InlineTag("link", {"href": "\u3000javascript:alert(1)", "onclick": "x"}),
            "2": InlineTag("bold", {"href": "javascript:alert(1)"})}
    row = (BlockKind.PARAGRAPH, None, tags, [("<g1>a</g1> <g2>b</g2>", "<g1>a</g1> <g2>b</g2>")])
    output = render(build_draft([row]), "json")
    unit = next(u for u in json.loads(output)["units"] if u["id"] == "b1")
    assert unit["tags"] == {"1": {"kind": "link", "attrs": {}}, "2": {"kind": "bold", "attrs": {}}}
    assert not is_dangerous(output)
