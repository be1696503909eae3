"""The admin pages: people, editions and glossaries in the browser, for administrators only.

Each change goes through the service the command line uses, so the refusals
here are the command line's too; each lands in the administration trail,
without passwords or tokens.
"""

from __future__ import annotations

import dataclasses
import io
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from copydesk.desk import admin_audit, staff
from copydesk.desk.bootstrap import copydesk_settings, edition_table
from copydesk.desk.models import AdminEvent, ApiToken, Edition, User
from copydesk.engines import registry
from copydesk.errors import PermissionDeniedError, WorkflowError
from tests.desk.conftest import NO_CHECKS, requires_postgres
from tests.desk.test_views_auth import signed_in

PASSWORD = "harbour-strike-pay-deal-2024"
LOCAL_CHAT = "http://127.0.0.1:9/v1"  # never contacted: only its being local is read


@pytest.fixture
def admin(make_user):
    return make_user("ada", "admin")


@pytest.fixture
def as_admin(client, admin):
    return signed_in(client, admin)


@pytest.fixture
def chat_engine(settings):
    """An OpenAI-compatible server on this machine in the settings: the 'openai' engine can
    translate any pair (nothing is sent: the desk only checks what could)."""
    desk = settings.COPYDESK_SETTINGS
    settings.COPYDESK_SETTINGS = dataclasses.replace(
        desk, values={**desk.values, "openai_base_url": LOCAL_CHAT})


def password_of(username: str, password: str) -> bool:
    """Whether ``password`` is the person's (what signing in checks)."""
    return User.objects.get(username=username).check_password(password)


def page(answer) -> str:
    return answer.content.decode()


def kinds() -> list[str]:
    return list(AdminEvent.objects.order_by("seq").values_list("kind", flat=True))


def trail_text() -> str:
    return "".join(admin_audit.canonical_json([e.actor, e.subject, e.payload])
                   for e in AdminEvent.objects.all())


def edition_form(edition: Edition | None = None, **changes) -> dict[str, str]:
    """What the edition form sends for ``edition`` as it is (or a new one), with changes."""
    data = {"code": "es", "name": "Edición española", "language": "es", "engine": "pseudo",
            "other": "", "version": staff.edition_version(edition) if edition else ""}
    if edition is not None:
        data.update(code=edition.code, name=edition.name, language=edition.language,
                    engine=edition.engine)
    data.update(changes)
    return data


# ------------------------------------------------------------------ pages and roles

def admin_pages(edition: Edition, username: str) -> list[str]:
    return [reverse("desk:admin"), reverse("desk:admin_audit"),
            reverse("desk:admin_audit_export"), reverse("desk:people"),
            reverse("desk:add_person"), reverse("desk:person", args=[username]),
            reverse("desk:editions"), reverse("desk:add_edition"),
            reverse("desk:edition", args=[edition.code]), reverse("desk:glossaries"),
            reverse("desk:edition_glossary", args=[edition.code])]


def admin_posts(edition: Edition, username: str) -> list[str]:
    return [reverse("desk:add_person"), reverse("desk:add_edition"),
            reverse("desk:edition", args=[edition.code]),
            *(reverse(f"desk:person_{name}", args=[username])
              for name in ("roles", "password", "deactivate", "activate", "token", "revoke")),
            *(reverse(f"desk:glossary_{name}", args=[edition.code])
              for name in ("upload", "add")),
            reverse("desk:glossary_change", args=[edition.code, "0" * 16]),
            reverse("desk:glossary_remove", args=[edition.code, "0" * 16])]


def test_every_admin_page_opens_for_an_administrator(as_admin, admin, edition):
    for url in admin_pages(edition, admin.username):
        answer = as_admin.get(url)
        assert answer.status_code == 200, url
    assert 'href="/admin/">Admin</a>' in page(as_admin.get(reverse("desk:inbox")))


