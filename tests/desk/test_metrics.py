"""What machine translation saves: the figures of a scripted review session, worked out by
hand from its texts, its review time and its clock; the metrics page and its CSV export."""

from __future__ import annotations

import base64
import csv
import io
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from copydesk.article import Article as SourceArticle
from copydesk.desk import metrics, publishing, revisions, sources, workflow
from copydesk.desk.models import Edition, Segment, Translation, TranslationState
from copydesk.desk.views.metrics import _guarded
from copydesk.engines import registry
from copydesk.engines.base import Candidate, Context, Engine, Signature
from copydesk.errors import InputError
from tests.desk.conftest import NO_CHECKS, spend_review_time
from tests.desk.test_views_auth import signed_in

# What the engines write for each source sentence (no numbers, quotes or apostrophes, so no
# house-style fix changes a word).
MACHINE = {
    "Harbour board meets on Friday": "Hafenrat tagt am Freitag",
    "The board will discuss the new quay.": "Der Rat bespricht den neuen Kai.",
    "The mayor will attend.": "Der Bürgermeister kommt.",
    "Ferry timetable changes in June": "Nouveaux horaires du ferry",
    "The ferry leaves earlier from June.": "Le ferry part plus tôt dès juin.",
    "Bridge opens in autumn": "Brücke öffnet im Herbst",
}
HARBOUR = {"title": "Harbour board meets on Friday", "language": "en", "blocks": [
    {"kind": "paragraph", "text": "The board will discuss the new quay."},
    {"kind": "paragraph", "text": "The mayor will attend."}]}  # 5 + 7 + 4 = 16 source words
FERRY = {"title": "Ferry timetable changes in June", "language": "en", "blocks": [
    {"kind": "paragraph", "text": "The ferry leaves earlier from June."}]}  # 5 + 6 = 11 words
BRIDGE = {"title": "Bridge opens in autumn", "language": "en", "blocks": []}
MONDAY = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # ISO week 10


class Clock:
    """The desk's clock, moved by the test and by the engines (translating takes time)."""

    now = MONDAY

    def set(self, moment: datetime) -> None:
        self.now = moment

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


class TableEngine(Engine):
    """An engine that writes ``MACHINE``'s text and takes ``minutes`` of the desk's clock."""

    name: ClassVar[str] = "alpha"
    minutes: ClassVar[float] = 10
    clock: ClassVar[Clock | None] = None

    def supports(self, source_lang: str, target_lang: str) -> bool:
        return True

    def translate(self, segments: Sequence[str], source_lang: str, target_lang: str, *,
                  glossary: Mapping[str, str] | None = None,
                  context: Context | None = None) -> list[Candidate]:
        assert self.clock is not None
        self.clock.advance(self.minutes)
        return [Candidate(MACHINE[s], Signature(self.name, model="table")) for s in segments]


class SlowTableEngine(TableEngine):
    name: ClassVar[str] = "beta"
    minutes: ClassVar[float] = 20


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    found = Clock()
    monkeypatch.setattr(timezone, "now", lambda: found.now)
    known = registry.engine_classes()
    monkeypatch.setattr(registry, "engine_classes",
                        lambda: {**known, "alpha": TableEngine, "beta": SlowTableEngine})
    monkeypatch.setattr(TableEngine, "clock", found)
    return found


def _request(story: dict[str, Any], key: str, edition: Edition, user: Any) -> Translation:
    article = sources.ingest(SourceArticle.from_dict(story), key=key, user=user).article
    return workflow.request_translation(article, edition, user=user)


def _segments(translation: Translation) -> dict[str, Segment]:
    return {s.key: s for s in translation.segments.filter(active=True)}


def _flag(segment: Segment, *checks: str) -> None:
    Segment.objects.filter(pk=segment.pk).update(
        draft_issues=[{"check": c, "severity": "minor", "message": "flagged"} for c in checks])


def _review(translation: Translation, editor: Any, seconds: float,
            edits: dict[str, str]) -> None:
    """Edit the named segments, spend ``seconds`` on the page, confirm everything."""
    for key, text in edits.items():
        segment = _segments(translation)[key]
        revisions.save_segment(segment.pk, text, base_version=segment.version, user=editor)
    spend_review_time(translation, editor, seconds)
    for segment in _segments(translation).values():
        revisions.confirm_segment(segment.pk, base_version=segment.version, user=editor)
    translation.refresh_from_db()


def _publish(translation: Translation, editor: Any, publisher: Any) -> None:
    publishing.publish_translation(workflow.approve(translation, user=editor), user=publisher)


