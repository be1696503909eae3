"""The inbox follows the newsroom's clock: deadline order, filters, search, assignment, the
ready-to-publish queue, open comments, polling that stops, and a constant number of queries."""

from __future__ import annotations

import contextlib
import html
import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from copydesk.desk import (
    assignment,
    comments,
    filters,
    publishing,
    roles,
    search,
    sheet,
    sources,
    workflow,
)
from copydesk.desk.models import (
    Article,
    AuditEvent,
    Comment,
    Edition,
    Segment,
    SourceVersion,
    Translation,
    TranslationState,
)
from copydesk.errors import InputError, NotFoundError, PermissionDeniedError, WorkflowError
from tests.desk.api.conftest import Script, error_of
from tests.desk.conftest import NO_CHECKS, story
from tests.desk.test_views_auth import signed_in
from tests.fixtures import served_desk
from tests.fixtures.served_desk import DeskShell

S = TranslationState
RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "desk_records.py"


@pytest.fixture
def api_as(db):
    """A script with a fresh API token of a user."""
    from copydesk.desk import tokens

    return lambda user: Script(tokens.issue(user, "tests")[1])


def put_on_desk(editor, edition, title, key, **fields):
    article = sources.ingest(story(title=title), key=key, user=editor).article
    made = workflow.request_translation(article, edition, user=editor)
    if fields:
        Translation.objects.filter(pk=made.pk).update(**fields)
        made.refresh_from_db()
    return made


def queue_ids(user, **chosen):
    return [t.pk for t in sheet.inbox(user, filters.parse(chosen)).queue]


@pytest.fixture
def clock_desk(editor, edition):
    """Five translations in review: overdue, due in an hour, due in five hours (two, one of
    them riskier), and two without a deadline (one riskier)."""
    now = timezone.now()
    made = {}
    for name, hours, risk in (("late", 5, 0.1), ("none-calm", None, 0.1),
                              ("overdue", -2, 0.0), ("none-risky", None, 0.9),
                              ("soon", 1, 0.2), ("late-risky", 5, 0.8)):
        deadline = now + timedelta(hours=hours) if hours is not None else None
        made[name] = put_on_desk(editor, edition, f"Story {name}", f"cms:{name}",
                                 deadline=deadline, risk=risk)
    return made


def test_the_queue_goes_by_deadline_overdue_first_then_risk(clock_desk, editor):
    order = ["overdue", "soon", "late-risky", "late", "none-risky", "none-calm"]
    assert queue_ids(editor) == [clock_desk[name].pk for name in order]
    page = signed_in_page(editor, reverse("desk:inbox"))
    assert [page.index(f"Story {name}<") for name in order] == sorted(
        page.index(f"Story {name}<") for name in order)
    overdue_row = row_html(page, clock_desk["overdue"])
    assert "overdue by 2" in overdue_row and 'class="state-in_review overdue' in overdue_row
    assert "in 59" in row_html(page, clock_desk["soon"])  # "in 59 minutes"


def signed_in_page(user, url, **headers) -> str:
    from django.test import Client

    answer = signed_in(Client(), user).get(url, headers=headers)
    assert answer.status_code == 200, answer.content[:500]
    return answer.content.decode()


def row_html(page: str, translation) -> str:
    found = re.search(rf'<tr id="row-{translation.pk}".*?</tr>', page, re.S)
    assert found, f"no row for translation {translation.pk}"
    return found.group(0)


def test_filters_narrow_the_inbox_and_the_api(clock_desk, editor, second_editor, edition,
                                              api_as):
    dutch = Edition.objects.create(code="nl", name="Dutch edition", language="nl",
                                   engine="pseudo", options=NO_CHECKS)
    other = put_on_desk(editor, dutch, "Ferry strike ends", "cms:ferry",
                        deadline=timezone.now() - timedelta(hours=1))
    assignment.assign(clock_desk["soon"].pk, editor.username, user=editor)
    assignment.assign(clock_desk["late"].pk, second_editor.username, user=second_editor)
    assert queue_ids(editor, edition="nl") == [other.pk]
    assert queue_ids(editor, assigned="me") == [clock_desk["soon"].pk]
    assert queue_ids(second_editor, assigned="me") == [clock_desk["late"].pk]
    assert queue_ids(editor, assigned="ed") == [clock_desk["late"].pk]
    assert clock_desk["soon"].pk not in queue_ids(editor, assigned="none")
    assert queue_ids(editor, overdue="1") == [clock_desk["overdue"].pk, other.pk]
    assert queue_ids(editor, overdue="1", edition="de") == [clock_desk["overdue"].pk]
    assert queue_ids(editor, state="approved") == []
    api = api_as(editor)
    listed = api.get("/translations", overdue="true", order="clock").json()
    assert [t["id"] for t in listed["items"]] == [clock_desk["overdue"].pk, other.pk]
    assert all(t["overdue"] for t in listed["items"]) and listed["count"] == 2
    mine = api.get("/translations", assigned="me").json()["items"]
    assert [(t["id"], t["assigned_to"]) for t in mine] == [(clock_desk["soon"].pk, "erika")]
    assert api.get("/translations", state="in_review", edition="nl").json()["count"] == 1


