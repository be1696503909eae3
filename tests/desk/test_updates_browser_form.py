"""Updates through the add form: the same key or URL again is a new source version for every
edition the article is on, the editor is told what changed and sees both versions side by
side; an unchanged article stores nothing; the review workflow's rules hold throughout."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from copydesk.desk import intake, publishing, source_diff, sources, workflow
from copydesk.desk.models import (
    Article,
    AuditEvent,
    Edition,
    PublicationKind,
    SourceVersion,
    Translation,
    TranslationState,
)
from copydesk.errors import WorkflowError
from tests.desk.conftest import NO_CHECKS, STORY, confirm_all
from tests.desk.test_views_auth import signed_in
from tests.test_input_sizes import assert_not_quadratic

KEY = "cms:4711"
FIRST = ("Harbour reopens after storm\n\nThe harbour reopened on Tuesday. Ferries run again.\n\n"
         "The mayor thanked the crews.")
SECOND = ("Harbour reopens after storm\n\nThe harbour reopened on Wednesday. Ferries run again."
          "\n\nDivers checked the quay walls. The mayor thanked the crews.")
PAGE = ("<!doctype html><html lang='en'><head><title>{title}</title></head><body><article>"
        "<h1>{title}</h1><p>{body}</p></article></body></html>")
BODY_ONE = ("Port workers ended their strike on Friday after three days of talks with the "
            "owners. The first ships were unloaded the same evening.")
BODY_TWO = ("Port workers ended their strike on Friday after four days of talks with the "
            "owners. The first ships were unloaded the same evening.")


@pytest.fixture
def french(db: None) -> Edition:
    return Edition.objects.create(code="fr", name="French edition", language="fr",
                                  engine="pseudo", options=NO_CHECKS)


def add(client: Any, editions: Sequence[Edition] = (), **fields: Any) -> Any:
    return client.post(reverse("desk:add_article"),
                       {"editions": [e.pk for e in editions], **fields})


def flash(response: Any) -> list[str]:
    return re.findall(r'<p class="message [a-z]+">(.*?)</p>', response.content.decode(), re.S)


def as_json(name: str, content: dict[str, Any]) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(content).encode("utf-8"))


def test_the_same_key_again_is_a_new_version_for_every_edition(client, editor, edition, french):
    signed_in(client, editor)
    assert add(client, [edition, french], text=FIRST, key=KEY).status_code == 302
    answer = add(client, text=SECOND, key=KEY)  # no edition ticked: it goes to both
    article = Article.objects.get(key=KEY)
    assert answer.status_code == 302
    assert answer["Location"] == reverse("desk:compare_versions", args=[article.pk, 1, 2])
    page = client.get(answer["Location"])
    assert flash(page)[-1] == ("New version 2 of “Harbour reopens after storm” for German "
                               "edition, French edition; 1 sentence changed, 1 added.")
    for translation in Translation.objects.filter(article=article):
        assert (translation.source_version.number, translation.state) == (2, "in_review")
        changed = translation.segments.filter(active=True, needs_work=True)
        assert sorted(s.source for s in changed) == [
            "Divers checked the quay walls.", "The harbour reopened on Wednesday."]
    assert AuditEvent.objects.filter(article=article, kind="source_changed").count() == 1


def test_an_edition_ticked_again_is_updated_and_a_new_one_requested(client, editor, edition,
                                                                    french):
    signed_in(client, editor)
    add(client, [edition], text=FIRST, key=KEY)
    answer = client.get(add(client, [edition, french], text=SECOND, key=KEY)["Location"])
    assert flash(answer)[-1] == ("New version 2 of “Harbour reopens after storm” for German "
                                 "edition; 1 sentence changed, 1 added. It is now on the desk "
                                 "for French edition too.")
    fr = Translation.objects.get(edition=french)
    assert fr.source_version.number == 2 and not fr.segments.filter(needs_work=True).exists()


def test_an_unchanged_article_again_stores_nothing_and_says_so(client, editor, edition):
    signed_in(client, editor)
    add(client, [edition], text=FIRST, key=KEY)
    events = AuditEvent.objects.count()
    answer = add(client, [edition], text=FIRST + "\n", key=f"  {KEY}\u200b ")  # same, really
    assert answer.status_code == 302 and answer["Location"] == reverse("desk:inbox")
    assert flash(client.get(answer["Location"]))[-1] == (
        "“Harbour reopens after storm” has not changed since version 1: nothing new was stored.")
    assert SourceVersion.objects.count() == 1 and AuditEvent.objects.count() == events
    assert Translation.objects.get().state == TranslationState.IN_REVIEW


def test_pasted_text_without_a_key_is_a_new_article_each_time_it_changes(client, editor,
                                                                         edition):
    signed_in(client, editor)
    add(client, [edition], text=FIRST)
    add(client, [edition], text=SECOND)  # its key comes from the content: another article
    assert Article.objects.count() == 2
    nothing = add(client, text=SECOND)
    assert nothing.status_code == 302 and SourceVersion.objects.count() == 2
    new = add(client, text=SECOND + " One more sentence.")
    assert new.status_code == 400 and "Choose at least one edition" in new.content.decode()
    assert Article.objects.count() == 2


def test_unicode_variants_of_a_key_are_one_article(client, editor, edition):
    signed_in(client, editor)
    add(client, [edition], text=FIRST, key="caf\u00e9-42")
    add(client, text=SECOND, key="cafe\u0301-42\u200b")
    assert Article.objects.get().versions.count() == 2


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Pages served from a folder on 127.0.0.1 (the tests change them between adds)."""
    root = tmp_path / "site"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()


