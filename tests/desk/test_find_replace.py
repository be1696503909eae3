"""Find and replace across a translation: hits, tags untouched, all-or-none apply, refusals."""

from __future__ import annotations

import json
import time
import unicodedata

import pytest
from django.urls import reverse

from copydesk.desk import find_replace, revisions, sources, workflow
from copydesk.desk.find_replace import find_hits, make_query
from copydesk.desk.models import AuditEvent, Revision, Segment, SegmentState
from copydesk.errors import ConflictError, InputError, PermissionDeniedError, WorkflowError
from tests.desk.conftest import confirm_all, requires_postgres, story
from tests.desk.test_views_auth import signed_in

LINKED = {"kind": "paragraph", "text": "The <g1>FAST</g1> telescope saw FAST stars. Fast news.",
          "tags": {"1": {"kind": "link", "attrs": {"href": "https://example.org/fast"}}}}


def hits(text, find, **options):
    return [text[a:b] for a, b in find_hits(text, make_query(find, "", **options))]


# -- matching --------------------------------------------------------------------------------

def test_case_is_folded_unless_asked():
    assert hits("Rápido, RÁPIDO y rápido.", "rápido") == ["Rápido", "RÁPIDO", "rápido"]
    assert hits("Rápido, RÁPIDO y rápido.", "rápido", match_case=True) == ["rápido"]


def test_accents_count():
    assert hits("Rapido y Rápido", "rapido") == ["Rapido"]


def test_decomposed_query_finds_composed_text():
    decomposed = unicodedata.normalize("NFD", "Rápido")
    assert hits("Un Rápido.", decomposed) == ["Rápido"]


def test_a_hit_never_leaves_a_combining_accent_behind():
    assert hits("ra\u0301pido y rapido", "ra") == ["ra"]  # only the second one
    assert find_hits("ra\u0301pido y rapido", make_query("ra", "")) == [(10, 12)]


def test_sharp_s_matches_ss_without_match_case():
    assert hits("Die Straße und die STRASSE.", "strasse") == ["Straße", "STRASSE"]
    assert hits("Die Straße und die STRASSE.", "Straße", match_case=True) == ["Straße"]


def test_turkish_dotted_capital_i():
    assert hits("İSTANBUL ve istanbul", "istanbul") == ["İSTANBUL", "istanbul"]
    assert hits("İSTANBUL ve istanbul", "İSTANBUL", match_case=True) == ["İSTANBUL"]


def test_no_break_spaces_match_a_space():
    assert hits("3\u00a0millones y 3\u202fmillones y 3 millones", "3 millones") == [
        "3\u00a0millones", "3\u202fmillones", "3 millones"]


def test_whole_word():
    assert hits("FAST, FASTER, breakfast, FAST_x, FAST", "fast", whole_word=True) == [
        "FAST", "FAST"]
    assert len(hits("FAST, FASTER, breakfast", "fast")) == 3


def test_a_hit_never_covers_or_spans_a_tag():
    text = "The <g1>FAST</g1> telescope <x2/>saw"
    assert hits(text, "FAST") == ["FAST"]
    assert hits(text, "FAST telescope") == []  # spans </g1>
    assert hits(text, "g1") == []  # inside a tag
    assert hits(text, "telescope saw") == []  # spans <x2/>


def test_tags_in_the_query_or_the_replacement_are_refused():
    with pytest.raises(InputError, match="leave formatting tags"):
        make_query("<g1>FAST", "x")
    with pytest.raises(InputError, match="leave formatting tags"):
        make_query("FAST", "<x1/>")


@pytest.mark.parametrize(("find", "replace", "message"), [
    ("", "x", "Type the words"), ("   ", "x", "Type the words"),
    ("x" * 201, "y", "at most 200"), ("FAST", "y" * 1001, "at most 1000"),
    ("x" * 100_000, "y", "at most 200"), ("FA\x00ST", "y", "control character"),
])
def test_bad_queries_are_refused(find, replace, message):
    with pytest.raises(InputError, match=message):
        make_query(find, replace)