@pytest.mark.parametrize("role", ["editor", "publisher", ""])
def test_everyone_else_gets_a_403_that_names_the_admin_role(client, make_user, edition, role):
    person = make_user("paul", *([role] if role else []))
    signed_in(client, person)
    for url in admin_pages(edition, person.username):
        answer = client.get(url)
        assert answer.status_code == 403, url
        assert "This page needs the &#x27;admin&#x27; role" in page(answer), url
    for url in admin_posts(edition, person.username):
        assert client.post(url, {"roles": ["admin"], "name": "x"}).status_code == 403, url
    assert not AdminEvent.objects.exists()
    assert not User.objects.get(username="paul").groups.filter(name="admin").exists()
    assert 'href="/admin/"' not in page(client.get(reverse("desk:inbox")))


def test_signed_out_visitors_are_sent_to_sign_in(client, admin, edition):
    for url in admin_pages(edition, admin.username):
        assert client.get(url)["Location"].startswith(reverse("desk:login")), url


def test_the_services_refuse_a_person_without_the_admin_role(make_user, edition):
    editor = make_user("erika", "editor")
    with pytest.raises(PermissionDeniedError, match="needs the 'admin' role"):
        staff.add_person("mallory", "", ["admin"], PASSWORD, actor=editor)
    with pytest.raises(PermissionDeniedError):
        staff.save_edition("de", "de", "Hijacked", engine="pseudo", actor=editor)
    assert not User.objects.filter(username="mallory").exists()
    assert Edition.objects.get(code="de").name == "German edition"


def test_admin_forms_need_the_csrf_token(admin, edition):
    strict = signed_in(Client(enforce_csrf_checks=True), admin)
    answer = strict.post(reverse("desk:add_person"), {"username": "anna", "roles": ["editor"],
                                                      "how": "generate"})
    assert answer.status_code == 403
    assert not User.objects.filter(username="anna").exists()


# ------------------------------------------------------------------ people

def test_a_person_is_added_with_a_typed_password(as_admin):
    answer = as_admin.post(reverse("desk:add_person"), {
        "username": "anna", "full_name": "Anna Berg", "roles": ["editor", "publisher"],
        "how": "type", "password1": PASSWORD, "password2": PASSWORD})
    assert answer.status_code == 302
    anna = User.objects.get(username="anna")
    assert password_of("anna", PASSWORD)
    assert sorted(anna.groups.values_list("name", flat=True)) == ["editor", "publisher"]
    event = AdminEvent.objects.get(kind="person_added")
    assert (event.actor, event.subject) == ("user:ada", "user:anna")
    assert event.payload["initial_password"] == "typed" and PASSWORD not in trail_text()


def test_a_generated_password_is_shown_once_and_never_kept(as_admin):
    answer = as_admin.post(reverse("desk:add_person"), {"username": "ben", "roles": ["editor"],
                                                        "how": "generate"})
    assert answer.status_code == 200 and "shown once" in page(answer)
    assert "no-store" in answer["Cache-Control"]
    password = re.search(r'class="secret" readonly value="([^"]+)"', page(answer)).group(1)
    assert password_of("ben", password)
    assert password not in trail_text() and password not in page(
        as_admin.get(reverse("desk:person", args=["ben"])))


@pytest.mark.parametrize(("fields", "says"), [
    ({"password1": "password1", "password2": "password1"}, "too common"),
    ({"password1": "short", "password2": "short"}, "too short"),
    ({"password1": "anna-berg-anna", "password2": "anna-berg-anna"}, "too similar"),
    ({"password1": PASSWORD, "password2": PASSWORD + "x"}, "The two passwords differ"),
    ({"password1": PASSWORD + "\x00", "password2": PASSWORD + "\x00"}, "Null characters"),
    ({"password1": "", "password2": ""}, "Type the password"),
])
def test_a_weak_or_mistyped_password_is_refused(as_admin, fields, says):
    answer = as_admin.post(reverse("desk:add_person"), {
        "username": "anna-berg", "full_name": "Anna Berg", "roles": ["editor"], "how": "type",
        **fields})
    assert answer.status_code == 400 and says in page(answer)
    assert not User.objects.filter(username="anna-berg").exists() and not kinds()


