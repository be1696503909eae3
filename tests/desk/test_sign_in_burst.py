"""Bursts of parallel wrong passwords at a served desk, on SQLite and PostgreSQL.

An attacker who sends many sign-ins at once must get no more password checks
than the limit allows: each burst (``BURST`` POSTs to ``/login/`` from as many
clients with their own cookies and CSRF tokens, released together by a
barrier) goes to ``copydesk serve`` with several server processes. A probe
loaded into the served desk's processes (``sitecustomize``, through
``PYTHONPATH``) writes one line per password hashed for a sign-in, and whether
it matched, so the test counts the guesses that really reached a password
check (never more than the limit) and, for a right password in the burst,
the wrong ones checked before it (always fewer than the limit). Every round
comes from a loopback address of its own (127.0.0.0/8) with
new account names, so rounds are independent. The limits are lowered in the
desk's ``config.toml`` to keep the bursts short.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.fixtures import served_desk
from tests.fixtures.served_desk import DeskShell, ServedDesk

pytestmark = pytest.mark.slow

BURST, ROUNDS, WEB_WORKERS = 30, 3, 4
ACCOUNT_LIMIT, ADDRESS_LIMIT = 3, 8
REQUEST_SECONDS = 60
RIGHT = "a long pass phrase"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')

CONFIG = f"""
sign_in_failure_limit = {ACCOUNT_LIMIT}
sign_in_address_failure_limit = {ADDRESS_LIMIT}
"""

# Counts the hashing done for a sign-in: checking a user's password, or the
# decoy hashing Django's ModelBackend does for an unknown user name.
PROBE = r"""
import os

_log = os.environ.get("SIGN_IN_PROBE")
if _log:
    from django.contrib.auth import hashers

    def _counted(function, matched):
        def counted(*args, **kwargs):
            result = function(*args, **kwargs)
            with open(_log, "a") as log:
                log.write(f"{os.getpid()} {int(matched(result))}\n")
            return result
        return counted

    hashers.check_password = _counted(hashers.check_password, bool)
    hashers.make_password = _counted(hashers.make_password, lambda result: False)
"""

SHELL = """
from copydesk.desk import staff

def add_person(username, password):
    staff.add_person(username, username.title(), ["editor"], password)
