"""Signing in, who may open which page, and the security headers of every answer."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from copydesk.desk.middleware import CONTENT_SECURITY_POLICY
from copydesk.desk.models import User


def signed_in(client: Client, user) -> Client:
    client.force_login(user)
    return client


def pages(translation) -> list[str]:
    """Every page and fragment a signed-in person can GET, for one translation."""
    segment = translation.segments.first()
    return [reverse("desk:inbox"), reverse("desk:add_article"),
            reverse("desk:review", args=[translation.pk]),
            reverse("desk:status", args=[translation.pk]),
            reverse("desk:inbox_row", args=[translation.pk]),
            reverse("desk:diff", args=[segment.pk]), reverse("desk:comments", args=[segment.pk]),
            reverse("desk:audit", args=[translation.article_id]),
            reverse("desk:audit_export", args=[translation.article_id])]


def posts(translation) -> list[str]:
    segment = translation.segments.first()
    return [reverse("desk:add_article"),
            *(reverse(f"desk:{name}", args=[translation.pk])
              for name in ("retry", "approve", "publish", "withdraw", "correction")),
            *(reverse(f"desk:{name}", args=[segment.pk])
              for name in ("save", "confirm", "override", "comments"))]


def test_every_page_needs_a_login(client, translation):
    for url in pages(translation):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("desk:login")), url
    for url in posts(translation):
        assert client.post(url).status_code == 302, url


def test_a_person_without_a_desk_role_is_refused_everywhere(client, translation, make_user):
    signed_in(client, make_user("visitor"))
    for url in pages(translation):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"role" in response.content
    for url in posts(translation):
        assert client.post(url).status_code == 403, url


def test_signing_in_with_a_password_and_out_again(client, db):
    user = User.objects.create_user(username="erika", password="a long pass phrase")
    assert user.password != "a long pass phrase"  # stored hashed
    from copydesk.desk import roles

    roles.grant(user, "editor")
    wrong = client.post(reverse("desk:login"), {"username": "erika", "password": "nope"})
    assert wrong.status_code == 200 and b"did not match" in wrong.content
    right = client.post(reverse("desk:login"), {"username": "erika",
                                               "password": "a long pass phrase"})
    assert right.status_code == 302 and right["Location"] == reverse("desk:inbox")
    session = right.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert client.get(reverse("desk:inbox")).status_code == 200
    client.post(reverse("desk:logout"))
    assert client.get(reverse("desk:inbox")).status_code == 302


def test_forms_need_the_csrf_token(db, translation, editor):
    strict = signed_in(Client(enforce_csrf_checks=True), editor)
    response = strict.post(reverse("desk:approve", args=[translation.pk]))
    assert response.status_code == 403
    translation.refresh_from_db()
    assert translation.state == "in_review"


def test_pages_carry_the_security_headers(client, editor, translation):
    response = signed_in(client, editor).get(reverse("desk:review", args=[translation.pk]))
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"<script>" not in response.content  # no inline scripts: the policy forbids them


@pytest.mark.parametrize("name", ["htmx.min.js", "desk.js", "desk.css"])
def test_static_files_are_served_by_the_app(client, db, name):
    response = client.get(f"/static/desk/{name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)