def test_a_published_translation_is_not_overdue(approved, editor, publisher):
    publishing.publish_translation(approved, user=publisher)
    Translation.objects.filter(pk=approved.pk).update(
        deadline=timezone.now() - timedelta(days=1))
    listed = sheet.inbox(publisher, filters.parse({"overdue": "1"}))
    assert listed.rows == []
    row = sheet.inbox(publisher).others[0]
    assert row.pk == approved.pk and not row.overdue


@pytest.mark.parametrize("given, said", [
    ({"state": "done"}, "the state is one of"),
    ({"overdue": "maybe"}, "'overdue' is 1 or 0"),
    ({"edition": "de'; drop"}, "not an edition code"),
    ({"assigned": "a b"}, "'assigned' is 'me'"),
    ({"review_page": "0"}, "the page of 'review'"),
    ({"others_page": "9" * 40}, "the page of 'others'"),
    ({"q": "x" * 201}, "the search has 201 characters"),
    ({"q": " ".join("abcdefghi")}, "the search has 9 words"),
])
def test_filters_that_cannot_be_used_are_refused_with_what_to_do(editor, translation, given,
                                                                  said, api_as):
    with pytest.raises(InputError, match=re.escape(said)):
        filters.parse(given)
    from django.test import Client

    answer = signed_in(Client(), editor).get(reverse("desk:inbox"), given)
    assert answer.status_code == 400
    page = answer.content.decode()
    assert said in html.unescape(page) and "Clear the filters" in page
    assert f'id="row-{translation.pk}"' not in page  # no list that looks like a result


def test_the_api_refuses_an_overlong_search_as_bad_input(api_as, editor):
    error = error_of(api_as(editor).get("/translations", q="é" * 100_000), 400)
    assert error["code"] == "bad_input" and "at most 200" in error["message"]


@pytest.fixture
def titled(editor, edition):
    return put_on_desk(editor, edition, "Müller wins Straße prize", "cms:ferry-42")


@pytest.mark.parametrize("query", [
    "müller", "MÜLLER", "mu\u0308ller",  # composed, upper case, decomposed
    "ＭÜＬＬＥＲ",  # full-width letters
    "Mül\u200bler", "mül\u00adler",  # a zero-width space, a soft hyphen
    "STRASSE", "straße", "strasse prize",  # case folding makes ß "ss"
    "  prize   müller ", "CMS:FERRY-42", "ferry-4",  # words in any order, the key
    "müller\x00",  # a NUL, which no database stores, is not a letter
])
def test_the_search_matches_however_the_letters_are_typed(titled, editor, query):
    assert queue_ids(editor, q=query) == [titled.pk]


@pytest.mark.parametrize("query", ["mueller", "muller", "prize zebra", "%", "_", "ferry-43"])
def test_the_search_finds_nothing_that_is_not_there(titled, editor, query):
    assert queue_ids(editor, q=query) == []


def test_a_search_of_the_longest_allowed_length_is_fine(titled, editor):
    assert queue_ids(editor, q="m" * search.MAX_QUERY_CHARS) == []
    assert search.fold("ǰ") == search.fold("J\u030c")  # a case fold that decomposes


def test_the_search_follows_a_new_source_version(titled, editor):
    assert queue_ids(editor, q="müller") == [titled.pk]
    sources.ingest(story(title="Schmidt wins the prize"), key="cms:ferry-42", user=editor)
    assert queue_ids(editor, q="schmidt") == [titled.pk]
    assert queue_ids(editor, q="müller") == []
    assert search.refresh() == 0  # nothing stale after the search brought it up to date