@pytest.fixture
def session(clock: Clock, editor: Any, publisher: Any) -> dict[str, Translation]:
    """Two articles reviewed and published, in weeks 10 and 11 of 2025.

    *Harbour* (German edition, engine alpha, 10 minutes to translate): one word of the
    six-word quay sentence changed ("Kai." -> "Steg.": 1 TER edit, 4 characters of 32),
    the other two confirmed as written; 48 s of review; published 2 h after review began.
    *Ferry* (French edition, engine beta, 20 minutes): "ferry" -> "bac" in the four-word
    headline (1 edit, 5 characters of 26), the other sentence confirmed as written; 22 s
    of review; published 30 minutes after its draft arrived.
    """
    german = Edition.objects.create(code="de", name="German edition", language="de",
                                    engine="alpha", options=NO_CHECKS)
    french = Edition.objects.create(code="fr", name="French edition", language="fr",
                                    engine="beta", options=NO_CHECKS)
    harbour = _request(HARBOUR, "https://example.org/harbour", german, editor)  # ready 09:10
    parts = _segments(harbour)
    _flag(parts["b1.s1"], "numbers")
    _flag(parts["b2.s1"], "length")
    _review(harbour, editor, 48, {"b1.s1": "Der Rat bespricht den neuen Steg."})
    clock.set(MONDAY + timedelta(hours=2, minutes=10))
    _publish(harbour, editor, publisher)

    clock.set(datetime(2025, 3, 12, 8, 0, tzinfo=UTC))  # a Wednesday, week 11
    ferry = _request(FERRY, "https://example.org/ferry", french, editor)  # ready 08:20
    parts = _segments(ferry)
    _flag(parts["title.s1"], "names")
    _flag(parts["b1.s1"], "names", "length")
    _review(ferry, editor, 22, {"title.s1": "Nouveaux horaires du bac"})
    clock.set(datetime(2025, 3, 12, 8, 50, tzinfo=UTC))
    _publish(ferry, editor, publisher)
    return {"harbour": harbour, "ferry": ferry}


def _figures(found: metrics.Report, group: str) -> dict[str, dict[str, Any]]:
    return {f.key: f.to_dict() for f in getattr(found, group)}


# --- the figures ------------------------------------------------------------------------

def test_the_drafts_are_the_engines_text_unchanged_by_house_style(session):
    for translation in session.values():
        for segment in _segments(translation).values():
            assert segment.draft_origin == "mt"
            assert segment.draft_text in MACHINE.values()


def test_each_edition_gets_the_figures_worked_out_by_hand(session):
    editions = _figures(metrics.report(metrics.Filters()), "editions")
    assert editions["de"] == {
        "key": "de", "label": "German edition", "translations": 1, "machine_segments": 3,
        "words": 16,
        "hter": 7.69,  # 1 edit over 4 + 6 + 3 words of the edited texts
        "char_edit_ratio": 5.0,  # 4 characters over 24 + 32 + 24
        "confirmed_unchanged_share": 0.6667,  # 2 of 3
        "review_seconds_per_100_words": 300.0,  # 48 s over 16 words
        "minutes_to_review": 10.0, "minutes_review_to_publish": 120.0,
        "minutes_to_publish": 130.0}
    assert editions["fr"] == {
        "key": "fr", "label": "French edition", "translations": 1, "machine_segments": 2,
        "words": 11,
        "hter": 9.09,  # 1 edit over 4 + 7 words
        "char_edit_ratio": 8.62,  # 5 characters over 26 + 32
        "confirmed_unchanged_share": 0.5,
        "review_seconds_per_100_words": 200.0,  # 22 s over 11 words
        "minutes_to_review": 20.0, "minutes_review_to_publish": 30.0,
        "minutes_to_publish": 50.0}


def test_the_total_is_corpus_level_and_turnaround_is_a_median(session):
    total = metrics.report(metrics.Filters()).total
    assert (total.translations, total.machine_segments, total.words) == (2, 5, 27)
    assert total.hter == 8.33  # 2 edits over 24 words, not the mean of 7.69 and 9.09
    assert total.char_edit_ratio == 6.52  # 9 over 138 characters
    assert total.confirmed_unchanged_share == 0.6
    assert total.review_seconds_per_100_words == 259.3  # 70 s over 27 words
    assert (total.minutes_to_review, total.minutes_review_to_publish,
            total.minutes_to_publish) == (15.0, 75.0, 90.0)


def test_one_segment_with_one_edit_in_six_words_is_hter_16_67(session):
    quay = _segments(session["harbour"])["b1.s1"]
    assert quay.post_edit["edits"] == 1 and quay.post_edit["reference_words"] == 6
    assert round(100 * quay.post_edit["edits"] / quay.post_edit["reference_words"], 2) == 16.67