@pytest.fixture
def private_urls(settings: Any) -> None:
    import dataclasses

    desk = settings.COPYDESK_SETTINGS
    settings.COPYDESK_SETTINGS = dataclasses.replace(
        desk, values={**desk.values, "allow_private_urls": True})


def test_the_same_url_with_tracking_parameters_is_the_same_article(client, editor, edition,
                                                                   site, private_urls):
    base, root = site
    page = root / "strike.html"
    page.write_text(PAGE.format(title="Port strike ends", body=BODY_ONE))
    signed_in(client, editor)
    assert add(client, [edition], url=f"{base}/strike.html?utm_source=news&id=7#top"
               ).status_code == 302
    article = Article.objects.get()
    assert article.key == f"{base}/strike.html?id=7"
    assert article.latest_version().content["url"] == f"{base}/strike.html?id=7"
    again = add(client, url=f"{base}/strike.html?fbclid=abc&id=7&UTM_Medium=social")
    assert again["Location"] == reverse("desk:inbox")  # the same page: nothing new
    assert SourceVersion.objects.count() == 1
    page.write_text(PAGE.format(title="Port strike ends", body=BODY_TWO))
    update = add(client, url=f"{base}/strike.html?id=7&gclid=1")
    assert update["Location"] == reverse("desk:compare_versions", args=[article.pk, 1, 2])
    assert "New version 2 of “Port strike ends” for German edition; 1 sentence changed." in (
        flash(client.get(update["Location"])))
    add(client, [edition], url=f"{base}/strike.html?id=8")  # another query: another article
    assert Article.objects.count() == 2


def test_an_article_stored_under_a_tracking_address_before_is_found(client, editor, edition,
                                                                   site, private_urls):
    base, root = site
    (root / "strike.html").write_text(PAGE.format(title="Port strike ends", body=BODY_TWO))
    old_key = f"{base}/strike.html?utm_source=news"
    old = sources.ingest(source_of(BODY_ONE), key=old_key, user=editor).article
    workflow.request_translation(old, edition, user=editor)
    add(signed_in(client, editor), url=old_key)
    assert Article.objects.get().key == old_key and old.versions.count() == 2


