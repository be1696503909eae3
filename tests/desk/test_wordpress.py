"""WordPress in and out against two real WordPress sites on loopback (Debian's package,
PHP's built-in server, MariaDB; see tests/fixtures/wordpress_sites.py): a post pulled from
the source site, reviewed, published to the target edition's site with its disclosure,
terms and featured image, corrected into the same post and withdrawn to a draft."""

from __future__ import annotations

import dataclasses
import io
import json
import uuid
from typing import Any

import pytest
from django.core.management import call_command

from copydesk.desk import publishing, revisions, wordpress, wordpress_delivery, workflow
from copydesk.desk.models import (
    AuditEvent,
    Edition,
    Translation,
    WordPressDelivery,
    WordPressPost,
)
from copydesk.errors import ConfigError, FetchError, InputError, WorkflowError
from tests.desk.conftest import NO_CHECKS, confirm_all
from tests.fixtures.wordpress_sites import WordPressSite, WordPressSites, png, wordpress_sites

__all__ = ["wordpress_sites"]  # fixtures

CONTENT = (
    '<!-- wp:paragraph --><p>The council <strong>approved</strong> the new bridge on Monday. '
    "It will cost 3.5 million euros.</p><!-- /wp:paragraph -->"
    '<!-- wp:image --><figure class="wp-block-image"><img src="{image}" alt="The old bridge"/>'
    '<figcaption class="wp-element-caption">The old bridge at dawn. Photo: Jane Doe'
    "</figcaption></figure><!-- /wp:image -->"
    "<!-- wp:paragraph --><p>Work starts in May, the mayor said.</p><!-- /wp:paragraph -->")


def use(settings: Any, **values: Any) -> None:
    desk = settings.COPYDESK_SETTINGS
    settings.COPYDESK_SETTINGS = dataclasses.replace(desk, values={**desk.values, **values})


@pytest.fixture
def sites(wordpress_sites: WordPressSites, settings: Any, monkeypatch: Any, db: None) -> Any:
    """The two sites on the desk: source (pulled from), target (the German edition's)."""
    use(settings, allow_private_urls=True)  # the sites are on 127.0.0.1
    monkeypatch.setenv("WP_SOURCE_PASSWORD", wordpress_sites.source.password)
    monkeypatch.setenv("WP_TARGET_PASSWORD", wordpress_sites.target.password)
    Edition.objects.create(code="de", name="German edition", language="de", engine="pseudo",
                           options=NO_CHECKS)
    wordpress.add_site("source", wordpress_sites.source.url, user="admin",
                       password_env="WP_SOURCE_PASSWORD")
    wordpress.add_site("target", wordpress_sites.target.url, user="admin",
                       password_env="WP_TARGET_PASSWORD", edition_code="de",
                       post_status="publish")
    return wordpress_sites


def source_post(site: WordPressSite, run: str) -> dict[str, Any]:
    """A post on the source site with an image and caption, a featured image, terms."""
    media, inline = (site.api("POST", "/wp/v2/media", content=png(), headers={
        "content-type": "image/png", "content-disposition": f'attachment; filename="{name}.png"'})
        for name in (f"featured-{run}", f"inline-{run}"))
    site.api("POST", f"/wp/v2/media/{media['id']}", json={"alt_text": "A grey square"})
    categories = [site.api("POST", "/wp/v2/categories", json={"name": f"Local {run}"})["id"]]
    tags = [site.api("POST", "/wp/v2/tags", json={"name": name})["id"]
            for name in (f"bridges-{run}", f"Transport & Roads {run}")]
    return site.api("POST", "/wp/v2/posts", json={
        "title": "Council approves the new bridge", "status": "publish",
        "excerpt": "A new bridge for the town.", "featured_media": media["id"],
        "content": CONTENT.format(image=inline["source_url"]), "categories": categories,
        "tags": tags})


def target_post(site: WordPressSite, post_id: int) -> dict[str, Any]:
    return site.api("GET", f"/wp/v2/posts/{post_id}",
                    params={"context": "edit", "_embed": "wp:term,wp:featuredmedia"})


def term_names(post: dict[str, Any], taxonomy: str) -> set[str]:
    return {term["name"].replace("&amp;", "&") for group in post["_embedded"]["wp:term"]
            for term in group if term["taxonomy"] == taxonomy}


def publish(translation: Translation, editor: Any, publisher: Any) -> Any:
    confirm_all(translation, editor)
    workflow.approve(translation, user=editor)
    return publishing.publish_translation(translation, user=publisher)


def delivered() -> list[WordPressDelivery]:
    done = wordpress_delivery.deliver_due()
    assert [d.last_error for d in done if d.status != "delivered"] == []
    return done


