"""``copydesk serve`` and ``copydesk demo``: the web desk with its background worker.

The desk is served by gunicorn (POSIX only): a master process brings the
database up to date, starts the background worker and forks ``web_workers``
server processes, each answering ``web_threads`` requests at a time (one:
gunicorn's sync worker; more: its threaded worker). Separate processes let a
save run on one core while a review screen renders on another, which threads
in one Python process cannot. Each server process builds its own Django
handler after the fork, and the master closes its database connections before
every fork, so no SQLite or PostgreSQL connection is shared between processes.
Static files come through WhiteNoise inside the app.

The database worker that runs machine translations starts once, as a child of
the master in its own session (so a Ctrl+C in the terminal reaches only the
server), and is stopped when the master stops: it finishes the task at hand
first. The server processes never touch it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from gunicorn.app.base import BaseApplication

from copydesk.cli.common import load_settings
from copydesk.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])
WORKER_STOP_SECONDS = 60
REQUEST_TIMEOUT_SECONDS = 120  # a server process busy for longer is restarted
EVERY_INTERFACE = ("0.0.0.0", "::")


def _address_options(f: F) -> F:
    f = click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
                     help="Port to listen on.")(f)
    return click.option("--host", default="127.0.0.1", show_default=True,
                        help="Address to listen on (0.0.0.0 for every interface).")(f)


def start_worker(settings: Settings, config_file: Path | None = None) -> subprocess.Popen[bytes]:
    """The database worker as a child process on the same home folder and database."""
    args = [sys.executable, "-c", "from copydesk.cli import main; main()",
            "--home", str(settings.home_path)]
    if config_file:
        args += ["--config", str(config_file)]
    return subprocess.Popen([*args, "worker"], env=os.environ.copy(), start_new_session=True)


def _config_file() -> Path | None:
    """The ``--config`` given to the main command, for the worker to use too."""
    return (click.get_current_context().find_root().obj or {}).get("config_file")


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    """Ask the worker to finish its task and stop; kill it if it will not."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _before_fork(arbiter: object, process: object) -> None:
    """The master's database connections and unwritten output must not live on in a child."""
    from django.db import connections

    connections.close_all()
    sys.stdout.flush()
    sys.stderr.flush()


class DeskServer(BaseApplication):
    """gunicorn with its options given here, not read from its command line."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> Callable[..., Any]:
        """The Django application, built in each server process after the fork."""
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()


def server_options(settings: Settings, *, host: str, port: int) -> dict[str, Any]:
    """gunicorn's settings for the desk: processes, threads, address, quiet logs."""
    return {
        "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
        "workers": settings.web_workers,
        "threads": settings.web_threads,
        "worker_class": "gthread" if settings.web_threads > 1 else "sync",
        "timeout": REQUEST_TIMEOUT_SECONDS,
        "proc_name": "copydesk",
        "loglevel": "warning",
        "control_socket_disable": True,  # no gunicornc socket in the home directory
        "pre_fork": _before_fork,
    }


def _allow_host(host: str) -> None:
    from django.conf import settings as django_settings

    if host in EVERY_INTERFACE:
        click.echo("Listening on every interface: set up a reverse proxy with HTTPS in front "
                   "of the desk, and open it as localhost or through the proxy.", err=True)
    elif host and host not in django_settings.ALLOWED_HOSTS:
        django_settings.ALLOWED_HOSTS = [*django_settings.ALLOWED_HOSTS, host]


def _disown(worker: subprocess.Popen[bytes]) -> None:
    """In a server process: the worker is the master's child, so never wait for it here."""
    if worker.returncode is None:
        worker.returncode = 0  # only the master stops it; nothing to warn about at exit


def run_desk(settings: Settings, *, host: str, port: int,
             config_file: Path | None = None) -> None:
    """Set the desk up, start the worker and serve until interrupted (Ctrl+C or SIGTERM)."""
    from copydesk.desk import bootstrap, checking

    bootstrap.setup(settings)
    _allow_host(host)
    checking.warm_up()  # loaded once here, shared by every server process
    master, worker = os.getpid(), start_worker(settings, config_file)
    options = server_options(settings, host=host, port=port)
    options["post_fork"] = lambda arbiter, process: _disown(worker)
    try:
        click.echo(f"The desk is at http://{host}:{port}/ ({settings.web_workers} server "
                   f"processes, background worker pid {worker.pid}). Press Ctrl+C to stop.")
        DeskServer(options).run()  # ends by SystemExit, in the master and in every child
    finally:
        if os.getpid() == master:
            click.echo("Stopping the background worker...", err=True)
            stop_worker(worker)


@click.command("serve")
@_address_options
def serve(host: str, port: int) -> None:
    """Run the web desk and its background worker (data in COPYDESK_HOME, or DATABASE_URL)."""
    run_desk(load_settings(), host=host, port=port, config_file=_config_file())


@click.command("demo")
@_address_options
@click.option("--examples", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder of example articles. Default: examples/ of the source checkout.")
def demo(host: str, port: int, examples: Path | None) -> None:
    """Run the web desk with demo people, editions (de, fr, nl) and example articles.

    Each run prints new random passwords for demo-editor, demo-publisher and
    demo-admin; they are shown only once. For local trials only.
    """
    from copydesk.desk import bootstrap

    settings = load_settings()
    bootstrap.setup(settings)
    from copydesk.desk import demo as demo_desk  # needs the desk set up first

    prepared = demo_desk.prepare(examples)
    click.echo("Demo logins (shown once; run 'copydesk demo' again for new ones):")
    for username, password, role in prepared.logins:
        click.echo(f"  {role:<10} {username:<16} {password}")
    for line in prepared.queued:
        click.echo(f"Queued for translation: {line}")
    for note in prepared.notes:
        click.echo(note, err=True)
    run_desk(settings, host=host, port=port, config_file=_config_file())