def source_of(body: str) -> Any:
    from copydesk.article import Article as SourceArticle

    return SourceArticle.from_dict({"title": "Port strike ends", "language": "en",
                                    "blocks": [{"kind": "paragraph", "text": body}]})


@pytest.mark.parametrize(("given", "key"), [
    ("https://Example.ORG:443/a/b?utm_source=x&id=1&utm_campaign=y#frag",
     "https://example.org/a/b?id=1"),
    ("http://example.org:8080?UTM_Campaign=1&fbclid=2", "http://example.org:8080/"),
    ("https://example.org/a?utm%5Fsource=x&q=a+b&q=%20c", "https://example.org/a?q=a+b&q=%20c"),
    ("https://b\u00fccher.example/x", "https://xn--bcher-kva.example/x"),
    ("http://[::1]:8000/a?x=1&mc_cid=2", "http://[::1]:8000/a?x=1"),
    ("https://user:secret@example.org/a", "https://example.org/a"),
    ("\u00a0https://example.org/a\u200b", "https://example.org/a"),
    ("cms:4711", "cms:4711"),
])
def test_the_key_an_article_is_stored_under(db, given, key):
    assert intake.article_key(given) == key


def test_a_published_translation_gets_a_new_version_to_review(client, approved, editor,
                                                              publisher):
    publishing.publish_translation(approved, user=publisher)
    changed = {**STORY, "blocks": [*STORY["blocks"], {"kind": "paragraph",
                                                      "text": "Critics called it too costly."}]}
    answer = add(signed_in(client, editor), file=as_json("bridge.json", changed),
                 key="https://example.org/bridge")
    assert answer.status_code == 302
    approved.refresh_from_db()
    assert (approved.state, approved.source_version.number) == ("in_review", 2)
    assert approved.publications.count() == 1  # what readers have stays until the update
    with pytest.raises(WorkflowError):
        workflow.approve(approved, user=editor)  # the new sentence is not confirmed yet
    with pytest.raises(WorkflowError):
        publishing.publish_translation(approved, user=publisher)
    confirm_all(approved, editor)
    workflow.approve(approved, user=editor)
    update = publishing.publish_translation(approved, user=publisher)
    assert update.kind == PublicationKind.UPDATE and update.source_version.number == 2


def test_an_approved_translation_goes_back_to_review(client, approved, editor):
    changed = {**STORY, "title": "Ministry pays 4 million euros for new bridge"}
    add(signed_in(client, editor), file=as_json("bridge.json", changed),
        key="https://example.org/bridge")
    approved.refresh_from_db()
    assert approved.state == TranslationState.IN_REVIEW
    assert list(approved.segments.filter(needs_work=True).values_list("key", flat=True)) == [
        "title.s1"]


def test_an_update_while_the_first_draft_is_made_is_the_one_translated(client, editor, edition,
                                                                      settings):
    from copydesk.desk.tasks import translate_translation

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    signed_in(client, editor)
    add(client, [edition], text=FIRST, key=KEY)
    translation = Translation.objects.get()
    assert translation.state == TranslationState.TRANSLATING
    page = client.get(add(client, text=SECOND, key=KEY)["Location"])
    assert "translating version 2" in page.content.decode()
    assert 'hx-trigger="every 2s"' in page.content.decode()  # asks again until the draft is in
    translate_translation.call(translation.pk)
    translation.refresh_from_db()
    assert translation.state == TranslationState.IN_REVIEW
    assert "Divers checked the quay walls." in translation.segments.values_list("source",
                                                                                 flat=True)
    refresh = client.get(page.request["PATH_INFO"], headers={"HX-Request": "true"})
    assert refresh["HX-Refresh"] == "true"