@pytest.mark.parametrize(("username", "full_name"), [
    ("jürgen", ""), ("ａｎｎａ", ""), ("anna\x00", ""), ("an\nna", ""), ("an na", ""),
    ("a" * 151, ""), ("Ada", ""), ("anna", "Anna\x00Berg"), ("anna", "N" * 151),
    ("anna", "Anna\u202eBerg"), ("", ""),
])
def test_hostile_names_are_refused_and_change_nothing(as_admin, username, full_name):
    before = User.objects.count()
    answer = as_admin.post(reverse("desk:add_person"), {
        "username": username, "full_name": full_name, "roles": ["editor"], "how": "generate"})
    assert answer.status_code == 400, username
    assert User.objects.count() == before and not kinds()


def test_a_full_name_is_stored_in_one_unicode_form(as_admin):
    as_admin.post(reverse("desk:add_person"), {"username": "jose", "full_name": "Jose\u0301 Li",
                                               "roles": ["editor"], "how": "generate"})
    assert User.objects.get(username="jose").first_name == "José"


def test_roles_are_replaced_and_a_stale_form_is_a_conflict(as_admin, make_user):
    make_user("anna", "editor")
    url = reverse("desk:person_roles", args=["anna"])
    done = as_admin.post(url, {"roles": ["editor", "publisher"], "held": "editor"})
    assert done.status_code == 302
    stale = as_admin.post(url, {"roles": ["admin"], "held": "editor"})
    assert stale.status_code == 302  # back to the page, with the message
    followed = as_admin.get(reverse("desk:person", args=["anna"]))
    assert "roles changed since the page was opened" in page(followed)
    person = User.objects.get(username="anna")
    assert sorted(person.groups.values_list("name", flat=True)) == ["editor", "publisher"]
    assert AdminEvent.objects.get(kind="roles_changed").payload == {
        "username": "anna", "before": ["editor"], "after": ["editor", "publisher"]}


def test_the_last_active_administrator_cannot_leave(as_admin, admin, make_user):
    for url, data in ((reverse("desk:person_deactivate", args=["ada"]), {}),
                      (reverse("desk:person_roles", args=["ada"]),
                       {"roles": ["editor"], "held": "admin"})):
        as_admin.post(url, data)
        shown = page(as_admin.get(reverse("desk:person", args=["ada"])))
        assert "you are the last active administrator" in shown
    admin.refresh_from_db()
    assert admin.is_active and admin.groups.filter(name="admin").exists() and not kinds()
    make_user("bea", "admin")
    assert as_admin.post(reverse("desk:person_deactivate", args=["bea"])).status_code == 302
    as_admin.post(reverse("desk:person_deactivate", args=["ada"]))  # bea is inactive now
    assert User.objects.get(username="ada").is_active
    with pytest.raises(WorkflowError, match="you are the last active administrator"):
        staff.deactivate("ada", actor=admin)  # the service itself, as the API would call it
    staff.deactivate("ada", actor=admin_audit.command_line())  # the command line can recover
    assert not User.objects.get(username="ada").is_active


