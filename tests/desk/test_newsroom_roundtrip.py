"""From a post on the source WordPress site to a post on the target edition's site, by a
script that uses only the REST API of a served desk (``copydesk serve`` with its background
worker, on 127.0.0.1): pull the post, review (every segment edited and confirmed), approve,
publish; the worker makes the post on the target site, with its disclosure. A correction
changes that post, a withdrawal takes it down to a draft.

The desk is set up as an administrator would: people, tokens and the edition through
``tests/fixtures/desk_records.py``, the two sites as ``copydesk wordpress add-site`` adds
them (the same service; the command itself is tested in test_wordpress_cli.py).
Both WordPress sites are real (tests/fixtures/wordpress_sites.py); nothing is mocked."""

from __future__ import annotations

import contextlib
import re
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.desk.conftest import on_postgres
from tests.desk.test_wordpress import source_post
from tests.fixtures import served_desk
from tests.fixtures.served_desk import DeskShell, ServedDesk
from tests.fixtures.wordpress_sites import WordPressSite, WordPressSites, wordpress_sites

__all__ = ["wordpress_sites"]  # fixtures

pytestmark = pytest.mark.slow

RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "desk_records.py"
ADD_SITE = """

def add_site(site, url, **options):
    from copydesk.desk import wordpress

    return wordpress.add_site(site, url, **options).pk
"""
WAIT_SECONDS = 90
START_SECONDS = 180  # a busy machine (a parallel test run) starts the desk slowly
TAGS = re.compile(r"<g\d+>|</g\d+>|<x\d+/>")  # inline markup, as the API shows it


@pytest.fixture
def desk(tmp_path: Path, wordpress_sites: WordPressSites, monkeypatch: pytest.MonkeyPatch
         ) -> Iterator[tuple[ServedDesk, dict[str, str]]]:
    """A served desk whose German edition publishes to the target site; the tokens."""
    monkeypatch.setenv("WP_SOURCE_PASSWORD", wordpress_sites.source.password)
    monkeypatch.setenv("WP_TARGET_PASSWORD", wordpress_sites.target.password)
    database = (served_desk.fresh_postgres_database("copydesk_newsroom_") if on_postgres()
                else contextlib.nullcontext())
    with database as url, served_desk.serve(tmp_path, database_url=url, web_workers=1,
                                            start_seconds=START_SECONDS,
                                            allow_private_urls="true") as served, \
            DeskShell(served, RECORDS.read_text() + ADD_SITE) as shell:
        tokens = shell.call("add_people", people={"erika": ["editor"], "paula": ["publisher"]})
        shell.call("add_edition", code="de", language="de", engine="pseudo",
                   options={"checks": {"enabled": []}})
        shell.call("add_site", site="source", url=wordpress_sites.source.url,
                   user=wordpress_sites.source.user, password_env="WP_SOURCE_PASSWORD")
        shell.call("add_site", site="target", url=wordpress_sites.target.url,
                   user=wordpress_sites.target.user, password_env="WP_TARGET_PASSWORD",
                   edition_code="de", post_status="publish")
        yield served, tokens


# ------------------------------------------------------------- the newsroom's script


def api(desk_url: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=f"{desk_url}api/v1", trust_env=False, timeout=60,
                        headers={"Authorization": f"Bearer {token}"})


