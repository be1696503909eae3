"""Pulling a WordPress post from the desk's add form, against the real source site (see
tests/fixtures/wordpress_sites.py): the same key as ``copydesk wordpress pull``, so pulling
again is an update, and the command line's refusals, said on the form."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import reverse

from copydesk.desk import wordpress
from copydesk.desk.models import Article, AuditEvent, Translation
from tests.desk.test_views_auth import signed_in
from tests.desk.test_wordpress import sites, source_post, wordpress_sites

__all__ = ["sites", "wordpress_sites"]  # fixtures


def page(answer: Any) -> str:
    return answer.content.decode()


def pull(client: Any, post: str, *editions: str, **fields: str) -> Any:
    return client.post(reverse("desk:add_article"), {
        "wordpress_site": "source", "wordpress_post": post, "editions": list(editions),
        **fields})


def edition_id(code: str) -> str:
    from copydesk.desk.models import Edition

    return str(Edition.objects.get(code=code).pk)


def test_pull_a_post_then_pull_it_again_for_its_new_version(sites, client, editor):
    signed_in(client, editor)
    form = page(client.get(reverse("desk:add_article")))
    assert 'name="wordpress_site"' in form and '<option value="source">source</option>' in form
    post = source_post(sites.source, uuid.uuid4().hex[:8])
    answer = pull(client, post["link"], edition_id("de"),
                  deadline="2030-01-02T10:00")
    assert answer.status_code == 302 and answer["location"] == reverse("desk:inbox")
    article = Article.objects.get(key=f"wordpress:source:{post['id']}")
    translation = Translation.objects.get(article=article)
    assert translation.edition.code == "de" and translation.deadline is not None
    assert article.versions.get().content["title"] == "Council approves the new bridge"
    shown = page(client.get(reverse("desk:inbox")))
    assert "is on the desk for German edition" in shown

    same = pull(client, str(post["id"]))  # no edition needed: the article is on the desk
    assert same.status_code == 302
    assert "has not changed since version 1" in page(client.get(reverse("desk:inbox")))

    sites.source.api("POST", f"/wp/v2/posts/{post['id']}",
                     json={"title": "Council approves the bridge, at last"})
    again = pull(client, str(post["id"]))
    assert again.status_code == 302
    assert again["location"] == reverse("desk:compare_versions", args=[article.pk, 1, 2])
    assert [v.content["title"] for v in article.versions.order_by("number")] == [
        "Council approves the new bridge", "Council approves the bridge, at last"]
    pulled = AuditEvent.objects.filter(article=article, kind="wordpress_post_pulled")
    assert [e.actor for e in pulled] == ["user:erika", "user:erika"]


def test_the_form_and_the_command_line_share_one_key(sites, client, editor):
    post = source_post(sites.source, uuid.uuid4().hex[:8])
    by_command = wordpress.pull("source", str(post["id"]), ["de"], user=editor)
    signed_in(client, editor)
    sites.source.api("POST", f"/wp/v2/posts/{post['id']}", json={"excerpt": "Changed."})
    pull(client, post["link"])
    assert Article.objects.get(pk=by_command.article.pk).versions.count() == 2
    assert Article.objects.filter(key__startswith="wordpress:").count() == 1


@pytest.mark.parametrize(("post", "said"), [
    ("999999", "has no post 999999"),
    ("http://127.0.0.1:1/hello-world/", "is not on the site"),
])
def test_the_command_lines_refusals_are_said_on_the_form(sites, client, editor, post, said):
    signed_in(client, editor)
    answer = pull(client, post, edition_id("de"))
    assert answer.status_code == 400 and said in page(answer)
    assert f'value="{post}"' in page(answer)  # kept as typed
    assert Article.objects.count() == 0


@pytest.mark.parametrize(("fields", "said"), [
    ({"url": "https://news.example.org/a"}, "Give exactly one of"),
    ({"text": "Title\n\nA paragraph."}, "Give exactly one of"),
    ({"wordpress_site": ""}, "Choose the WordPress site"),
    ({"wordpress_site": "no-such-site"}, "not one of the available choices"),
    ({"key": "cms:1"}, "leave the key empty"),
    ({"wordpress_post": "1" * 2001}, "at most 2000"),
])
def test_bad_input_is_refused_before_wordpress_is_asked(sites, client, editor, fields, said):
    signed_in(client, editor)
    answer = pull(client, "1", edition_id("de"), **fields)
    assert answer.status_code == 400 and said in page(answer)
    assert Article.objects.count() == 0


def test_a_post_the_first_time_needs_an_edition(sites, client, editor):
    post = source_post(sites.source, uuid.uuid4().hex[:8])
    signed_in(client, editor)
    answer = pull(client, str(post["id"]))
    assert answer.status_code == 400 and "Choose at least one edition" in page(answer)
    assert Article.objects.count() == 0


def test_only_editors_pull(sites, client, publisher):
    signed_in(client, publisher)
    assert pull(client, "1", edition_id("de")).status_code == 403
    assert Article.objects.count() == 0


def test_the_form_shows_no_wordpress_fields_without_a_site(client, editor):
    signed_in(client, editor)
    assert 'name="wordpress_site"' not in page(client.get(reverse("desk:add_article")))