def test_round_trip_pull_review_publish_correct_withdraw(sites, editor, publisher,
                                                        django_capture_on_commit_callbacks):
    run = uuid.uuid4().hex[:8]
    post = source_post(sites.source, run)
    added = wordpress.pull("source", post["link"], ["de"], user=editor)
    assert added.article.key == f"wordpress:source:{post['id']}"
    content = added.version.content
    assert content["title"] == "Council approves the new bridge"
    assert content["standfirst"] == "A new bridge for the town."
    assert content["byline"] == "admin" and content["date"].endswith("Z")
    kinds = [block["kind"] for block in content["blocks"]]
    assert kinds == ["image", "paragraph", "image", "caption", "paragraph"]  # featured first
    assert content["blocks"][2]["credit"] == "Photo: Jane Doe"
    assert content["metadata"]["wordpress"]["tags"] == [f"bridges-{run}",
                                                        f"Transport & Roads {run}"]

    translation = Translation.objects.get(article=added.article)
    with django_capture_on_commit_callbacks(execute=True):  # the worker's task, run at once
        publication = publish(translation, editor, publisher)
    delivery = WordPressDelivery.objects.get(translation=translation)
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("delivered", 1, "")
    made = WordPressPost.objects.get(translation=translation)
    assert delivery.post_id == made.post_id

    first = target_post(sites.target, made.post_id)
    assert first["status"] == "publish"
    translated = json.loads(publication.outputs["json"])["article"]
    assert first["title"]["raw"] == translated["title"] != content["title"]
    assert first["excerpt"]["raw"] == translated["standfirst"]
    assert "copydesk-disclosure" in first["content"]["raw"]
    assert f'href="{post["link"]}" rel="alternate" hreflang="en"' in first["content"]["raw"]
    assert first["meta"] == {"copydesk_original_url": post["link"],
                             "copydesk_original_language": "en"}
    assert "wp-content/uploads" in first["content"]["raw"]  # the figure, with its image
    assert term_names(first, "category") == {f"Local {run}"}
    assert term_names(first, "post_tag") == {f"bridges-{run}", f"Transport & Roads {run}"}
    assert first["featured_media"] and first["_embedded"]["wp:featuredmedia"][0]["id"]

    workflow.open_correction(translation, user=editor, reason="The figure was wrong.")
    segment = translation.segments.filter(active=True).order_by("position")[1]
    revisions.save_segment(segment.pk, f"Korrigiert {run}", base_version=segment.version,
                           user=editor)
    publish(translation, editor, publisher)
    delivered()
    corrected = target_post(sites.target, made.post_id)  # the same post, changed
    assert f"Korrigiert {run}" in corrected["content"]["raw"]
    assert "copydesk-correction" in corrected["content"]["raw"]
    assert corrected["featured_media"] == first["featured_media"]  # not copied again
    assert WordPressPost.objects.get(translation=translation).post_id == made.post_id

    workflow.withdraw(translation, user=publisher, reason="Legal hold.")
    [withdrawal] = delivered()
    assert withdrawal.action == "withdraw" and withdrawal.post_id == made.post_id
    assert target_post(sites.target, made.post_id)["status"] == "draft"
    assert [d.action for d in WordPressDelivery.objects.order_by("pk")] == [
        "publish", "publish", "withdraw"]


def test_pulling_again_is_an_update_and_unchanged_stores_nothing(sites, editor):
    post = source_post(sites.source, uuid.uuid4().hex[:8])
    first = wordpress.pull("source", str(post["id"]), ["de"], user=editor)
    same = wordpress.pull("source", str(post["id"]), user=editor)
    assert not same.stored and same.version.number == 1
    sites.source.api("POST", f"/wp/v2/posts/{post['id']}",
                     json={"title": "Council approves the bridge, at last"})
    changed = wordpress.pull("source", post["link"], user=editor)
    assert changed.article.pk == first.article.pk and changed.version.number == 2
    assert changed.version.content["title"] == "Council approves the bridge, at last"
    pulled = AuditEvent.objects.filter(article=first.article, kind="wordpress_post_pulled")
    assert [event.payload["version"] for event in pulled.order_by("seq")] == [1, 2]


