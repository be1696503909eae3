"""The refusal of a text that lost a tag names the review screen's keys for tags, and the keys
it names are the ones the screen handles and lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from copydesk.desk import revisions, sources, workflow
from copydesk.desk.models import Segment
from copydesk.errors import InputError
from tests.desk.conftest import story
from tests.desk.test_views_auth import signed_in
from tests.desk.test_views_review import LINKED, save

DESK = Path(revisions.__file__).parent
SCRIPT = (DESK / "static" / "desk" / "tag_keys.js").read_text()
README = (DESK.parents[2] / "README.md").read_text()
KEYS = ["F8", "Alt+T", "Ctrl+Insert", "Ctrl+I", "Ctrl+Z"]


@pytest.fixture
def linked(editor, edition):
    """A translation whose one body paragraph carries a link tag."""
    ingested = sources.ingest(story(blocks=[LINKED]), key="k-tag-keys", user=editor)
    translation = workflow.request_translation(ingested.article, edition, user=editor)
    return translation.segments.get(key="b1.s1")


@pytest.mark.parametrize("text", ["Lesen Sie den Bericht online.",
                                  "Lesen Sie <g1>den Bericht online.",
                                  "Lesen Sie den Bericht</g1> online."])
def test_a_lost_tag_is_refused_with_the_keys_that_put_it_back(text: str) -> None:
    with pytest.raises(InputError) as refused:
        revisions.require_tags("Read <g1>the full report</g1> online.", text)
    message = str(refused.value)
    assert message.startswith("The text lost the formatting tag(s) ")
    for key in KEYS:
        assert re.search(rf"\b{re.escape(key)}\b", message), key
    assert "copy them from the source" not in message  # the old advice that did not work


def test_the_review_screen_shows_the_refusal_with_the_keys(client, editor, linked) -> None:
    answer = save(signed_in(client, editor), linked, "Lesen Sie den Bericht online.")
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert "lost the formatting tag(s) <g1>, </g1>" in error
    assert "F8 (or Alt+T) puts the next missing tag at the caret" in error
    assert "Ctrl+Insert (or Ctrl+I) copies the source with its tags" in error
    assert Segment.objects.get(pk=linked.pk).version == linked.version


def test_a_text_with_its_tags_back_is_saved(client, editor, linked) -> None:
    answer = save(signed_in(client, editor), linked, "Lesen Sie <g1>den ganzen Bericht</g1>.")
    assert answer.status_code == 200
    assert Segment.objects.get(pk=linked.pk).target == "Lesen Sie <g1>den ganzen Bericht</g1>."


def test_the_review_screen_loads_the_keys_and_lists_them(client, editor, linked) -> None:
    page = signed_in(client, editor).get(
        reverse("desk:review", args=[linked.translation_id])).content.decode()
    assert "desk/tag_keys.js" in page
    for shown in ("<kbd>F8</kbd>", "<kbd>Alt</kbd>+<kbd>T</kbd>",
                  "<kbd>Ctrl</kbd>+<kbd>Insert</kbd>", "<kbd>Ctrl</kbd>+<kbd>I</kbd>"):
        assert shown in page
        assert shown in README


def test_the_script_handles_the_keys_the_refusal_names() -> None:
    for handled in ('event.key === "F8"', 'event.code === "KeyT"', 'event.key === "Insert"',
                    'event.code === "KeyI"'):
        assert handled in SCRIPT
    limit = re.search(r"const MAX_CHARS = (\d+);", SCRIPT)
    assert limit and int(limit.group(1)) == revisions.MAX_TARGET_CHARS


def test_the_script_is_served_by_the_app(client, db) -> None:
    response = client.get("/static/desk/tag_keys.js")
    assert response.status_code == 200
    assert b"insertNextTag" in b"".join(response.streaming_content)
