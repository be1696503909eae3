"""Run inside a desk shell (``tests.fixtures.served_desk.DeskShell``) by the worker benchmarks.

Not imported by the benchmark scripts themselves: they send this module's text
to a child process that has the desk's Django set up, and call its functions
by name with JSON arguments (``workers.py``, ``streaming.py``).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def prepare(articles: list[dict[str, Any]], language: str, engine: str) -> list[int]:
    """An editor, an edition translating into ``language`` with ``engine``, and every article
    ingested and requested (its job waits in the queue); the translations' ids."""
    from copydesk.article import Article
    from copydesk.desk import roles, sources, workflow
    from copydesk.desk.models import Edition, Role, User

    editor = User.objects.filter(username="bench").first()
    if editor is None:
        editor = User.objects.create_user(username="bench", first_name="Bench")
        roles.grant(editor, Role.EDITOR)
    edition, _ = Edition.objects.get_or_create(code=f"{language}-{engine}", defaults={
        "name": f"Edition {language} ({engine})", "language": language, "engine": engine})
    made = []
    for data in articles:
        article = sources.ingest(Article.from_dict(data), key=f"bench:{time.monotonic_ns()}",
                                 user=editor).article
        made.append(workflow.request_translation(article, edition, user=editor).pk)
    return made


def states() -> dict[str, int]:
    from django.db.models import Count

    from copydesk.desk.models import Translation

    return dict(Translation.objects.values_list("state").annotate(n=Count("pk")))


def _iso(moment: Any) -> float | None:
    return moment.timestamp() if moment is not None else None


def jobs() -> list[dict[str, Any]]:
    """Every translation job: when it was queued, started and finished, and by which worker."""
    from copydesk.desk import tasks

    backend = tasks.translate_translation.get_backend()
    if getattr(backend, "keeps_jobs_in_redis", False):
        from copydesk.desk import redis_queue

        redis = redis_queue.connection()
        ids = [key.decode().split(":", 2)[2] for key in redis.scan_iter("rq:job:*", count=1000)
               if key.count(b":") == 2]
        found = [job for job in redis_queue.fetch_many(redis, ids)
                 if job.func_name == tasks.translate_translation.module_path]
        return [{"queued": _iso(job.enqueued_at), "started": _iso(job.started_at),
                 "finished": _iso(job.ended_at), "worker": job.worker_name or ""}
                for job in found]
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(task_path=tasks.translate_translation.module_path)
    return [{"queued": _iso(r.enqueued_at), "started": _iso(r.started_at),
             "finished": _iso(r.finished_at), "worker": (r.worker_ids or [""])[-1]}
            for r in rows]


def streamed(translation_id: int) -> dict[str, Any]:
    """When the translation's job started, its first segment arrived, and its draft was done."""
    from django_tasks_db.models import DBTaskResult

    from copydesk.desk import tasks
    from copydesk.desk.models import AuditEvent, Revision, Translation

    translation = Translation.objects.get(pk=translation_id)
    task = DBTaskResult.objects.filter(task_path=tasks.translate_translation.module_path,
                                       args_kwargs__args__0=translation_id).get()
    revisions = Revision.objects.filter(segment__translation=translation, author=None)
    first = revisions.order_by("created_at").values_list("created_at", flat=True).first()
    headline = (revisions.filter(segment__key="title.s1").values_list("created_at", flat=True)
                .first())
    done = (AuditEvent.objects.filter(article_id=translation.article_id,
                                      kind="machine_translated")
            .values_list("created_at", flat=True).first())
    return {"state": translation.state, "segments": translation.segments.count(),
            "started": _iso(task.started_at), "first": _iso(first),
            "headline": _iso(headline), "done": _iso(done)}


# --- where the time goes: the translation task run here, its parts timed ----------------

class _Clock:
    """Seconds spent in each part; a part called inside another counts for the outer one."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.depth = 0

    @contextmanager
    def part(self, name: str) -> Iterator[None]:
        start, self.depth = time.perf_counter(), self.depth + 1
        try:
            yield
        finally:
            self.depth -= 1
            if self.depth == 0:
                self.spent[name] += time.perf_counter() - start

    def wrap(self, owner: Any, attribute: str, name: str) -> None:
        real: Callable[..., Any] = getattr(owner, attribute)

        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.part(name):
                return real(*args, **kwargs)

        setattr(owner, attribute, timed)


def profile(translation_ids: list[int]) -> dict[str, float]:
    """Run the translation task of each (queued) translation here, timing its parts."""
    from copydesk.checks import registry as checks
    from copydesk.desk import streaming, tasks
    from copydesk.engines import registry as engines

    clock = _Clock()
    choose = engines.choose

    def chosen(*args: Any, **kwargs: Any) -> Any:
        choice = choose(*args, **kwargs)
        engine = choice.engine
        translate = engine.translate

        def timed(*a: Any, **k: Any) -> Any:
            with clock.part("engine"):
                return translate(*a, **k)

        engine.translate = timed  # type: ignore[method-assign]
        return choice

    engines.choose = chosen  # type: ignore[assignment]
    for owner, attribute, name in [(checks, "check_article", "checks"),
                                   (checks, "run_checks", "checks"),
                                   (streaming.Stream, "arrived", "storing"),
                                   (tasks, "_store", "storing")]:
        clock.wrap(owner, attribute, name)
    start = time.perf_counter()
    for translation_id in translation_ids:
        tasks.translate_translation.call(translation_id)
    total = time.perf_counter() - start
    engines.choose = choose  # type: ignore[assignment]
    spent = dict(clock.spent)
    spent["other"] = total - sum(spent.values())
    spent["total"] = total
    return spent