def test_editors_take_give_back_and_are_refused_what_another_has(translation, editor,
                                                               second_editor, make_user):
    taken = assignment.assign(translation.pk, editor.username, user=editor)
    assert taken.assigned_to == editor and taken.assigned_at is not None
    with pytest.raises(WorkflowError, match=r"already taken by Erika \(erika\)"):
        assignment.assign(translation.pk, second_editor.username, user=second_editor)
    with pytest.raises(PermissionDeniedError, match="publisher"):
        assignment.assign(translation.pk, second_editor.username, user=second_editor,
                          reassign=True)
    with pytest.raises(WorkflowError, match="already taken by Erika"):
        assignment.assign(translation.pk, None, user=second_editor)  # not theirs to release
    with pytest.raises(PermissionDeniedError, match="assign translations to other editors"):
        assignment.assign(translation.pk, second_editor.username, user=editor)
    again = assignment.assign(translation.pk, editor.username, user=editor)  # nothing changes
    assert again.assigned_to == editor
    assert assignment.assign(translation.pk, None, user=editor).assigned_to is None
    events = AuditEvent.objects.filter(article_id=translation.article_id,
                                       kind__in=["assigned", "unassigned"]).order_by("seq")
    assert [(e.kind, e.actor, e.payload.get("editor"), e.payload["previous"])
            for e in events] == [("assigned", "user:erika", "erika", None),
                                 ("unassigned", "user:erika", None, "erika")]
    reader = make_user("rita")
    with pytest.raises(PermissionDeniedError, match="editor"):
        assignment.assign(translation.pk, "rita", user=reader)


def test_the_desk_chief_assigns_and_reassigns(translation, editor, second_editor, make_user):
    chief = make_user("chief", "editor", "publisher")
    assignment.assign(translation.pk, editor.username, user=chief)
    with pytest.raises(WorkflowError, match="already taken by Erika"):
        assignment.assign(translation.pk, second_editor.username, user=chief)
    moved = assignment.assign(translation.pk, second_editor.username, user=chief,
                              reassign=True)
    assert moved.assigned_to == second_editor
    event = AuditEvent.objects.filter(article_id=translation.article_id,
                                      kind="assigned").order_by("-seq").first()
    assert event.payload == {"translation": translation.pk, "edition": "de",
                             "editor": "ed", "previous": "erika"}
    with pytest.raises(WorkflowError, match=r"now assigned to Ed \(ed\)"):
        assignment.assign(translation.pk, "chief", user=chief, reassign=True, seen="erika")


def test_only_active_editors_are_assigned(translation, editor, make_user):
    chief = make_user("chief", "editor", "publisher")
    make_user("rita")
    gone = make_user("gone", "editor")
    gone.is_active = False
    gone.save()
    with pytest.raises(WorkflowError, match="rita is not an editor"):
        assignment.assign(translation.pk, "rita", user=chief)
    with pytest.raises(WorkflowError, match="switched off"):
        assignment.assign(translation.pk, "gone", user=chief)
    with pytest.raises(NotFoundError, match="nobody"):
        assignment.assign(translation.pk, "nobody", user=chief)
    for bad in ("", "a b", "x" * 151, "nul\x00"):
        with pytest.raises(InputError, match="user name of an editor"):
            assignment.assign(translation.pk, bad, user=chief)
    with pytest.raises(NotFoundError):
        assignment.assign(999_999, editor.username, user=editor)
    assert not AuditEvent.objects.filter(kind__in=["assigned", "unassigned"]).exists()


def test_a_published_translation_is_not_assigned_but_can_be_given_back(approved, editor,
                                                                        second_editor,
                                                                        publisher):
    assignment.assign(approved.pk, editor.username, user=editor)
    publishing.publish_translation(approved, user=publisher)
    with pytest.raises(WorkflowError, match="published; there is nothing to review"):
        assignment.assign(approved.pk, "ed", user=publisher, reassign=True)
    assert assignment.assign(approved.pk, None, user=editor).assigned_to is None
    with pytest.raises(WorkflowError, match="nothing to review"):
        assignment.assign(approved.pk, "erika", user=editor)


