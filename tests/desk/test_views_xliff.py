"""The review screen's XLIFF download and upload buttons."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from copydesk.desk.models import Segment
from tests.desk.test_views_auth import signed_in
from tests.desk.test_xliff_exchange import exported, with_target


def test_the_review_screen_offers_download_and_upload(client, editor, translation):
    page = signed_in(client, editor).get(reverse("desk:review", args=[translation.pk]))
    html = page.content.decode()
    assert reverse("desk:xliff_download", args=[translation.pk]) + "?version=2.0" in html
    assert reverse("desk:xliff_upload", args=[translation.pk]) in html
    answer = client.get(reverse("desk:xliff_download", args=[translation.pk]), {"version": "1.2"})
    assert answer.status_code == 200 and b'version="1.2"' in answer.content
    assert answer["Content-Disposition"].endswith('.xliff1.xlf"')


def test_an_uploaded_file_is_applied_and_reported(client, editor, translation):
    data = with_target(exported(translation), "b1.s1", "Hochgeladen &amp; gespeichert.")
    data = with_target(data, "b2.s1", "Ohne <ph id='5'/> Sinn.")
    upload = SimpleUploadedFile("story.xlf", data.encode(), content_type="application/xml")
    page = signed_in(client, editor).post(reverse("desk:xliff_upload", args=[translation.pk]),
                                          {"file": upload})
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 changed" in html and "1 refused" in html and "b2.s1" in html
    assert Segment.objects.get(translation=translation, key="b1.s1",
                               active=True).target == "Hochgeladen & gespeichert."


def test_a_publisher_cannot_upload_and_a_bad_file_is_a_message(client, editor, publisher,
                                                               translation):
    url = reverse("desk:xliff_upload", args=[translation.pk])
    bad = SimpleUploadedFile("bad.xlf", b"<xliff", content_type="application/xml")
    refused = signed_in(client, publisher).post(url, {"file": bad})
    assert refused.status_code == 403
    client.logout()
    bad = SimpleUploadedFile("bad.xlf", b"<xliff", content_type="application/xml")
    answer = signed_in(client, editor).post(url, {"file": bad}, follow=True)
    assert "not well-formed XML" in answer.content.decode()
