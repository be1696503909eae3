"""Confirmed segments feed the translation memory; later drafts reuse them and show suggestions."""

from __future__ import annotations

import dataclasses

import pytest
from django.urls import reverse

from copydesk.desk import revisions, sources, workflow
from copydesk.desk.models import Revision, Segment
from copydesk.memory import TranslationMemory
from tests.desk.conftest import confirm_all, story
from tests.desk.test_views_auth import signed_in

PAID = "The ministry paid 3.5 million euros."
EDITED = "Das Ministerium zahlte 3,5 Millionen Euro."
OPUS_MT = "engine:ctranslate2|model:opus-mt-en-de|quant:int8|v:0.1.0"


@pytest.fixture
def confirm(django_capture_on_commit_callbacks):
    """Confirm a segment and run what waits for the commit (the memory write)."""
    def run(segment, user):
        with django_capture_on_commit_callbacks(execute=True):
            return revisions.confirm_segment(segment.pk, base_version=segment.version, user=user)
    return run


def stored(home) -> list:
    with TranslationMemory.in_home(home) as memory:
        return list(memory.entries("en", "de"))


def edit_and_confirm(translation, editor, confirm, source=PAID, text=EDITED):
    segment = translation.segments.get(source=source)
    segment = revisions.save_segment(segment.pk, text, base_version=segment.version, user=editor)
    return confirm(segment, editor)


def second_story(**changes):
    return story(title="Bridge costs rise", standfirst=None, **changes)


def test_a_confirmed_segment_goes_into_the_memory_with_context_and_provenance(
        translation, editor, confirm, desk_home):
    assert not (desk_home / "memory.sqlite3").exists()
    segment = edit_and_confirm(translation, editor, confirm)
    [entry] = stored(desk_home)
    assert (entry.source, entry.target) == (PAID, EDITED)
    assert entry.previous == "The council approved the plan on Monday."
    assert entry.next == "Work starts in May."
    assert (entry.origin, entry.editor) == ("editor", "erika")
    assert entry.created_at == segment.confirmed_at.isoformat(timespec="seconds")


def test_an_unedited_machine_segment_keeps_its_engine_signature(translation, editor, confirm,
                                                               desk_home):
    segment = translation.segments.get(source=PAID)
    Segment.objects.filter(pk=segment.pk).update(signature=OPUS_MT)
    segment.refresh_from_db()
    confirm(segment, editor)
    [entry] = stored(desk_home)
    assert entry.origin == "mt" and entry.signature == OPUS_MT


def test_pseudo_output_is_never_stored(translation, editor, confirm, desk_home):
    confirm(translation.segments.get(source=PAID), editor)
    assert not (desk_home / "memory.sqlite3").exists() or stored(desk_home) == []


def test_nothing_is_stored_before_the_commit_or_when_the_memory_is_off(
        translation, editor, confirm, desk_home, settings):
    segment = translation.segments.get(source=PAID)
    revisions.confirm_segment(segment.pk, base_version=segment.version, user=editor)
    assert not (desk_home / "memory.sqlite3").exists()  # the test transaction never commits
    desk = settings.COPYDESK_SETTINGS
    settings.COPYDESK_SETTINGS = dataclasses.replace(desk, values={**desk.values,
                                                                   "memory": "off"})
    confirm(translation.segments.get(source="Work starts in May."), editor)
    assert not (desk_home / "memory.sqlite3").exists()


def test_a_second_article_takes_the_sentence_from_the_memory(translation, editor, confirm,
                                                             edition, client):
    edit_and_confirm(translation, editor, confirm)
    article = sources.ingest(second_story(blocks=[
        {"kind": "paragraph", "text": f"{PAID} Critics called it too much."}]),
        key="https://example.org/bridge-2", user=editor).article
    second = workflow.request_translation(article, edition, user=editor)
    reused = second.segments.get(source=PAID)
    assert (reused.target, reused.origin) == (EDITED, "memory")
    assert reused.signature.startswith("engine:memory|match:exact|origin:editor|editor:erika|")
    [revision] = Revision.objects.filter(segment=reused)
    assert (revision.origin, revision.after, revision.author) == ("memory", EDITED, None)
    assert second.segments.get(source="Critics called it too much.").origin == "mt"
    page = signed_in(client, editor).get(reverse("desk:review", args=[second.pk]))
    assert 'class="badge memory"' in page.content.decode()
    assert ">memory 100%<" in page.content.decode()


def test_the_same_neighbours_make_an_in_context_match(translation, editor, edition, client,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        confirm_all(translation, editor)
    article = sources.ingest(story(title="Ministry pays 3.5 million euros for a new bridge"),
                             key="https://example.org/bridge-3", user=editor).article
    second = workflow.request_translation(article, edition, user=editor)
    reused = second.segments.get(source=PAID)
    assert reused.origin == "memory" and "|match:in-context|" in reused.signature
    page = signed_in(client, editor).get(reverse("desk:review", args=[second.pk]))
    assert ">in context<" in page.content.decode()


def test_a_fuzzy_match_is_offered_under_the_segment(translation, editor, confirm, edition,
                                                    client):
    edit_and_confirm(translation, editor, confirm)
    near = "The ministry paid 4.5 million euros."
    article = sources.ingest(second_story(blocks=[{"kind": "paragraph", "text": near}]),
                             key="https://example.org/bridge-4", user=editor).article
    second = workflow.request_translation(article, edition, user=editor)
    segment = second.segments.get(source=near)
    assert segment.origin == "mt"
    [suggestion] = segment.suggestions
    assert suggestion["target"] == EDITED and 0.75 <= suggestion["score"] < 1
    assert suggestion["provenance"]["editor"] == "erika"
    page = signed_in(client, editor).get(reverse("desk:review", args=[second.pk]))
    html = page.content.decode()
    assert f'data-action="use-suggestion" data-text="{EDITED}"' in html
    assert f"{round(suggestion['score'] * 100)}%" in html
