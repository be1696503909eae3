"""``POST /api/v1/translations/{id}/xliff``: a transitional XLIFF 1.2 file, its warnings."""

from __future__ import annotations

from tests.desk.api.conftest import API
from tests.desk.test_xliff12_strict import exported12, transitional
from tests.desk.test_xliff_exchange import with_target


def test_the_api_report_carries_the_warnings(script_as, translation, editor):
    data = transitional(with_target(exported12(translation), "b1.s1", "Über die API."))
    answer = script_as(editor).client.post(f"{API}/translations/{translation.pk}/xliff",
                                           data.encode(), content_type="application/xliff+xml")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["changed"] == ["b1.s1"]
    assert len(body["warnings"]) == 1 and "'tool' is not allowed" in body["warnings"][0]
