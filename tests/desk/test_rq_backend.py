"""Background tasks on Redis through RQ (task_backend 'rq'): settings, queuing, the worker.

The desk runs here in the test process on a Redis database of the module's
own (``redis_server.claimed_database``); the worker runs in this process too,
one round or one batch at a time, and a dead worker is one whose lease in
RQ's registry of started jobs has run out. The real-process versions (workers
SIGKILLed mid-job, several at once, on SQLite and PostgreSQL) are in
``test_worker_recovery``, parametrized over both backends.
"""

from __future__ import annotations

import dataclasses
import logging
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import redis
from django.db import OperationalError, transaction
from django.utils import timezone

from copydesk import settings as copydesk_settings
from copydesk.desk import redis_queue, rq_worker, sources, tasks, webhook_delivery, workflow
from copydesk.desk.bootstrap import copydesk_settings as desk_settings
from copydesk.desk.models import AuditEvent, Translation, TranslationState
from copydesk.desk.project import settings as project
from copydesk.errors import ConfigError
from tests.desk.conftest import story
from tests.fixtures import served_desk
from tests.fixtures.redis_server import claimed_database, empty

COPYDESK = [str(Path(sys.executable).with_name("copydesk"))]
QUEUE_KEY = "rq:queue:default"


# Settings


def test_the_backend_is_chosen_by_settings_and_the_password_comes_from_the_environment():
    chosen = copydesk_settings.load(environ={"COPYDESK_TASK_BACKEND": "RQ ",
                                             "COPYDESK_REDIS_URL": "redis://queue.example:6380/4"})
    built = project.build(chosen, secret_key="k")
    assert built["TASKS"] == project.REDIS_TASKS and "django_rq" in built["INSTALLED_APPS"]
    assert built["RQ_QUEUES"]["default"]["URL"].startswith("redis://queue.example:6380/4?")
    url = project.redis_connection_url(chosen, {"COPYDESK_REDIS_PASSWORD": "p@ss/w:rd%"})
    client = redis.Redis.from_url(url).connection_pool.connection_kwargs
    assert (client["host"], client["port"], client["db"]) == ("queue.example", 6380, 4)
    assert client["password"] == "p@ss/w:rd%" and client["socket_connect_timeout"] == 5
    default = project.build(copydesk_settings.load(environ={}), secret_key="k")
    assert default["TASKS"] == project.DATABASE_TASKS and "RQ_QUEUES" not in default
    assert "django_rq" not in default["INSTALLED_APPS"]


def test_an_unknown_backend_is_refused_with_the_choices():
    with pytest.raises(ConfigError, match=r"expected one of database, rq, got 'celery'"):
        copydesk_settings.load(environ={"COPYDESK_TASK_BACKEND": "celery"})


@pytest.mark.parametrize(("url", "says"), [
    ("http://127.0.0.1:6379/0", "redis://, rediss:// or unix://"),
    ("redis://:hunter2@127.0.0.1:6379/0", "COPYDESK_REDIS_PASSWORD"),
    ("redis://desk:hunter2@127.0.0.1:6379/0", "COPYDESK_REDIS_PASSWORD"),
    ("redis://127.0.0.1:6379/zero", "the database number"),
    ("redis://127.0.0.1:6379/0/1", "the database number"),
    ("redis://127.0.0.1:70000/0", "port is a number"),
    ("redis://127.0.0.1:/0", "port is a number"),
    ("redis://\uff11\uff12\uff17.0.0.1:6379/0", "plain ASCII"),
    ("redis://127.0.0.1:6379/0?password=hunter2", "no ?options"),
    ("redis://127.0.0.1 :6379/0", "plain ASCII"),
    ("redis:///0", "names no host"),
    ("unix://redis.sock", "absolute path"),
    ("", "redis://, rediss:// or unix://"),
])
def test_a_bad_redis_address_is_refused_with_what_to_write(url, says):
    with pytest.raises(ConfigError) as refused:
        copydesk_settings.load(environ={"COPYDESK_REDIS_URL": url})
    assert says in str(refused.value) and "hunter2" not in str(refused.value)


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/0", " rediss://cache.example/15\n",
                                 "redis://[::1]:6379", "unix:///run/redis/redis-server.sock",
                                 "redis://desk@127.0.0.1:6379/2"])