def test_the_inbox_row_takes_and_gives_back(client, translation, editor, second_editor):
    url = reverse("desk:assign", args=[translation.pk])
    signed_in(client, editor)
    page = client.get(reverse("desk:inbox")).content.decode()
    assert ">Take</button>" in row_html(page, translation)
    row = client.post(url, {"user": "erika", "seen": ""}, headers={"HX-Request": "true"})
    assert row.status_code == 200
    shown = row.content.decode()
    assert "Erika" in shown and ">Give back</button>" in shown and "hx-trigger" not in shown
    client.force_login(second_editor)
    late = client.post(url, {"user": "ed", "seen": ""}, headers={"HX-Request": "true"})
    assert late.status_code == 409 and "now assigned to Erika (erika)" in late.content.decode()
    assert late["HX-Retarget"] == "#flash"
    refused = client.post(url, {"user": "ed", "seen": ""}, follow=True)  # without htmx
    assert "now assigned to Erika (erika)" in refused.content.decode()
    client.force_login(editor)
    back = client.post(url, {"user": "", "seen": "erika"},
                       headers={"Referer": "http://testserver/?overdue=1"})
    assert back.status_code == 302 and back["Location"] == "http://testserver/?overdue=1"
    translation.refresh_from_db()
    assert translation.assigned_to is None
    assert "assigned to nobody now" in client.get(reverse("desk:inbox")).content.decode()


def test_the_api_assigns_through_the_same_rules(api_as, translation, editor, second_editor,
                                                publisher):
    path = f"/translations/{translation.pk}/assign"
    taken = api_as(editor).post(path, {"user": "erika"})
    assert taken.status_code == 200
    assert taken.json()["assigned_to"] == "erika" and taken.json()["assigned_at"]
    refused = error_of(api_as(second_editor).post(path, {"user": "ed"}), 409)
    assert refused["code"] == "workflow_error" and "taken by Erika (erika)" in refused["message"]
    denied = error_of(api_as(second_editor).post(path, {"user": "ed", "reassign": True}),
                      403)
    assert denied["code"] == "permission_denied"
    roles.grant(second_editor, "publisher")
    moved = api_as(second_editor).post(path, {"user": "ed", "reassign": True})
    assert moved.status_code == 200 and moved.json()["assigned_to"] == "ed"
    assert api_as(second_editor).post(path, {"user": None}).json()["assigned_to"] is None
    assert error_of(api_as(editor).post(path, {"user": ""}), 400)["code"] == "bad_input"
    assert error_of(api_as(editor).post(path, {}), 422)["code"] == "bad_input"
    assert error_of(api_as(publisher).post(path, {"user": "paula"}), 403)


def test_publishers_see_what_is_ready_to_publish(approved, translation, editor, publisher,
                                                 edition):
    waiting = put_on_desk(editor, edition, "Still in review", "cms:still")
    for_publisher = sheet.inbox(publisher)
    assert [t.pk for t in for_publisher.ready.rows] == [approved.pk]
    assert [t.pk for t in for_publisher.queue] == [waiting.pk]
    for_editor = sheet.inbox(editor)
    assert for_editor.ready is None and approved.pk in [t.pk for t in for_editor.others]
    page = signed_in_page(publisher, reverse("desk:inbox"))
    assert "Ready to publish" in page and page.index("Ready to publish") < page.index(
        f'id="row-{approved.pk}"')
    publishing.publish_translation(approved, user=publisher)
    assert sheet.inbox(publisher).ready.rows == []


def test_the_inbox_counts_open_comments_per_translation(translation, editor, edition):
    quiet = put_on_desk(editor, edition, "Quiet story", "cms:quiet")
    first, second = list(translation.segments.filter(active=True))[:2]
    for segment in (first, first, second):
        comments.add_comment(segment.pk, "Check the figure.", user=editor)
    settled = comments.add_comment(second.pk, "Settled.", user=editor)
    comments.resolve_comment(settled.pk, user=editor)
    Segment.objects.filter(pk=second.pk).update(active=False)  # dropped by a new version
    rows = {t.pk: t for t in sheet.inbox(editor).queue}
    assert (rows[translation.pk].open_comments, rows[quiet.pk].open_comments) == (2, 0)
    assert queue_ids(editor, open_comments="1") == [translation.pk]
    page = signed_in_page(editor, reverse("desk:inbox"))
    assert "2 open" in row_html(page, translation)
    assert "open</span>" not in row_html(page, quiet)


