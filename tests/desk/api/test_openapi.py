"""The OpenAPI document (served, and printed by ``copydesk api``) and the docs page, which
loads nothing from another host."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from openapi_spec_validator import validate

from tests.desk.api.conftest import API, error_of

COPYDESK = Path(sys.executable).with_name("copydesk")
CONTRACT = {
    "/api/v1/articles": {"post"},
    "/api/v1/articles/{article_id}/audit": {"get"},
    "/api/v1/translations": {"get"},
    "/api/v1/translations/{translation_id}": {"get"},
    "/api/v1/translations/{translation_id}/approve": {"post"},
    "/api/v1/translations/{translation_id}/publish": {"post"},
    "/api/v1/translations/{translation_id}/withdraw": {"post"},
    "/api/v1/translations/{translation_id}/correction": {"post"},
    "/api/v1/translations/{translation_id}/assign": {"post"},
    "/api/v1/segments/{segment_id}": {"put"},
    "/api/v1/segments/{segment_id}/confirm": {"post"},
    "/api/v1/segments/{segment_id}/override": {"post"},
    "/api/v1/publications/{publication_id}": {"get"},
    "/api/v1/reports": {"get"},
    "/api/v1/reports/{report_id}": {"get"},
    "/api/v1/reports/{report_id}/dismiss": {"post"},
    "/api/v1/reports/{report_id}/correction": {"post"},
    "/api/v1/translations/{translation_id}/reports": {"get"},
    "/api/v1/translations/{translation_id}/blocks": {"get"},
    "/api/v1/translations/{translation_id}/blocks/{block}/exclude": {"post"},
    "/api/v1/translations/{translation_id}/blocks/{block}/include": {"post"},
    "/api/v1/wordpress/{site}/pull": {"post"},
    "/api/v1/translations/{translation_id}/xliff": {"get", "post"},
    "/api/v1/translations/{translation_id}/replace/preview": {"post"},
    "/api/v1/translations/{translation_id}/replace": {"post"},
    "/api/v1/translations/{translation_id}/glossary": {"post"},
    "/api/v1/concordance": {"get"},
}
SOURCES = re.compile(r'(?:src|href)="([^"]+)"')


@pytest.fixture
def document(db) -> dict:
    answer = Client().get(f"{API}/openapi.json")
    assert answer.status_code == 200
    return dict(answer.json())


def test_the_document_is_valid_openapi(document):
    validate(document)
    assert document["openapi"].startswith("3.")


def test_the_document_describes_the_whole_contract(document):
    assert {path: set(ops) for path, ops in document["paths"].items()} == CONTRACT
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation["security"] == [{"TokenAuth": []}], (method, path)
            assert {"401", "403", "404", "422"} <= set(operation["responses"]), (method, path)
    assert document["components"]["securitySchemes"]["TokenAuth"] == {"type": "http",
                                                                      "scheme": "bearer"}


def test_copydesk_api_prints_the_served_document(document, tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k != "DATABASE_URL" and not k.startswith("COPYDESK_")}
    env["COPYDESK_HOME"] = str(tmp_path / "home")
    printed = subprocess.run([str(COPYDESK), "api"], env=env, capture_output=True, text=True,
                             timeout=120, check=False)
    assert printed.returncode == 0, printed.stderr
    assert json.loads(printed.stdout) == document
    assert not (tmp_path / "home" / "desk.sqlite3").exists()  # a description reads no database


def test_the_docs_page_and_its_files_come_from_the_desk(db):
    page = Client().get(f"{API}/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>" not in html  # no inline code: the desk's policy allows none
    assert "script-src 'self'" in page["Content-Security-Policy"]
    found = SOURCES.findall(html)
    assert len(found) == 4 and all(src.startswith(f"{API}/docs/") for src in found)
    for src in found:
        asset = Client().get(src)
        assert asset.status_code == 200 and asset["Cache-Control"].startswith("public")
        assert b"".join(asset.streaming_content)
    assert error_of(Client().get(f"{API}/docs/../settings.py"), 404)["code"] == "not_found"
    assert error_of(Client().get(f"{API}/docs/redoc.standalone.js"), 404)
