"""Approving and publishing from the browser, overrides, the publication page, the audit page."""

from __future__ import annotations

import json

from django.urls import reverse

from copydesk.desk import checking
from copydesk.desk.models import Override, Publication, Segment, TranslationState
from tests.desk.conftest import confirm_all
from tests.desk.test_views_auth import signed_in

BLOCKER = {"check": "numbers", "severity": "blocker", "message": "The number 3.5 is missing."}


def messages_on(client, translation) -> str:
    return client.get(reverse("desk:review", args=[translation.pk])).content.decode()


def test_approval_is_refused_with_the_gates_reasons_until_all_is_confirmed(
        client, editor, publisher, translation):
    signed_in(client, editor)
    refused = client.post(reverse("desk:approve", args=[translation.pk]))
    assert refused.status_code == 302
    page = messages_on(client, translation)
    assert "cannot be approved or published yet" in page and "is not confirmed" in page
    translation.refresh_from_db()
    assert translation.state == TranslationState.IN_REVIEW
    confirm_all(translation, editor)
    client.post(reverse("desk:approve", args=[translation.pk]))
    translation.refresh_from_db()
    assert translation.state == TranslationState.APPROVED
    published = signed_in(client, publisher).post(reverse("desk:publish", args=[translation.pk]))
    publication = Publication.objects.get()
    assert published["Location"] == reverse("desk:publication", args=[publication.pk])


def test_publishing_an_unreviewed_translation_is_refused_with_reasons(client, editor, publisher,
                                                                     translation):
    confirm_all(translation, editor)
    segment = translation.segments.first()
    Segment.objects.filter(pk=segment.pk).update(issues=[BLOCKER])
    type(translation).objects.filter(pk=translation.pk).update(state=TranslationState.APPROVED)
    signed_in(client, publisher).post(reverse("desk:publish", args=[translation.pk]))
    assert not Publication.objects.exists()
    assert "open blocker (numbers)" in messages_on(client, translation)


def test_an_editor_cannot_publish(client, editor, approved):
    response = signed_in(client, editor).post(reverse("desk:publish", args=[approved.pk]))
    assert response.status_code == 403
    assert b"needs the &#x27;publisher&#x27; role" in response.content
    assert not Publication.objects.exists()
    assert b">Publish</button>" not in messages_on(client, approved).encode()


def test_an_override_needs_a_written_reason(client, editor, translation):
    segment = translation.segments.first()
    Segment.objects.filter(pk=segment.pk).update(issues=[BLOCKER])
    url = reverse("desk:override", args=[segment.pk])
    signed_in(client, editor)
    issue = checking.issue_id(BLOCKER)
    form = {"check": "numbers", "issue": issue, "version": str(segment.version)}
    empty = client.post(url, {**form, "reason": "  "}, HTTP_HX_REQUEST="true")
    assert empty.status_code == 409 and b"written reason" in empty.content
    assert not Override.objects.exists()
    given = client.post(url, {**form, "reason": "The figure is in the headline."},
                        HTTP_HX_REQUEST="true")
    assert given.status_code == 200 and b"overridden with a written reason" in given.content
    assert Override.objects.get().reason == "The figure is in the headline."


def test_the_publication_page_and_downloads_carry_the_disclosure(client, editor, publisher,
                                                                approved):
    signed_in(client, publisher).post(reverse("desk:publish", args=[approved.pk]))
    publication = Publication.objects.get()
    page = client.get(reverse("desk:publication", args=[publication.pk])).content.decode()
    assert 'sandbox src="' in page and "Provenance" in page
    note = "von unserer Redaktion geprüft"  # the reviewed disclosure, in German
    assert note in page  # shown with the Markdown output
    assert "TESTAUSGABE" not in page  # editors replaced every pseudo text
    for fmt in ("html", "md", "json"):
        download = client.get(reverse("desk:download", args=[publication.pk, fmt]))
        assert download["Content-Disposition"].startswith("attachment;")
        text = download.content.decode()
        assert text == publication.outputs[fmt]
        if fmt == "json":
            text = json.dumps(json.loads(text), ensure_ascii=False)
        assert note in text, fmt
    assert client.get(reverse("desk:download", args=[publication.pk, "exe"])).status_code == 404