def test_a_publish_that_fails_is_retried_in_order(sites, editor, publisher, monkeypatch):
    post = source_post(sites.source, uuid.uuid4().hex[:8])
    added = wordpress.pull("source", str(post["id"]), ["de"], user=editor)
    translation = Translation.objects.get(article=added.article)
    publish(translation, editor, publisher)
    workflow.withdraw(translation, user=publisher, reason="Legal hold.")
    monkeypatch.setenv("WP_TARGET_PASSWORD", "wrong password that is long")
    [attempt] = wordpress_delivery.deliver_due()  # the withdrawal waits for the publication
    assert attempt.action == "publish" and attempt.status == "pending"
    assert "refused the user 'admin'" in attempt.last_error
    assert "wrong password" not in attempt.last_error
    assert attempt.next_attempt_at is not None
    monkeypatch.setenv("WP_TARGET_PASSWORD", sites.target.password)
    from datetime import timedelta

    done = wordpress_delivery.deliver_due(now=attempt.next_attempt_at + timedelta(seconds=1))
    assert [(d.action, d.status) for d in done] == [("publish", "delivered"),
                                                    ("withdraw", "delivered")]
    made = WordPressPost.objects.get(translation=translation)
    assert target_post(sites.target, made.post_id)["status"] == "draft"


def test_bad_or_missing_credentials_say_what_to_do(sites, monkeypatch):
    assert wordpress.test_site("target")["roles"] == ["administrator"]
    monkeypatch.setenv("WP_TARGET_PASSWORD", "abcd efgh ijkl mnop qrst uvwx")
    with pytest.raises(FetchError) as refused:
        wordpress.test_site("target")
    assert "Application Passwords" in str(refused.value)
    assert "abcd" not in str(refused.value)
    monkeypatch.delenv("WP_TARGET_PASSWORD")
    with pytest.raises(ConfigError, match="Set the environment variable WP_TARGET_PASSWORD"):
        wordpress.test_site("target")


def test_unknown_posts_and_foreign_links_are_refused(sites, editor):
    with pytest.raises(FetchError, match="has no post 999999"):
        wordpress.pull("source", "999999", ["de"], user=editor)
    with pytest.raises(InputError, match="is not on the site"):
        wordpress.pull("source", f"{sites.target.url}/hello-world/", ["de"], user=editor)
    with pytest.raises(FetchError, match="No post at"):
        wordpress.pull("source", f"{sites.source.url}/no-such-story-{uuid.uuid4().hex}/",
                       ["de"], user=editor)


def test_site_registration_refuses_bad_input(sites):
    with pytest.raises(InputError, match="NAME of the variable"):
        wordpress.add_site("other", sites.target.url, user="admin",
                           password_env=sites.target.password)
    with pytest.raises(InputError, match="cannot name a site"):
        wordpress.add_site("Über Site", sites.target.url, user="admin", password_env="X")
    with pytest.raises(InputError, match="without a user name or password"):
        wordpress.add_site("other", "http://admin:pw@127.0.0.1:1/", user="a", password_env="X")
    with pytest.raises(WorkflowError, match="publishes to another site"):
        wordpress.add_site("other", sites.target.url, user="admin", password_env="X",
                           edition_code="de")


def test_the_password_is_never_in_the_database(sites, editor, publisher):
    post = source_post(sites.source, uuid.uuid4().hex[:8])
    added = wordpress.pull("source", str(post["id"]), ["de"], user=editor)
    publish(Translation.objects.get(article=added.article), editor, publisher)
    delivered()
    dump = io.StringIO()
    call_command("dumpdata", "desk", stdout=dump)
    text = dump.getvalue()
    assert "WP_TARGET_PASSWORD" in text  # the variable's name is all that is kept
    assert sites.target.password not in text and sites.source.password not in text


def test_a_private_site_is_refused_unless_allowed(wordpress_sites, settings, db):
    use(settings, allow_private_urls=False)
    with pytest.raises(FetchError, match="private or local address"):
        wordpress.add_site("local", wordpress_sites.target.url, user="admin",
                           password_env="WP_TARGET_PASSWORD")


def test_a_delivery_that_failed_every_attempt_can_be_made_again(sites, editor, publisher,
                                                                settings, monkeypatch):
    use(settings, webhook_max_attempts=1)
    post = source_post(sites.source, uuid.uuid4().hex[:8])
    added = wordpress.pull("source", str(post["id"]), ["de"], user=editor)
    publish(Translation.objects.get(article=added.article), editor, publisher)
    monkeypatch.delenv("WP_TARGET_PASSWORD")
    [failed] = wordpress_delivery.deliver_due()
    assert failed.status == "failed" and "WP_TARGET_PASSWORD" in failed.last_error
    assert wordpress.deliveries(failed_only=True) == [failed]
    done = WordPressDelivery.objects.create(site=failed.site, translation=failed.translation,
                                            action="withdraw", status="delivered")
    with pytest.raises(WorkflowError, match="only a failed one"):
        wordpress.retry(done.pk)
    monkeypatch.setenv("WP_TARGET_PASSWORD", sites.target.password)
    assert wordpress.retry(failed.pk).status == "pending"
    [again] = wordpress_delivery.deliver_due()
    assert again.pk == failed.pk and again.status == "delivered" and again.attempts == 1