def test_a_withdrawn_translation_is_named_and_stays_withdrawn(client, translation, editor,
                                                             publisher, french):
    workflow.withdraw(translation, user=publisher, reason="Story killed.")
    changed = {**STORY, "title": "Ministry pays 4 million euros for new bridge"}
    answer = add(signed_in(client, editor), [french], file=as_json("bridge.json", changed),
                 key="https://example.org/bridge")
    message = flash(client.get(answer["Location"]))[-1]
    assert message.startswith("New version 2 of “Ministry pays 4 million euros for new bridge”; "
                              "1 sentence changed. It is now on the desk for French edition. ")
    assert "The translation for German edition is withdrawn and was not updated" in message
    translation.refresh_from_db()
    assert (translation.state, translation.source_version.number) == ("withdrawn", 1)


def test_the_comparison_shows_sentences_side_by_side_with_the_words_marked(client, editor,
                                                                          edition):
    signed_in(client, editor)
    add(client, [edition], text=FIRST, key=KEY)
    third = SECOND.replace("Ferries run again.", "")
    add(client, text=SECOND, key=KEY)
    add(client, text=third, key=KEY)
    article, translation = Article.objects.get(), Translation.objects.get()
    page = client.get(reverse("desk:compare_versions", args=[article.pk, 1, 2])).content.decode()
    assert "1 sentence changed, 1 added." in page
    assert "The harbour reopened on <del>Tuesday</del>." in page
    assert "The harbour reopened on <ins>Wednesday</ins>." in page
    assert translation.source_version.number == 3
    assert "#seg-" not in page  # its segments are those of version 3: no links into 1 → 2
    assert "on source version 3" in page
    latest = client.get(reverse("desk:compare", args=[article.pk]))
    assert latest["Location"] == reverse("desk:compare_versions", args=[article.pk, 2, 3])
    page = client.get(latest["Location"]).content.decode()
    assert "1 sentence removed." in page and 'class="crow removed"' in page
    earlier = reverse("desk:compare_versions", args=[article.pk, 1, 2])
    assert f'<a href="{earlier}">1 → 2</a>' in page  # the other comparisons


def test_changed_segments_are_linked_to_the_review_screen(client, editor, edition, french):
    signed_in(client, editor)
    add(client, [edition, french], text=FIRST, key=KEY)
    page = client.get(add(client, text=SECOND, key=KEY)["Location"]).content.decode()
    for translation in Translation.objects.all():
        for source in ("The harbour reopened on Wednesday.", "Divers checked the quay walls."):
            segment = translation.segments.get(active=True, source=source)
            link = f'{reverse("desk:review", args=[translation.pk])}#seg-{segment.pk}'
            assert f'<a href="{link}"' in page
    review = client.get(reverse("desk:review", args=[Translation.objects.first().pk]))
    html = review.content.decode()
    assert 'data-action="next-changed"' in html and "what changed since version 1" in html
    assert len(re.findall(r'class="segment [^"]*needs-work', html)) == 2  # the changed ones


def test_hostile_text_is_escaped_on_the_comparison(client, editor, edition):
    href = 'https://example.org/?q="><script>alert(2)</script>'
    first = {"title": "Council <script>alert(1)</script> meets", "language": "en", "blocks": [
        {"kind": "paragraph", "tags": {"1": {"kind": "link", "attrs": {"href": href}}},
         "text": "The <g1>mayor</g1> wrote <img src=x onerror=alert(1)> & left. "
                 "Nothing else happened at the meeting."}]}
    second = {**first, "blocks": [{**first["blocks"][0], "text":
              "The <g1>mayor</g1> wrote <img src=y onerror=alert(3)> & left. Something "
              "</span><script>alert(4)</script> happened at the meeting."}]}
    signed_in(client, editor)
    assert add(client, [edition], file=as_json("council.json", first),
               key=KEY).status_code == 302
    page = client.get(add(client, file=as_json("council.json", second), key=KEY)["Location"])
    html = page.content.decode()
    assert "<script>alert" not in html and "<img src" not in html and '"><script>' not in html
    assert "&lt;img src=" in html and "&lt;script&gt;alert(4)" in html
    assert "onerror=alert(<del>1</del>)" in html and "onerror=alert(<ins>3</ins>)" in html
    assert 'data-tag="&lt;g1&gt;"' in html  # the link shows as a chip


