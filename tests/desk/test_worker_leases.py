"""Task leases in one process: taking over from a silent worker, the poison limit, stalls.

The real-process versions (a worker SIGKILLed mid-task, served desk, both
databases) are in ``test_worker_recovery``; these pin each rule down quickly.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from copydesk.desk import leases, segments, sources, tasks, worker, workflow
from copydesk.desk.models import AuditEvent, TaskLease, Translation, TranslationState
from copydesk.desk.project import settings as project
from copydesk.errors import WorkflowError
from tests.desk.conftest import story

PATH = tasks.translate_translation.module_path


@pytest.fixture
def queued(settings: Any) -> None:
    """Tasks wait in the database queue, as with a real worker."""
    settings.TASKS = project.DATABASE_TASKS


@pytest.fixture
def waiting(queued: None, editor: Any, edition: Any) -> Translation:
    """A translation whose machine translation waits in the queue."""
    ingested = sources.ingest(story(), key="https://example.org/bridge", user=editor)
    return workflow.request_translation(ingested.article, edition, user=editor)


def claim(worker_id: str, seconds: float) -> DBTaskResult:
    """What the library's worker does, plus the lease the desk's worker takes with it."""
    with transaction.atomic():
        task = DBTaskResult.objects.ready().select_for_update().first()
        assert task is not None
        task.claim(worker_id)
        leases.grant(task.pk, worker_id, seconds)
    return task


def status(task: DBTaskResult) -> str:
    task.refresh_from_db()
    return str(task.status)


def test_a_live_lease_is_never_taken_over(waiting):
    task = claim("alive", 60)
    assert leases.take_over_stale(max_attempts=3) == []
    assert leases.renew(task.pk, "alive", 60)
    assert not leases.renew(task.pk, "someone-else", 60)
    assert status(task) == leases.RUNNING and leases.stalled(PATH) == {}


@pytest.mark.parametrize("attempts_before", [0, 1])
def test_a_silent_worker_s_task_goes_back_to_the_queue_once(waiting, attempts_before):
    for n in range(attempts_before):
        claim(f"earlier-{n}", -1)
        assert leases.take_over_stale(max_attempts=3)
    task = claim("silent", -1)  # its lease ran out at once
    stall = leases.stalled(PATH)[waiting.pk]
    assert stall.worker_id == "silent" and stall.attempts == attempts_before + 1
    taken = leases.take_over_stale(max_attempts=3)
    assert [(t.worker_id, t.requeued) for t in taken] == [("silent", True)]
    assert leases.take_over_stale(max_attempts=3) == []  # nothing twice
    assert status(task) == leases.READY and leases.stalled(PATH) == {}
    again = claim("next", 60)
    assert again.pk == task.pk and again.worker_ids == [
        *[f"earlier-{n}" for n in range(attempts_before)], "silent", "next"]
    assert TaskLease.objects.get(pk=task.pk).attempts == attempts_before + 2


def test_a_heartbeat_after_the_takeover_is_refused(waiting):
    task = claim("paused", -1)
    assert leases.take_over_stale(max_attempts=3)
    claim("new", 60)
    assert not leases.renew(task.pk, "paused", 60)
    leases.release(task.pk, "paused")  # the paused one finishing must not free the new lease
    assert TaskLease.objects.get(pk=task.pk).worker_id == "new"


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_a_task_that_keeps_killing_its_worker_fails_with_a_message(waiting, limit):
    task = None
    for n in range(limit):
        task = claim(f"killed-{n}", -1)
        taken = leases.take_over_stale(max_attempts=limit)
        assert [t.requeued for t in taken] == [n + 1 < limit]
    assert task is not None and status(task) == leases.FAILED
    assert task.exception_class_path == leases.LOST
    assert f"stopped answering {limit} times" in task.traceback
    assert not TaskLease.objects.filter(pk=task.pk).exists()
    worker._announce_failure(str(task.pk))
    waiting.refresh_from_db()
    assert waiting.state == TranslationState.FAILED
    assert f"stopped answering {limit} times" in waiting.error and "Retry" in waiting.error


def test_retry_works_after_the_poison_limit(waiting, editor, settings):
    claim("killed", -1)
    leases.take_over_stale(max_attempts=1)
    worker._announce_failure(str(DBTaskResult.objects.get().pk))
    settings.TASKS = project.IMMEDIATE_TASKS
    retried = workflow.retry(Translation.objects.get(pk=waiting.pk), user=editor)
    assert retried.state == TranslationState.IN_REVIEW
    assert AuditEvent.objects.filter(kind="machine_translated").count() == 1


def test_a_rerun_after_the_draft_was_stored_changes_nothing(waiting):
    first = tasks.translate_translation.call(waiting.pk)  # killed before its result was saved
    assert first["state"] == TranslationState.IN_REVIEW
    keys = sorted(Translation.objects.get(pk=waiting.pk).segments.values_list("key", flat=True))
    again = tasks.translate_translation.call(waiting.pk)  # the worker that took over
    assert again == {"translation": waiting.pk, "skipped": TranslationState.IN_REVIEW}
    translation = Translation.objects.get(pk=waiting.pk)
    assert sorted(translation.segments.values_list("key", flat=True)) == keys
    assert len(keys) == len(set(keys)) == 5
    assert AuditEvent.objects.filter(kind="machine_translated").count() == 1


@pytest.mark.parametrize("where", ["apply_draft", "move"])
def test_a_run_that_dies_inside_the_store_leaves_nothing(waiting, monkeypatch, where):
    """The store is one transaction: dying half-way through it rolls everything back."""
    target = segments if where == "apply_draft" else tasks.workflow
    real = getattr(target, where)

    def dies(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise SystemExit("killed")  # what a kill looks like from inside: the work stops here

    monkeypatch.setattr(target, where, dies)
    with pytest.raises(SystemExit):
        tasks.translate_translation.call(waiting.pk)
    translation = Translation.objects.get(pk=waiting.pk)
    assert translation.state == TranslationState.TRANSLATING
    assert translation.segments.count() == 0
    assert not AuditEvent.objects.filter(kind="machine_translated").exists()
    monkeypatch.setattr(target, where, real)
    tasks.translate_translation.call(waiting.pk)
    assert Translation.objects.get(pk=waiting.pk).segments.count() == 5
    assert AuditEvent.objects.filter(kind="machine_translated").count() == 1


def test_a_stuck_translation_can_be_withdrawn_and_its_late_result_is_dropped(waiting,
                                                                            publisher):
    claim("stuck", -1)
    workflow.withdraw(waiting, user=publisher, reason="The worker died; we publish it later.")
    assert leases.take_over_stale(max_attempts=3)
    late = tasks.translate_translation.call(waiting.pk)
    assert late["skipped"] == TranslationState.WITHDRAWN
    translation = Translation.objects.get(pk=waiting.pk)
    assert translation.state == TranslationState.WITHDRAWN
    assert translation.segments.count() == 0


def test_a_failed_translation_can_be_withdrawn(waiting, publisher):
    claim("killed", -1)
    leases.take_over_stale(max_attempts=1)
    worker._announce_failure(str(DBTaskResult.objects.get().pk))
    failed = Translation.objects.get(pk=waiting.pk)
    assert workflow.withdraw(failed, user=publisher,
                             reason="Too large for the worker.").state == "withdrawn"
    with pytest.raises(WorkflowError):
        workflow.retry(Translation.objects.get(pk=waiting.pk), user=publisher)


def test_stalls_are_noted_only_on_translating_translations(waiting, publisher):
    translation = Translation.objects.get(pk=waiting.pk)
    tasks.note_stalls([translation])
    assert translation.stall is None
    claim("silent", -1)
    tasks.note_stalls([translation])
    assert translation.stall.worker_id == "silent"
    workflow.withdraw(translation, user=publisher, reason="Stuck for too long today.")
    tasks.note_stalls([translation])
    assert translation.stall is None


def test_an_unhandled_task_failure_fails_the_translation(waiting):
    task = claim("crashing", 60)
    task.set_failed(RuntimeError("database went away"))
    from django_tasks.signals import task_finished

    task_finished.send(sender=type(task.task.get_backend()), task_result=task.task_result)
    translation = Translation.objects.get(pk=waiting.pk)
    assert translation.state == TranslationState.FAILED
    assert "RuntimeError" in translation.error and "Retry" in translation.error


def test_an_unhandled_failure_waits_for_a_newer_task(waiting, editor):
    task = claim("crashing", 60)
    tasks.translate_translation.enqueue(waiting.pk)  # e.g. a new source version meanwhile
    task.set_failed(RuntimeError("boom"))
    from django_tasks.signals import task_finished

    task_finished.send(sender=type(task.task.get_backend()), task_result=task.task_result)
    assert Translation.objects.get(pk=waiting.pk).state == TranslationState.TRANSLATING


@pytest.mark.django_db(transaction=True)
def test_the_worker_leases_each_task_and_gives_the_lease_back(editor, edition, settings,
                                                              monkeypatch):
    settings.TASKS = project.DATABASE_TASKS
    ingested = sources.ingest(story(), key="https://example.org/bridge", user=editor)
    translation = workflow.request_translation(ingested.article, edition, user=editor)
    seen: list[tuple[str, int]] = []
    real = tasks._machine_draft

    def draft(*args: Any) -> Any:
        seen.extend(TaskLease.objects.values_list("worker_id", "attempts"))
        return real(*args)

    monkeypatch.setattr(tasks, "_machine_draft", draft)
    desk_worker = make_worker()
    desk_worker.run()
    assert seen == [(desk_worker.worker_id, 1)]
    assert not TaskLease.objects.exists()
    assert Translation.objects.get(pk=translation.pk).state == TranslationState.IN_REVIEW


@pytest.mark.django_db(transaction=True)
def test_the_worker_takes_over_what_a_dead_worker_left(editor, edition, settings):
    settings.TASKS = project.DATABASE_TASKS
    ingested = sources.ingest(story(), key="https://example.org/bridge", user=editor)
    translation = workflow.request_translation(ingested.article, edition, user=editor)
    claim("dead-host:1:abcdefgh", -1)
    desk_worker = make_worker()
    desk_worker.run()  # --batch: takes it back, then runs it
    task = DBTaskResult.objects.get()
    assert task.status == "SUCCESSFUL"
    assert task.worker_ids == ["dead-host:1:abcdefgh", desk_worker.worker_id]
    assert Translation.objects.get(pk=translation.pk).state == TranslationState.IN_REVIEW


def make_worker(**changes: Any) -> worker.LeasedWorker:
    options: dict[str, Any] = {
        "queue_names": ["default"], "excluded_queue_names": [], "interval": 0.05,
        "batch": True, "backend_name": "default", "startup_delay": False, "max_tasks": None,
        "worker_id": worker.new_worker_id(), "lease_seconds": 2.0, "max_attempts": 3}
    return worker.LeasedWorker(**{**options, **changes})


def test_worker_ids_name_the_host_and_process_and_fit_the_column():
    made = {worker.new_worker_id() for _ in range(50)}
    assert len(made) == 50 and all(len(m) <= 64 for m in made)
    assert all(m.split(":")[1].isdigit() for m in made)


class Boom(Exception):
    pass


@pytest.mark.django_db(transaction=True)  # an upkeep round runs outside any transaction
@pytest.mark.parametrize("checkpoints", ["missing", "no-function", "raises"])
def test_the_upkeep_survives_whatever_the_audit_anchor_does(monkeypatch, caplog,
                                                            checkpoints):
    import copydesk.desk

    calls = []
    if checkpoints == "missing":
        monkeypatch.setitem(sys.modules, "copydesk.desk.checkpoints", None)
        monkeypatch.delattr(copydesk.desk, "checkpoints", raising=False)
    else:
        fake = type(sys)("copydesk.desk.checkpoints")
        if checkpoints == "raises":
            def anchor_if_due() -> None:
                calls.append(time.monotonic())
                raise Boom("the webhook is down")

            fake.anchor_if_due = anchor_if_due  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "copydesk.desk.checkpoints", fake)
        monkeypatch.setattr(copydesk.desk, "checkpoints", fake, raising=False)
    desk_worker = make_worker()
    with caplog.at_level(logging.DEBUG, logger="copydesk.desk.worker"):
        desk_worker.upkeep()
        desk_worker.upkeep()
    if checkpoints == "raises":
        assert len(calls) == 2
        assert caplog.text.count("Boom: the webhook is down") == 2  # logged with its traceback
        assert "Traceback" in caplog.text
    else:
        expected = {"missing": "No audit checkpoints on this desk",
                    "no-function": "has no anchor_if_due"}[checkpoints]
        assert caplog.text.count(expected) == 2 and "Traceback" not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_anchor_of_the_real_checkpoints_module_is_called(monkeypatch):
    from copydesk.desk import checkpoints

    calls = []
    monkeypatch.setattr(checkpoints, "anchor_if_due", lambda: calls.append(1))
    make_worker().upkeep()
    assert calls == [1]


@pytest.mark.parametrize("stop", ["sigterm", "ctrl-c"])
def test_a_stop_while_the_worker_warms_up_ends_it_cleanly(monkeypatch, stop):
    import os
    import signal

    from copydesk.desk.bootstrap import copydesk_settings

    def interrupted() -> None:
        if stop == "sigterm":
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises before this ends
        raise KeyboardInterrupt

    before = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(worker.checking, "warm_up", interrupted)
    with pytest.raises(SystemExit) as stopped:
        worker.run(copydesk_settings())
    assert stopped.value.code == 0
    assert signal.getsignal(signal.SIGTERM) == before
