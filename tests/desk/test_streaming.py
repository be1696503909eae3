"""Drafts that stream: segments stored batch by batch, reviewable before the draft is done.

The story has five segments; the ``stepper`` engine answers two a call, so the
draft arrives in three batches (headline and standfirst, the first paragraph,
the second). The engine runs ``between`` before each call: the database as a
reader sees it between two batches, and what an editor does meanwhile.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, ClassVar

import pytest
from django.urls import reverse

from copydesk.desk import audit, editing, gate, sources, streaming, tasks, workflow
from copydesk.desk.models import AuditEvent, Revision, Segment, Translation, TranslationState
from copydesk.desk.project import settings as project
from copydesk.engines import registry
from copydesk.engines.base import Candidate, Context, Engine, Signature
from copydesk.errors import NotFoundError, WorkflowError
from tests.desk.conftest import story
from tests.desk.test_views_auth import signed_in

KEYS = ["title.s1", "standfirst.s1", "b1.s1", "b1.s2", "b2.s1"]


class StepperEngine(Engine):
    """Two segments a call, ``[de] <text>``; ``between(call)`` runs before each call."""

    name: ClassVar[str] = "stepper"
    max_batch: ClassVar[int] = 2
    between: ClassVar[Callable[[int], None] | None] = None
    calls: ClassVar[int] = 0

    def supports(self, source_lang: str, target_lang: str) -> bool:
        return True

    def translate(self, segments: Sequence[str], source_lang: str, target_lang: str, *,
                  glossary: Mapping[str, str] | None = None,
                  context: Context | None = None) -> list[Candidate]:
        StepperEngine.calls += 1
        if StepperEngine.between is not None:
            StepperEngine.between(StepperEngine.calls)
        signature = Signature(engine="stepper", version="1")
        return [Candidate(text=f"[de] {text}", signature=signature) for text in segments]


@pytest.fixture
def stepper(monkeypatch: pytest.MonkeyPatch, edition: Any) -> Iterator[type[StepperEngine]]:
    known = registry.engine_classes()
    monkeypatch.setattr(registry, "engine_classes", lambda: {**known, "stepper": StepperEngine})
    monkeypatch.setattr(StepperEngine, "between", None)
    monkeypatch.setattr(StepperEngine, "calls", 0)
    edition.engine = "stepper"
    edition.save()
    yield StepperEngine


def seen(translation_id: int) -> dict[str, Any]:
    """The translation as any reader of the database sees it at this moment."""
    translation = Translation.objects.get(pk=translation_id)
    rows = list(translation.segments.order_by("position").values_list("key", "origin",
                                                                      "target"))
    return {"state": translation.state, "progress": (translation.progress_done,
                                                     translation.progress_total),
            "arrived": [key for key, origin, _ in rows if origin != streaming.PENDING],
            "pending": [key for key, origin, _ in rows if origin == streaming.PENDING],
            "targets": {key: target for key, _, target in rows}}


def request(editor: Any, edition: Any) -> Translation:
    ingested = sources.ingest(story(), key="https://example.org/bridge", user=editor)
    return workflow.request_translation(ingested.article, edition, user=editor)


def segment(translation_id: int, key: str) -> Segment:
    return Segment.objects.get(translation_id=translation_id, key=key, active=True)


def test_segments_arrive_in_reading_order_one_batch_at_a_time(stepper, editor, edition):
    moments: dict[int, dict[str, Any]] = {}
    stepper.between = lambda call: moments.setdefault(call, seen(Translation.objects.get().pk))
    done = request(editor, edition)
    assert moments[1]["arrived"] == moments[1]["pending"] == []  # nothing before the engine
    assert moments[2]["state"] == "translating" and moments[2]["progress"] == (2, 5)
    assert moments[2]["arrived"] == KEYS[:2] and moments[2]["pending"] == KEYS[2:]
    assert moments[2]["targets"]["title.s1"].startswith("[de] ")
    assert moments[3]["arrived"] == KEYS[:4] and moments[3]["pending"] == KEYS[4:]
    final = seen(done.pk)
    assert final["state"] == "in_review" and final["arrived"] == KEYS and final["pending"] == []
    assert Counter(Revision.objects.values_list("segment__key", flat=True)) == dict.fromkeys(
        KEYS, 1)
    event = AuditEvent.objects.get(kind="machine_translated")
    assert event.payload["new"] == 5 and event.payload["kept"] == 0
    batches = AuditEvent.objects.filter(kind="machine_segments_stored").order_by("seq")
    assert [e.payload["segments"] for e in batches] == [2, 2, 1]
    assert audit.verify(done.article).ok
    assert streaming.MARK not in done.machine_draft and done.machine_draft["source"]


def test_an_editor_confirms_what_arrived_but_nothing_pending_and_cannot_approve(
        stepper, editor, edition):
    refusals: list[str] = []

    def meanwhile(call: int) -> None:
        if call != 2:
            return
        translation = Translation.objects.get()
        title = segment(translation.pk, "title.s1")
        editing.save_and_confirm(title.pk, "[de] Die neue Brücke", base_version=title.version,
                                 user=editor)
        pending = segment(translation.pk, "b1.s1")
        for attempt in (lambda: editing.save_and_confirm(pending.pk, None, base_version=1,
                                                         user=editor),
                        lambda: editing.save(pending.pk, "Etwas", base_version=1, user=editor),
                        lambda: workflow.approve(translation, user=editor)):
            with pytest.raises(WorkflowError) as refused:
                attempt()
            refusals.append(str(refused.value))
        refusals.extend(gate.problems(translation))

    stepper.between = meanwhile
    done = request(editor, edition)
    assert "Segment b1.s1 has no draft yet: it is still being translated" in refusals[0]
    assert "Segment b1.s1 has no draft yet" in refusals[1]
    assert "is still being translated; approve it once every segment has arrived" in refusals[2]
    assert any("machine translation is still running" in p for p in refusals[3:])
    assert "Segment b2.s1 has not arrived from the machine translation yet." in refusals[3:]
    assert done.state == TranslationState.IN_REVIEW
    title = segment(done.pk, "title.s1")
    assert (title.target, title.state, title.confirmed_by) == ("[de] Die neue Brücke",
                                                               "confirmed", editor)
    assert segment(done.pk, "b2.s1").target.startswith("[de] ")


def test_a_run_killed_mid_draft_is_finished_by_the_next_without_duplicates(
        stepper, editor, edition, settings):
    settings.TASKS = project.DATABASE_TASKS  # the job waits in the queue, as with a worker

    def killed(call: int) -> None:
        if call == 2:
            title = segment(Translation.objects.get().pk, "title.s1")
            editing.save(title.pk, "[de] Von Hand", base_version=title.version, user=editor)
        if call == 3:
            raise SystemExit("killed")  # what a kill looks like from inside the task

    translation = request(editor, edition)
    stepper.between = killed
    with pytest.raises(SystemExit):
        tasks.translate_translation.call(translation.pk)
    halfway = seen(translation.pk)
    assert halfway["state"] == "translating" and halfway["arrived"] == KEYS[:4]
    checked = audit.verify(translation.article)
    assert checked.ok, checked.problems  # the trail covers the stored batches
    stepper.between = None
    assert tasks.translate_translation.call(translation.pk)["state"] == "in_review"
    again = tasks.translate_translation.call(translation.pk)  # delivered once more: nothing
    assert again == {"translation": translation.pk, "skipped": "in_review"}
    final = seen(translation.pk)
    assert final["arrived"] == KEYS and final["targets"]["title.s1"] == "[de] Von Hand"
    assert Segment.objects.count() == 5
    revisions = Counter(Revision.objects.values_list("segment__key", flat=True))
    assert revisions == {**dict.fromkeys(KEYS, 1), "title.s1": 2}  # the machine's and hers
    assert AuditEvent.objects.filter(kind="machine_translated").count() == 1
    assert audit.verify(translation.article).ok


def test_a_one_batch_draft_is_stored_whole_at_the_end(stepper, editor, edition, monkeypatch):
    monkeypatch.setattr(StepperEngine, "max_batch", 32)
    moments: list[dict[str, Any]] = []
    stepper.between = lambda call: moments.append(seen(Translation.objects.get().pk))
    done = request(editor, edition)
    assert moments[0]["arrived"] == moments[0]["pending"] == []
    assert done.state == "in_review" and seen(done.pk)["arrived"] == KEYS


def test_a_new_version_after_a_broken_stream_drops_the_pending_segments(
        stepper, editor, edition, settings):
    settings.TASKS = project.DATABASE_TASKS
    translation = request(editor, edition)
    stepper.between = lambda call: (_ for _ in ()).throw(SystemExit("killed")) if call == 3 \
        else None
    with pytest.raises(SystemExit):
        tasks.translate_translation.call(translation.pk)
    stepper.between = None
    changed = story(blocks=[{"kind": "paragraph", "text": "A new first paragraph."}])
    sources.ingest(changed, key="https://example.org/bridge", user=editor)
    tasks.translate_translation.call(translation.pk)
    translation.refresh_from_db()
    assert translation.state == "in_review" and translation.source_version.number == 2
    live = list(translation.segments.filter(active=True).values_list("key", "origin"))
    assert [key for key, _ in live] == ["title.s1", "standfirst.s1", "b1.s1"]
    assert streaming.PENDING not in {origin for _, origin in live}


def test_the_review_screen_shows_placeholders_and_hands_out_arrived_segments(
        stepper, editor, edition, client):
    pages: dict[str, Any] = {}

    def look(call: int) -> None:
        if call == 2:
            translation = Translation.objects.get()
            browser = signed_in(client, editor)
            pages["review"] = browser.get(reverse("desk:review", args=[translation.pk]))
            url = reverse("desk:arrivals", args=[translation.pk])
            pages["arrivals"] = browser.get(url, {"keys": "title.s1,b1.s1"})
            pages["bad"] = browser.get(url, {"keys": "title.s1,../etc"})
            pages["status"] = browser.get(reverse("desk:status", args=[translation.pk]),
                                          headers={"X-Review-Streaming": "1"})

    stepper.between = look
    done = request(editor, edition)
    page = pages["review"].content.decode()
    assert pages["review"].status_code == 200
    assert page.count('class="segment-pending"') == 3 and "translating…" in page
    assert 'data-pending="b1.s1"' in page and 'contenteditable="true"' in page
    assert "desk/stream.js" in page
    answer = pages["arrivals"].json()
    assert answer["state"] == "translating" and list(answer["segments"]) == ["title.s1"]
    assert 'contenteditable="true"' in answer["segments"]["title.s1"]
    assert pages["bad"].status_code == 400
    browser = signed_in(client, editor)
    finished = browser.get(reverse("desk:status", args=[done.pk]),
                           headers={"X-Review-Streaming": "1"})
    assert "HX-Refresh" not in finished.headers  # the editor's page is not reloaded
    assert browser.get(reverse("desk:status", args=[done.pk])).headers["HX-Refresh"] == "true"


def test_asking_for_too_many_or_odd_keys_is_refused(translation, editor, client):
    browser = signed_in(client, editor)
    url = reverse("desk:arrivals", args=[translation.pk])
    assert browser.get(url, {"keys": ",".join(["b1.s1"] * 2001)}).status_code == 400
    assert browser.get(url, {"keys": "ｂ1.s1"}).status_code == 400  # fullwidth letter
    assert browser.get(url, {"keys": ""}).json()["segments"] == {}


def test_a_segment_that_does_not_exist_cannot_be_confirmed(translation, editor):
    with pytest.raises(NotFoundError):
        editing.save_and_confirm(10**9, None, base_version=1, user=editor)


def test_arrivals_need_a_login_and_the_script_is_served(translation, client):
    answer = client.get(reverse("desk:arrivals", args=[translation.pk]), {"keys": "title.s1"})
    assert answer.status_code == 302 and "/login/" in answer["Location"]
    for name in ("stream.js", "stream.css"):
        served = client.get(f"/static/desk/{name}")
        assert served.status_code == 200 and b"".join(served.streaming_content)
