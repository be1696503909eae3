"""The API of a served desk (``copydesk serve``, its worker, SQLite or PostgreSQL as this run's
desk tests use): a script that uses nothing else takes an article from its HTML to a
publication; schemathesis sends requests generated from the OpenAPI document and finds no
5xx and no answer the document does not describe; the docs page renders in Chromium
with nothing loaded from elsewhere. Traffic goes to 127.0.0.1 only."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.desk.api.test_openapi import CONTRACT
from tests.desk.conftest import STORY, on_postgres
from tests.fixtures import served_desk
from tests.fixtures.served_desk import DeskShell, ServedDesk

pytestmark = pytest.mark.slow

RECORDS = Path(__file__).resolve().parents[2] / "fixtures" / "desk_records.py"
TRANSLATE_SECONDS = 60
EXAMPLES = 12  # per operation and generation mode
PAGE = ("<h2>Harbour strike ends</h2><p>The dockers accepted the offer on Monday. Ships "
        "are unloaded again.</p><p>The union said the deal runs for two years.</p>")


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServedDesk, dict[str, str]]]:
    root = tmp_path_factory.mktemp("api-served")
    database = (served_desk.fresh_postgres_database("copydesk_api_") if on_postgres()
                else contextlib.nullcontext())
    with database as url, served_desk.serve(root, database_url=url) as served, \
            DeskShell(served, RECORDS.read_text(), tasks_at_once=True) as shell:
        tokens = shell.call("add_people", people={"erika": ["editor"], "paula": ["publisher"]})
        shell.call("add_edition", code="de", language="de", engine="pseudo",
                   options={"checks": {"enabled": []}})
        shell.call("add_translations", edition_code="de",
                   stories={"https://example.org/bridge": STORY}, username="erika")
        yield served, tokens


def api(desk: ServedDesk, token: str) -> httpx.Client:
    return httpx.Client(base_url=f"{desk.url}api/v1", trust_env=False, timeout=30,
                        headers={"Authorization": f"Bearer {token}"})


def in_review(editor: httpx.Client, translation_id: int) -> dict[str, Any]:
    """The translation once the served desk's worker has translated it."""
    deadline = time.monotonic() + TRANSLATE_SECONDS
    while time.monotonic() < deadline:
        shown = editor.get(f"/translations/{translation_id}").json()
        if shown["state"] != "translating":
            assert shown["state"] == "in_review", shown
            return dict(shown)
        time.sleep(0.5)
    pytest.fail(f"translation {translation_id} was not translated in {TRANSLATE_SECONDS} s")


def test_a_script_takes_an_article_from_its_html_to_a_publication(desk):
    served, tokens = desk
    with api(served, tokens["erika"]) as editor, api(served, tokens["paula"]) as publisher:
        added = editor.post("/articles", json={"html": PAGE, "key": "cms:harbour",
                                               "language": "en", "editions": ["de"]})
        assert added.status_code == 201, added.text
        translation_id = added.json()["translations"][0]["id"]
        for segment in in_review(editor, translation_id)["segments"]:
            saved = editor.put(f"/segments/{segment['id']}",
                               json={"target": f"Redigiert: {segment['key']}",
                                     "version": segment["version"]})
            assert saved.status_code == 200, saved.text
            confirmed = editor.post(f"/segments/{segment['id']}/confirm",
                                    json={"version": saved.json()["segment"]["version"]})
            assert confirmed.status_code == 200, confirmed.text
        assert editor.post(f"/translations/{translation_id}/approve").json()["state"] == (
            "approved")
        published = publisher.post(f"/translations/{translation_id}/publish")
        assert published.status_code == 201, published.text
        fragment = publisher.get(f"/publications/{published.json()['id']}",
                                 params={"format": "fragment"})
        assert "Redigiert: b1.s1" in fragment.text and "copydesk-disclosure" in fragment.text
    assert "Traceback" not in served.log_tail()


def test_generated_requests_get_no_5xx_and_only_documented_answers(desk):
    schemathesis = pytest.importorskip("schemathesis")
    import requests
    from hypothesis import HealthCheck, Phase, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        negative_data_rejection,
        response_schema_conformance,
        status_code_conformance,
    )

    served, tokens = desk
    document = httpx.get(f"{served.url}api/v1/openapi.json", trust_env=False).json()
    # A refusal of bad input may also come from the web server: 414 for an address over
    # its limit (the document says so for every operation).
    refusals = ["400", "401", "403", "404", "405", "406", "409", "413", "414", "415", "422",
                "428", "429", "5xx"]
    config = schemathesis.Config.from_dict(
        {"auth": {"openapi": {"TokenAuth": {"bearer": tokens["erika"]}}},
         "checks": {"negative_data_rejection": {"expected-statuses": refusals}}})
    schema = schemathesis.openapi.from_dict(document, config=config)  # left out where negated
    session = requests.Session()
    session.trust_env = False  # no proxy: the desk is on this machine
    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_schema_conformance, negative_data_rejection]
    base = served.url.rstrip("/")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == sum(len(methods) for methods in CONTRACT.values())
    for operation in operations:
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, database=None,
                      phases=[Phase.explicit, Phase.generate],
                      suppress_health_check=list(HealthCheck))
            def call(case: Any) -> None:
                if isinstance(case.body, dict) and "url" in case.body:
                    case.body["url"] = f"{base}/story"  # nothing is fetched from elsewhere
                case.call_and_validate(base_url=base, session=session, checks=checks)

            call()
    assert "Traceback" not in served.log_tail(20_000)


def test_the_docs_page_renders_with_nothing_from_elsewhere(desk, browser):
    served, _ = desk
    asked, problems = [], []
    page = browser.new_page()
    page.on("request", lambda request: asked.append(request.url))
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" else None)
    try:
        page.goto(f"{served.url}api/v1/docs")
        page.wait_for_selector(".opblock", timeout=15_000)
        shown = page.locator(".opblock").count()
    finally:
        page.close()
    assert shown == sum(len(methods) for methods in CONTRACT.values())
    assert asked and all(url.startswith(served.url) for url in asked), asked
    assert problems == []
