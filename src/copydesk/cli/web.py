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

The background worker that runs machine translations (on the database queue,
or on Redis with ``task_backend = "rq"``, whose server must answer before the
desk starts) is a child of the master in its own session (so a Ctrl+C in the
terminal reaches only the server), is started again whenever it dies
(killed, out of memory; the task it had is taken over: ``copydesk.desk.worker``),
and is stopped when the master stops: it finishes the task at hand first. A thread of the master
watches it, holding a lock that every fork of a server process waits for, so
no server process starts with that thread's half-done work. The server
processes never touch the worker.
"""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from gunicorn.app.base import BaseApplication

from copydesk.cli.common import load_settings
from copydesk.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])
WORKER_STOP_SECONDS = 60
WORKER_CODE = "from copydesk.cli import main; main()"  # what the worker process runs
WATCH_SECONDS = 1.0  # how often the master looks whether its worker still runs
STEADY_SECONDS = 30.0  # a worker that ran this long is started again at once when it dies
MAX_RESTART_DELAY_SECONDS = 60.0
REQUEST_TIMEOUT_SECONDS = 120  # a server process busy for longer is restarted
EVERY_INTERFACE = ("0.0.0.0", "::")


def _address_options(f: F) -> F:
    f = click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
                     help="Port to listen on.")(f)
    return click.option("--host", default="127.0.0.1", show_default=True,
                        help="Address to listen on (0.0.0.0 for every interface).")(f)


def check_port(host: str, port: int, command: str) -> None:
    """Refuse a port another program holds before anything is set up or changed.

    The socket is bound the way gunicorn binds (address reuse on), so a port
    whose last connections are only closing counts as free, as it will be.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            why = ("is in use (a desk may be running there already)"
                   if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror})")
            other = port + 1 if port < 65535 else 8000
            raise click.ClickException(
                f"Port {port} on {host} {why}; nothing was changed. Choose another port with "
                f"--port, e.g. 'copydesk {command} --port {other}'.") from None


def start_worker(settings: Settings, config_file: Path | None = None) -> subprocess.Popen[bytes]:
    """The background worker as a child process on the same home folder and database."""
    args = [sys.executable, "-c", WORKER_CODE, "--home", str(settings.home_path)]
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


class WorkerWatch:
    """The master's background worker, started again whenever it stops while the desk runs."""

    def __init__(self, start: Callable[[], subprocess.Popen[bytes]]) -> None:
        self._start = start
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self.worker, self._started = start(), time.monotonic()
        self._thread = threading.Thread(target=self._watch, name="copydesk-worker-watch",
                                        daemon=True)
        os.register_at_fork(before=self._lock.acquire, after_in_parent=self._lock.release)
        self._thread.start()

    def _watch(self) -> None:
        quick = 0  # deaths in a row of a worker that had only just started
        while not self._stopping.wait(WATCH_SECONDS):
            with self._lock:
                if self._stopping.is_set() or self.worker.poll() is None:
                    continue
                short = time.monotonic() - self._started < STEADY_SECONDS
                quick = quick + 1 if short else 0
            if quick and self._stopping.wait(min(2.0 ** quick, MAX_RESTART_DELAY_SECONDS)):
                return
            with self._lock:
                if not self._stopping.is_set():
                    dead = self.worker.pid
                    self.worker, self._started = self._start(), time.monotonic()
                    click.echo(f"The background worker (pid {dead}) stopped; started a new "
                               f"one (pid {self.worker.pid}).", err=True)

    def disown(self) -> None:
        """In a server process: the worker is the master's child, so never wait for it here."""
        if self.worker.returncode is None:
            self.worker.returncode = 0  # only the master stops it; nothing to warn about at exit

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            worker = self.worker
        self._thread.join(WATCH_SECONDS * 5)
        stop_worker(worker)


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


def run_desk(settings: Settings, *, host: str, port: int,
             config_file: Path | None = None, worker: bool = True) -> None:
    """Set the desk up, start the worker and serve until interrupted (Ctrl+C or SIGTERM)."""
    from copydesk.desk import bootstrap, checking

    bootstrap.setup(settings)
    _allow_host(host)
    checking.warm_up()  # loaded once here, shared by every server process
    master = os.getpid()
    watch = WorkerWatch(lambda: start_worker(settings, config_file)) if worker else None
    options = server_options(settings, host=host, port=port)
    if watch is not None:
        options["post_fork"] = lambda arbiter, process: watch.disown()
    running = (f"background worker pid {watch.worker.pid}" if watch is not None
               else "no background worker: run 'copydesk worker'")
    try:
        click.echo(f"The desk is at http://{host}:{port}/ ({settings.web_workers} server "
                   f"processes, {running}). Press Ctrl+C to stop.")
        DeskServer(options).run()  # ends by SystemExit, in the master and in every child
    finally:
        if os.getpid() == master and watch is not None:
            click.echo("Stopping the background worker...", err=True)
            watch.stop()


@click.command("serve")
@_address_options
@click.option("--no-worker", is_flag=True,
              help="Serve the desk only; run 'copydesk worker' (here or on other machines).")
def serve(host: str, port: int, no_worker: bool) -> None:
    """Run the web desk and its background worker (data in COPYDESK_HOME, or DATABASE_URL)."""
    check_port(host, port, "serve")
    from copydesk.desk import redis_check

    settings = load_settings()
    redis_check.require_answer(settings)  # task_backend 'rq': before anything is changed
    run_desk(settings, host=host, port=port, config_file=_config_file(), worker=not no_worker)


@click.command("demo")
@_address_options
@click.option("--examples", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder of example articles. Default: examples/ of the source checkout.")
def demo(host: str, port: int, examples: Path | None) -> None:
    """Run the web desk with demo people, editions (de, fr, nl) and example articles.

    Each run prints new random passwords for demo-editor, demo-publisher and
    demo-admin; they are shown only once. For local trials only.
    """
    from copydesk.desk import bootstrap, redis_check

    settings = load_settings()
    check_port(host, port, "demo")  # before the demo people get new passwords
    redis_check.require_answer(settings)
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