def test_engines_and_weeks_group_the_same_translations(session):
    found = metrics.report(metrics.Filters())
    engines = _figures(found, "engines")
    assert list(engines) == ["alpha", "beta"]
    assert engines["alpha"]["hter"] == 7.69 and engines["beta"]["hter"] == 9.09
    weeks = {f.key: f.label for f in found.periods}
    assert weeks == {"2025-03-03": "2025-W10", "2025-03-10": "2025-W11"}
    months = metrics.report(metrics.Filters(by="month")).periods
    assert [(f.key, f.label, f.translations, f.hter) for f in months] == [
        ("2025-03-01", "2025-03", 2, 8.33)]
    days = metrics.report(metrics.Filters(by="day")).periods
    assert [f.label for f in days] == ["2025-03-03", "2025-03-12"]


def test_each_check_counts_its_flags_and_how_often_an_editor_then_changed_the_text(session):
    checks = {c.check: c.to_dict() for c in metrics.report(metrics.Filters()).checks}
    assert checks == {
        "length": {"check": "length", "flagged": 2, "edited": 0, "precision": 0.0},
        "names": {"check": "names", "flagged": 2, "edited": 1, "precision": 0.5},
        "numbers": {"check": "numbers", "flagged": 1, "edited": 1, "precision": 1.0},
    }
    assert [c.check for c in metrics.report(metrics.Filters()).checks] == [
        "length", "names", "numbers"]  # most flags first


@pytest.mark.parametrize(("filters", "expected"), [
    ({"edition": "fr"}, ["French edition"]),
    ({"engine": "alpha"}, ["German edition"]),
    ({"since": "2025-03-10"}, ["French edition"]),
    ({"until": "2025-03-09"}, ["German edition"]),
    ({"since": "2025-03-03", "until": "2025-03-03"}, ["German edition"]),
    ({"since": "2025-03-13"}, []),
    ({"engine": "nobody-uses-this"}, []),
])
def test_filters_select_translations(session, filters, expected):
    found = metrics.report(metrics.Filters.parse(**filters))
    assert [f.label for f in found.editions] == expected
    assert found.total.translations == len(expected)


def test_translations_in_review_count_only_when_asked(session, clock, editor):
    clock.set(datetime(2025, 3, 20, 10, 0, tzinfo=UTC))
    german = Edition.objects.get(code="de")
    waiting = _request(BRIDGE, "https://example.org/bridge", german, editor)  # ready 10:10
    assert waiting.state == TranslationState.IN_REVIEW
    assert metrics.report(metrics.Filters()).total.translations == 2
    found = metrics.report(metrics.Filters(in_review=True))
    assert found.total.translations == 3
    assert found.total.confirmed_unchanged_share == 0.5  # its segment is not confirmed yet
    assert found.total.minutes_to_review == 10.0  # median of 10, 20 and 10
    assert found.total.minutes_review_to_publish == 75.0  # it is not published
    assert [f.label for f in found.periods][-1] == "2025-W12"  # the week its draft arrived


def test_a_withdrawn_translation_is_not_counted(session, publisher):
    workflow.withdraw(session["ferry"], user=publisher, reason="The ferry story was wrong.")
    assert [f.key for f in metrics.report(metrics.Filters()).editions] == ["de"]


def test_no_figure_names_a_person(session):
    text = str(metrics.report(metrics.Filters()).to_dict())
    assert "erika" not in text.lower() and "paula" not in text.lower()


def test_the_queries_are_two_plus_two_per_translation(session, django_assert_num_queries):
    with django_assert_num_queries(2 + 2 * 2):
        metrics.report(metrics.Filters())


def test_an_empty_desk_gives_zeros(db):
    found = metrics.report(metrics.Filters()).to_dict()
    assert found["total"]["translations"] == 0 and found["total"]["hter"] == 0.0
    assert found["editions"] == found["engines"] == found["periods"] == found["checks"] == []


@pytest.mark.parametrize(("filters", "message"), [
    ({"since": "2025-02-30"}, "is not a date"),
    ({"until": "31.03.2025"}, "YYYY-MM-DD"),
    ({"since": "20250301"}, "YYYY-MM-DD"),
    ({"since": "2025-03-10", "until": "2025-03-01"}, "swap the dates"),
    ({"by": "year"}, "day, week, month"),
    ({"edition": "x" * 65}, "at most 64"),
    ({"engine": "a\x00b"}, "printable"),
])
def test_bad_filters_are_refused_with_a_message(filters, message):
    with pytest.raises(InputError, match=re.escape(message)):
        metrics.Filters.parse(**filters)


def test_an_unknown_edition_is_refused_naming_the_known_ones(session):
    with pytest.raises(InputError, match=r"no edition 'it'.*de, fr"):
        metrics.report(metrics.Filters.parse(edition="it"))


def test_filters_far_in_time_do_not_overflow(session):
    found = metrics.report(metrics.Filters(since=date.min, until=date.max))
    assert found.total.translations == 2