def test_the_preview_is_sanitised_and_sandboxed(client, publisher, approved):
    signed_in(client, publisher).post(reverse("desk:publish", args=[approved.pk]))
    publication = Publication.objects.get()
    preview = client.get(reverse("desk:preview", args=[publication.pk]))
    assert preview["Content-Security-Policy"].startswith("sandbox;")
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert b"<script" not in preview.content
    headline = publication.translation.segments.get(key="title.s1").target
    assert preview.content.decode().count(headline) == 1  # shown once, not again from <title>


def test_the_audit_page_verifies_and_exports_the_trail(client, editor, translation):
    signed_in(client, editor)
    page = client.get(reverse("desk:audit", args=[translation.article_id])).content.decode()
    assert "Chain intact" in page and "machine_translated" in page
    exported = client.get(reverse("desk:audit_export", args=[translation.article_id]))
    document = json.loads(exported.content)
    assert document["verification"]["ok"] is True
    assert exported["Content-Disposition"].startswith("attachment;")
    assert client.get(reverse("desk:audit", args=[99999])).status_code == 404


def test_a_withdrawn_publication_is_marked_and_has_a_notice_for_readers(client, publisher,
                                                                       approved):
    from copydesk.desk import publishing, workflow

    published = publishing.publish_translation(approved, user=publisher)
    signed_in(client, publisher)
    page = client.get(reverse("desk:publication", args=[published.pk]))
    assert b"Withdrawn" not in page.content
    assert client.get(reverse("desk:download", args=[published.pk, "withdrawal"])).status_code \
        == 404  # nothing withdrawn: no notice
    workflow.withdraw(approved, user=publisher, reason="Legal asked us to take it down <now>.")
    page = client.get(reverse("desk:publication", args=[published.pk])).content.decode()
    assert "<strong>Withdrawn</strong>" in page and "take it down &lt;now&gt;." in page
    assert "Dieser Artikel wurde am" in page and "zurückgezogen" in page
    html = client.get(reverse("desk:download", args=[published.pk, "html"]))
    assert html["X-Copydesk-Withdrawn"] and "-withdrawn.html" in html["Content-Disposition"]
    assert html.content.decode() == published.outputs["html"]  # the bytes the trail hashed
    notice = client.get(reverse("desk:download", args=[published.pk, "withdrawal"]))
    text = notice.content.decode()
    assert text.startswith('<p class="copydesk-withdrawal" lang="de">Dieser Artikel wurde am ')
    assert "Legal" not in text  # the internal reason stays on the desk


def test_a_publication_superseded_before_the_withdrawal_is_not_the_withdrawn_one(
        client, editor, publisher, approved):
    from copydesk.desk import publishing, workflow

    first = publishing.publish_translation(approved, user=publisher)
    workflow.open_correction(approved, user=editor, reason="A figure was wrong.")
    confirm_all(approved, editor)
    workflow.approve(approved, user=editor)
    second = publishing.publish_translation(approved, user=publisher)
    workflow.withdraw(approved, user=publisher, reason="Taken down after a complaint.")
    assert publishing.withdrawal_of(first) is None
    assert publishing.withdrawal_of(second) is not None


def test_the_fragment_is_published_and_downloadable(client, publisher, approved):
    from copydesk.desk import publishing

    published = publishing.publish_translation(approved, user=publisher)
    signed_in(client, publisher)
    answer = client.get(reverse("desk:download", args=[published.pk, "fragment"]))
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/html")
    assert ".fragment.html" in answer["Content-Disposition"]
    body = answer.content.decode()
    assert body == published.outputs["fragment"] and "<h1" not in body
    assert 'class="copydesk-disclosure"' in body
