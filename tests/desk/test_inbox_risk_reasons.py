"""Each inbox row shows the article's risk with its reasons, in words an editor reads
("number mismatch (blocker), names changed ×2"), a list behind it with each severity in
words, and one query for the reasons of a whole page."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copydesk.checks import reasons
from copydesk.checks.base import Issue, Severity
from copydesk.desk import risk_view, sheet
from copydesk.desk.models import (
    Article,
    Segment,
    SourceVersion,
    Translation,
    TranslationState,
)
from tests.desk.conftest import story
from tests.desk.test_views_auth import signed_in

NAME = {"check": "names", "severity": "major", "message": "'China' became 'Porcelana'."}
NUMBER = {"check": "numbers", "severity": "blocker", "message": "3.5 million became 35."}
STYLE = {"check": "house-style", "severity": "minor", "message": "Use „…“ quotes."}


def put(edition, key: str, segments: list[tuple[float, list[dict]]], *, risk: float = 0.5,
        state: str = TranslationState.IN_REVIEW, **fields) -> Translation:
    article = Article.objects.create(key=key)
    version = SourceVersion.objects.create(article=article, number=1, content_hash=key,
                                           content=story(title=f"Story {key}").to_dict())
    made = Translation.objects.create(article=article, edition=edition, source_version=version,
                                      state=state, risk=risk)
    Segment.objects.bulk_create([
        Segment(translation=made, key=f"b1.s{n}", position=n, source="x", target="y",
                risk=segment_risk, issues=issues, **fields)
        for n, (segment_risk, issues) in enumerate(segments)])
    return made


def row(page: str, translation: Translation) -> str:
    found = re.search(rf'<tr id="row-{translation.pk}".*?</tr>', page, re.S)
    assert found, f"no row for translation {translation.pk}"
    return found.group(0)


def test_a_row_shows_the_top_reasons_in_words_and_the_list_behind_them(client, editor, edition):
    flagged = put(edition, "k-flagged", [(0.6, [NAME, NAME]), (0.5, [NAME, STYLE]),
                                         (0.95, [NUMBER]), (0.1, [])])
    calm = put(edition, "k-calm", [(0.1, []), (0.2, [])], risk=0.15)
    page = signed_in(client, editor).get(reverse("desk:inbox")).content.decode()
    shown = row(page, flagged)
    summary = re.search(r"<summary>(.*?)</summary>", shown).group(1)
    assert summary == "number mismatch (blocker), names changed ×2, house style"
    items = re.findall(r"<li>(.*?)</li>", shown, re.S)
    assert [re.sub(r"<[^>]+>", "", i).split(".")[0] for i in items] == [
        "Blocker: number mismatch, 1 segment", "Major: names changed, 2 segments",
        "Minor: house style, 1 segment"]
    assert "&#x27;China&#x27; became &#x27;Porcelana&#x27;" in items[1]
    quiet = row(page, calm)
    assert "<summary>no check fired (length, names, numbers)</summary>" in quiet
    assert "No issue</strong>: no check fired" in quiet


def test_left_out_and_dropped_segments_give_no_reasons(editor, edition):
    put(edition, "k-out", [(0.9, [NUMBER])], excluded=True)
    gone = Translation.objects.get(article__key="k-out")
    Segment.objects.create(translation=gone, key="b2.s1", position=5, source="x", risk=0.2,
                           issues=[NAME], active=False)
    Segment.objects.create(translation=gone, key="b3.s1", position=6, source="x", risk=0.3,
                           issues=[STYLE])
    [shown] = [r for r in sheet.inbox(editor).rows if r.pk == gone.pk]
    assert shown.risk_reasons.summary == "house style"


def test_a_translating_row_has_no_reasons_yet_and_the_polled_row_has_them(client, editor,
                                                                         edition):
    waiting = put(edition, "k-wait", [], state=TranslationState.TRANSLATING)
    done = put(edition, "k-done", [(0.7, [NAME])])
    assert sheet.inbox_row(waiting.pk).risk_reasons is None
    answer = signed_in(client, editor).get(reverse("desk:inbox_row", args=[done.pk]))
    assert "<summary>names changed</summary>" in answer.content.decode()


def test_the_reasons_of_a_page_cost_one_query_however_many_rows(editor, edition):
    made = [put(edition, f"k-{n}", [(0.5, [NAME]), (0.9, [NUMBER])]) for n in range(12)]

    def queries(count: int) -> int:
        rows = list(sheet.listed(Translation.objects.filter(pk__in=[t.pk for t in
                                                                     made[:count]])))
        with CaptureQueriesContext(connection) as captured:
            risk_view.attach(rows)
        assert all(r.risk_reasons.summary == "number mismatch (blocker), names changed"
                   for r in rows)
        return len(captured.captured_queries)

    assert queries(2) == queries(12) == 1
    with CaptureQueriesContext(connection) as captured:
        risk_view.attach([])
    assert len(captured.captured_queries) == 0


def test_the_summary_names_each_check_once_and_plugins_by_their_id():
    found = reasons.risk_reasons([
        (0.5, [Issue("names", Severity.MAJOR, "a"), Issue("names", Severity.MINOR, "b")]),
        (0.4, [Issue("names", Severity.MINOR, "c"), Issue("sarcasm-detector", Severity.MINOR,
                                                          "d")])], limit=5)
    assert reasons.summary(found) == "names changed, sarcasm detector"
    assert reasons.summary([]) == ""
    assert reasons.label(reasons.risk_reasons([(0.1, [])])[0]).startswith("no check fired")