@requires_postgres  # the in-memory SQLite test database has no busy wait between threads
@pytest.mark.django_db(transaction=True)
def test_two_administrators_cannot_deactivate_each_other_at_once(make_user):
    ada, bea = make_user("ada", "admin"), make_user("bea", "admin")
    start, outcomes = threading.Barrier(2), []

    def deactivate(actor, target) -> None:
        start.wait()
        try:
            staff.deactivate(target, actor=actor)
            outcomes.append("done")
        except WorkflowError as refused:
            outcomes.append(str(refused))
        except Exception as error:  # reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=deactivate, args=(ada, "bea")),
               threading.Thread(target=deactivate, args=(bea, "ada"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done, refused = sorted(outcomes, key=lambda outcome: outcome != "done")
    assert done == "done" and "last active administrator" in refused, outcomes
    assert User.objects.filter(is_active=True, groups__name="admin").count() == 1
    assert admin_audit.verify().ok


def test_a_password_is_reset_typed_or_generated(as_admin, make_user):
    make_user("anna", "editor")
    staff.issue_token("anna", "CMS import")
    url = reverse("desk:person_password", args=["anna"])
    typed = as_admin.post(url, {"how": "type", "password1": PASSWORD, "password2": PASSWORD})
    assert typed.status_code == 302
    assert password_of("anna", PASSWORD)
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()
    generated = as_admin.post(url, {"how": "generate", "keep_tokens": "on"})
    assert "shown once" in page(generated)
    secret = re.search(r'class="secret" readonly value="([^"]+)"', page(generated)).group(1)
    assert password_of("anna", secret)
    weak = as_admin.post(url, {"how": "type", "password1": "anna", "password2": "anna"})
    assert weak.status_code == 400 and "too weak" in page(weak)
    events = AdminEvent.objects.filter(kind="password_set").order_by("seq")
    assert [e.payload["how"] for e in events] == ["typed", "generated"]
    assert PASSWORD not in trail_text() and secret not in trail_text()


def test_tokens_are_issued_once_listed_and_revoked(as_admin, make_user):
    make_user("anna", "editor")
    issued = as_admin.post(reverse("desk:person_token", args=["anna"]), {"name": "CMS import"})
    token = re.search(r'class="secret" readonly value="(cdk_[^"]+)"', page(issued)).group(1)
    listed = page(as_admin.get(reverse("desk:person", args=["anna"])))
    assert token[:10] in listed and token not in listed and "CMS import" in listed
    revoke = reverse("desk:person_revoke", args=["anna"])
    assert as_admin.post(revoke, {"prefix": token[:10]}).status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    again = as_admin.post(revoke, {"prefix": token[:10]}, follow=True)
    assert "has no live token" in page(again)
    assert kinds() == ["token_issued", "token_revoked"] and token not in trail_text()
    assert Client().get("/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_deactivation_and_activation_are_recorded(as_admin, make_user):
    make_user("anna", "editor")
    as_admin.post(reverse("desk:person_deactivate", args=["anna"]))
    assert not User.objects.get(username="anna").is_active
    as_admin.post(reverse("desk:person_activate", args=["anna"]))
    as_admin.post(reverse("desk:person_activate", args=["anna"]))  # no change: no event
    assert kinds() == ["person_deactivated", "person_activated"]


def test_an_unknown_person_is_a_404(as_admin):
    assert as_admin.get(reverse("desk:person", args=["nobody"])).status_code == 404


# ------------------------------------------------------------------ editions

def test_an_engine_that_cannot_translate_the_pair_is_refused_naming_those_that_can(
        as_admin, chat_engine, monkeypatch):
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    refused = as_admin.post(reverse("desk:add_edition"),
                            edition_form(engine="deepl,ctranslate2"))
    assert refused.status_code == 400
    text = page(refused)
    assert ("The engine setting &#x27;deepl,ctranslate2&#x27; cannot translate English (en) "
            "into Spanish (es)") in text
    said = re.search(r'role="alert"><p>(.*?)</p>', text, re.S)
    assert said and "deepl: no API key" in said.group(1), said
    able = registry.capable("en", "es", copydesk_settings())
    assert "openai" in able and f"Engines that can: {', '.join(able)}." in said.group(1)
    assert not Edition.objects.exists() and not kinds()
    added = as_admin.post(reverse("desk:add_edition"), edition_form(engine="deepl,openai"))
    assert added.status_code == 302
    edition = Edition.objects.get(code="es")
    assert (edition.engine, edition.name) == ("deepl,openai", "Edición española")
    assert kinds() == ["edition_added"]


def test_the_engine_is_checked_for_every_language_the_edition_translates_from(
        as_admin, chat_engine):
    refused = as_admin.post(reverse("desk:add_edition"), edition_form(
        language="de", engine="apertium", opt_source_languages="en, fr"))
    assert refused.status_code == 400 and "apertium" in page(refused)
    same = as_admin.post(reverse("desk:add_edition"), edition_form(
        language="en", engine="openai", opt_source_languages="en"))
    assert "Say which languages" in page(same)
    done = as_admin.post(reverse("desk:add_edition"), edition_form(
        language="de", engine="openai", opt_source_languages="en, fr, en"))
    assert done.status_code == 302
    assert Edition.objects.get().options["source_languages"] == ["en", "fr"]


def test_every_edition_setting_is_saved_and_read_by_the_desk(as_admin, edition):
    answer = as_admin.post(reverse("desk:edition", args=["de"]), edition_form(
        edition, name="Deutsche Ausgabe", opt_review_policy="block", opt_four_eyes="true",
        opt_open_comments="block", opt_name_editors="false", opt_gender="star",
        opt_review_max_words_per_minute="400", checks_disabled=["length", "names"],
        disclosure_reviewed="Übersetzt mit {engine}, geprüft von {editors} am {date}.",
        opt_correction_note="Korrigiert am {date}: {reason}",
        other='{"checks": {"enabled": ["length", "names", "numbers"]}, '
              '"language_candidates": ["de", "en"]}'))
    assert answer.status_code == 302, page(answer)
    edition.refresh_from_db()
    table = edition_table(edition)
    assert (table["review_policy"], table["four_eyes"], table["open_comments"],
            table["name_editors"], table["gender"]) == ("block", True, "block", False, "star")
    assert table["review_max_words_per_minute"] == 400
    assert table["checks"] == {"enabled": ["length", "names", "numbers"],
                               "disabled": ["length", "names"]}
    assert table["disclosure_reviewed"].startswith("Übersetzt mit {engine}")
    assert table["language_candidates"] == ["de", "en"]
    event = AdminEvent.objects.get(kind="edition_changed")
    assert event.payload["changes"]["name"] == {"before": "German edition",
                                                "after": "Deutsche Ausgabe"}
    assert event.payload["changes"]["options.four_eyes"] == {"before": None, "after": True}
    form = page(as_admin.get(reverse("desk:edition", args=["de"])))
    assert 'value="Deutsche Ausgabe"' in form and '<option value="block" selected>' in form


@pytest.mark.parametrize(("changes", "says"), [
    ({"other": '{"bogus": 1}'}, "Unknown edition setting(s) bogus"),
    ({"other": '{"formality": "more"}'}, "config file"),
    ({"other": '{"glossary": "/etc/passwd"}'}, "glossary"),
    ({"other": "[1, 2]"}, "one JSON object"),
    ({"other": "{oops"}, "Not valid JSON"),
    ({"other": '{"four_eyes": true}'}, "in the fields above"),
    ({"other": '{"checks": {"enabled": ["nonsense"]}}'}, "unknown check(s) nonsense"),
    ({"opt_review_max_unedited_share": "1.5"}, "between 0 and 1"),
    ({"opt_review_max_words_per_minute": "nan"}, "Enter a number"),
    ({"opt_review_policy": "lenient"}, "Select a valid choice"),
    ({"disclosure_reviewed": "Checked by {editor}"}, "unknown placeholder {editor}"),
    ({"disclosure_unreviewed": "Machine\x1bmade {date}"}, "printable"),
    ({"disclosure_unreviewed": "Machine\x00made {date}"}, "Null characters"),
    ({"opt_source_languages": "klingon"}, "Unknown language"),
    ({"name": "German\u202eedition"}, "printable"),
    ({"name": "German\x00edition"}, "Null characters"),
    ({"name": "N" * 201}, "at most 200"),
    ({"language": "xx"}, "Unknown language"),
    ({"engine": "babelfish"}, "Unknown engine(s) babelfish"),
    ({"engine": "pseudo,pseudo"}, "names an engine twice"),
    ({"engine": "auto,pseudo"}, "&#x27;auto&#x27; in a chain"),
])
def test_an_edition_setting_that_cannot_work_is_refused(as_admin, edition, changes, says):
    before = (edition.name, edition.engine, dict(edition.options))
    answer = as_admin.post(reverse("desk:edition", args=["de"]), edition_form(edition,
                                                                              **changes))
    assert answer.status_code in (400, 409) and says in page(answer), page(answer)[-3000:]
    edition.refresh_from_db()
    assert (edition.name, edition.engine, dict(edition.options)) == before and not kinds()


@pytest.mark.parametrize("code", ["De", "de edition", "dé", "d" * 33, "de/../x", ""])
def test_a_bad_edition_code_is_refused(as_admin, code):
    answer = as_admin.post(reverse("desk:add_edition"), edition_form(code=code))
    assert answer.status_code == 400 and not Edition.objects.exists()


def test_a_new_edition_may_not_take_an_existing_code(as_admin, edition):
    answer = as_admin.post(reverse("desk:add_edition"), edition_form(code="de", language="de"))
    assert answer.status_code == 400 and "exists already" in page(answer)
    assert Edition.objects.get().name == "German edition"


def test_a_path_setting_is_kept_whatever_the_browser_sends(as_admin, db, tmp_path):
    edition = Edition.objects.create(code="de", name="German edition", language="de",
                                     engine="pseudo", options={
                                         "gender_wordlist": str(tmp_path / "nouns.csv")})
    as_admin.post(reverse("desk:edition", args=["de"]), edition_form(edition, name="DE"))
    edition.refresh_from_db()
    assert edition.name == "DE" and edition.options == {
        "gender_wordlist": str(tmp_path / "nouns.csv")}


def test_two_administrators_editing_one_edition_cannot_overwrite_each_other(
        client, admin, make_user, edition):
    other = signed_in(Client(), make_user("bea", "admin"))
    mine = signed_in(client, admin)
    opened = edition_form(edition)  # both open the form at the same version
    first = other.post(reverse("desk:edition", args=["de"]),
                       {**opened, "name": "Bea's name", "opt_four_eyes": "true"})
    assert first.status_code == 302
    late = mine.post(reverse("desk:edition", args=["de"]), {**opened, "name": "Ada's name"})
    assert late.status_code == 409
    text = page(late)
    assert "was changed by user:bea" in text and "after you opened it" in text
    assert "make your changes again and save" in text
    assert "What you sent" in text and "Ada&#x27;s name" in text
    assert 'value="Bea&#x27;s name"' in text  # the form shows the edition as it is now
    edition.refresh_from_db()
    assert edition.name == "Bea's name" and edition.options["four_eyes"] is True
    fresh = re.search(r'name="version" value="([0-9a-f]+)"', text).group(1)
    retried = mine.post(reverse("desk:edition", args=["de"]), edition_form(
        edition, name="Ada's name", opt_four_eyes="true", version=fresh))
    assert retried.status_code == 302
    assert Edition.objects.get().name == "Ada's name"
    assert [e.actor for e in AdminEvent.objects.order_by("seq")] == ["user:bea", "user:ada"]


def test_a_form_without_its_version_does_not_overwrite(as_admin, edition):
    answer = as_admin.post(reverse("desk:edition", args=["de"]), edition_form(
        edition, name="Blind save", version=""))
    assert answer.status_code == 409
    assert Edition.objects.get().name == "German edition"


def test_an_edition_name_is_stored_in_one_unicode_form(as_admin, chat_engine):
    as_admin.post(reverse("desk:add_edition"), edition_form(code="ch", language="de-CH",
                                                            name="Zu\u0308rich", engine="auto"))
    assert Edition.objects.get(code="ch").name == "Zürich"


# ------------------------------------------------------------------ glossary

def upload(client, code: str, content: bytes, name: str, **fields):
    from copydesk.desk import glossary

    version = glossary.show(code).digest
    data = {"file": io.BytesIO(content), "source_language": "en", "version": version,
            **fields}
    data["file"].name = name
    return client.post(reverse("desk:glossary_upload", args=[code]), data)


CSV = ("source,target,type,note\nbridge,Brücke,preferred,\nAlibaba,,dnt,brand\n"
       "Brigde,Brigde,forbidden,typo\n")
TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry><langSet xml:lang="en"><tig><term>harbour</term></tig></langSet>
<langSet xml:lang="de"><tig><term>Hafen</term></tig></langSet></termEntry>
</body></text></martif>"""


def test_a_csv_glossary_is_uploaded_and_reaches_the_desk(as_admin, edition):
    answer = upload(as_admin, "de", CSV.encode(), "terms.csv")
    assert answer.status_code == 302
    shown = page(as_admin.get(reverse("desk:edition_glossary", args=["de"])))
    assert "Brücke" in shown and "Alibaba" in shown and "Kept by the desk: 3 terms" in shown
    from copydesk import glossary

    loaded = glossary.for_edition(edition_table(Edition.objects.get()), "en", "de")
    assert loaded.target_terms("bridge") == ["Brücke"] and len(loaded) == 3
    event = AdminEvent.objects.get(kind="glossary_replaced")
    assert (event.subject, event.payload["terms"], event.payload["file"]) == (
        "glossary:de", 3, "terms.csv")


def test_a_tbx_glossary_is_read_for_the_language_pair_given(as_admin, edition):
    assert upload(as_admin, "de", TBX.encode(), "terms.tbx").status_code == 302
    assert "Hafen" in page(as_admin.get(reverse("desk:edition_glossary", args=["de"])))
    refused = upload(as_admin, "de", TBX.encode(), "terms.tbx", source_language="fr")
    assert refused.status_code == 400 and "has no terms for fr-&gt;de" in page(refused)


@pytest.mark.parametrize(("content", "name", "says"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00", "terms.csv", "not UTF-8"),
    ("source,target\nbrid\x00ge,Brücke\n".encode(), "terms.csv", "NUL character"),
    (b"source,target\n" + b"a" * 3000 + b",b\n", "terms.csv", "longer than 2,000"),
    (b"source,target\n" + b"a,b\n" * 1_300_000, "terms.csv", "larger than 5,000,000 bytes"),
    (b"<martif><text><body>", "terms.tbx", "not well-formed XML"),
    (b"<html/>", "terms.tbx", "not TBX"),
    (b"source,target\nbridge,Bruecke\n", "terms.exe", ".csv, .tsv or .tbx"),
    (b"", "terms.csv", "empty"),
    (b"source,target\n" + b"w%d,x\n" % 1 + b"".join(b"w%d,x\n" % i for i in range(10_001)),
     "terms.csv", "more than the desk keeps"),
])
def test_a_bad_glossary_file_is_refused_and_changes_nothing(as_admin, edition, content, name,
                                                            says):
    upload(as_admin, "de", CSV.encode(), "terms.csv")
    before = Edition.objects.get().options
    answer = upload(as_admin, "de", content, name)
    assert answer.status_code == 400 and says in page(answer), page(answer)[-2000:]
    assert Edition.objects.get().options == before and kinds() == ["glossary_replaced"]


def test_terms_are_added_changed_and_removed(as_admin, edition):
    from copydesk.desk import glossary

    add = reverse("desk:glossary_add", args=["de"])
    assert as_admin.post(add, {"source": "ministry", "target": "Ministerium",
                               "type": "preferred"}).status_code == 302
    again = as_admin.post(add, {"source": "Ministry", "target": "Ministerium",
                                "type": "preferred"})
    assert again.status_code == 400 and "has this term already" in page(again)
    key = glossary.term_key(glossary.show("de").terms[0])
    changed = as_admin.post(reverse("desk:glossary_change", args=["de", key]), {
        "source": "ministry", "target": "Bundesministerium", "type": "preferred",
        "case": "insensitive", "note": "federal"})
    assert changed.status_code == 302
    stale = as_admin.post(reverse("desk:glossary_change", args=["de", key]), {
        "source": "ministry", "target": "Amt", "type": "preferred"}, follow=True)
    assert "changed or removed meanwhile" in page(stale)
    [term] = glossary.show("de").terms
    assert (term.target, term.note) == ("Bundesministerium", "federal")
    remove = reverse("desk:glossary_remove", args=["de", glossary.term_key(term)])
    assert as_admin.post(remove).status_code == 302
    assert not glossary.show("de").path  # no terms: no glossary file named any more
    assert kinds() == ["glossary_term_added", "glossary_term_changed", "glossary_term_removed"]
    assert AdminEvent.objects.get(kind="glossary_term_changed").payload["before"]["target"] == \
        "Ministerium"


@pytest.mark.parametrize("fields", [
    {"source": "bridge", "target": "Brü\x00cke", "type": "preferred"},
    {"source": "bridge\nx", "target": "Brücke", "type": "preferred"},
    {"source": "", "target": "Brücke", "type": "preferred"},
    {"source": "bridge", "target": "", "type": "forbidden"},
    {"source": "b" * 2001, "target": "Brücke", "type": "preferred"},
    {"source": "bridge", "target": "Brücke", "type": "mandatory"},
])
def test_a_bad_term_is_refused(as_admin, edition, fields):
    answer = as_admin.post(reverse("desk:glossary_add", args=["de"]), fields)
    assert answer.status_code == 400 and not kinds()


def test_a_term_is_stored_in_one_unicode_form(as_admin, edition):
    from copydesk.desk import glossary

    as_admin.post(reverse("desk:glossary_add", args=["de"]), {
        "source": "bridge", "target": "Bru\u0308cke", "type": "preferred"})
    assert glossary.show("de").terms[0].target == "Brücke"


def test_a_glossary_named_outside_the_desk_is_shown_but_not_edited(as_admin, db, tmp_path):
    outside = tmp_path / "terms.csv"
    outside.write_text(CSV, encoding="utf-8")
    Edition.objects.create(code="de", name="German edition", language="de", engine="pseudo",
                           options={**NO_CHECKS, "glossary": str(outside)})
    shown = page(as_admin.get(reverse("desk:edition_glossary", args=["de"])))
    assert str(outside) in shown and "Brücke" in shown and "Upload a file here" in shown
    refused = as_admin.post(reverse("desk:glossary_add", args=["de"]), {
        "source": "harbour", "target": "Hafen", "type": "preferred"})
    assert refused.status_code == 400 and "reads its glossary from" in page(refused)
    assert outside.read_text(encoding="utf-8") == CSV


# ------------------------------------------------------------------ the trail page

def test_the_trail_page_lists_and_filters_by_kind(as_admin, make_user, edition):
    make_user("anna", "editor")
    staff.issue_token("anna", "CMS", actor=admin_audit.command_line())
    as_admin.post(reverse("desk:person_deactivate", args=["anna"]))
    everything = page(as_admin.get(reverse("desk:admin_audit")))
    assert "token_issued" in everything and "person_deactivated" in everything
    assert "Chain intact" in everything and "cli:" in everything
    only = page(as_admin.get(reverse("desk:admin_audit"), {"kind": "person_deactivated"}))
    assert "<td>person_deactivated</td>" in only and "<td>token_issued</td>" not in only
    unknown = page(as_admin.get(reverse("desk:admin_audit"), {"kind": "<script>"}))
    assert "There is no event kind “&lt;script&gt;”" in unknown
    exported = as_admin.get(reverse("desk:admin_audit_export")).json()
    assert exported["verification"]["ok"] and len(exported["events"]) == 2