def test_the_list_polls_with_its_filters_and_answers_htmx_with_the_list_alone(
        translation, editor):
    url = reverse("desk:inbox") + "?edition=de&overdue=0&q=Ministry"
    page = signed_in_page(editor, url)
    assert 'hx-get="/?edition=de&amp;q=Ministry" hx-trigger="every 5s"' in page
    alone = signed_in_page(editor, url, **{"HX-Request": "true", "HX-Target": "inbox-list"})
    assert alone.lstrip().startswith('<div id="inbox-list"') and "<html" not in alone
    assert f'id="row-{translation.pk}"' in alone and 'name="q"' not in alone


def test_the_status_stops_polling_once_the_translation_is_done(client, approved, editor,
                                                               publisher):
    url = reverse("desk:status", args=[approved.pk])
    Translation.objects.filter(pk=approved.pk).update(
        state=S.TRANSLATING, progress_done=42, progress_total=42)
    working = signed_in(client, editor).get(url)
    assert 'hx-trigger="every 1s"' in working.content.decode()
    assert "HX-Refresh" not in working
    Translation.objects.filter(pk=approved.pk).update(state=S.APPROVED)
    publishing.publish_translation(workflow.find_translation(approved.pk), user=publisher)
    done = client.get(url)
    body = done.content.decode()
    assert done["HX-Refresh"] == "true"
    assert "hx-trigger" not in body and "hx-get" not in body and "Translating" not in body
    assert "now <strong>published</strong>" in body


def test_a_failed_translation_says_so_and_stops_polling(client, translation, editor):
    Translation.objects.filter(pk=translation.pk).update(state=S.FAILED,
                                                         error="The engine is down.")
    body = signed_in(client, editor).get(reverse("desk:status", args=[translation.pk]))
    assert "hx-trigger" not in body.content.decode()
    assert "failed: The engine is down." in body.content.decode()


def _many(count: int, edition, editor, *, prefix: str) -> None:
    """``count`` translations in every state, some assigned, with deadlines and comments."""
    states = [S.IN_REVIEW, S.APPROVED, S.PUBLISHED, S.TRANSLATING, S.FAILED, S.WITHDRAWN]
    now = timezone.now()
    articles = Article.objects.bulk_create(
        [Article(key=f"{prefix}:{n}") for n in range(count)])
    versions = SourceVersion.objects.bulk_create(
        [SourceVersion(article=a, number=1, content=story(title=f"{prefix} {n}").to_dict(),
                       content_hash=f"{n}") for n, a in enumerate(articles)])
    made = Translation.objects.bulk_create([Translation(
        article=a, edition=edition, source_version=v, state=states[n % len(states)],
        deadline=now + timedelta(hours=n - count // 2) if n % 3 else None,
        assigned_to=editor if n % 4 == 0 else None, risk=(n % 10) / 10)
        for n, (a, v) in enumerate(zip(articles, versions, strict=True))])
    segments = Segment.objects.bulk_create(
        [Segment(translation=t, key="title.s1", position=0, source="x") for t in made])
    Comment.objects.bulk_create([Comment(segment=s, author=editor, text="?")
                                 for s in segments[::2]])


@pytest.mark.parametrize("user_name", ["editor", "publisher"])
def test_the_inbox_costs_the_same_queries_for_three_rows_or_hundreds(
        client, edition, editor, publisher, user_name):
    user = {"editor": editor, "publisher": publisher}[user_name]
    signed_in(client, user)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(url)
        assert answer.status_code == 200
        return len(captured.captured_queries)

    url = reverse("desk:inbox") + "?q=bulk"
    _many(6, edition, editor, prefix="bulk")
    search.refresh()  # once after new source versions, the first search folds their titles
    few = queries(url), queries(reverse("desk:inbox"))
    _many(600, edition, editor, prefix="bulkmore")
    search.refresh()
    many = queries(url), queries(reverse("desk:inbox"))
    assert few == many, (few, many)
    page = client.get(reverse("desk:inbox") + "?others_page=2").content.decode()
    assert page.count('<tr id="row-') <= 3 * sheet.PAGE_SIZE and "Next page" in page
    assert "others_page=3" in page and "others_page=1" not in page


def test_the_api_list_costs_the_same_queries_for_any_page(api_as, edition, editor):
    api = api_as(editor)

    def queries(**query: Any) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/translations", **query).status_code == 200
        return len(captured.captured_queries)

    _many(3, edition, editor, prefix="api")
    search.refresh()
    few = queries(limit=200), queries(overdue="true", open_comments="true", q="api")
    _many(300, edition, editor, prefix="apimore")
    search.refresh()
    assert (queries(limit=200), queries(overdue="true", open_comments="true", q="api")) == few


# Concurrent takes against a served desk: one editor gets it, the others are told who has it.

EDITORS = {f"ed{n}": ["editor"] for n in range(6)} | {"chief": ["editor", "publisher"]}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any, dict]]:
    root = tmp_path_factory.mktemp(f"assign-{request.param}")
    database = (contextlib.nullcontext() if request.param == "sqlite"
                else served_desk.fresh_postgres_database("copydesk_assign_"))
    with database as url, served_desk.serve(root, database_url=url) as desk, \
            DeskShell(desk, RECORDS.read_text(), tasks_at_once=True) as shell:
        tokens = shell.call("add_people", people=EDITORS)
        shell.call("add_edition", code="de", language="de", engine="pseudo",
                   options=NO_CHECKS)
        yield desk, shell, tokens


