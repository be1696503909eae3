"""The inbox: the review queue, adding articles (text, file, URL), progress, failure and retry."""

from __future__ import annotations

import dataclasses
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from copydesk.desk.models import Article, AuditEvent, Translation, TranslationState
from tests.desk.test_tasks import flaky  # noqa: F401 - a fixture used below
from tests.desk.test_views_auth import signed_in

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PASTED = "Harbour reopens after storm\n\nThe harbour reopened on Tuesday. Ferries run again."


def add(client, edition, **fields):
    return client.post(reverse("desk:add_article"), {"editions": [edition.pk], **fields})


def test_the_inbox_lists_the_queue_riskiest_first(client, editor, translation, edition):
    from copydesk.desk import sources, workflow
    from tests.desk.conftest import story

    other = sources.ingest(story(title="Quiet day at the council"), key="k-calm", user=editor)
    calm = workflow.request_translation(other.article, edition, user=editor)
    Translation.objects.filter(pk=translation.pk).update(risk=0.8)
    Translation.objects.filter(pk=calm.pk).update(risk=0.1)
    page = signed_in(client, editor).get(reverse("desk:inbox")).content.decode()
    assert page.index("Ministry pays 3.5 million") < page.index("Quiet day at the council")
    assert "0/5 confirmed" in page and "In review" in page and "German edition" in page
    assert 'name="url"' in page and 'type="file"' in page  # the add form, for an editor


def test_pasted_text_goes_on_the_desk_and_is_translated(client, editor, edition):
    response = add(signed_in(client, editor), edition, text=PASTED)
    assert response.status_code == 302
    translation = Translation.objects.get()
    assert translation.source_version.content["title"] == "Harbour reopens after storm"
    assert translation.state == TranslationState.IN_REVIEW  # the tests run tasks at once
    assert translation.article.key.startswith("text:")
    assert "is on the desk for German edition" in client.get(reverse("desk:inbox")).content.decode()


def test_an_uploaded_file_goes_on_the_desk(client, editor, edition):
    upload = SimpleUploadedFile("bakery-prize.md", (EXAMPLES / "bakery-prize.md").read_bytes())
    response = add(signed_in(client, editor), edition, file=upload)
    assert response.status_code == 302
    translation = Translation.objects.get()
    assert translation.source_version.content["title"] == "Village bakery wins national bread award"
    assert translation.article.key.startswith("file:bakery-prize.md:")


def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, editor, edition):
    signed_in(client, editor)
    neither = add(client, edition)
    assert neither.status_code == 400 and "exactly one of" in neither.content.decode()
    binary = add(client, edition, file=SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0" * 50))
    assert binary.status_code == 400 and "JPEG image, not an article" in binary.content.decode()
    assert not Article.objects.exists() and not AuditEvent.objects.exists()


def test_adding_again_with_the_same_key_is_an_update(client, editor, edition):
    signed_in(client, editor)
    add(client, edition, text=PASTED)
    again = add(client, edition, text=PASTED + " More.", key=Article.objects.get().key)
    assert again.status_code == 302
    assert Article.objects.get().versions.count() == 2


@pytest.fixture
def local_site() -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(EXAMPLES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_article_is_fetched_by_url(client, editor, edition, local_site, settings):
    url = f"{local_site}/harbour-strike.html"
    refused = add(signed_in(client, editor), edition, url=url)
    assert refused.status_code == 400 and not Article.objects.exists()
    assert "COPYDESK_ALLOW_PRIVATE_URLS" in refused.content.decode()
    desk = settings.COPYDESK_SETTINGS
    settings.COPYDESK_SETTINGS = dataclasses.replace(
        desk, values={**desk.values, "allow_private_urls": True})
    assert add(client, edition, url=url).status_code == 302
    translation = Translation.objects.get()
    assert translation.article.key == url
    assert "Port workers end three-day strike" in translation.source_version.content["title"]


def test_a_publisher_cannot_add_articles(client, publisher, edition):
    assert add(signed_in(client, publisher), edition, text=PASTED).status_code == 403
    assert "name=\"url\"" not in client.get(reverse("desk:inbox")).content.decode()


def test_a_translating_row_polls_every_second_until_done(client, editor, translation):
    Translation.objects.filter(pk=translation.pk).update(
        state=TranslationState.TRANSLATING, progress_done=2, progress_total=5)
    url = reverse("desk:inbox_row", args=[translation.pk])
    row = signed_in(client, editor).get(url).content.decode()
    assert 'hx-trigger="every 1s"' in row and "machine 2/5" in row
    Translation.objects.filter(pk=translation.pk).update(state=TranslationState.IN_REVIEW)
    done = client.get(url).content.decode()
    assert "hx-trigger" not in done and "0/5 confirmed" in done


def test_a_failure_shows_retry_and_retry_translates(client, editor, edition, flaky):  # noqa: F811
    signed_in(client, editor)
    add(client, edition, text=PASTED)
    translation = Translation.objects.get()
    assert translation.state == TranslationState.FAILED
    page = client.get(reverse("desk:inbox")).content.decode()
    assert "The flaky server is down" in page and ">Retry</button>" in page
    flaky.up = True
    row = client.post(reverse("desk:retry", args=[translation.pk]), HTTP_HX_REQUEST="true")
    assert row.status_code == 200 and "In review" in row.content.decode()
    translation.refresh_from_db()
    assert translation.state == TranslationState.IN_REVIEW
