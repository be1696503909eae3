"""Whether the Redis server of ``task_backend = "rq"`` answers, asked before anything starts.

The commands that need Redis (``copydesk worker``, ``serve``, ``demo``) ask
first, before the desk's database is set up or changed, so a stopped server
or a wrong address is one clear message. Only the redis client is imported
here, not RQ or Django.
"""

from __future__ import annotations

from redis import Redis
from redis.exceptions import AuthenticationError, RedisError

from copydesk.errors import ConfigError
from copydesk.settings import Settings


def unreachable(exc: RedisError, shown: str) -> ConfigError:
    """What to do when the Redis server at ``shown`` (the address without password) fails."""
    if isinstance(exc, AuthenticationError) or "NOAUTH" in str(exc) or "WRONGPASS" in str(exc):
        return ConfigError(
            f"The Redis server at {shown} refused the password ({exc}); set the right one in "
            "COPYDESK_REDIS_PASSWORD (and the user, if any, in COPYDESK_REDIS_URL).")
    return ConfigError(
        f"Cannot reach the Redis server at {shown} ({exc}), where task_backend 'rq' keeps "
        "the desk's background tasks. Start it (on Debian: apt-get install redis-server), "
        "correct COPYDESK_REDIS_URL, or set COPYDESK_TASK_BACKEND=database to keep the tasks "
        "in the desk's database.")


def require_answer(settings: Settings) -> None:
    """Raise a ``ConfigError`` saying what to do unless the configured Redis answers."""
    if settings.task_backend != "rq":
        return
    from copydesk.desk.project.settings import redis_connection_url

    client = Redis.from_url(redis_connection_url(settings))
    try:
        client.ping()
    except RedisError as exc:
        raise unreachable(exc, settings.redis_url) from None
    finally:
        client.close()