def _at_once(desk, calls: list[tuple[str, dict]]) -> list[httpx.Response]:
    """Send each (token, body) to the assign address of its translation at the same moment."""
    barrier = threading.Barrier(len(calls))

    def send(call: tuple[str, str, dict]) -> httpx.Response:
        token, path, body = call
        with httpx.Client(base_url=desk.url, headers=desk.api_headers(token),
                          timeout=60) as http:
            barrier.wait()
            return http.post(path, json=body)

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(send, calls))


@pytest.mark.slow
@pytest.mark.parametrize("round_number", range(3))
def test_concurrent_takes_give_it_to_one_editor_only(served, round_number):
    desk, shell, tokens = served
    made = shell.call("add_translations", edition_code="de", username="chief", stories={
        f"race:{round_number}": story(title=f"Race {round_number}").to_dict()})
    number = made[f"race:{round_number}"]
    path = f"/api/v1/translations/{number}/assign"
    names = [f"ed{n}" for n in range(6)]
    answers = _at_once(desk, [(tokens[name], path, {"user": name}) for name in names])
    won = [name for name, answer in zip(names, answers, strict=True)
           if answer.status_code == 200]
    assert len(won) == 1, [(a.status_code, a.text) for a in answers]
    for answer in answers:
        if answer.status_code != 200:
            assert answer.status_code == 409, answer.text
            assert f"already taken by {won[0].title()} ({won[0]})" in answer.json()[
                "error"]["message"]
    events = [e for e in shell.call("snapshot", translation_id=number)["events"]
              if e["kind"] in ("assigned", "unassigned")]
    assert [(e["kind"], e["payload"]["editor"]) for e in events] == [("assigned", won[0])]


@pytest.mark.slow
def test_concurrent_reassignments_never_lose_one_silently(served):
    """The chief reassigns while the holder gives it back and another editor takes it: each
    step that went through is in the trail, in an order that explains the final holder."""
    desk, shell, tokens = served
    made = shell.call("add_translations", edition_code="de", username="chief",
                      stories={"race:re": story(title="Race again").to_dict()})
    number = made["race:re"]
    path = f"/api/v1/translations/{number}/assign"
    assert httpx.post(f"{desk.url}{path[1:]}", json={"user": "ed0"},
                      headers=desk.api_headers(tokens["ed0"])).status_code == 200
    answers = _at_once(desk, [(tokens["chief"], path, {"user": "ed1", "reassign": True}),
                              (tokens["ed0"], path, {"user": None}),
                              (tokens["ed2"], path, {"user": "ed2"})])
    assert {a.status_code for a in answers} <= {200, 409}, [a.text for a in answers]
    events = [e for e in shell.call("snapshot", translation_id=number)["events"]
              if e["kind"] in ("assigned", "unassigned")]
    holder = None
    for event in events:  # each change starts from the holder the one before left
        assert event["payload"]["previous"] == holder
        holder = event["payload"].get("editor")
    assert len(events) - 1 == sum(a.status_code == 200 for a in answers)
    final = httpx.get(f"{desk.url}api/v1/translations/{number}",
                      headers=desk.api_headers(tokens["chief"])).json()
    assert final["assigned_to"] == holder