def test_linear_on_a_long_text():
    text = "a" * 200_000 + " FAST"
    started = time.perf_counter()
    assert hits(text, "a" * 150 + "b") == []
    assert len(hits(text, "aa", whole_word=True)) == 0
    assert time.perf_counter() - started < 2.0


# -- preview and apply -----------------------------------------------------------------------

@pytest.fixture
def fast(editor, edition):
    ingested = sources.ingest(story(blocks=[LINKED, {"kind": "paragraph",
                                                     "text": "FAST is big."}]),
                              key="k-fast", user=editor)
    translation = workflow.request_translation(ingested.article, edition, user=editor)
    texts = {"b1.s1": "El <g1>RÁPIDO</g1> telescopio vio estrellas rápido.",
             "b1.s2": "Noticias rápidas.", "b2.s1": "Rápido es grande."}
    for key, text in texts.items():
        segment = translation.segments.get(key=key)
        revisions.save_segment(segment.pk, text, base_version=segment.version, user=editor)
    return translation


def preview(client, translation, **params):
    return client.get(reverse("desk:find", args=[translation.pk]),
                      {"find": "rápido", "replace": "FAST", "whole_word": "1", **params},
                      HTTP_ACCEPT="application/json")


def apply(client, translation, segments, **fields):
    body = {"find": "rápido", "replace": "FAST", "whole_word": True, "segments": segments,
            **fields}
    return client.post(reverse("desk:replace", args=[translation.pk]), json.dumps(body),
                       content_type="application/json", HTTP_ACCEPT="application/json")


def test_preview_lists_every_hit_with_its_segment(client, editor, fast):
    data = preview(signed_in(client, editor), fast).json()
    assert data["hits"] == 3
    by_key = {s["key"]: s for s in data["segments"]}
    assert set(by_key) == {"b1.s1", "b2.s1"}  # "rápidas" is not the whole word
    assert by_key["b1.s1"]["replaced"] == "El <g1>FAST</g1> telescopio vio estrellas FAST."
    target = by_key["b1.s1"]["target"]
    assert [target[a:b] for a, b in by_key["b1.s1"]["hits"]] == ["RÁPIDO", "rápido"]
    assert by_key["b1.s1"]["hits"][0] == [7, 13]


def test_apply_saves_editor_revisions_unconfirms_and_rechecks(client, editor, fast):
    confirmed = fast.segments.get(key="b2.s1")
    revisions.confirm_segment(confirmed.pk, base_version=confirmed.version, user=editor)
    shown = preview(signed_in(client, editor), fast).json()["segments"]
    events_before = AuditEvent.objects.filter(article=fast.article).count()
    answer = apply(client, fast, [[s["id"], s["version"]] for s in shown])
    assert answer.status_code == 200, answer.content
    saved = {s["id"]: s for s in answer.json()["segments"]}
    assert len(saved) == 2 and "confirmed" in answer.json()["progress_html"]
    for item in shown:
        segment = Segment.objects.get(pk=item["id"])
        assert segment.target == item["replaced"] and segment.state == SegmentState.DRAFT
        assert segment.confirmed_by is None and segment.version == item["version"] + 1
        revision = Revision.objects.filter(segment=segment).latest("id")
        assert (revision.origin, revision.author, revision.after) == ("editor", editor,
                                                                     item["replaced"])
    kinds = list(AuditEvent.objects.filter(article=fast.article).order_by("seq")
                 .values_list("kind", flat=True))[events_before:]
    assert kinds == ["segment_edited", "segment_edited", "find_replace_applied"]
    summary = AuditEvent.objects.filter(kind="find_replace_applied").get().payload
    assert (summary["find"], summary["replace"], summary["hits"]) == ("rápido", "FAST", 3)


def test_tags_stay_where_they_were(client, editor, fast):
    shown = preview(signed_in(client, editor), fast).json()["segments"]
    apply(client, fast, [[s["id"], s["version"]] for s in shown])
    assert fast.segments.get(key="b1.s1").target.count("<g1>FAST</g1>") == 1