def test_good_redis_addresses_are_taken(url):
    assert copydesk_settings.load(environ={"COPYDESK_REDIS_URL": url}).redis_url == url.strip()


def test_a_password_in_the_config_file_is_refused(tmp_path):
    (tmp_path / "config.toml").write_text('task_backend = "rq"\n'
                                          'redis_url = "redis://:hunter2@10.0.0.5/1"\n')
    with pytest.raises(ConfigError, match="config file") as refused:
        copydesk_settings.load(options={"home": str(tmp_path)}, environ={})
    assert "hunter2" not in str(refused.value)


# The desk on Redis


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with claimed_database() as url:
        yield url


@pytest.fixture
def rq(settings: Any, redis_url: str, desk_home: Any) -> Iterator[redis.Redis]:
    """The desk on task_backend 'rq' (leases of two seconds), its Redis database emptied."""
    desk = settings.COPYDESK_SETTINGS
    settings.COPYDESK_SETTINGS = dataclasses.replace(desk, values={
        **desk.values, "task_backend": "rq", "redis_url": redis_url,
        "worker_lease_seconds": 2.0, "worker_max_attempts": 3})
    for name, value in project.task_settings(settings.COPYDESK_SETTINGS).items():
        setattr(settings, name, value)
    client = redis.Redis.from_url(redis_url)
    empty(client)
    yield client
    empty(client)


