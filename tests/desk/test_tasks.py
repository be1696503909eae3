"""The background translation task: progress, stored draft, failure and retry, the worker."""

from __future__ import annotations

import signal
from collections.abc import Iterator, Mapping, Sequence
from typing import ClassVar

import pytest
from django.core.management import call_command

from copydesk.desk import sources, workflow
from copydesk.desk.models import AuditEvent, Translation, TranslationState
from copydesk.desk.project import settings as project
from copydesk.desk.tasks import translate_translation
from copydesk.engines import registry
from copydesk.engines.base import Candidate, Context, Engine
from copydesk.engines.pseudo import PseudoEngine
from copydesk.errors import EngineUnavailableError, PermissionDeniedError, WorkflowError
from tests.desk.conftest import story


class FlakyEngine(Engine):
    """Down until the test switches it on; then a pseudo translation, two segments a call."""

    name: ClassVar[str] = "flaky"
    max_batch: ClassVar[int] = 2
    up: ClassVar[bool] = False
    progress_seen: ClassVar[list[tuple[int, int]]] = []

    def supports(self, source_lang: str, target_lang: str) -> bool:
        return True

    def translate(self, segments: Sequence[str], source_lang: str, target_lang: str, *,
                  glossary: Mapping[str, str] | None = None,
                  context: Context | None = None) -> list[Candidate]:
        if not FlakyEngine.up:
            raise EngineUnavailableError("The flaky server is down; try again later.")
        FlakyEngine.progress_seen.append(
            Translation.objects.values_list("progress_done", "progress_total").get())
        return PseudoEngine().translate(segments, source_lang, target_lang)


@pytest.fixture
def flaky(monkeypatch: pytest.MonkeyPatch, edition) -> Iterator[type[FlakyEngine]]:
    known = registry.engine_classes()
    monkeypatch.setattr(registry, "engine_classes", lambda: {**known, "flaky": FlakyEngine})
    monkeypatch.setattr(FlakyEngine, "up", False)
    monkeypatch.setattr(FlakyEngine, "progress_seen", [])
    edition.engine = "flaky"
    edition.save()
    yield FlakyEngine


def test_the_task_stores_segments_progress_and_an_audit_event(translation):
    assert translation.state == TranslationState.IN_REVIEW
    assert translation.progress_done == translation.progress_total == 5
    assert translation.segments.count() == 5
    assert translation.engine == "pseudo" and translation.machine_translated is False
    assert translation.machine_draft["target_language"] == "de"
    event = AuditEvent.objects.get(kind="machine_translated")
    assert event.payload["signatures"] == ["engine:pseudo|target:de|v:0.1.0"]
    assert event.payload["new"] == 5


def test_an_engine_failure_moves_to_failed_and_retry_recovers(flaky, editor, edition):
    article = sources.ingest(story(), key="k1", user=editor).article
    translation = workflow.request_translation(article, edition, user=editor)
    assert translation.state == TranslationState.FAILED
    assert "The flaky server is down" in translation.error
    assert translation.segments.count() == 0
    assert AuditEvent.objects.filter(kind="translation_failed").exists()
    flaky.up = True
    retried = workflow.retry(translation, user=editor)
    assert retried.state == TranslationState.IN_REVIEW and retried.error == ""
    assert retried.segments.count() == 5
    assert flaky.progress_seen == [(0, 0), (2, 5), (4, 5)]  # what a polling page would see
    assert (retried.progress_done, retried.progress_total) == (5, 5)


def test_retry_is_only_for_failed_translations(translation, editor, publisher):
    with pytest.raises(WorkflowError, match="nothing to retry"):
        workflow.retry(translation, user=editor)
    with pytest.raises(PermissionDeniedError):
        workflow.retry(translation, user=publisher)


def test_a_task_for_a_translation_not_translating_does_nothing(translation):
    result = translate_translation.call(translation.pk)
    assert result == {"translation": translation.pk, "skipped": "in_review"}


def test_requesting_the_same_edition_twice_is_refused(translation, editor, edition):
    with pytest.raises(WorkflowError, match="already on the desk"):
        workflow.request_translation(translation.article, edition, user=editor)


@pytest.fixture
def keep_signals() -> Iterator[None]:
    """The worker command installs its own signal handlers; put ours back afterwards."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks
def test_the_database_worker_picks_the_task_up(settings, editor, edition, keep_signals):
    settings.TASKS = project.DATABASE_TASKS
    article = sources.ingest(story(), key="k2", user=editor).article
    queued = workflow.request_translation(article, edition, user=editor)
    assert queued.state == TranslationState.TRANSLATING
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    done = Translation.objects.get(pk=queued.pk)
    assert done.state == TranslationState.IN_REVIEW
    assert done.segments.count() == 5


def test_an_unexpected_crash_fails_the_translation_instead_of_leaving_it_translating(
        flaky, editor, edition, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("library bug")

    monkeypatch.setattr(FlakyEngine, "translate", crash)
    article = sources.ingest(story(), key="k-crash", user=editor).article
    translation = workflow.request_translation(article, edition, user=editor)
    translation.refresh_from_db()
    assert translation.state == TranslationState.FAILED
    assert "failed unexpectedly (RuntimeError)" in translation.error
