"""A glossary term added from the review screen: who may, the trail, checks, translating again."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from copydesk.desk import glossary, retranslation, review_glossary, revisions, sources, workflow
from copydesk.desk.models import AdminEvent, AuditEvent, Edition, Revision, SegmentState
from copydesk.errors import InputError, PermissionDeniedError
from tests.desk.conftest import story
from tests.desk.test_views_auth import signed_in

BLOCKS = [{"kind": "paragraph", "text": "FAST saw a star. The star team cheered."},
          {"kind": "paragraph", "text": "A star is in China. Nothing else here."}]


@pytest.fixture
def admin(make_user):
    return make_user("ada", "admin")


@pytest.fixture
def checked_edition(db):
    return Edition.objects.create(code="es", name="Spanish edition", language="es",
                                  engine="pseudo", options={"checks": {"enabled": ["glossary"]}})


@pytest.fixture
def fast(editor, checked_edition):
    ingested = sources.ingest(story(blocks=BLOCKS), key="k-fast", user=editor)
    return workflow.request_translation(ingested.article, checked_edition, user=editor)


def add(client, translation, **fields):
    data = {"source": "FAST", "target": "", "type": "dnt", "case": "sensitive", **fields}
    return client.post(reverse("desk:review_glossary", args=[translation.pk]), data,
                       HTTP_ACCEPT="application/json")


def test_an_editor_without_the_admin_role_is_refused_with_the_reason(client, editor, fast):
    answer = add(signed_in(client, editor), fast)
    assert answer.status_code == 403
    assert "administrators" in answer.json()["error"]
    assert glossary.show("es").terms == [] and not AdminEvent.objects.exists()
    page = client.get(reverse("desk:review", args=[fast.pk])).content.decode()
    assert 'data-glossary-url' not in page  # the control is not offered


def test_a_publisher_is_refused(client, publisher, fast):
    assert add(signed_in(client, publisher), fast).status_code == 403


def test_the_term_is_added_recorded_and_the_article_checked_again(client, admin, fast):
    broken = fast.segments.get(key="b1.s1")
    revisions.save_segment(broken.pk, "RÁPIDO vio una estrella.", base_version=broken.version,
                           user=admin)
    answer = add(signed_in(client, admin), fast)
    assert answer.status_code == 201, answer.content
    assert answer.json()["term"]["source"] == "FAST" and answer.json()["queued"] == []
    assert answer.json()["rechecked"] == fast.segments.filter(active=True).count()
    assert [(t.source, t.type.value) for t in glossary.show("es").terms] == [("FAST", "dnt")]
    event = AdminEvent.objects.get()
    assert (event.kind, event.actor, event.subject) == ("glossary_term_added", "user:ada",
                                                        "glossary:es")
    assert event.payload["term"]["source"] == "FAST"
    broken.refresh_from_db()
    assert [i["check"] for i in broken.issues] == ["glossary"]  # the whole article re-checked
    redrawn = {s["id"]: s for s in answer.json()["segments"]}  # only the issues that moved
    assert list(redrawn) == [broken.pk]
    assert redrawn[broken.pk]["version"] == broken.version
    assert redrawn[broken.pk]["target"] == "RÁPIDO vio una estrella."
    assert "issue-item" in redrawn[broken.pk]["issues_html"]
    assert "FAST" in redrawn[broken.pk]["issues_html"]
    assert 'id="progress"' not in answer.json()["progress_html"]
    assert "confirmed" in answer.json()["progress_html"]
    page = client.get(reverse("desk:review", args=[fast.pk])).content.decode()
    assert "data-glossary-url" in page


def test_open_machine_segments_with_the_term_are_translated_again(
        client, admin, editor, fast, django_capture_on_commit_callbacks):
    edited, confirmed = fast.segments.get(key="b1.s2"), fast.segments.get(key="b2.s1")
    revisions.save_segment(edited.pk, "El equipo estelar aplaudió.", base_version=edited.version,
                           user=editor)
    revisions.confirm_segment(confirmed.pk, base_version=confirmed.version, user=editor)
    before = {s.key: (s.version, s.target) for s in fast.segments.all()}
    assert "stár" in before["b1.s1"][1]  # the pseudo engine's accents
    with django_capture_on_commit_callbacks(execute=True) as queued:
        answer = add(signed_in(client, admin), fast, source="star", retranslate="1")
    assert answer.status_code == 201 and len(queued) == 2  # the file tidy-up and the job
    assert answer.json()["queued"] == ["b1.s1"]  # not the edited, confirmed or term-less ones
    again = fast.segments.get(key="b1.s1")
    assert again.version == before["b1.s1"][0] + 1 and again.origin == "mt"
    assert "star" in again.target and "stár" not in again.target  # kept as the term says
    assert again.signature.startswith("engine:pseudo") and again.state == SegmentState.DRAFT
    revision = Revision.objects.filter(segment=again).latest("id")
    assert (revision.author, revision.origin) == (admin, "mt")
    assert revision.signature == again.signature
    event = AuditEvent.objects.filter(kind="segment_edited").latest("seq")
    assert event.payload["segment"] == "b1.s1" and event.actor == "user:ada"
    for key in ("b1.s2", "b2.s1", "b2.s2", "title.s1"):
        segment = fast.segments.get(key=key)
        assert (segment.version, segment.target) == before[key]


def test_the_review_screen_follows_the_job_until_the_worker_is_done(
        client, admin, fast, django_capture_on_commit_callbacks):
    signed_in(client, admin)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        answer = add(client, fast, source="star", retranslate="1").json()
    assert re.fullmatch(r"[0-9a-f]{32}", answer["job"])
    url = answer["job_url"]
    assert url == reverse("desk:retranslation_job", args=[fast.pk, answer["job"]])
    assert client.get(url).json() == {"finished": False}  # still in the queue
    for callback in queued:
        callback()
    done = client.get(url).json()
    assert done["finished"] and done["saved"] == answer["queued"] and done["skipped"] == []
    assert done["error"] == "" and done["progress_html"]
    assert [shown["key"] for shown in done["segments"]] == answer["queued"]
    for shown in done["segments"]:
        again = fast.segments.get(key=shown["key"])
        assert (shown["id"], shown["version"], shown["target"]) == (
            again.pk, again.version, again.target)
        assert "star" in again.target and "stár" not in again.target
    event = AuditEvent.objects.get(kind="segments_retranslated")
    assert event.payload["job"] == answer["job"] and event.actor == "user:ada"


def test_a_job_of_another_translation_or_a_bad_token_tells_nothing(client, admin, fast,
                                                                    editor):
    other = workflow.request_translation(
        sources.ingest(story(blocks=BLOCKS), key="k-other", user=editor).article,
        fast.edition, user=editor)
    retranslation.retranslate_segments.call(
        other.pk, [[s.pk, s.version] for s in other.segments.all()], admin.pk, "a" * 32)
    signed_in(client, admin)
    url = reverse("desk:retranslation_job", args=[fast.pk, "a" * 32])
    assert client.get(url).json() == {"finished": False}
    for bad in ("A" * 32, "a" * 31, "a" * 33, ".." + "a" * 30, "a" * 31 + "\u0660"):
        refused = client.get(reverse("desk:retranslation_job", args=[fast.pk, bad]),
                             HTTP_ACCEPT="application/json")
        assert refused.status_code == 400 and "32 hex digits" in refused.json()["error"]


def test_the_retranslation_skips_a_segment_changed_meanwhile(admin, editor, fast):
    segment = fast.segments.get(key="b1.s1")
    seen = segment.version
    revisions.save_segment(segment.pk, "FAST vio una estrella.", base_version=seen, user=editor)
    result = retranslation.retranslate_segments.call(fast.pk, [[segment.pk, seen]], admin.pk,
                                                     "b" * 32)
    assert result["saved"] == [] and result["skipped"] == 1
    segment.refresh_from_db()
    assert segment.target == "FAST vio una estrella."
    event = AuditEvent.objects.get(kind="segments_retranslated")  # the trail says so too
    assert event.payload == {"translation": fast.pk, "job": "b" * 32, "saved": [],
                             "skipped": ["b1.s1"]}


@pytest.mark.parametrize(("fields", "message"), [
    ({"source": ""}, "no (source|target) term"), ({"type": "weird"}, "unknown type"),
    ({"source": "x" * 3000}, "one line"), ({"source": "FA\nST"}, "one line"),
])
def test_bad_terms_are_refused_and_change_nothing(admin, fast, fields, message):
    terms = {"source": "FAST", "target": "", "type": "dnt", "case": "sensitive", **fields}
    with pytest.raises(InputError, match=message):
        review_glossary.add_term(fast.pk, terms, user=admin)
    assert not AdminEvent.objects.exists()


def test_the_service_refuses_an_editor(editor, fast):
    with pytest.raises(PermissionDeniedError, match="administrators"):
        review_glossary.add_term(fast.pk, {"source": "FAST", "type": "dnt"}, user=editor)


def test_a_preferred_translation_from_the_review_screen(client, admin, fast):
    answer = add(signed_in(client, admin), fast, source="star", target="estrella",
                 type="preferred", case="insensitive")
    assert answer.status_code == 201
    (term,) = glossary.show("es").terms
    assert (term.source, term.target, term.type.value) == ("star", "estrella", "preferred")


def test_a_published_translation_is_refused_and_the_glossary_unchanged(admin, publisher, fast):
    from copydesk.desk import publishing
    from copydesk.errors import WorkflowError
    from tests.desk.conftest import confirm_all

    confirm_all(fast, admin)
    workflow.approve(fast, user=admin)
    publishing.publish_translation(fast, user=publisher)
    with pytest.raises(WorkflowError, match="published"):
        review_glossary.add_term(fast.pk, {"source": "FAST", "type": "dnt"}, user=admin)
    assert glossary.show("es").terms == []
