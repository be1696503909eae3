"""``copydesk users`` and ``copydesk editions``: the newsroom behind the desk."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from copydesk.cli.staff import editions, users
from copydesk.desk import roles, staff
from copydesk.desk.models import ApiToken, Edition, Role, User
from copydesk.errors import ConfigError, InputError, LanguageError, NotFoundError

STRONG = "harbour-lights-2026"


def test_a_person_is_added_with_roles_and_a_hashed_password(db):
    result = CliRunner().invoke(users, ["add", "anna", "--name", "Anna Berg", "--role", "editor",
                                        "--role", "publisher", "--password-stdin"],
                                input=STRONG + "\n")
    assert result.exit_code == 0, result.output
    anna = User.objects.get(username="anna")
    assert anna.get_full_name() == "Anna Berg"
    assert anna.check_password(STRONG) and anna.password != STRONG
    assert roles.roles_of(anna) == {Role.EDITOR, Role.PUBLISHER}


def test_roles_are_replaced_and_listed(db):
    staff.add_person("ben", "Ben Ott", ["editor"], STRONG)
    assert CliRunner().invoke(users, ["roles", "ben", "--role", "admin"]).exit_code == 0
    assert roles.roles_of(User.objects.get(username="ben")) == {Role.ADMIN}
    listed = CliRunner().invoke(users, ["list"])
    assert "ben" in listed.output and "admin" in listed.output


@pytest.mark.parametrize(
    ("username", "role_names", "password", "message"),
    [
        ("carla", ["editor"], "short", "too weak"),
        ("carla", [], STRONG, "one or more roles"),
        ("carla", ["chief"], STRONG, "unknown: chief"),
        ("carla smith", ["editor"], STRONG, "may only hold"),
        ("c" * 151, ["editor"], STRONG, "up to 150"),
        ("ｃａｒｌａ", ["editor"], STRONG, "may only hold"),
        ("carla\x00", ["editor"], STRONG, "may only hold"),
    ],
)
def test_bad_people_are_refused_and_nothing_is_stored(db, username, role_names, password,
                                                       message):
    with pytest.raises(InputError, match=message):
        staff.add_person(username, "", role_names, password)
    assert not User.objects.exists()


@pytest.mark.parametrize("full_name", ["C" * 151, "Carla\x00Berg", "Carla\u202eBerg",
                                       "Carla\nBerg"])
def test_bad_full_names_are_refused(db, full_name):
    with pytest.raises(InputError, match="full name"):
        staff.add_person("carla", full_name, ["editor"], STRONG)
    assert not User.objects.exists()


@pytest.mark.parametrize("name", ["", "   ", "\u200b", "n" * 101, "CMS\x00", "CMS\nimport"])
def test_bad_token_names_are_refused(db, name):
    staff.add_person("dora", "", ["editor"], STRONG)
    with pytest.raises(InputError, match="printable"):
        staff.issue_token("dora", name)
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("username", ["nobody", "dora\x00", "d" * 10_000, "\ud800"])
def test_every_person_service_names_an_unknown_person(db, username):
    for service in (staff.tokens_of, staff.deactivate, staff.activate,
                    lambda name: staff.set_password(name, STRONG),
                    lambda name: staff.revoke_token(name, "cdk_abcdef")):
        with pytest.raises(NotFoundError, match="copydesk users list"):
            service(username)


def test_a_duplicate_user_is_refused(db):
    staff.add_person("dora", "", ["editor"], STRONG)
    with pytest.raises(InputError, match="exists already"):
        staff.add_person("dora", "", ["publisher"], STRONG)


def test_editions_are_added_updated_and_listed(db):
    runner = CliRunner()
    added = runner.invoke(editions, ["add", "de-ch", "--language", "de-CH", "--engine",
                                     "deepl,pseudo", "--options",
                                     json.dumps({"gender": "star"})])
    assert added.exit_code == 0, added.output
    edition = Edition.objects.get(code="de-ch")
    assert (edition.language, edition.engine, edition.options) == (
        "de-CH", "deepl,pseudo", {"gender": "star"})
    updated = runner.invoke(editions, ["add", "de-ch", "--language", "de", "--name", "Schweiz"])
    assert "Updated edition de-ch" in updated.output
    assert Edition.objects.get(code="de-ch").options == {"gender": "star"}
    assert "Schweiz" in runner.invoke(editions, ["list"]).output


@pytest.mark.parametrize(
    ("code", "language", "engine", "error"),
    [("de", "klingon", "auto", LanguageError), ("de", "de", "babelfish", ConfigError),
     ("De Edition", "de", "auto", InputError)],
)
def test_bad_editions_are_refused(db, code, language, engine, error):
    with pytest.raises(error):
        staff.save_edition(code, language, "", engine=engine)
    assert not Edition.objects.exists()


def test_bad_options_json_is_a_clear_error(db):
    result = CliRunner().invoke(editions, ["add", "fr", "--language", "fr", "--options", "{oops"])
    assert result.exit_code == 1
    assert "--options is not valid JSON" in result.output
