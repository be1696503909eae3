"""Concurrent activity reports against a served desk (SQLite and PostgreSQL): however many
arrive at once, together they are credited with no more time than passed."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.fixtures import served_desk
from tests.fixtures.served_desk import DeskShell, ServedDesk

pytestmark = pytest.mark.slow

RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "desk_records.py"
ACTIVITY = '''

def live_segments(translation_id: int) -> list[int]:
    return list(Segment.objects.filter(translation_id=translation_id, active=True)
                .values_list("pk", flat=True))


def credited_ms(translation_id: int) -> int:
    from django.db.models import Sum
    from copydesk.desk.models import ReviewActivity
    total = ReviewActivity.objects.filter(translation_id=translation_id).aggregate(
        ms=Sum("active_ms"))["ms"]
    return int(total or 0)
'''
REPORTS_AT_ONCE = 6
WAIT_SECONDS = 6.0
SLACK_SECONDS = 2.0  # evidence.CLOCK_SLACK_MS, once per report
STORY = {"title": "Council approves the bridge", "language": "en", "blocks": [
    {"kind": "paragraph", "text": "The ministry paid for it. Work starts in May."}]}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def desk(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServedDesk, DeskShell, str]]:
    root = tmp_path_factory.mktemp(f"evidence-{request.param}")
    database = (contextlib.nullcontext() if request.param == "sqlite"
                else served_desk.fresh_postgres_database("copydesk_evidence_"))
    with database as url, served_desk.serve(root, database_url=url) as served, \
            DeskShell(served, RECORDS.read_text() + ACTIVITY, tasks_at_once=True) as shell:
        token = shell.call("add_people", people={"erika": ["editor"]})["erika"]
        shell.call("add_edition", code="de", language="de", engine="pseudo",
                   options={"checks": {"enabled": []}})
        yield served, shell, token


def test_reports_sent_at_once_share_the_editors_clock(desk):
    served, shell, token = desk
    translation = shell.call("add_translations", edition_code="de", stories={"k1": STORY},
                             username="erika")["k1"]
    segments = shell.call("live_segments", translation_id=translation)
    headers = served.api_headers(token)
    started = time.monotonic()
    page = httpx.get(f"{served.url}translations/{translation}/", headers=headers, timeout=30)
    assert page.status_code == 200
    time.sleep(WAIT_SECONDS)
    gate = threading.Barrier(REPORTS_AT_ONCE)

    def report(n: int) -> int:
        body = {"segments": [{"segment": segments[n % len(segments)], "active_ms": 100_000}]}
        gate.wait()
        answer = httpx.post(f"{served.url}translations/{translation}/activity/",
                            content=json.dumps(body), timeout=60,
                            headers={**headers, "Content-Type": "application/json"})
        assert answer.status_code == 200, answer.text
        return int(answer.json()["credited_ms"])

    with ThreadPoolExecutor(REPORTS_AT_ONCE) as pool:
        credited = list(pool.map(report, range(REPORTS_AT_ONCE)))
    elapsed = time.monotonic() - started
    # Each report may add its slack; unlocked, each would get the whole wait (6 x 6 s and more).
    assert sum(credited) <= (elapsed + REPORTS_AT_ONCE * SLACK_SECONDS) * 1000
    assert sum(credited) < REPORTS_AT_ONCE * WAIT_SECONDS * 1000
    assert shell.call("credited_ms", translation_id=translation) == sum(credited)
