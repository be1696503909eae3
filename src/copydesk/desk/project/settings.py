"""Django settings for the desk, built from resolved copydesk settings.

Nothing is read at import time: ``build`` returns the settings as a mapping
that ``copydesk.desk.bootstrap.setup`` (or a test configuration) hands to
``django.conf.settings.configure``.

The database is SQLite in WAL mode in ``<home>/desk.sqlite3`` by default, or
whatever ``DATABASE_URL`` names::

    sqlite:////var/lib/copydesk/desk.sqlite3
    postgresql://user:password@host:5432/newsroom?sslmode=require

Background tasks wait in that database too (``django-tasks-db``), or, with
``task_backend = "rq"``, in the Redis server at ``redis_url`` (``django-tasks-rq``
on ``django-rq``; the password comes from ``COPYDESK_REDIS_PASSWORD``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from copydesk.desk.project import web
from copydesk.errors import ConfigError
from copydesk.settings import REDIS_PASSWORD_ENV, Settings

SQLITE_FILE = "desk.sqlite3"
# Seconds a writer waits for SQLite's lock before giving up ("database is locked").
SQLITE_BUSY_TIMEOUT = 20
_POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")
# Seconds a server thread keeps its database connection instead of opening one per request.
CONN_MAX_AGE = 300

PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
REDIS_TASKS = {"default": {"BACKEND": "copydesk.desk.redis_queue.RedisBackend",
                           "QUEUES": ["default"]}}
# Seconds a web or worker process waits for Redis to connect, and to answer one command
# (the worker's own connection waits longer while it blocks for the next job).
REDIS_CONNECT_SECONDS = 5
REDIS_ANSWER_SECONDS = 10


def sqlite_database(path: Path | str) -> dict[str, Any]:
    """A SQLite database in WAL mode, so readers never wait for the writer."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "CONN_MAX_AGE": CONN_MAX_AGE,
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": SQLITE_BUSY_TIMEOUT,
            # Take the write lock when a transaction starts, not half-way through it.
            "transaction_mode": "IMMEDIATE",
        },
    }


def parse_database_url(url: str) -> dict[str, Any]:
    """Django's database settings for a ``sqlite:///`` or ``postgresql://`` URL."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if not path or path == "/":
            raise ConfigError(f"DATABASE_URL {url!r} names no file; use sqlite:////absolute/path.")
        return sqlite_database(path[1:] if path.startswith("//") else path)
    if parts.scheme in _POSTGRES_SCHEMES:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ConfigError(f"DATABASE_URL {url!r} names no database; add /<name> at the end.")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": dict(parse_qsl(parts.query)),
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ConfigError(f"DATABASE_URL {url!r} is not supported; use sqlite:///<path> or "
                      "postgresql://user:password@host:port/name.")


def redis_connection_url(settings: Settings, environ: Mapping[str, str] | None = None) -> str:
    """``redis_url`` with the password from the environment and the client's time limits."""
    environ = os.environ if environ is None else environ
    parts = urlsplit(settings.redis_url)
    query = [("socket_connect_timeout", str(REDIS_CONNECT_SECONDS)),
             ("socket_timeout", str(REDIS_ANSWER_SECONDS))]
    netloc, password = parts.netloc, environ.get(REDIS_PASSWORD_ENV, "")
    if password and parts.scheme.lower() == "unix":
        query.append(("password", password))
    elif password:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user}:{quote(password, safe='')}@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query), ""))


def task_settings(settings: Settings, tasks: dict[str, Any] | None = None) -> dict[str, Any]:
    """``TASKS`` for the configured ``task_backend`` (or ``tasks``), and django-rq's queue."""
    if tasks is not None or settings.task_backend == "database":
        return {"TASKS": tasks or DATABASE_TASKS}
    return {
        "TASKS": REDIS_TASKS,
        "RQ_QUEUES": {"default": {"URL": redis_connection_url(settings),
                                  "DEFAULT_TIMEOUT": -1,  # a long article is never cut off
                                  "SERIALIZER": "rq.serializers.JSONSerializer"}},
    }


def build(
    settings: Settings,
    *,
    secret_key: str,
    database_url: str | None = None,
    tasks: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The Django settings for the desk as keyword arguments for ``settings.configure``."""
    database = (parse_database_url(database_url) if database_url
                else sqlite_database(settings.home_path / SQLITE_FILE))
    queue = task_settings(settings, tasks)
    return {
        "SECRET_KEY": secret_key,
        "DEBUG": False,
        "AUTH_PASSWORD_VALIDATORS": PASSWORD_VALIDATORS,
        "ALLOWED_HOSTS": ["localhost", "127.0.0.1", "[::1]"],
        "INSTALLED_APPS": [
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "django_tasks",
            "django_tasks_db",
            *(["django_rq"] if "RQ_QUEUES" in queue else []),
            *web.WEB_APPS,
            "copydesk.desk",
        ],
        "AUTH_USER_MODEL": "desk.User",
        "DATABASES": {"default": database},
        "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
        "USE_TZ": True,
        "TIME_ZONE": "UTC",
        **queue,
        "COPYDESK_SETTINGS": settings,
        **web.web_settings(),
    }
