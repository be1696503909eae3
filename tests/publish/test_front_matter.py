"""Markdown front matter that does not grow with every update: each memory match carries a
signature of its own (its date, its origin), so a draft with thirty reused sentences has
thirty; the front matter lists each engine once and every memory match as one
``engine:memory``, and names no editor, while the JSON provenance keeps them all."""

from __future__ import annotations

import dataclasses
import json

import yaml

from copydesk.publish import render
from tests.publish.drafts import SIGNATURE, build_draft

MATCHES = 30


def front_matter(markdown: str) -> dict:
    assert markdown.startswith("---\n")
    return dict(yaml.safe_load(markdown[4:].split("\n---\n", 1)[0]))


def memory_signature(number: int) -> str:
    return (f"engine:memory|match:exact|origin:editor|editor:erika|"
            f"changed:2026-11-{number % 28 + 1:02d}T10:{number:02d}:00|v:0.1.0")


def test_thirty_memory_matches_are_one_entry_of_the_front_matter():
    draft = dataclasses.replace(build_draft(), signatures=[
        SIGNATURE, *(memory_signature(n) for n in range(MATCHES)), SIGNATURE])
    listed = front_matter(render(draft, "md"))["signatures"]
    assert listed == [SIGNATURE, "engine:memory"]
    translators = json.loads(render(draft, "json"))["provenance"]["translators"]
    assert len(translators) == MATCHES + 1  # the full record stays in the provenance
    assert not any("erika" in t["signature"] for t in translators)


def test_an_update_with_more_matches_keeps_the_same_front_matter():
    few = dataclasses.replace(build_draft(), signatures=[SIGNATURE, memory_signature(1)])
    many = dataclasses.replace(build_draft(), signatures=[
        SIGNATURE, *(memory_signature(n) for n in range(MATCHES))])
    assert front_matter(render(few, "md")) == front_matter(render(many, "md"))
