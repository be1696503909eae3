"""Sign-in throttling: per account from any address, per address for any account.

Every attack ends with the right password being refused while the lockout
lasts, and with an answer that tells an attacker nothing more than that.
"""

from __future__ import annotations

import base64
import dataclasses
import logging
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from itertools import cycle, islice

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.db import connection, transaction
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from copydesk.desk import signin, tokens
from copydesk.desk.models import SignInReservation, User
from tests.desk.conftest import requires_postgres

RIGHT = "a long pass phrase"
LOCKED = b"Too many failed sign-ins for this account; try again in 15 minutes"
ACCOUNT_LIMIT, ADDRESS_LIMIT = 5, 20  # the defaults


@pytest.fixture
def anna(make_user):
    person = make_user("anna", "editor")
    person.set_password(RIGHT)
    person.save()
    return person


def sign_in(username: str, password: str, address: str = "198.51.100.1", **headers: str):
    return Client().post(reverse("desk:login"), {"username": username, "password": password},
                         REMOTE_ADDR=address, headers=headers)


def signed_in(answer) -> bool:
    return answer.status_code == 302 and answer["Location"] == reverse("desk:inbox")


def assert_locked(answer) -> None:
    assert answer.status_code == 429
    assert LOCKED in answer.content
    assert b"did not match" not in answer.content


ADDRESS_PATTERNS = {
    "one address": ["198.51.100.1"],
    "rotating IPv4": [f"203.0.113.{n}" for n in range(1, 30)],
    "rotating IPv6 networks": [f"2001:db8:{n:x}::1" for n in range(1, 30)],
    "IPv4 and IPv6 mixed": ["192.0.2.1", "2001:db8::7", "::ffff:192.0.2.2", "192.0.2.3"],
}


@pytest.mark.parametrize("addresses", ADDRESS_PATTERNS.values(), ids=ADDRESS_PATTERNS.keys())
@pytest.mark.parametrize("username", ["anna", "ghost"], ids=["existing", "unknown"])
def test_an_account_is_locked_after_its_limit_from_any_addresses(anna, username, addresses):
    spread = list(islice(cycle(addresses), ACCOUNT_LIMIT))
    answers = [sign_in(username, f"guess-{n}", address) for n, address in enumerate(spread)]
    assert all(a.status_code == 200 for a in answers[:-1])
    assert_locked(answers[-1])
    assert_locked(sign_in(username, RIGHT, "192.0.2.200"))  # a fresh address does not help
    if username == "anna":
        assert not signed_in(sign_in("anna", RIGHT, "2001:db8:ffff::9"))


@pytest.mark.parametrize("agents", [["curl/8"], [f"bot-{n}" for n in range(10)]],
                         ids=["one agent", "rotating agents"])
def test_changing_the_user_agent_does_not_reset_the_count(anna, agents):
    for n, agent in enumerate(islice(cycle(agents), ACCOUNT_LIMIT)):
        sign_in("anna", f"guess-{n}", **{"User-Agent": agent})
    assert_locked(sign_in("anna", RIGHT, **{"User-Agent": "Mozilla/5.0"}))


SPELLINGS = ["Anna", "ANNA", " anna ", "anna\u00a0", "ａｎｎａ", "Ａnna"]


@pytest.mark.parametrize("order", [SPELLINGS, list(reversed(SPELLINGS))], ids=["fwd", "rev"])
def test_spellings_of_one_name_share_one_count(anna, order):
    for n, spelling in enumerate(order[:ACCOUNT_LIMIT]):
        sign_in(spelling, f"guess-{n}", f"203.0.113.{n + 1}")
    assert_locked(sign_in("anna", RIGHT, "192.0.2.99"))


ADDRESS_SPELLINGS = {
    "one IPv4": ["198.51.100.7"],
    "IPv4 and its IPv6-mapped form": ["198.51.100.7", "::ffff:198.51.100.7"],
    "one IPv6 /64, rotating hosts": [f"2001:db8:1:2::{n:x}" for n in range(1, 40)],
    "IPv6 spelled differently": ["2001:db8:1:2::5", "2001:DB8:1:2:0:0:0:5", "2001:db8:1:2::a"],
}