def answered(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def in_review(editor: httpx.Client, translation_id: int) -> dict[str, Any]:
    """The translation once the desk's worker has made its draft."""
    def reviewable() -> dict[str, Any] | None:
        shown = answered(editor.get(f"/translations/{translation_id}"))
        return None if shown["state"] in ("requested", "translating") else shown

    shown = waited(reviewable, f"translation {translation_id} to be translated")
    assert shown["state"] == "in_review", shown
    return shown


def edited(segment: dict[str, Any], text: str) -> str:
    """An editor's text for the segment, keeping its inline tags (bold, links...)."""
    return text + "".join(TAGS.findall(segment["source"]))


def review(editor: httpx.Client, translation_id: int, text: Callable[[dict[str, Any]], str]
           ) -> None:
    """Write each unconfirmed segment's text and confirm it; then approve."""
    for segment in in_review(editor, translation_id)["segments"]:
        if segment["confirmed"]:
            continue
        saved = answered(editor.put(f"/segments/{segment['id']}", json={
            "target": text(segment), "version": segment["version"]}))
        answered(editor.post(f"/segments/{segment['id']}/confirm",
                             json={"version": saved["segment"]["version"]}))
    assert answered(editor.post(f"/translations/{translation_id}/approve"))["state"] == (
        "approved")


def publish_post(desk_url: str, tokens: dict[str, str], site: str, post: str, run: str
                 ) -> tuple[int, int]:
    """The script: pull the post, review, approve, publish; the translation and publication."""
    with api(desk_url, tokens["erika"]) as editor, api(desk_url, tokens["paula"]) as publisher:
        pulled = answered(editor.post(f"/wordpress/{site}/pull",
                                      json={"post": post, "editions": ["de"]}), 201)
        [translation] = pulled["translations"]
        review(editor, translation["id"], lambda s: edited(s, f"Redigiert {run}: {s['key']}"))
        published = answered(publisher.post(f"/translations/{translation['id']}/publish"), 201)
        return translation["id"], published["id"]


def correct(desk_url: str, tokens: dict[str, str], translation_id: int, run: str) -> None:
    with api(desk_url, tokens["erika"]) as editor, api(desk_url, tokens["paula"]) as publisher:
        answered(editor.post(f"/translations/{translation_id}/correction",
                             json={"reason": "The sum was wrong."}))
        segments = answered(editor.get(f"/translations/{translation_id}"))["segments"]
        last = segments[-1]
        answered(editor.put(f"/segments/{last['id']}", json={
            "target": edited(last, f"Korrigiert {run}"), "version": last["version"]}))
        review(editor, translation_id, lambda s: s["target"])
        answered(publisher.post(f"/translations/{translation_id}/publish"), 201)


def withdraw(desk_url: str, tokens: dict[str, str], translation_id: int) -> None:
    with api(desk_url, tokens["paula"]) as publisher:
        answered(publisher.post(f"/translations/{translation_id}/withdraw",
                                json={"reason": "Legal hold."}))


# ------------------------------------------------------------- what WordPress shows


def waited(check: Callable[[], Any], what: str) -> Any:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    pytest.fail(f"waited {WAIT_SECONDS} s for {what}")


def posts_of_run(site: WordPressSite, run: str) -> list[dict[str, Any]]:
    return list(site.api("GET", "/wp/v2/posts", params={
        "search": f"Redigiert {run}", "status": "publish,draft", "context": "edit"}))


def test_a_script_takes_a_wordpress_post_to_the_target_site_and_back(desk, wordpress_sites):
    served, tokens = desk
    run = uuid.uuid4().hex[:8]
    source = source_post(wordpress_sites.source, run)
    translation_id, _ = publish_post(served.url, tokens, "source", source["link"], run)

    [made] = waited(lambda: posts_of_run(wordpress_sites.target, run),
                    "the worker to make the post on the target site")
    assert made["status"] == "publish"
    content = made["content"]["raw"]
    assert "copydesk-disclosure" in content and f"Redigiert {run}" in content
    assert made["title"]["raw"].startswith(f"Redigiert {run}")
    assert made["meta"]["copydesk_original_url"] == source["link"]

    correct(served.url, tokens, translation_id, run)
    corrected = waited(lambda: [p for p in posts_of_run(wordpress_sites.target, run)
                                if f"Korrigiert {run}" in p["content"]["raw"]],
                       "the correction to reach the target site")
    assert [p["id"] for p in corrected] == [made["id"]]  # the same post, changed
    assert "copydesk-correction" in corrected[0]["content"]["raw"]

    withdraw(served.url, tokens, translation_id)
    waited(lambda: [p for p in posts_of_run(wordpress_sites.target, run)
                    if p["status"] == "draft" and p["id"] == made["id"]],
           "the withdrawal to unpublish the post")

    with api(served.url, tokens["erika"]) as editor:
        again = editor.post("/wordpress/source/pull", json={"post": str(source["id"])})
        assert again.status_code == 200 and again.json()["version"] == 1  # nothing changed
        refused = editor.post("/wordpress/elsewhere/pull", json={"post": "1"})
        assert refused.status_code == 404
        assert refused.json()["error"]["code"] == "not_found"
    with api(served.url, tokens["paula"]) as publisher:
        assert publisher.post("/wordpress/source/pull", json={
            "post": "1", "editions": ["de"]}).status_code == 403
    assert "Traceback" not in served.log_tail(20_000)