def test_the_comparison_refuses_what_does_not_exist(client, editor, publisher, make_user,
                                                    translation):
    article = translation.article.pk
    url = reverse("desk:compare_versions", args=[article, 1, 2])
    assert client.get(url)["Location"].startswith(reverse("desk:login"))
    assert signed_in(client, make_user("visitor")).get(url).status_code == 403
    signed_in(client, publisher)  # any desk role may read it
    missing = client.get(url)
    assert missing.status_code == 404 and "versions are 1 to 1" in missing.content.decode()
    only = client.get(reverse("desk:compare", args=[article]))
    assert only.status_code == 404 and "one source version only" in only.content.decode()
    same = client.get(reverse("desk:compare_versions", args=[article, 1, 1]))
    assert same.status_code == 400
    assert client.get(reverse("desk:compare_versions", args=[999, 1, 2])).status_code == 404


def test_the_add_form_takes_the_key_of_an_update(client, editor, translation):
    page = signed_in(client, editor).get(reverse("desk:add_article"),
                                         {"key": translation.article.key})
    assert f'value="{translation.article.key}"' in page.content.decode()
    review = client.get(reverse("desk:review", args=[translation.pk])).content.decode()
    assert "?key=https%3A//example.org/bridge" in review


def test_the_api_and_the_form_share_one_rule(client, editor, edition):
    from copydesk.desk import tokens
    from tests.desk.api.conftest import Script

    script = Script(tokens.issue(editor, "tests")[1])
    body = {"article": STORY, "key": KEY, "editions": ["de"]}
    assert script.post("/articles", body).status_code == 201
    changed = {**STORY, "title": "Ministry pays 4 million euros for new bridge"}
    answer = add(signed_in(client, editor), file=as_json("story.json", changed), key=KEY)
    assert answer["Location"].endswith("/versions/1/2/")
    again = script.post("/articles", {**body, "article": changed})
    assert again.status_code == 200 and again.json()["version"] == 2


# --- growth: no step of the comparison is quadratic in the article's length ------------------

def paragraphs(n: int, word: str = "harbour") -> list[str]:
    return [f"Item {i} of the {word} story is here. The {word} crews worked on day {i}. "
            f"Nobody was hurt at pier {i}." for i in range(n)]


def content(texts: list[str]) -> dict[str, Any]:
    return {"title": "A long story", "language": "en",
            "blocks": [{"kind": "paragraph", "text": t} for t in texts]}


def every_other_changed(n: int) -> tuple[list[str], list[str]]:
    old = paragraphs(n)
    return old, [t.replace("crews", "teams") if i % 2 else t for i, t in enumerate(old)]


def reordered(n: int) -> tuple[list[str], list[str]]:
    old = paragraphs(n)
    return old, old[::-1]


