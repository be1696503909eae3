"""A desk translation as strict XLIFF 1.2, and transitional 1.2 files back with warnings."""

from __future__ import annotations

from django.template.loader import render_to_string

from copydesk.desk import comments, revisions, xliff_exchange
from copydesk.desk.models import AuditEvent, Segment
from copydesk.interop import safexml, xliff12_schema
from tests.desk.test_xliff_exchange import with_target

TRANSITIONAL = ' tool="Trados Studio"'  # <file tool=...> is XLIFF 1.2 transitional only


def exported12(translation):
    return xliff_exchange.export(translation.pk, "1.2")[1].decode("utf-8")


def transitional(data):
    return data.replace('datatype="plaintext"', f'datatype="plaintext"{TRANSITIONAL}', 1)


def test_a_desk_export_with_issues_comments_and_confirmations_is_strict_xliff12(
        translation, editor):
    segment = translation.segments.get(key="b1.s1", active=True)
    comments.add_comment(segment.pk, "Which ministry?", user=editor)
    Segment.objects.filter(pk=segment.pk).update(issues=[
        {"check": "numbers", "severity": "major", "message": "3.5 is missing"}])
    title = translation.segments.get(key="title.s1", active=True)
    revisions.confirm_segment(title.pk, base_version=title.version, user=editor)
    data = exported12(translation)
    assert "Which ministry?</note>" in data and 'state="signed-off"' in data
    root = safexml.parse(data.encode())
    assert safexml.schema_errors(root, *xliff12_schema.FILES) == []
    report = xliff_exchange.import_file(translation.pk, data.encode(), user=editor)
    assert report.warnings == [] and report.to_dict()["warnings"] == []


def test_a_transitional_file_is_applied_and_its_warnings_reported(translation, editor):
    data = transitional(with_target(exported12(translation), "b1.s1", "Aus Trados."))
    report = xliff_exchange.import_file(translation.pk, data.encode(), user=editor)
    assert report.changed == ["b1.s1"] and report.refused == []
    assert len(report.warnings) == 1 and "'tool' is not allowed" in report.warnings[0]
    assert report.to_dict()["warnings"] == report.warnings
    event = AuditEvent.objects.get(kind="xliff_imported")  # the trail keeps what was read past
    assert event.payload["warnings"] == report.warnings
    page = render_to_string("desk/xliff_report.html", {
        "report": report, "translation": translation, "file_name": "story.xlf"})
    assert "<h2>Warnings</h2>" in page and "is not allowed" in page

