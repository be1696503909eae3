"""Public outputs name no login: a second article that reuses an editor's sentences from the
translation memory (whose matches record who wrote them) is published with no login name
in any format, and with no full name either unless the edition names its editors."""

from __future__ import annotations

from copydesk.desk import publishing, sources, workflow
from copydesk.desk.models import Segment
from tests.desk.conftest import STORY, confirm_all, story


def test_memory_matches_of_an_editors_text_publish_no_login(
        translation, editor, publisher, edition, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the memory is written on commit
        confirm_all(translation, editor)
    publishing.publish_translation(workflow.approve(translation, user=editor), user=publisher)
    again = sources.ingest(story(title="Second bridge for the city"),
                           key="https://example.org/second-bridge", user=editor).article
    second = workflow.request_translation(again, edition, user=editor)
    reused = Segment.objects.filter(translation=second, active=True,
                                    signature__contains="editor:erika")
    assert reused.count() >= len(STORY["blocks"])  # the editor's sentences came back
    confirm_all(second, editor)
    published = publishing.publish_translation(workflow.approve(second, user=editor),
                                               user=publisher)
    assert set(published.outputs) >= {"html", "fragment", "md", "json"}
    for fmt, text in published.outputs.items():
        assert "erika" not in text.lower(), fmt  # neither the login nor the first name
        assert "paula" not in text.lower(), fmt
    assert "erika" not in str(published.provenance).lower()