@pytest.mark.parametrize("addresses", ADDRESS_SPELLINGS.values(), ids=ADDRESS_SPELLINGS.keys())
def test_an_address_cycling_usernames_is_locked(anna, addresses):
    spread = list(islice(cycle(addresses), ADDRESS_LIMIT))
    answers = [sign_in(f"user{n}", "guess", address) for n, address in enumerate(spread)]
    assert all(a.status_code == 200 for a in answers[:-1])
    assert_locked(answers[-1])
    assert_locked(sign_in("anna", RIGHT, addresses[0]))
    assert signed_in(sign_in("anna", RIGHT, "192.0.2.50"))  # the account itself is not locked


@pytest.mark.parametrize("header", ["X-Forwarded-For", "X-Real-IP", "Forwarded", "Client-IP"])
def test_proxy_headers_are_not_trusted_by_default(anna, header):
    for n in range(ADDRESS_LIMIT):
        sign_in(f"user{n}", "guess", "198.51.100.9", **{header: f"203.0.113.{n + 1}"})
    assert_locked(sign_in("anna", RIGHT, "198.51.100.9", **{header: "192.0.2.77"}))


@pytest.fixture
def behind_proxy(settings):
    desk = settings.COPYDESK_SETTINGS
    settings.COPYDESK_SETTINGS = dataclasses.replace(
        desk, values={**desk.values, "client_address_header": "X-Forwarded-For"})


@pytest.mark.parametrize(("forwarded", "counted"), [
    ("203.0.113.5", "203.0.113.5"),
    ("10.9.9.9, 203.0.113.5", "203.0.113.5"),  # the client's own claim is ignored
    ("not-an-address", "127.0.0.1"),
    ("", "127.0.0.1"),
    ("2001:db8:5:6::1", "2001:db8:5:6::"),
])
def test_a_configured_proxy_header_gives_the_last_address(anna, behind_proxy, forwarded,
                                                          counted):
    sign_in("anna", "guess", "127.0.0.1", **{"X-Forwarded-For": forwarded})
    assert AccessAttempt.objects.get().ip_address == counted


def test_the_lockout_answer_does_not_tell_accounts_apart(anna):
    locked = []
    for username in ("anna", "ghost"):
        for n in range(ACCOUNT_LIMIT + 1):
            answer = sign_in(username, f"guess-{n}", f"203.0.113.{n + 1}")
        locked.append(answer)
    assert [a.status_code for a in locked] == [429, 429]
    texts = [re.sub(r"[A-Za-z0-9]{64}", "CSRF", a.content.decode()) for a in locked]
    assert texts[0] == texts[1]


def test_a_lockout_ends_after_the_cool_off_or_when_unlocked(anna):
    for n in range(ACCOUNT_LIMIT):
        sign_in("anna", f"guess-{n}")
    assert_locked(sign_in("anna", RIGHT))
    assert [(lock.kind, lock.who) for lock in signin.lockouts()] == [("account", "anna")]
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time
                                 - timedelta(minutes=16))
    assert signed_in(sign_in("anna", RIGHT))
    for n in range(ACCOUNT_LIMIT):
        sign_in("anna", f"guess-{n}")
    assert signin.unlock(name="Anna") == 1
    assert signed_in(sign_in("anna", RIGHT))
    assert AccessFailureLog.objects.filter(username="anna").count() == 2 * ACCOUNT_LIMIT + 1


def test_an_address_is_unlocked_by_its_address(anna):
    for n in range(ADDRESS_LIMIT):
        sign_in(f"user{n}", "guess", "2001:db8:7:7::1")
    assert [lock.kind for lock in signin.lockouts()] == ["address"]
    assert signin.unlock(address="2001:db8:7:7::abcd") == ADDRESS_LIMIT
    assert signed_in(sign_in("anna", RIGHT, "2001:db8:7:7::1"))


def test_failures_leave_a_record_and_a_log_line_but_no_password(anna, caplog):
    with caplog.at_level(logging.WARNING, logger="copydesk.desk.signin"):
        for n in range(ACCOUNT_LIMIT):
            sign_in("anna", f"secret-guess-{n}")
    assert "Sign-in locked: account 'anna' from address 198.51.100.1" in caplog.text
    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start == ACCOUNT_LIMIT
    assert "secret-guess" not in attempt.post_data
    assert AccessFailureLog.objects.filter(locked_out=True).count() == 1


