"""The WordPress client without the desk: a post as a real WordPress 6.1 site answered it
(``data/wordpress_post.json``: GET /wp-json/wp/v2/posts/39?context=edit&_embed from the
source test site of scripts/wordpress) read into an article, and the client's refusals.
Traffic to a real site is in tests/desk/test_wordpress.py; here the answers come from an
``httpx.MockTransport`` standing in for the network only."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from copydesk import settings as copydesk_settings
from copydesk.connectors import wordpress
from copydesk.errors import FetchError, InputError, PrivateAddressError, TooLargeError

POST = json.loads((Path(__file__).parent / "data" / "wordpress_post.json").read_text())
SITE = "http://127.0.0.1:8941"
SETTINGS = copydesk_settings.load(options={"allow_private_urls": True}, environ={})
SECRET = "abcd EFGH ijkl MNOP qrst UVWX"


def client(handler: Any, settings: Any = SETTINGS, url: str = SITE) -> wordpress.WordPressClient:
    return wordpress.WordPressClient(url, wordpress.Credentials("admin", SECRET),
                                     settings=settings, transport=httpx.MockTransport(handler))


def answer(status: int, body: Any) -> Any:
    return lambda request: httpx.Response(status, json=body)


def test_a_real_post_becomes_a_post():
    post = wordpress.parse_post(POST)
    assert post.id == 39 and post.status == "publish"
    assert post.title == "Port's record year: 12 million containers"  # raw, not texturized
    assert post.excerpt == "The harbour had its busiest year."
    assert post.author == "admin" and post.date == POST["date_gmt"] + "Z"
    assert post.categories == ("Economy & Trade",)  # the API's &amp; unescaped
    assert post.tags == ("Élan", "ports")  # in the order WordPress gives them
    assert post.featured_image is not None
    assert post.featured_image.alt == "Cranes in the harbour"
    assert post.featured_image.caption == "The harbour at night."


def test_a_real_post_becomes_an_article_with_its_figures_and_terms():
    article = wordpress.post_article(wordpress.parse_post(POST), site="source",
                                     settings=SETTINGS)
    assert article.title == "Port's record year: 12 million containers"
    assert article.standfirst == "The harbour had its busiest year."
    # the featured image is the figure in the content: it is not shown twice
    assert [b.kind.value for b in article.blocks] == [
        "heading", "paragraph", "image", "caption", "list_item", "list_item", "quote"]
    image = article.blocks[2]
    assert image.src == POST["_embedded"]["wp:featuredmedia"][0]["source_url"]
    assert image.text == "Cranes in the harbour" and image.credit == "Photo: Port Authority"
    assert article.blocks[3].text == "Cranes at the container terminal."
    assert article.blocks[1].tags["1"].attrs["href"] == "https://example.org/report"
    assert article.metadata["wordpress"] == {
        "site": "source", "post": 39, "link": POST["link"], "categories": ["Economy & Trade"],
        "tags": ["Élan", "ports"], "featured_image": image.src}


def test_a_featured_image_outside_the_content_comes_first_with_its_caption():
    data = copy.deepcopy(POST)
    data["_embedded"]["wp:featuredmedia"][0]["source_url"] = f"{SITE}/wp-content/uploads/lead.png"
    article = wordpress.post_article(wordpress.parse_post(data), site="s", settings=SETTINGS)
    assert [b.kind.value for b in article.blocks][:3] == ["image", "caption", "heading"]
    assert article.blocks[0].src == f"{SITE}/wp-content/uploads/lead.png"
    assert article.blocks[1].text == "The harbour at night."
    data["_embedded"]["wp:featuredmedia"][0]["source_url"] = "javascript:alert(1)"
    assert wordpress.parse_post(data).featured_image is None


def test_what_is_not_a_post_is_refused():
    for bad in ({"code": "rest_post_invalid_id"}, [], {"id": "39"}):
        with pytest.raises(FetchError, match="not a post"):
            wordpress.parse_post(bad)
    without = {k: v for k, v in POST.items() if k != "_embedded"}
    post = wordpress.parse_post({**without, "date_gmt": "0000-00-00T00:00:00"})
    assert post.author == "" and post.categories == () and post.date is None


@pytest.mark.parametrize(("status", "body", "says"), [
    (401, {"code": "incorrect_password", "message": "The provided password is an invalid "
                                                   "application password."},
     "refused the user 'admin' and the application password"),
    (403, {"code": "rest_forbidden_context", "message": "Sorry, you are not allowed."},
     "give them the Editor or Administrator role"),
    (404, {"code": "rest_post_invalid_id", "message": "Invalid post ID."},
     "has no post 7 (rest_post_invalid_id); check the id or link"),
    (500, {"code": "internal", "message": "Boom"}, "answered HTTP 500"),
])
def test_refusals_say_what_to_do_and_never_show_the_password(status, body, says):
    with pytest.raises(FetchError) as refused, client(answer(status, body)) as wp:
        wp.post(7)
    assert says in str(refused.value)
    assert SECRET not in str(refused.value) and "abcd" not in str(refused.value)


def test_the_password_goes_as_basic_auth_and_redirects_are_not_followed():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(301, headers={"location": "https://elsewhere.example/"})

    with pytest.raises(FetchError, match="not followed"), client(handler) as wp:
        wp.me()
    assert seen[0].url.path == "/wp-json/wp/v2/users/me"
    assert seen[0].headers["authorization"].startswith("Basic ")
    assert len(seen) == 1


def test_a_site_without_pretty_permalinks_is_asked_with_rest_route():
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path.startswith("/wp-json"):
            return httpx.Response(404, text="<html>Not found</html>")
        return httpx.Response(200, json={"id": 1, "name": "admin", "roles": ["editor"]})

    with client(handler) as wp:
        assert wp.me()["name"] == "admin"
        wp.me()
    assert seen[1] == f"{SITE}/?rest_route=%2Fwp%2Fv2%2Fusers%2Fme&context=edit"
    assert len(seen) == 3  # found out once


def test_private_sites_need_allow_private_urls_and_answers_have_a_size_limit():
    strict = copydesk_settings.load(options={}, environ={})
    with pytest.raises(PrivateAddressError), client(answer(200, {}), settings=strict) as wp:
        wp.me()
    small = copydesk_settings.load(options={"allow_private_urls": True,
                                            "fetch_max_bytes": 1000}, environ={})
    with pytest.raises(TooLargeError), client(answer(200, POST), settings=small) as wp:
        wp.post(39)


def test_post_references_are_ids_or_links_on_the_same_site():
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.params["slug"] == "port-record"
        return httpx.Response(200, json=[{"id": 39}])

    with client(handler) as wp:
        assert wp.find_post(" 39 ") == 39
        assert wp.find_post("３９") == 39  # full-width digits, as typed on some keyboards
        assert wp.find_post(f"{SITE}/?p=12") == 12
        assert wp.find_post(SITE.replace("http://", "HTTP://") + "/?p=12") == 12
        assert wp.find_post(f"{SITE}/2026/12/port-record/") == 39
        for bad in ("-3", "0", "x1", "https://other.example/port-record/", f"{SITE}/",
                    SITE.replace("http:", "https:") + "/?p=12", "9" * 30):
            with pytest.raises(InputError):
                wp.find_post(bad)


def test_terms_are_found_by_name_and_created_when_missing():
    made: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, json=[{"id": 5, "name": "Economy &amp; Trade"},
                                             {"id": 6, "name": "Economy"}])
        made.append(json.loads(request.content))
        if made[-1]["name"] == "Taken":
            return httpx.Response(400, json={"code": "term_exists", "data": {"term_id": 9}})
        return httpx.Response(201, json={"id": 8})

    with client(handler) as wp:
        assert wp.term_ids("categories", ["economy & trade", "New", "Taken", " New "]) == [5, 8, 9]
        with pytest.raises(InputError):
            wp.term_ids("users", ["x"])
    assert made == [{"name": "New"}, {"name": "Taken"}]


@pytest.mark.parametrize("bad", ["ftp://example.org", "example", "https://u:p@example.org",
                                 "https://example.org/?x=1", "javascript:alert(1)"])
def test_site_addresses_are_web_addresses_without_credentials(bad):
    with pytest.raises(InputError):
        wordpress.site_address(bad)


def test_site_addresses_are_normalised():
    assert wordpress.site_address(" HTTPS://News.Example.org/blog/ ") == \
        "https://news.example.org/blog"