# --- the page and the CSV -----------------------------------------------------------------

def _page(client: Client, **query: str) -> Any:
    return client.get(reverse("desk:metrics"), query)


def _charts(html: str) -> list[bytes]:
    found = re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    return [base64.b64decode(data) for data in found]


def test_the_page_shows_the_figures_and_charts_without_scripts(session, client, editor):
    answer = _page(signed_in(client, editor))
    html = answer.content.decode()
    assert answer.status_code == 200
    for shown in ("German edition", "French edition", "7.69", "9.09", "8.33", "300.0",
                  "2025-W10", "names", "50 %", "130.0"):
        assert shown in html, shown
    charts = _charts(html)
    assert len(charts) == 3
    for svg in charts:
        root = etree.fromstring(svg)
        assert root.tag.endswith("svg")
        assert not root.xpath("//*[local-name()='script']")
    assert b"2025-W11" in charts[0]
    assert 'href="/metrics.csv"' in html


def test_any_desk_role_may_see_the_page_and_nobody_else(session, client, publisher, make_user):
    assert _page(signed_in(Client(), publisher)).status_code == 200
    assert _page(client).status_code == 302  # to the sign-in page
    assert _page(signed_in(Client(), make_user("nobody"))).status_code == 403


def test_every_control_of_the_filter_form_has_a_label(session, client, editor):
    page = lxml.html.fromstring(_page(signed_in(client, editor)).content)
    form = page.xpath("//form[@method='get']")[0]
    controls = form.xpath(".//input | .//select")
    assert len(controls) == 6
    for control in controls:
        ids = control.get("id")
        assert ids and page.xpath(f"//label[@for='{ids}']"), control.get("name")


def test_a_filtered_page_keeps_its_choices(session, client, editor):
    html = _page(signed_in(client, editor), edition="fr", by="month", since="2025-03-01",
                 in_review="1").content.decode()
    assert '<option value="fr" selected>' in html
    assert '<option value="month" selected>' in html
    assert 'value="2025-03-01"' in html and "checked" in html
    assert "German edition</th>" not in html and "French edition</th>" in html
    assert "edition=fr" in html  # the CSV link carries the filters


def test_bad_filters_show_a_message_not_a_server_error(session, client, editor):
    answer = _page(signed_in(client, editor), since="2025-02-30", edition="<b>x</b>")
    html = answer.content.decode()
    assert answer.status_code == 400
    assert "is not a date; write it as YYYY-MM-DD" in html
    assert "<b>x</b>" not in html  # the typed value is escaped


def test_an_edition_name_is_escaped_in_the_chart_and_the_page(session, client, editor):
    Edition.objects.filter(code="fr").update(name='<script>alert("x")</script> & Co')
    html = _page(signed_in(client, editor), edition="fr").content.decode()
    assert "<script>alert" not in html
    svg = _charts(html)[0]
    assert b"<script>alert" not in svg
    texts = etree.fromstring(svg).xpath("//*[local-name()='title']/text() | //text()")
    assert any('<script>alert("x")</script> & Co' in t for t in texts)


def test_the_csv_has_every_group_and_check(session, client, editor):
    answer = signed_in(client, editor).get(reverse("desk:metrics_csv"))
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
    by_group = {(r["group"], r["key"]): r for r in rows}
    assert set(by_group) == {("total", "all"), ("edition", "de"), ("edition", "fr"),
                             ("engine", "alpha"), ("engine", "beta"),
                             ("period", "2025-03-03"), ("period", "2025-03-10"),
                             ("check", "length"), ("check", "names"), ("check", "numbers")}
    assert by_group[("total", "all")]["hter"] == "8.33"
    assert by_group[("edition", "de")]["minutes_to_publish"] == "130.0"
    assert by_group[("check", "names")]["precision"] == "0.5"
    assert by_group[("check", "names")]["hter"] == ""


def test_the_csv_guards_a_formula_in_an_edition_name(session, client, editor):
    Edition.objects.filter(code="fr").update(name='=HYPERLINK("http://example.org","x")')
    answer = signed_in(client, editor).get(reverse("desk:metrics_csv"), {"edition": "fr"})
    rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
    assert {r["label"] for r in rows if r["group"] == "edition"} == {
        '\'=HYPERLINK("http://example.org","x")'}


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_gets_a_quote(start):
    assert _guarded([f"{start}1+1", "plain", None, 2.5]) == [f"'{start}1+1", "plain", "", "2.5"]


def test_a_bad_csv_filter_is_a_400_with_the_message(session, client, editor):
    answer = signed_in(client, editor).get(reverse("desk:metrics_csv"), {"by": "year"})
    assert answer.status_code == 400
    assert answer["Content-Type"].startswith("text/plain")
    assert "not 'year'" in answer.content.decode()