def repeated(n: int) -> tuple[list[str], list[str]]:
    old = ["Yes it is. Yes it is. Yes it is."] * n
    return old, [*old[: n // 2], "Something else.", *old[n // 2:]]


def moved(n: int) -> tuple[list[str], list[str]]:
    old = paragraphs(n)
    return old, [*old[1:], old[0]]


def replaced(n: int) -> tuple[list[str], list[str]]:
    return paragraphs(n), paragraphs(n, "airport")


def rewritten(n: int) -> tuple[list[str], list[str]]:
    """Every sentence replaced by one with no word in common: nothing pairs up."""
    def text(i: int, words: str) -> str:
        a, b, c, d = (f"{w}{_letters(i)}" for w in words.split())
        return f"{a.title()} {b}. {c.title()} {d}."
    return ([text(i, "alpha beta gamma delta") for i in range(n)],
            [text(i, "theta iota kappa lambda") for i in range(n)])


def _letters(n: int) -> str:
    out = ""
    n += 1
    while n:
        n, digit = divmod(n - 1, 26)
        out = "abcdefghijklmnopqrstuvwxyz"[digit] + out
    return out


def one_long_sentence(n: int) -> tuple[list[str], list[str]]:
    words = [f"w{i}" for i in range(100 * n)]
    changed = [f"x{i}" if i % 40 == 0 else w for i, w in enumerate(words)]
    return [" ".join(words) + "."], [" ".join(changed) + "."]


CASES = {"every other changed": every_other_changed, "reversed": reordered, "moved": moved,
         "repeated": repeated, "replaced": replaced, "rewritten": rewritten,
         "one long sentence": one_long_sentence}


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_comparing_big_articles_grows_about_linearly(db, case):
    def make(n: int) -> Any:
        old, new = case(n)
        return lambda: source_diff.compare_versions(content(old), content(new))

    assert_not_quadratic(make, n=400)


def test_every_sentence_is_in_exactly_one_row_in_order():
    for case in CASES.values():
        old, new = case(30)
        comparison = source_diff.compare_versions(content(old), content(new))
        olds = [r.old.key for r in comparison.rows if r.old]
        news = [r.new.key for r in comparison.rows if r.new]
        assert olds == [u.key for u in source_diff.units(content(old))]
        assert news == [u.key for u in source_diff.units(content(new))]
    changed = source_diff.compare_versions(*map(content, every_other_changed(10)))
    assert (changed.count("changed"), changed.count("added"), changed.count("removed")) == (
        5, 0, 0)
    shifted = source_diff.compare_versions(*map(content, moved(10)))
    assert shifted.count("same") == 1 + 9 * 3  # the title and the paragraphs that kept order
    assert (shifted.count("removed"), shifted.count("added")) == (3, 3)


@pytest.mark.slow
def test_the_comparison_page_of_a_big_article_grows_about_linearly(client, editor, edition):
    signed_in(client, editor)

    def make(n: int) -> Any:
        old, new = every_other_changed(n)
        key = f"cms:big-{n}"
        first = sources.ingest(source_diff_article(old), key=key, user=editor).article
        sources.ingest(source_diff_article(new), key=key, user=editor)
        url = reverse("desk:compare_versions", args=[first.pk, 1, 2])
        return lambda: client.get(url)

    assert_not_quadratic(make, n=100)


def source_diff_article(texts: list[str]) -> Any:
    from copydesk.article import Article as SourceArticle

    return SourceArticle.from_dict(content(texts))


# --- concurrency: editors sending the same update at once, against a served desk ------------

EDITORS = ("erika", "ed", "emma")
PASSWORD = "a long pass phrase for the tests"
ROUNDS = 4
SERVED_SECONDS = 60
SHELL = '''
import time
from copydesk.desk import staff
from copydesk.desk.models import Article, AuditEvent


def set_up(people, password, editions):
    for name in people:
        staff.add_person(name, name.title(), ["editor"], password)
    return [staff.save_edition(code, language, f"{code} edition", engine="pseudo",
                               options={"checks": {"enabled": []}})[0].pk
            for code, language in editions.items()]


def article(key):
    found = Article.objects.filter(key=key).first()
    if found is None:
        return None
    return {"articles": Article.objects.filter(key=key).count(),
            "versions": list(found.versions.order_by("number").values_list("number", flat=True)),
            "changed": AuditEvent.objects.filter(article=found, kind="source_changed").count(),
            "translations": sorted([t.edition.code, t.source_version.number, t.state]
                                   for t in found.translations.select_related(
                                       "edition", "source_version"))}


def settled(key, version, seconds):
    """The translations once every one is in review on ``version`` (or the last look)."""
    deadline = time.monotonic() + seconds
    while True:
        found = article(key)
        if all(v == version and s == "in_review" for _, v, s in found["translations"]) or (
                time.monotonic() > deadline):
            return found
        time.sleep(0.2)
'''


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any, list[int]]]:
    """``copydesk serve`` (three server processes) with three editors and two editions."""
    import contextlib

    from tests.fixtures import served_desk

    root = tmp_path_factory.mktemp(f"updates-{request.param}")
    database = (contextlib.nullcontext() if request.param == "sqlite"
                else served_desk.fresh_postgres_database("copydesk_updates_"))
    with database as url, served_desk.serve(root, database_url=url) as desk, \
            served_desk.DeskShell(desk, SHELL) as shell:
        editions = shell.call("set_up", people=list(EDITORS), password=PASSWORD,
                              editions={"de": "de", "fr": "fr"})
        yield desk, shell, editions