def test_a_stale_segment_means_nothing_is_replaced(client, editor, second_editor, fast):
    shown = preview(signed_in(client, editor), fast).json()["segments"]
    other = Segment.objects.get(pk=shown[1]["id"])
    revisions.save_segment(other.pk, "Rápido es muy grande.", base_version=other.version,
                           user=second_editor)
    answer = apply(client, fast, [[s["id"], s["version"]] for s in shown])
    assert answer.status_code == 409
    assert answer.json()["code"] == "edit_conflict" and "b2.s1" in answer.json()["error"]
    assert Segment.objects.get(pk=shown[0]["id"]).target == shown[0]["target"]
    assert not AuditEvent.objects.filter(kind="find_replace_applied").exists()


def test_a_published_translation_is_refused(editor, publisher, fast):
    from copydesk.desk import publishing

    confirm_all(fast, editor)
    workflow.approve(fast, user=editor)
    publishing.publish_translation(fast, user=publisher)
    segment = fast.segments.get(key="b1.s1")
    with pytest.raises(WorkflowError, match="published"):
        find_replace.apply(fast.pk, make_query("Redigiert", "X"), {segment.pk: segment.version},
                           user=editor)


def test_a_publisher_without_the_editor_role_is_refused(client, publisher, fast):
    assert preview(signed_in(client, publisher), fast).status_code == 403
    with pytest.raises(PermissionDeniedError):
        find_replace.preview(fast.pk, make_query("x", "y"), user=publisher)


def test_segments_of_another_translation_are_refused(editor, fast, translation):
    foreign = translation.segments.first()
    with pytest.raises(InputError, match="not live segments"):
        find_replace.apply(fast.pk, make_query("rápido", "FAST"),
                           {foreign.pk: foreign.version}, user=editor)


@pytest.mark.parametrize("segments", [[], [["1"]], [["x", "1"]], [[-1, 2]], [[1.5, 2]],
                                      [[1, 10**12]], [[i, 1] for i in range(2001)]])
def test_malformed_segment_lists_are_refused(client, editor, fast, segments):
    answer = apply(signed_in(client, editor), fast, segments)
    assert answer.status_code in (400, 413) and "error" in answer.json()


def test_huge_find_text_is_refused(client, editor, fast):
    answer = preview(signed_in(client, editor), fast, find="x" * 5000)
    assert answer.status_code == 400 and answer.json()["code"] == "too_large"
    assert "at most 200" in answer.json()["error"]


def test_apply_conflict_raised_by_the_service(editor, second_editor, fast):
    segment = fast.segments.get(key="b2.s1")
    stale = segment.version
    revisions.save_segment(segment.pk, "Rápido.", base_version=stale, user=second_editor)
    with pytest.raises(ConflictError, match=r"b2\.s1"):
        find_replace.apply(fast.pk, make_query("rápido", "FAST"), {segment.pk: stale},
                           user=editor)


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_replacement_racing_an_edit_is_all_or_nothing(editor, second_editor, fast):
    from copydesk.desk import audit
    from tests.desk.test_revisions import _race

    query = make_query("rápido", "FAST", whole_word=True)
    for round_number in range(4):
        shown = find_replace.preview(fast.pk, query, user=editor).segments
        if not shown:
            break
        chosen = {h.segment.pk: h.segment.version for h in shown}
        last = shown[-1].segment
        before = {pk: Segment.objects.get(pk=pk).target for pk in chosen}

        def work(i, chosen=chosen, last=last, round_number=round_number):
            if i == 0:
                return find_replace.apply(fast.pk, query, chosen, user=editor)
            return revisions.save_segment(last.pk, f"Rápido, vuelta {round_number}.",
                                          base_version=last.version, user=second_editor)

        replaced, edited = _race(2, work)
        if isinstance(replaced, ConflictError):  # the edit came first: nothing replaced
            assert isinstance(edited, Segment) and last.key in str(replaced)
            assert all(Segment.objects.get(pk=pk).target == before[pk]
                       for pk in chosen if pk != last.pk)
        else:  # the replacement came first: every segment replaced, the edit conflicts
            assert isinstance(edited, ConflictError), (replaced, edited)
            assert all("FAST" in Segment.objects.get(pk=pk).target for pk in chosen)
    assert audit.verify(fast.article).ok
