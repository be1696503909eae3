"""The review screen's filters: ``?show=`` is checked against an allowlist, and the server
keeps, counts and hides the same segments the page's script does."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from copydesk.desk import comments, editing, review_filters, revisions, sheet, sources, workflow
from copydesk.desk.models import Segment
from tests.desk.conftest import STORY, confirm_all, story
from tests.desk.test_views_auth import signed_in

BLOCKER = {"check": "numbers", "severity": "blocker", "message": "3.5 is missing"}
MINOR = {"check": "spacing", "severity": "minor", "message": "double space"}
MAJOR = {"check": "terms", "severity": "major", "message": "term not used"}
HIDDEN_CARD = re.compile(r'<(?:article class="segment|section class="block)[^>]* hidden>')


@pytest.mark.parametrize(("raw", "value"), [
    (None, "all"), ("", "all"), ("all", "all"), ("unconfirmed", "unconfirmed"),
    ("UNCONFIRMED", "unconfirmed"), ("  issues ", "issues"), ("Blocker", "blocker"),
    ("ｃｈａｎｇｅｄ", "changed"),  # full-width letters: NFKC makes them plain
    ("in-context", "in-context"), ("EXACT", "exact"), ("fuzzy", "fuzzy"),
    ("machine", "machine"), ("comments", "comments"), ("major", "major"), ("minor", "minor"),
])
def test_show_names_a_filter_in_any_case_and_unicode_form(raw, value):
    chosen, refused = review_filters.parse(raw)
    assert (chosen.value, refused) == (value, "")


@pytest.mark.parametrize("raw", [
    "bogus", "unconfirmed,issues", "unconfirmed\x00", "un\u200bconfirmed", "İssues",
    "issues\u202e", "<script>alert(1)</script>", "x" * 100_000, "🙂" * 5000,
    "unconfirmed" + " " * 40,  # spaces around are ignored, but not without end
])
def test_show_that_names_no_filter_shows_everything_and_says_so(raw):
    chosen, refused = review_filters.parse(raw)
    assert chosen.value == "all"
    assert refused.startswith("The review screen has no filter “")
    assert "every segment is shown; the filters are all, unconfirmed," in refused
    assert len(refused) < 400  # a huge value is not repeated
    assert not re.search(r"[\x00\u200b\u202e]", refused)  # nor are invisible characters


def _facts(translation):
    """Two confirmed segments (one with a blocker left open), issues of each severity, a
    change in source, an open and a resolved comment."""
    first, second, third, fourth, fifth = translation.segments.order_by("position")
    Segment.objects.filter(pk=first.pk).update(issues=[BLOCKER, MINOR], state="confirmed")
    Segment.objects.filter(pk=second.pk).update(issues=[MAJOR], needs_work=True)
    Segment.objects.filter(pk=third.pk).update(issues=[MINOR], state="confirmed")
    Segment.objects.filter(pk=fourth.pk).update(needs_work=True)
    return first, second, third, fourth, fifth


def _counts(translation, raw=None):
    shown = sheet.review_sheet(translation)
    got = review_filters.bar(shown, raw)
    return shown, got, {c.value: c.count for c in got.choices}


def test_each_filter_counts_the_segments_it_keeps(translation, editor):
    *_, fourth, fifth = _facts(translation)
    comments.add_comment(fourth.pk, "Check the figure", user=editor)
    resolved = comments.add_comment(fifth.pk, "Done", user=editor)
    comments.resolve_comment(resolved.pk, user=editor)
    _, got, counts = _counts(translation)
    assert counts == {"all": 5, "unconfirmed": 3, "issues": 3, "changed": 2, "comments": 1,
                      "blocker": 1, "major": 1, "minor": 2, "in-context": 0, "exact": 0,
                      "fuzzy": 0, "machine": 5}
    assert got.hidden == frozenset() and got.chosen.value == "all"


def test_the_chosen_filter_hides_the_others_and_empty_blocks(translation):
    first, second, third, fourth, fifth = _facts(translation)
    shown, got, _ = _counts(translation, "unconfirmed")
    assert got.hidden == {first.pk, third.pk} and got.shown == 3
    shown, got, _ = _counts(translation, "blocker")
    assert got.hidden == {second.pk, third.pk, fourth.pk, fifth.pk}
    labels = [block.label for n, block in enumerate(shown.blocks) if n not in got.hidden_blocks]
    assert labels == ["Headline"]


def test_an_overridden_blocker_is_not_open(translation, editor):
    segment = translation.segments.order_by("position").first()
    Segment.objects.filter(pk=segment.pk).update(issues=[BLOCKER])
    item = sheet.segment_item(revisions.find_segment(segment.pk))
    assert item.open_severities == ["blocker"]
    from copydesk.desk import checking, gate
    gate.override(segment.pk, "numbers", issue=checking.issue_id(BLOCKER),
                  version=segment.version, user=editor, reason="The figure is right.")
    item = sheet.segment_item(revisions.find_segment(segment.pk))
    assert item.open_severities == [] and item.issues[0]["overridden"]


def test_match_types_follow_the_draft_even_after_an_edit(
        translation, editor, edition, django_capture_on_commit_callbacks):
    """The same neighbours make an in-context match, the same sentence elsewhere an exact
    one, a near sentence fuzzy suggestions; an edit keeps where the draft came from."""
    with django_capture_on_commit_callbacks(execute=True):
        confirm_all(translation, editor)
    article = sources.ingest(story(title="Ministry pays 3.5 million euros for a new bridge",
                                   blocks=[*STORY["blocks"], {"kind": "paragraph", "text": (
                                       "The mayor said the bridge would open in 2028. "
                                       "Work starts in May.")}]),
                             key="https://example.org/bridge-3", user=editor).article
    second = workflow.request_translation(article, edition, user=editor)
    kinds = [(item.segment.key, item.match_type)
             for block in sheet.review_sheet(second).blocks for item in block.segments]
    assert kinds == [("title.s1", "fuzzy"), ("standfirst.s1", "exact"),  # a new headline before
                     ("b1.s1", "in-context"), ("b1.s2", "in-context"), ("b2.s1", "exact"),
                     ("b3.s1", "fuzzy"), ("b3.s2", "exact")]
    paid = second.segments.get(source="The ministry paid 3.5 million euros.")
    editing.save(paid.pk, "Von Hand.", base_version=paid.version, user=editor)
    _, got, counts = _counts(second, "in-context")
    assert paid.pk not in got.hidden  # the edit keeps where the draft came from
    assert (counts["in-context"], counts["exact"], counts["fuzzy"], counts["machine"]) == (
        2, 3, 2, 0)


def test_the_review_page_renders_the_filter_applied(client, editor, translation):
    first, second, third, _, fifth = _facts(translation)
    url = reverse("desk:review", args=[translation.pk])
    html = signed_in(client, editor).get(url, {"show": "unconfirmed", "order": "risk"}) \
        .content.decode()
    assert re.search(r'data-show="unconfirmed"[^>]*aria-pressed="true">Unconfirmed '
                     r'<span class="count">3</span><span class="visually-hidden"> segments',
                     html)
    assert 'aria-pressed="true"' not in html.split('data-show="all"')[1].split(">")[0]
    for segment, hidden in ((first, True), (second, False), (third, True), (fifth, False)):
        tag = re.search(rf'<article class="segment[^>]*id="seg-{segment.pk}"[^>]*>', html)
        assert tag is not None and (" hidden>" in tag.group(0)) is hidden
    assert 'data-issues="blocker minor"' in html and 'data-match="machine"' in html
    assert 'href="?order=reading&amp;show=unconfirmed"' in html
    assert '<input type="hidden" name="order" value="risk">' in html


def test_the_review_page_says_when_a_filter_leaves_nothing(client, editor, translation):
    translation.segments.update(state="confirmed")
    url = reverse("desk:review", args=[translation.pk])
    html = signed_in(client, editor).get(url, {"show": "unconfirmed"}).content.decode()
    assert re.search(r'<p class="filter-empty" >\s*<span class="filter-empty-text">No '
                     r'unconfirmed segments: everything is confirmed.</span>', html)
    assert len(HIDDEN_CARD.findall(html)) == 5 + 4  # every segment, every block


@pytest.mark.parametrize("raw", ["<b>bold</b>", "x" * 5000, "\u202egnissim"])
def test_the_review_page_refuses_an_unknown_filter_in_words(client, editor, translation, raw):
    url = reverse("desk:review", args=[translation.pk])
    response = signed_in(client, editor).get(url, {"show": raw})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="message warning filter-refused" role="alert">The review screen has no ' \
           'filter' in html
    assert "<b>bold</b>" not in html and "\u202e" not in html
    assert re.search(r'data-show="all"[^>]*aria-pressed="true"', html)
    assert not HIDDEN_CARD.search(html)
