from __future__ import annotations

from copydesk.article import BlockKind, InlineTag
from copydesk.publish.inline import Inline, parse, plain
from copydesk.publish.page import BulletList, Text, layout
from tests.publish.drafts import build_draft


def item(text: str, level: int | None = None) -> tuple:
    return (BlockKind.LIST_ITEM, level, {}, [(text, text)])


def test_list_levels_nest_and_a_jump_nests_only_one_deeper() -> None:
    body = [item("a", 2), item("b"), item("c", 3), item("d", 2), item("e")]
    page = layout(build_draft(body))
    assert len(page.body) == 1
    top = page.body[0]
    assert isinstance(top, BulletList)
    assert [i.nodes for i in top.items] == [["a"], ["b"], ["e"]]
    nested = top.items[1].sublist
    assert nested is not None and [i.nodes for i in nested.items] == [["c"], ["d"]]


def test_lists_split_by_a_paragraph_stay_separate() -> None:
    body = [item("a"), (BlockKind.PARAGRAPH, None, {}, [("p", "p")]), item("b")]
    kinds = [type(part) for part in layout(build_draft(body)).body]
    assert kinds == [BulletList, Text, BulletList]


def test_parse_builds_a_tree_and_drops_what_it_cannot_trust() -> None:
    tags = {"1": InlineTag("link", {"href": "javascript:x()"}), "2": InlineTag("bold"),
            "3": InlineTag("break"), "4": InlineTag("italic")}
    nodes = parse("<g1>a</g1> <g2>b<x3/>c</g2><x4/>d</g9>", tags)
    assert nodes == [Inline("span", {}, ["a"]), " ",
                     Inline("bold", {}, ["b", Inline("break"), "c"]), "d"]
    assert plain(nodes) == "a b cd"