def browser_session(desk: Any, username: str) -> Any:
    """An editor signed in through the login form, as a browser is: a cookie and CSRF token."""
    import httpx

    session = httpx.Client(base_url=desk.url, timeout=SERVED_SECONDS)
    session.get("login/")
    answer = session.post("login/", data={"username": username, "password": PASSWORD,
                                          "csrfmiddlewaretoken": session.cookies["csrftoken"]})
    assert answer.status_code == 302, answer.text[:400]
    return session


def send_at_once(sessions: list[Any], fields: dict[str, Any]) -> list[tuple[int, str, str]]:
    """Every editor posts the add form at the same moment; each (status, where, message)."""
    from concurrent.futures import ThreadPoolExecutor

    barrier = threading.Barrier(len(sessions))

    def send(session: Any) -> tuple[int, str, str]:
        data = {**fields, "csrfmiddlewaretoken": session.cookies["csrftoken"]}
        barrier.wait(timeout=SERVED_SECONDS)
        answer = session.post("articles/add/", data=data)
        where = answer.headers.get("location", "")
        told = flash(session.get(where)) if answer.status_code == 302 else []
        return answer.status_code, where, told[-1] if told else answer.text[-400:]

    with ThreadPoolExecutor(len(sessions)) as pool:
        return list(pool.map(send, sessions))


def story_text(round_number: int) -> str:
    return FIRST.replace("Ferries run again.", f"Ferries run again on route {round_number}.")


@pytest.mark.slow
def test_editors_adding_the_same_update_at_once_make_one_version(served):
    desk, shell, editions = served
    sessions = [browser_session(desk, name) for name in EDITORS]
    key = f"cms:race-{secrets_word()}"
    first = send_at_once(sessions, {"text": story_text(0), "key": key, "editions": editions})
    assert [status for status, _, _ in first] == [302] * len(EDITORS), first
    told = sorted(message.split("”")[1] for _, _, message in first)
    assert told == [" has not changed since version 1: nothing new was stored."] * 2 + [
        " is on the desk for de edition, fr edition."], first
    for number in range(1, ROUNDS + 1):
        answers = send_at_once(sessions, {"text": story_text(number), "key": key})
        compared = [where for status, where, _ in answers if "/versions/" in where]
        assert [status for status, _, _ in answers] == [302] * len(EDITORS), answers
        assert len(compared) == 1 and compared[0].endswith(f"/versions/{number}/{number + 1}/")
        assert sum("New version" in message for _, _, message in answers) == 1, answers
        found = shell.call("article", key=key)
        assert found["versions"] == list(range(1, number + 2)) and found["changed"] == number
    final = shell.call("settled", key=key, version=ROUNDS + 1, seconds=SERVED_SECONDS)
    assert final["articles"] == 1
    assert final["translations"] == [["de", ROUNDS + 1, "in_review"],
                                     ["fr", ROUNDS + 1, "in_review"]], final
    for session in sessions:
        session.close()


def secrets_word() -> str:
    import secrets

    return secrets.token_hex(4)