@pytest.mark.parametrize("encoded", ["a" * 10_000, "anna%00", "%E2%80%AEanna", "", "%25",
                                     "%ED%A0%80", "%FF%FE", "anna%0Aforged+log+line"])
def test_hostile_usernames_get_the_sign_in_page(db, encoded):
    for _ in range(ACCOUNT_LIMIT - 1):
        answer = Client().post(reverse("desk:login"), f"username={encoded}&password=x",
                               content_type="application/x-www-form-urlencoded",
                               REMOTE_ADDR="198.51.100.3")
        assert answer.status_code == 200
        assert b"did not match" in answer.content


def test_the_api_token_path_is_no_password_oracle(anna, translation):
    garbage = Client(headers={"Authorization": "Bearer cdk_made-up"}).get(reverse("desk:inbox"))
    basic = "Basic " + base64.b64encode(f"anna:{RIGHT}".encode()).decode()
    for header in (f"Bearer {RIGHT}", f"Bearer anna:{RIGHT}", f"Bearer anna {RIGHT}", basic):
        answer = Client(headers={"Authorization": header}).get(reverse("desk:inbox"))
        assert answer.status_code in (302, 401)  # the login page, or the token refused
        if header.startswith("Bearer"):
            assert answer.content == garbage.content
        assert "_auth_user_id" not in answer.wsgi_request.session


def test_a_locked_account_keeps_its_api_tokens(anna, translation):
    _, token = tokens.issue(anna, "CMS")
    for n in range(ACCOUNT_LIMIT):
        sign_in("anna", f"guess-{n}")
    answer = Client(headers={"Authorization": f"Bearer {token}"}).get(reverse("desk:inbox"))
    assert answer.status_code == 200
    assert User.objects.get(username="anna").is_active


# Reservations: a sign-in in progress counts like a failure until it ends.

def reservations() -> int:
    return SignInReservation.objects.count()


def fill(account: str | None, addresses: list[str | None]) -> list[int]:
    taken = [signin.reserve(account, address) for address in addresses]
    assert None not in taken
    return [pk for pk in taken if pk is not None]


@pytest.mark.parametrize("failed", [0, 1, ACCOUNT_LIMIT - 1])
@pytest.mark.parametrize("addresses", [["198.51.100.1"], [f"203.0.113.{n}" for n in range(1, 9)],
                                       [None]], ids=["one address", "many", "no address"])
def test_an_account_admits_its_limit_counting_checks_in_progress(anna, failed, addresses):
    for n in range(failed):
        sign_in("anna", f"guess-{n}", "192.0.2.1")
    free = ACCOUNT_LIMIT - failed
    fill("anna", list(islice(cycle(addresses), free)))
    assert signin.reserve("anna", "192.0.2.250") is None
    assert signin.reserve("anna", None) is None
    assert signin.reserve("bert", addresses[0]) is not None  # another account still may


@pytest.mark.parametrize("accounts", [[None], [f"user{n}" for n in range(ADDRESS_LIMIT)]],
                         ids=["no account", "many accounts"])
@pytest.mark.parametrize("address", ["198.51.100.7", "2001:db8:1:2::"])
def test_an_address_admits_its_limit_counting_checks_in_progress(db, accounts, address):
    for account in islice(cycle(accounts), ADDRESS_LIMIT):
        assert signin.reserve(account, address) is not None
    assert signin.reserve("someone-else", address) is None
    assert signin.reserve("someone-else", "198.51.100.8") is not None


@pytest.mark.parametrize("password", [RIGHT, "guess"])
def test_a_sign_in_beyond_the_checks_in_progress_is_a_lockout(anna, password):
    taken = fill("anna", ["203.0.113.1"] * ACCOUNT_LIMIT)
    assert_locked(sign_in("anna", password))
    assert reservations() == ACCOUNT_LIMIT  # the refused sign-in reserved nothing
    assert AccessFailureLog.objects.filter(username="anna").count() == 1  # but it is recorded
    SignInReservation.objects.filter(pk__in=taken).delete()
    assert signed_in(sign_in("anna", RIGHT, "192.0.2.9"))  # one failure: under the limit


