"""Sources are immutable; a changed article marks exactly the segments that need work."""

from __future__ import annotations

import pytest

from copydesk.desk import publishing, sources
from copydesk.desk.models import Segment, SourceVersion, TranslationState
from copydesk.errors import InputError, NotFoundError, PermissionDeniedError, WorkflowError
from tests.desk.conftest import STORY, story

KEY = "https://example.org/bridge"
CHANGED_BLOCKS = [
    {"kind": "paragraph", "text": "The ministry paid 3.5 million euros. Work starts in June."},
    {"kind": "paragraph", "text": "The mayor said the bridge would open in 2027."},
    {"kind": "paragraph", "text": "Critics called the price too high."},
]


def test_reingesting_the_same_content_makes_no_new_version(editor):
    first = sources.ingest(story(), key=KEY, user=editor)
    again = sources.ingest(story(), key=KEY, user=editor)
    assert (first.created, again.created) == (True, False)
    assert again.version == first.version
    assert first.version.content == story().to_dict()


def test_a_changed_article_is_a_new_version_and_the_old_one_stays(editor):
    first = sources.ingest(story(), key=KEY, user=editor)
    second = sources.ingest(story(title="Bridge costs more"), key=KEY, user=editor)
    assert second.version.number == 2
    assert second.version.content_hash != first.version.content_hash
    assert SourceVersion.objects.get(pk=first.version.pk).content["title"] == STORY["title"]


def test_source_versions_cannot_be_changed(editor):
    version = sources.ingest(story(), key=KEY, user=editor).version
    version.content = {"title": "Forged"}
    with pytest.raises(WorkflowError, match="append-only"):
        version.save()
    with pytest.raises(WorkflowError, match="append-only"):
        SourceVersion.objects.filter(pk=version.pk).update(content_hash="0")


def test_ingesting_needs_an_editor_and_a_key(publisher, editor):
    with pytest.raises(PermissionDeniedError):
        sources.ingest(story(), key=KEY, user=publisher)
    with pytest.raises(InputError, match="needs a key"):
        sources.ingest(story(), key="  ", user=editor)


def test_find_article_by_number_or_key(editor):
    article = sources.ingest(story(), key=KEY, user=editor).article
    assert sources.find_article(str(article.pk)) == sources.find_article(KEY) == article
    with pytest.raises(NotFoundError):
        sources.find_article("missing")


def test_a_new_version_marks_changed_segments_and_keeps_confirmed_ones(approved, editor,
                                                                       publisher):
    publishing.publish_translation(approved, user=publisher)
    before = {s.source: s for s in approved.segments.all()}
    sources.ingest(story(blocks=CHANGED_BLOCKS), key=KEY, user=editor)
    approved.refresh_from_db()
    assert approved.state == TranslationState.IN_REVIEW
    assert approved.source_version.number == 2
    live = {s.source: s for s in approved.segments.filter(active=True)}
    kept = live["The mayor said the bridge would open in 2027."]
    assert kept.pk == before[kept.source].pk
    assert (kept.state, kept.needs_work, kept.target) == ("confirmed", False,
                                                          before[kept.source].target)
    for text in ("Work starts in June.", "Critics called the price too high."):
        assert (live[text].state, live[text].needs_work, live[text].origin) == (
            "draft", True, "mt")
    retired = Segment.objects.get(pk=before["Work starts in May."].pk)
    assert retired.active is False
    assert [s.key for s in approved.segments.filter(active=True)] == [
        "title.s1", "standfirst.s1", "b1.s1", "b1.s2", "b2.s1", "b3.s1"]


def test_a_withdrawn_translation_is_not_revived_by_a_new_version(translation, editor, publisher):
    from copydesk.desk import workflow

    workflow.withdraw(translation, user=publisher, reason="Story killed.")
    sources.ingest(story(blocks=CHANGED_BLOCKS), key=KEY, user=editor)
    translation.refresh_from_db()
    assert translation.state == TranslationState.WITHDRAWN