@pytest.fixture
def keep_signals() -> Iterator[None]:
    """RQ's worker installs its own signal handlers; put ours back afterwards."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


def request(editor: Any, edition: Any, key: str) -> Translation:
    article = sources.ingest(story(), key=f"https://example.org/{key}", user=editor).article
    return workflow.request_translation(article, edition, user=editor)


def worker(name: str | None = None) -> rq_worker.LeasedRQWorker:
    return rq_worker.build_worker(desk_settings(), rq_worker.connect(), name=name)


def dies_holding(job_id: str, name: str) -> None:
    """A worker ``name`` takes the job from the queue, starts it and stops answering."""
    ghost = worker(name)
    job = redis_queue.fetch(ghost.connection, job_id)
    assert job is not None
    ghost.queues[0].remove(job)
    execution = ghost.prepare_execution(job)
    ghost.prepare_job_execution(job)
    ghost.connection.zadd(job.started_job_registry.key, {execution.composite_key: 1})


def queued(client: redis.Redis) -> list[str]:
    return [job_id.decode() for job_id in client.lrange(QUEUE_KEY, 0, -1)]


@pytest.mark.django_db(transaction=True)
def test_a_job_reaches_redis_only_once_the_desk_commits(rq, editor, edition):
    with transaction.atomic():
        translation = request(editor, edition, "commit")
        assert queued(rq) == []  # no worker can pick up what is not saved yet
    (job_id,) = queued(rq)
    job = redis_queue.fetch(rq, job_id)
    assert job is not None and job.args == [translation.pk]
    assert job.meta[redis_queue.STARTS] == 3 and job.retries_left == 2
    assert rq.hget(redis_queue.LATEST, redis_queue.latest_key(
        tasks.translate_translation.module_path, translation.pk)).decode() == job_id
    with pytest.raises(RuntimeError), transaction.atomic():
        request(editor, edition, "rolled-back")
        raise RuntimeError("the request failed after queuing")
    assert queued(rq) == [job_id] and Translation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_translates_and_a_job_delivered_twice_is_stored_once(
        rq, editor, edition, keep_signals):
    translation = request(editor, edition, "twice")
    tasks.translate_translation.enqueue(translation.pk)  # a second delivery
    assert len(queued(rq)) == 2
    rq_worker.run(desk_settings(), batch=True)
    translation.refresh_from_db()
    assert translation.state == TranslationState.IN_REVIEW
    assert translation.segments.count() == 5
    assert AuditEvent.objects.filter(kind="machine_translated").count() == 1
    finished = [redis_queue.fetch(rq, i) for i in
                rq.zrange("rq:finished:default", 0, -1)]
    answers = sorted(str(job.return_value()) for job in finished if job is not None)
    assert len(answers) == 2 and sum("'skipped': 'in_review'" in a for a in answers) == 1
    assert queued(rq) == [] and rq.hlen(redis_queue.LATEST) == 0


@pytest.mark.django_db(transaction=True)
def test_a_job_that_raises_fails_at_once_with_its_reason(
        rq, editor, edition, keep_signals, monkeypatch):
    def broken(*args: Any) -> None:
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(tasks, "_store", broken)
    translation = request(editor, edition, "raises")
    (job_id,) = queued(rq)
    rq_worker.run(desk_settings(), batch=True)
    translation.refresh_from_db()
    assert translation.state == TranslationState.FAILED
    assert "failed unexpectedly (OperationalError)" in translation.error
    job = redis_queue.fetch(rq, job_id)
    assert job is not None and job.get_status() == "failed" and queued(rq) == []


@pytest.mark.django_db(transaction=True)
def test_a_dead_worker_s_job_is_taken_over_and_fails_after_three_starts(
        rq, editor, edition, caplog):
    translation = request(editor, edition, "dead")
    (job_id,) = queued(rq)
    survivor = worker()
    for start in (1, 2, 3):
        dies_holding(job_id, f"ghost-{start}")
        tasks.note_stalls([translation])
        stall = translation.stall
        assert (stall.worker_id, stall.attempts) == (f"ghost-{start}", start)
        with caplog.at_level(logging.INFO, logger="copydesk.desk.rq_worker"):
            assert survivor.take_over() == [job_id]
        assert survivor.take_over() == []  # nothing twice
        translation.refresh_from_db()
        tasks.note_stalls([translation])
        if start < 3:
            assert queued(rq) == [job_id] and translation.stall is None
            assert f"queued again (start {start + 1} of at most 3)" in caplog.text
            assert translation.state == TranslationState.TRANSLATING
    assert translation.state == TranslationState.FAILED and queued(rq) == []
    assert "stopped answering 3 times" in translation.error and "Retry" in translation.error
    assert "its worker stopped answering 3 times" in caplog.text
    job = redis_queue.fetch(rq, job_id)
    assert job is not None and job.meta[redis_queue.WORKERS] == ["ghost-1", "ghost-2", "ghost-3"]
    assert rq.hlen(redis_queue.LATEST) == 0
    retried = workflow.retry(translation, user=editor)
    assert retried.state == TranslationState.TRANSLATING and len(queued(rq)) == 1


@pytest.mark.django_db(transaction=True)
def test_racing_workers_take_a_dead_worker_s_job_back_exactly_once(rq, editor, edition):
    translation = request(editor, edition, "race")
    (job_id,) = queued(rq)
    dies_holding(job_id, "ghost")
    racers = [worker() for _ in range(6)]
    start, taken = threading.Barrier(len(racers)), []

    def race(racer: rq_worker.LeasedRQWorker) -> None:
        start.wait()
        taken.append(racer.take_over())

    threads = [threading.Thread(target=race, args=(r,)) for r in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(taken) == [[]] * 5 + [[job_id]]
    assert queued(rq) == [job_id]
    translation.refresh_from_db()
    assert translation.state == TranslationState.TRANSLATING


@pytest.mark.django_db(transaction=True)
def test_a_live_worker_keeps_its_job_by_heartbeats(rq, editor, edition):
    request(editor, edition, "alive")
    (job_id,) = queued(rq)
    alive, other = worker("alive"), worker()
    job = redis_queue.fetch(alive.connection, job_id)
    alive.queues[0].remove(job)
    execution = alive.prepare_execution(job)
    alive.prepare_job_execution(job)
    alive.connection.zadd(job.started_job_registry.key, {execution.composite_key: 1})
    assert redis_queue.stalled(job.func_name) != {}  # its lease ran out ...
    alive._next_beat = 0.0  # ... but a heartbeat is due, and comes
    alive.upkeep()
    assert other.take_over() == [] and redis_queue.stalled(job.func_name) == {}
    assert queued(rq) == []


@pytest.mark.django_db(transaction=True)
def test_a_translation_redis_never_got_is_queued_again(rq, settings, editor, edition, caplog,
                                                       keep_signals):
    answering = settings.RQ_QUEUES
    settings.RQ_QUEUES = {"default": {**answering["default"], "URL": project.redis_connection_url(
        dataclasses.replace(desk_settings(), values={
            **desk_settings().values,
            "redis_url": f"redis://127.0.0.1:{served_desk.free_port()}/1"}))}}
    with caplog.at_level(logging.ERROR, logger="copydesk.desk.redis_queue"):
        translation = request(editor, edition, "lost")  # Redis does not answer at commit
    assert translation.state == TranslationState.TRANSLATING
    assert "was not queued" in caplog.text and "Cannot reach the Redis server" in caplog.text
    settings.RQ_QUEUES = answering
    assert queued(rq) == []
    assert tasks.requeue_lost(0) == [translation.pk]
    assert tasks.requeue_lost(0) == [] and len(queued(rq)) == 1  # its job is live now
    rq_worker.run(desk_settings(), batch=True)
    translation.refresh_from_db()
    assert translation.state == TranslationState.IN_REVIEW
    assert AuditEvent.objects.filter(kind="machine_translated").count() == 1


@pytest.mark.django_db(transaction=True)
def test_deferred_jobs_move_to_the_queue_when_due(rq):
    later = webhook_delivery.deliver.using(run_after=timezone.now() + timedelta(hours=1))
    due = webhook_delivery.deliver.using(run_after=timezone.now() - timedelta(seconds=1))
    waiting, ready = later.enqueue(), due.enqueue()
    assert queued(rq) == []
    worker().upkeep()
    assert queued(rq) == [ready.id]
    assert rq.zrange("rq:scheduled:default", 0, -1) == [waiting.id.encode()]


# The commands

DESK_SOURCE = """
import secrets, sys
from copydesk import settings
from copydesk.desk import bootstrap
bootstrap.setup(settings.load())
from copydesk.article import Article
from copydesk.desk import sources, staff, workflow
from copydesk.desk.models import Edition, Translation, User
if sys.argv[1] == "request":
    staff.add_person("erika", "Erika", ["editor"], secrets.token_urlsafe(16))
    staff.save_edition("de", "de", "de", engine="pseudo", options={"checks": {"enabled": []}})
    story = {"title": "Harbour", "language": "en",
             "blocks": [{"kind": "paragraph", "text": "The harbour works go on."}]}
    user = User.objects.get(username="erika")
    article = sources.ingest(Article.from_dict(story), key="https://example.org/h", user=user)
    workflow.request_translation(article.article, Edition.objects.get(code="de"), user=user)