def test_an_address_full_of_checks_in_progress_refuses_every_account(anna):
    fill(None, ["2001:db8:9:9::"] * ADDRESS_LIMIT)
    assert_locked(sign_in("anna", RIGHT, "2001:db8:9:9::77"))
    assert signed_in(sign_in("anna", RIGHT, "2001:db8:9:a::77"))


def test_every_sign_in_gives_its_reservation_back(anna, monkeypatch):
    assert signed_in(sign_in("anna", RIGHT))
    assert sign_in("anna", "guess").status_code == 200
    assert sign_in("ghost", "guess").status_code == 200
    for _ in range(ACCOUNT_LIMIT):
        sign_in("anna", "guess")
    assert reservations() == 0

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(signin.ModelBackend, "authenticate", broken)
    with pytest.raises(RuntimeError):
        sign_in("bert", "guess")
    assert reservations() == 0


def test_a_reservation_left_by_a_dead_process_expires(db):
    fill("anna", ["198.51.100.1"] * ACCOUNT_LIMIT)
    assert signin.reserve("anna", "198.51.100.1") is None
    SignInReservation.objects.update(started_at=timezone.now()
                                     - timedelta(seconds=signin.RESERVATION_SECONDS + 1))
    assert signin.reserve("anna", "198.51.100.1") is not None
    assert reservations() == 1


@pytest.mark.parametrize(("unlock", "left"), [
    ({"name": " ANNA "}, ["bert"]),
    ({"address": "::ffff:198.51.100.1"}, ["anna", "anna"]),
    ({"name": "anna", "address": "198.51.100.1"}, []),
])
def test_unlock_clears_the_checks_in_progress_too(db, unlock, left):
    fill("anna", ["192.0.2.1"] * 2)
    fill("bert", ["198.51.100.1"])
    signin.unlock(**unlock)
    assert sorted(SignInReservation.objects.values_list("account", flat=True)) == left


def record_failure(account: str, address: str) -> None:
    """What axes writes for a failed sign-in."""
    with transaction.atomic():
        attempt, created = AccessAttempt.objects.select_for_update().get_or_create(
            username=account, ip_address=address, user_agent="",
            defaults={"failures_since_start": 1, "attempt_time": timezone.now()})
        if not created:
            AccessAttempt.objects.filter(pk=attempt.pk).update(
                failures_since_start=F("failures_since_start") + 1, attempt_time=timezone.now())


def admitted_at_once(account: str, addresses: list[str]) -> int:
    """Sign-ins from ``addresses`` at once; each admitted check fails, is recorded, ends."""
    barrier = threading.Barrier(len(addresses))

    def attempt(address: str) -> bool:
        try:
            barrier.wait(timeout=30)
            taken = signin.reserve(account, address)
            if taken is not None:
                record_failure(account, address)
                SignInReservation.objects.filter(pk=taken).delete()
            return taken is not None
        finally:
            connection.close()

    with ThreadPoolExecutor(len(addresses)) as pool:
        return sum(pool.map(attempt, addresses))


@requires_postgres  # SQLite's in-memory test database locks tables, not waits: see the burst test
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("spread", [["198.51.100.1"] * 16, [f"203.0.113.{n}" for n in range(16)],
                                    [f"2001:db8:{n}::1" for n in range(16)]],
                         ids=["one address", "many IPv4", "many IPv6"])
def test_parallel_sign_ins_get_no_more_checks_than_the_limit(spread):
    for round_ in range(3):
        assert admitted_at_once(f"anna{round_}", spread) == ACCOUNT_LIMIT
        AccessAttempt.objects.all().delete()
    assert reservations() == 0


def test_the_api_token_path_takes_no_reservation(anna, translation):
    _, token = tokens.issue(anna, "CMS")
    fill("anna", ["127.0.0.1"] * ACCOUNT_LIMIT)
    fill(None, ["127.0.0.1"] * (ADDRESS_LIMIT - ACCOUNT_LIMIT))
    for _ in range(3):
        answer = Client(headers={"Authorization": f"Bearer {token}"}).get(reverse("desk:inbox"))
        assert answer.status_code == 200
    assert reservations() == ADDRESS_LIMIT
