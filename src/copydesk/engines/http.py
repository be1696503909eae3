"""HTTP plumbing for engines that call a web service through ``httpx``.

The client is injected (tests pass one built on ``httpx.MockTransport`` or
pointed at a local server). ``send`` turns transport failures and overload
answers into ``EngineError`` subclasses and retries 429 and 5xx answers,
honouring ``Retry-After`` up to a bound so a batch never waits for minutes.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from copydesk.errors import EngineUnavailableError, RateLimitedError

LOCAL_HOSTS = {"localhost", "localhost.localdomain"}


def is_local(url: str) -> bool:
    """Whether ``url`` points at this machine (text sent there stays in the building)."""
    host = (urlsplit(url).hostname or "").lower()
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class RetryPolicy:
    """How often to retry an overloaded service and how long a wait we accept."""

    attempts: int = 3
    max_wait: float = 30.0
    first_wait: float = 1.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)


def retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asks us to wait (``Retry-After`` as seconds or an HTTP date)."""
    raw = response.headers.get("retry-after-ms")
    if raw:
        try:
            return max(0.0, float(raw) / 1000)
        except ValueError:
            pass
    raw = response.headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def send(
    call: Callable[[], httpx.Response], *, service: str, url: str, policy: RetryPolicy
) -> httpx.Response:
    """Run ``call`` (one request), retrying overload answers; return the final response
    for any other status, which the caller maps to its own errors."""
    attempt = 0
    while True:
        try:
            response = call()
        except httpx.TimeoutException:
            raise EngineUnavailableError(
                f"{service} at {url} did not answer in time; try again later or raise "
                "the 'engine_timeout' setting.") from None
        except httpx.TransportError as exc:
            raise EngineUnavailableError(
                f"Cannot reach {service} at {url} ({exc}); check the network and the "
                "server address setting.") from None
        if response.status_code != 429 and response.status_code < 500:
            return response
        asked = retry_after(response)
        wait = asked if asked is not None else policy.first_wait * 2**attempt
        if attempt + 1 == policy.attempts or wait > policy.max_wait:
            raise _overload_error(response, service, asked)
        policy.sleep(wait)
        attempt += 1


def _overload_error(
    response: httpx.Response, service: str, asked: float | None
) -> RateLimitedError | EngineUnavailableError:
    later = f" (it asks to wait {asked:.0f} s)" if asked is not None else ""
    if response.status_code == 429:
        return RateLimitedError(f"{service} is rate-limiting requests{later}; try again "
                                "later or configure a fallback chain of engines.")
    return EngineUnavailableError(f"{service} answered HTTP {response.status_code}{later}; the "
                                  "service is failing, try again later or use another engine.")