print(Translation.objects.get().state)
"""


def run_command(tmp_path: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    env = served_desk.desk_environment(tmp_path / "home", **settings)
    return subprocess.run([*COPYDESK, *args], env=env, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.parametrize("command", ["worker", "worker --batch", "serve"])
def test_an_unreachable_redis_stops_the_command_saying_what_to_do(tmp_path, command):
    args = command.split() + (["--port", str(served_desk.free_port())]
                              if command == "serve" else [])
    address = f"redis://127.0.0.1:{served_desk.free_port()}/3"
    done = run_command(tmp_path, *args, task_backend="rq", redis_url=address)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"Cannot reach the Redis server at {address}" in done.stderr
    assert "apt-get install redis-server" in done.stderr
    assert "COPYDESK_TASK_BACKEND=database" in done.stderr
    assert "The desk is at" not in done.stdout
    assert not (tmp_path / "home" / "desk.sqlite3").exists()  # the desk was left alone


def test_an_unknown_backend_stops_the_worker(tmp_path):
    done = run_command(tmp_path, "worker", "--batch", task_backend="celery")
    assert done.returncode == 1
    assert "expected one of database, rq, got 'celery'" in done.stderr


def test_copydesk_worker_runs_the_desk_s_jobs_from_redis(tmp_path, redis_url):
    empty(redis.Redis.from_url(redis_url))
    env = served_desk.desk_environment(tmp_path / "home", task_backend="rq",
                                       redis_url=redis_url)

    def desk(step: str) -> str:
        done = subprocess.run([sys.executable, "-c", DESK_SOURCE, step], env=env, timeout=120,
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert desk("request") == "translating"
    assert redis.Redis.from_url(redis_url).llen(QUEUE_KEY) == 1
    done = run_command(tmp_path, "worker", "--batch", task_backend="rq", redis_url=redis_url)
    assert done.returncode == 0, done.stderr
    assert desk("state") == "in_review"
    assert redis.Redis.from_url(redis_url).llen(QUEUE_KEY) == 0
