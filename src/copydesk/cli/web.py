"""``copydesk serve`` and ``copydesk demo``: the web desk with its background worker.

The desk is served by waitress (a pure-Python production WSGI server); static
files come through WhiteNoise inside the app. The database worker that runs
machine translations starts as a child process in its own session (so a
Ctrl+C in the terminal reaches only the server) and is stopped when the
server stops: it finishes the task at hand first.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from copydesk.cli.common import load_settings
from copydesk.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])
WORKER_STOP_SECONDS = 60
SERVER_THREADS = 8


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


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(0)  # waitress shuts down cleanly on SystemExit


def run_desk(settings: Settings, *, host: str, port: int,
             config_file: Path | None = None) -> None:
    """Set the desk up, start the worker and serve until interrupted."""
    import waitress
    from django.conf import settings as django_settings
    from django.core.wsgi import get_wsgi_application

    from copydesk.desk import bootstrap

    bootstrap.setup(settings)
    if host not in ("0.0.0.0", "::", "") and host not in django_settings.ALLOWED_HOSTS:
        django_settings.ALLOWED_HOSTS = [*django_settings.ALLOWED_HOSTS, host]
    elif host in ("0.0.0.0", "::"):
        click.echo("Listening on every interface: set up a reverse proxy with HTTPS in front "
                   "of the desk, and open it as localhost or through the proxy.", err=True)
    application = get_wsgi_application()
    worker = start_worker(settings, config_file)
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        click.echo(f"The desk is at http://{host}:{port}/ (background worker pid {worker.pid}). "
                   "Press Ctrl+C to stop.")
        waitress.serve(application, host=host, port=port, threads=SERVER_THREADS,
                       ident="copydesk", _quiet=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
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