"""


@dataclass
class BurstDesk:
    desk: ServedDesk
    shell: DeskShell
    checks: Path  # the probe's log
    addresses: Iterator[str]  # loopback addresses no round has used yet


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def burst_desk(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[BurstDesk]:
    root = tmp_path_factory.mktemp(f"sign-in-burst-{request.param}")
    probe, checks = root / "probe", root / "checks.log"
    probe.mkdir()
    (probe / "sitecustomize.py").write_text(PROBE)
    (root / "home").mkdir()
    (root / "home" / "config.toml").write_text(CONFIG)
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(_database(request.param))
        with pytest.MonkeyPatch.context() as env:  # only the served desk's environment
            env.setenv("PYTHONPATH", str(probe))
            env.setenv("SIGN_IN_PROBE", str(checks))
            desk = stack.enter_context(served_desk.serve(root, database_url=url,
                                                         web_workers=WEB_WORKERS))
        shell = stack.enter_context(DeskShell(desk, SHELL))
        addresses = (f"127.0.{n // 250}.{n % 250 + 2}" for n in itertools.count(1))
        yield BurstDesk(desk, shell, checks, addresses)


def _database(kind: str) -> contextlib.AbstractContextManager[str | None]:
    if kind == "sqlite":
        return contextlib.nullcontext()
    return served_desk.fresh_postgres_database("copydesk_signin_burst_")


@dataclass(frozen=True)
class Attempt:
    username: str
    password: str
    headers: dict[str, str]


def one_account(name: str) -> list[Attempt]:
    return [Attempt(name, f"guess-{n}", {}) for n in range(BURST)]


SPOOFED = ["X-Forwarded-For", "X-Real-IP", "Forwarded", "Client-IP", "True-Client-IP"]


def one_account_spoofed_headers(name: str) -> list[Attempt]:
    return [Attempt(name, f"guess-{n}", {SPOOFED[n % len(SPOOFED)]: f"203.0.113.{n + 1}"})
            for n in range(BURST)]


def one_account_spelled_differently(name: str) -> list[Attempt]:
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in name)  # ａｎｎａ for anna
    spellings = [name, name.upper(), f" {name.title()} ", fullwidth]
    return [Attempt(spellings[n % len(spellings)], f"guess-{n}", {}) for n in range(BURST)]


def one_account_right_password_among_guesses(name: str) -> list[Attempt]:
    return [Attempt(name, RIGHT if n % 5 == 4 else f"guess-{n}", {}) for n in range(BURST)]


def many_accounts(name: str) -> list[Attempt]:
    return [Attempt(f"{name}-ghost{n}", "guess", {}) for n in range(BURST)]


SCENARIOS: dict[str, tuple[Callable[[str], list[Attempt]], int]] = {
    "one account, one address": (one_account, ACCOUNT_LIMIT),
    "one account, spoofed proxy headers": (one_account_spoofed_headers, ACCOUNT_LIMIT),
    "one account, spelled differently": (one_account_spelled_differently, ACCOUNT_LIMIT),
    "one account, right password among guesses": (one_account_right_password_among_guesses,
                                                  ACCOUNT_LIMIT),
    "many accounts, one address": (many_accounts, ADDRESS_LIMIT),
}


def _client(desk: ServedDesk, address: str) -> tuple[httpx.Client, str]:
    """A client with its own cookies, bound to ``address``, and its CSRF token."""
    client = httpx.Client(base_url=desk.url, timeout=REQUEST_SECONDS,
                          transport=httpx.HTTPTransport(local_address=address))
    page = client.get("login/")
    found = CSRF.search(page.content)
    assert page.status_code == 200 and found, page.text[:500]
    return client, found.group(1).decode()


def burst(desk: ServedDesk, address: str, attempts: list[Attempt]) -> Counter[int]:
    """Send every attempt at once from ``address``; the answers' status codes."""
    clients = [_client(desk, address) for _ in attempts]
    barrier = threading.Barrier(len(attempts))

    def fire(n: int) -> int:
        client, token = clients[n]
        form = {"username": attempts[n].username, "password": attempts[n].password,
                "csrfmiddlewaretoken": token}
        barrier.wait(timeout=REQUEST_SECONDS)
        return client.post("login/", data=form, headers=attempts[n].headers).status_code

    try:
        with ThreadPoolExecutor(len(attempts)) as pool:
            return Counter(pool.map(fire, range(len(attempts))))
    finally:
        for client, _ in clients:
            client.close()


def checks(log: Path) -> list[bool]:
    """Whether each password check matched, in the order they ended."""
    return [field == "1" for field in log.read_text().split()[1::2]]


def failures_before_each_success(checked: list[bool]) -> list[int]:
    return [checked[:n].count(False) for n, matched in enumerate(checked) if matched]


def refused(desk: ServedDesk, address: str, username: str) -> bool:
    client, token = _client(desk, address)
    try:
        answer = client.post("login/", data={"username": username, "password": RIGHT,
                                             "csrfmiddlewaretoken": token})
    finally:
        client.close()
    return answer.status_code == 429


@pytest.mark.parametrize("scenario", SCENARIOS, ids=list(SCENARIOS))
def test_a_burst_gets_no_password_check_beyond_the_limit(burst_desk, scenario):
    make, limit = SCENARIOS[scenario]
    results = []
    for _ in range(ROUNDS):
        address = next(burst_desk.addresses)
        name = f"anna{address.replace('.', '')}"
        burst_desk.shell.call("add_person", username=name, password=RIGHT)
        attempts = make(name)
        burst_desk.checks.write_text("")
        statuses = burst(burst_desk.desk, address, attempts)
        checked = checks(burst_desk.checks)
        results.append((checked.count(False), failures_before_each_success(checked),
                        dict(statuses)))
        assert refused(burst_desk.desk, address, name)
    print(f"\n{scenario} (limit {limit}): failed checks, failures checked before each "
          f"success, answers, per round: {results}")
    assert all(failed <= limit for failed, _, _ in results), (results, burst_desk.desk.log_tail())
    assert all(before < limit for _, successes, _ in results for before in successes), results
    assert all(500 not in statuses for _, _, statuses in results), burst_desk.desk.log_tail()
