"""The review screen: side by side, tags as chips, issues, autosave, conflicts, confirm."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copydesk.desk import checking, comments, gate, sources, workflow
from copydesk.desk.models import AuditEvent, Comment, Revision, Segment
from tests.desk.conftest import story
from tests.desk.test_views_auth import signed_in

LINKED = {"kind": "paragraph", "text": "Read <g1>the full report</g1> online.",
          "tags": {"1": {"kind": "link", "attrs": {"href": "https://example.org/report"}}}}


@pytest.fixture
def linked(editor, edition):
    """A translation whose one body paragraph carries a link tag."""
    ingested = sources.ingest(story(blocks=[LINKED]), key="k-linked", user=editor)
    translation = workflow.request_translation(ingested.article, edition, user=editor)
    return translation.segments.get(key="b1.s1")


def save(client, segment, text, version=None):
    return client.post(reverse("desk:save", args=[segment.pk]),
                       {"text": text, "version": version or segment.version},
                       HTTP_ACCEPT="application/json")


def test_source_and_draft_side_by_side_with_tags_as_chips(client, editor, linked):
    page = signed_in(client, editor).get(
        reverse("desk:review", args=[linked.translation_id])).content.decode()
    assert "Paragraph 1" in page and "Headline" in page
    assert page.count('data-tag="&lt;g1&gt;"') == 2  # source and draft
    assert 'title="link https://example.org/report"' in page
    assert 'contenteditable="true"' in page
    assert "pseudo engine: it is not a translation" in page  # the dry-run draft is labelled
    assert "Ctrl</kbd>+<kbd>Enter" in page  # the keys are documented on the page


def test_article_text_is_escaped(client, editor, edition):
    hostile = story(blocks=[{"kind": "paragraph", "text": "x <script>alert(1)</script> y"}])
    article = sources.ingest(hostile, key="k-hostile", user=editor).article
    translation = workflow.request_translation(article, edition, user=editor)
    page = signed_in(client, editor).get(reverse("desk:review", args=[translation.pk]))
    assert b"<script>alert" not in page.content and b"&lt;script&gt;alert" in page.content


def test_autosave_stores_a_revision_and_returns_the_new_version(client, editor, linked):
    response = save(signed_in(client, editor), linked, "Lesen Sie <g1>den Bericht</g1> online.")
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == linked.version + 1 and data["state"] == "draft"
    assert "confirmed" in data["progress_html"]
    assert Revision.objects.filter(segment=linked, origin="editor").get().after.startswith("Lesen")


def test_a_save_from_an_old_version_is_a_conflict_with_both_texts(client, editor, second_editor,
                                                                  linked):
    first = save(signed_in(client, editor), linked, "Erste <g1>Fassung</g1>.")
    assert first.status_code == 200
    late = save(signed_in(client, second_editor), linked, "Zweite <g1>Fassung</g1>.",
                version=linked.version)
    assert late.status_code == 409
    data = late.json()
    assert data["code"] == "edit_conflict"
    assert (data["theirs"], data["yours"]) == ("Erste <g1>Fassung</g1>.",
                                               "Zweite <g1>Fassung</g1>.")
    assert data["version"] == linked.version + 1
    linked.refresh_from_db()
    assert linked.target == "Erste <g1>Fassung</g1>."
    kept = save(client, linked, "Zweite <g1>Fassung</g1>.", version=data["version"])
    assert kept.status_code == 200  # choosing "keep mine" saves on top of theirs


@pytest.mark.parametrize(("text", "message"), [
    ("Lesen Sie den Bericht online.", "lost the formatting tag(s) <g1>, </g1>"),
    ("Lesen Sie <g1>den Bericht online.", "lost the formatting tag(s) </g1>"),
    ("Lesen <g2>Sie</g2> <g1>den Bericht</g1>.", "that the source does not have"),
    ("Lesen Sie </g1>den Bericht<g1> online.", "do not nest"),
])
def test_a_text_that_breaks_the_tags_is_refused(client, editor, linked, text, message):
    response = save(signed_in(client, editor), linked, text)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert Segment.objects.get(pk=linked.pk).version == linked.version  # nothing saved


def test_confirm_saves_the_text_then_confirms_it(client, editor, linked):
    response = signed_in(client, editor).post(
        reverse("desk:confirm", args=[linked.pk]),
        {"text": "Lesen Sie <g1>den Bericht</g1>.", "version": linked.version},
        HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["state"] == "confirmed"
    linked.refresh_from_db()
    assert linked.state == "confirmed" and linked.confirmed_by == editor
    assert linked.target == "Lesen Sie <g1>den Bericht</g1>."


def test_a_publisher_cannot_edit_or_confirm(client, publisher, linked):
    signed_in(client, publisher)
    assert save(client, linked, "Neu <g1>x</g1>.").status_code == 403
    confirm = client.post(reverse("desk:confirm", args=[linked.pk]), {"version": linked.version},
                          HTTP_ACCEPT="application/json")
    assert confirm.status_code == 403 and "'editor'" in confirm.json()["error"]
    page = client.get(reverse("desk:review", args=[linked.translation_id])).content.decode()
    assert 'contenteditable="true"' not in page  # read-only for a publisher


def test_issues_are_marked_at_their_spans_with_the_message(client, editor, translation):
    segment = translation.segments.get(source="The ministry paid 3.5 million euros.")
    issue = {"check": "numbers", "severity": "blocker", "message": "The number 3.5 is missing.",
             "source_span": [18, 21], "target_span": [0, 3]}
    Segment.objects.filter(pk=segment.pk).update(issues=[issue], risk=0.9)
    page = signed_in(client, editor).get(reverse("desk:review", args=[translation.pk]))
    text = page.content.decode()
    assert '<mark class="issue blocker" title="The number 3.5 is missing.">3.5</mark>' in text
    assert "1 open blocker" in text and 'name="reason" required' in text
    risk_first = client.get(reverse("desk:review", args=[translation.pk]), {"order": "risk"})
    ordered = risk_first.content.decode()
    assert "Review order: riskiest first" in ordered
    assert ordered.index(f'id="seg-{segment.pk}"') < ordered.index('class="key">title.s1')


def test_a_real_check_reports_on_autosave(client, editor, translation, edition):
    edition.options = {}
    edition.save()
    segment = translation.segments.get(source="The ministry paid 3.5 million euros.")
    data = save(signed_in(client, editor), segment, "Das Ministerium zahlte viel Geld.").json()
    assert "numbers" in data["issues_html"] and "blocker" in data["issues_html"]
    assert "1 open blocker" in data["progress_html"]


def test_the_diff_shows_the_edit_against_the_machine_draft(client, editor, translation):
    segment = translation.segments.get(key="b2.s1")
    machine = segment.target
    save(signed_in(client, editor), segment, machine.replace("2027", "2028"))
    diff = client.get(reverse("desk:diff", args=[segment.pk])).content.decode()
    assert "<del>2027</del><ins>2028</ins>" in diff


def test_comments_are_added_and_resolved(client, editor, publisher, translation):
    segment = translation.segments.first()
    url = reverse("desk:comments", args=[segment.pk])
    added = signed_in(client, editor).post(url, {"text": "Check the <b>figure</b>."})
    assert "Check the &lt;b&gt;figure&lt;/b&gt;." in added.content.decode()
    comment = Comment.objects.get()
    assert "Resolve" in client.get(url).content.decode()
    resolved = client.post(reverse("desk:resolve_comment", args=[comment.pk]))
    assert "resolved by Erika" in resolved.content.decode()  # the name, not the login
    empty = client.post(url, {"text": "  "}, HTTP_HX_REQUEST="true")
    assert empty.status_code == 409 and empty["HX-Retarget"] == "#flash"
    kinds = list(AuditEvent.objects.filter(kind__startswith="comment_").order_by("seq")
                 .values_list("kind", "payload__comment"))
    assert kinds == [("comment_added", comment.pk), ("comment_resolved", comment.pk)]


def test_a_publisher_is_told_that_editors_handle_comments(client, editor, publisher,
                                                          translation):
    segment = translation.segments.first()
    comments.add_comment(segment.pk, "Is the figure right?", user=editor)
    shown = signed_in(client, publisher).get(reverse("desk:comments", args=[segment.pk]))
    text = shown.content.decode()
    assert "Is the figure right?" in text and "an editor resolves it" in text
    assert "Resolve</button>" not in text and 'name="text"' not in text


def test_open_comments_warn_at_approval_or_block_it(client, editor, translation):
    from copydesk.errors import WorkflowError
    from tests.desk.conftest import confirm_all

    segment = translation.segments.first()
    comment = comments.add_comment(segment.pk, "Is the figure right?", user=editor)
    confirm_all(translation, editor)
    page = signed_in(client, editor).get(reverse("desk:review", args=[translation.pk]))
    assert "1 comment is still open; the approval records it." in page.content.decode()
    edition = translation.edition
    edition.options = {**edition.options, "open_comments": "block"}
    edition.save()
    translation.refresh_from_db()
    with pytest.raises(WorkflowError, match="1 comment is still open; resolve it before"):
        workflow.approve(translation, user=editor)
    comments.resolve_comment(comment.pk, user=editor)
    approved = workflow.approve(translation, user=editor)
    event = AuditEvent.objects.filter(kind="approved").get()
    assert approved.state == "approved" and event.payload["open_comments"] == 0


def _queries(client, method, *args, **kwargs):
    with CaptureQueriesContext(connection) as seen:
        answer = getattr(client, method)(*args, **kwargs)
    assert answer.status_code == 200
    return len(seen.captured_queries)


def test_the_review_screen_and_a_save_read_a_fixed_number_of_rows(client, editor, edition):
    """No query per segment: a long article costs as many queries as a short one."""
    signed_in(client, editor)
    counts = []
    for size in (2, 12):
        blocks = [{"kind": "paragraph", "text": f"Paragraph {n} says the plan costs {n} euros."}
                  for n in range(size)]
        article = sources.ingest(story(blocks=blocks), key=f"k-size-{size}", user=editor).article
        translation = workflow.request_translation(article, edition, user=editor)
        segment = translation.segments.get(key="b1.s1")
        page = _queries(client, "get", reverse("desk:review", args=[translation.pk]))
        saved = _queries(client, "post", reverse("desk:save", args=[segment.pk]),
                         {"text": "Neu.", "version": segment.version},
                         HTTP_ACCEPT="application/json")
        counts.append((page, saved))
    assert counts[0] == counts[1]
    page, saved = counts[0]
    assert page <= 12 and saved <= 19  # e.g. the role check reads the user's groups once,
    # the screen reads who else has it open


def test_a_save_answers_with_overrides_taken_into_account(client, editor, translation):
    blocked = translation.segments.get(source="The ministry paid 3.5 million euros.")
    issue = {"check": "numbers", "severity": "blocker", "message": "The number 3.5 is missing."}
    Segment.objects.filter(pk=blocked.pk).update(issues=[issue])
    gate.override(blocked.pk, "numbers", issue=checking.issue_id(issue),
                  version=blocked.version, user=editor, reason="Rounded on purpose.")
    other = translation.segments.get(key="b2.s1")
    data = save(signed_in(client, editor), other, "Der Bürgermeister sagte es.").json()
    assert "0 open blockers" in data["progress_html"]
    Segment.objects.filter(pk=blocked.pk).update(target="Anders.")  # the override was for
    data = save(client, other, "Er sagte es.", version=data["version"]).json()  # the old text
    assert "1 open blocker" in data["progress_html"]
    page = client.get(reverse("desk:review", args=[translation.pk])).content.decode()
    assert "1 open blocker" in page and "has an open blocker (numbers)" in page
