"""Every command the README shows, run as a user runs it.

The commands come from the README's ```sh blocks, so a new one is picked up
by itself. They run in README order in one working folder with one fresh
``COPYDESK_HOME``, each as ``bash -c`` in its own session with the virtual
environment's ``copydesk`` (nothing is set up in this process). The input
files they name are made first (from ``examples/`` and small generated files);
the random-weight OPUS-MT release stands in for a downloaded one.

Each command either runs and must exit 0 (and write the files it names), or
is in ``SKIPPED`` with the reason. What is changed before running, so that
traffic stays on 127.0.0.1:

- a served desk (``serve``, ``demo``) gets a free loopback port, must answer
  HTTP there, and must stop with exit status 0 on SIGTERM; ``worker`` must
  keep running until SIGTERM and then stop with 0;
- outside URLs in a copydesk command go to a loopback server with an example
  page, or a feed for an address ending in ``/feed`` (and
  ``COPYDESK_ALLOW_PRIVATE_URLS=true``); ``curl`` goes to a desk
  served from the same home, with the token issued by ``copydesk users token``;
- placeholders (``ARTICLE_ID``, ``cdk_…``) get real values; password prompts
  get the password on standard input (there is no terminal).
"""

from __future__ import annotations

import json
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.fixtures.readme_shell import (
    Outcome,
    answers_http,
    copydesk_words,
    free_port,
    programs,
    readme_commands,
    run_once,
    running,
    user_environment,
    written_files,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = REPO_ROOT / "examples"
COMMANDS = readme_commands((REPO_ROOT / "README.md").read_text(encoding="utf-8"))
PASSWORD = "harbour-strike-pay-deal-2024"

SKIPPED = {
    "scripts/run": "sets up .venv and downloads the OPUS-MT model from outside this machine, "
                   "then runs 'copydesk demo', which runs here on a loopback port",
    "scripts/test": "runs the whole suite, this test included",
    "scripts/setup": "creates the virtual environment this test runs in (downloads packages)",
    ". .venv/bin/activate": "puts .venv/bin first on PATH, as every command here gets it",
    ".venv/bin/pytest tests/ingest -q": "runs a part of this suite, which the suite runs anyway",
    "DATABASE_URL=postgresql://copydesk@db.example/newsroom copydesk serve":
        "names a database server outside this machine, which tests never contact; "
        "'copydesk serve' runs here on SQLite, the desk tests run on local PostgreSQL",
    "copydesk eval --from en --to de --reference examples/eval/reference.de "
    "--hypotheses examples/eval/system.de":
        "reads examples/eval/ of the clone, which this working folder lacks; "
        "tests/evaluation/test_eval_cli.py runs the README's eval commands from the "
        "repository root with a fresh home",
    "copydesk models install opus-mt --from en --to de":
        "downloads the release from the OPUS-MT server outside this machine; the offline "
        "'--source' form runs here",
    "copydesk webhooks test 1":
        "posts to the receiver 'webhooks add' named, here the example page's server, which "
        "answers GET only; tests/desk/test_webhooks_cli.py runs it against a real receiver",
    "copydesk webhooks replay 1":
        "needs a delivery, which only 'webhooks test' (skipped above) makes on this fresh "
        "desk; tests/desk/test_webhooks_cli.py replays one and lets the worker send it",
    "copydesk wordpress test news-de":
        "signs in to a WordPress site with the password in WP_DE_PASSWORD; "
        "tests/desk/test_wordpress_cli.py runs it against a real WordPress site on loopback",
    "copydesk wordpress pull news-en 1234 --as anna --edition de":
        "reads a post from a WordPress site; tests/desk/test_wordpress_cli.py pulls one from "
        "a real WordPress site on loopback",
    "copydesk wordpress retry 1":
        "needs a failed delivery, which only a WordPress site that refused one makes; "
        "tests/desk/test_wordpress.py retries one against a real WordPress site",
}
RUN_AFTER = {  # a command that needs what a later README command sets up runs after it
    "copydesk engines test ctranslate2": "copydesk models install opus-mt --from en --to de "
                                         "--source",
}
NEEDS = {  # programs a command needs that only the CI machine is sure to have
    "copydesk engines test apertium": ("apertium", "scripts/services installs it"),
}
PRINTS = {  # pattern of a command: what its output must show, where the inputs make it certain
    r"^copydesk users list": "anna",
    r"^copydesk editions list": "Deutsche Ausgabe",
    r"^copydesk memory lookup \"The minister resigned\.\"": "Der Minister trat zurück.",
    r"^copydesk memory stats": "en -> de",
    r"^cat story\.md \| copydesk translate - .*--to nl --format json": '"target_language": "nl"',
    r"\| copydesk check": '"risk"',
}
DESK_ANSWERS = {404, 409}  # publishing a translation the desk lacks, or may not publish
PROMPTS = re.compile(r"copydesk users (add|passwd)\b(?!.*--password-stdin)")
SERVERS = {"serve", "demo"}
RUNNABLE = {"copydesk", "curl", "cat", "echo"}
TOKEN_PREFIX = re.compile(r"\bcdk_[A-Za-z0-9]+")  # an example prefix such as cdk_Ab12Cd
EXPORT = re.compile(r"^export ([A-Za-z_][A-Za-z0-9_]*)=")
OUTSIDE_URL = re.compile(r"https?://(?!(?:127\.0\.0\.1|localhost)[:/])[A-Za-z0-9.-]+")


def command_kind(command: str) -> str:
    """skip, export, server, worker, curl, once, or unknown (neither run nor skipped)."""
    if command in SKIPPED:
        return "skip"
    if EXPORT.match(command):
        return "export"
    names, words = programs(command), copydesk_words(command)
    if names == ["curl"]:
        return "curl"
    if "copydesk" not in names or not set(names) <= RUNNABLE:
        return "unknown"
    subcommand = next((w for w in words if not w.startswith("-")), "")
    if subcommand in SERVERS:
        return "server"
    return "worker" if subcommand == "worker" and "--batch" not in words else "once"


def planned(commands: list[str]) -> list[str]:
    """README order, except that a command in ``RUN_AFTER`` follows what it needs."""
    order = [c for c in commands if not any(c.startswith(k) for k in RUN_AFTER)]
    for command in commands:
        need = next((v for k, v in RUN_AFTER.items() if command.startswith(k)), None)
        if need is None:
            continue
        after = [i for i, c in enumerate(order) if c.startswith(need)]
        order.insert(after[0] + 1 if after else len(order), command)
    return order


def write_inputs(folder: Path, release: Path) -> None:
    """The files the README's commands name, in the working folder."""
    shutil.copy(EXAMPLES / "harbour-strike.html", folder / "story.html")
    shutil.copy(EXAMPLES / "bakery-prize.md", folder / "story.md")
    (folder / "articles").mkdir()
    for example in ("harbour-strike.html", "bakery-prize.md"):
        shutil.copy(EXAMPLES / example, folder / "articles" / example)
    shutil.copy(release, folder / release.name)
    units = [("The minister resigned.", "Der Minister trat zurück."),
             ("Sales rose 3.5%.", "Der Umsatz stieg um 3,5 %.")]
    (folder / "newsroom.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" '
        'creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="en" '
        'datatype="plaintext"/><body>' + "".join(
            f'<tu><tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="de"><seg>{de}</seg>'
            "</tuv></tu>" for en, de in units) + "</body></tmx>\n", encoding="utf-8")
    (folder / "segments.jsonl").write_text("".join(
        json.dumps({"id": str(i), "source": en, "target": de}) + "\n"
        for i, (en, de) in enumerate(units, 1)), encoding="utf-8")
    (folder / "glossary.csv").write_text("source,target,type,note\nAlibaba,Alibaba,dnt,\n",
                                         encoding="utf-8")


class Walkthrough:
    """Runs README commands one after another on one working folder and home."""

    def __init__(self, folder: Path, page_url: str) -> None:
        self.folder, self.page_url, self.exports = folder, page_url, dict[str, str]()
        self.token, self.token_owner, self.revoked = "", "", ""
        self.home, self.logs = folder / "copydesk-home", folder.parent / "logs"
        self.logs.mkdir()
        (folder / "user").mkdir(parents=True)  # HOME: nothing of the developer's own is read

    def env(self, **settings: str) -> dict[str, str]:
        return user_environment(self.home, **self.exports, **settings)

    def placeholders(self, text: str) -> str:
        """Real values for the README's ``ARTICLE_ID`` and example token prefix."""
        text = text.replace("ARTICLE_ID", "1")
        return TOKEN_PREFIX.sub(lambda m: self.token[:len(m[0])] or m[0], text)

    def run(self, command: str) -> Outcome:
        kind = command_kind(command)
        if kind == "unknown":
            return Outcome(command, problems=["neither run nor in SKIPPED"])
        if kind == "skip":
            return Outcome(command, skipped=SKIPPED[command])
        need = next((v for k, v in NEEDS.items() if command.startswith(k)), None)
        if need and not shutil.which(need[0]):
            return Outcome(command, skipped=f"{need[0]} is not installed here ({need[1]})")
        outcome = getattr(self, kind)(self.placeholders(command))
        outcome.command = command
        expected = next((v for k, v in PRINTS.items() if re.search(k, command)), "")
        if expected not in outcome.stdout:
            outcome.problems.append(f"standard output lacks {expected!r}")
        return outcome

    def once(self, text: str) -> Outcome:
        settings = {}
        if OUTSIDE_URL.search(text):
            text = OUTSIDE_URL.sub(self.page_url, text)
            settings["COPYDESK_ALLOW_PRIVATE_URLS"] = "true"
        elif copydesk_words(text)[:2] == ["feeds", "poll"]:  # reads the feed moved to loopback
            settings["COPYDESK_ALLOW_PRIVATE_URLS"] = "true"
        stdin = f"{PASSWORD}\n{PASSWORD}\n" if PROMPTS.search(text) else ""
        outcome = run_once(text, self.folder, self.env(**settings), stdin)
        if outcome.returncode == 0:
            self.remember_token(copydesk_words(text), outcome.stdout)
        outcome.problems += [f"did not write {name}" for name in written_files(text)
                             if not (self.folder / name).exists()]
        return outcome

    def remember_token(self, words: list[str], stdout: str) -> None:
        if words[:2] == ["users", "token"]:
            self.token, self.token_owner, self.revoked = stdout.split()[0], words[2], ""
        elif words[:2] == ["users", "revoke-token"] and self.token.startswith(words[-1]):
            self.revoked = self.token

    def export(self, text: str) -> Outcome:
        """``export NAME=...``: the value the shell gives NAME holds for the later commands."""
        name = EXPORT.match(text)[1]  # type: ignore[index]
        outcome = run_once(f'{text}\nprintf %s "${name}"', self.folder, self.env())
        if outcome.returncode == 0 and outcome.stdout:
            self.exports[name] = outcome.stdout
        else:
            outcome.problems.append(f"{name} got no value")
        return outcome

    def server(self, text: str) -> Outcome:
        port = free_port()
        text = re.sub(r"--host\s+\S+", "--host 127.0.0.1", text)
        text = re.sub(r"--port\s+\d+", f"--port {port}", text)
        text += "" if "--port" in text else f" --port {port}"
        url = f"http://127.0.0.1:{port}/"
        with running(text, self.folder, self.env(), self.logs / str(port),
                     lambda _: answers_http(url)) as outcome:
            pass
        return outcome

    def worker(self, text: str) -> Outcome:
        started = threading.Event()
        threading.Timer(5, started.set).start()
        with running(text, self.folder, self.env(), self.logs / "worker",
                     lambda _: started.is_set()) as outcome:
            pass
        return outcome

    def curl(self, text: str) -> Outcome:
        """``curl`` against ``copydesk serve`` on the same home, as a user has it running.

        With the token the README revoked it must get 401; with a live one
        (issued again if need be) it must reach the publishing gate.
        """
        port = free_port()
        desk = f"http://127.0.0.1:{port}"
        text = re.sub(r"http://127\.0\.0\.1:8000", desk, text) + " -sS -w '\\n%{http_code}'"
        with running(f"copydesk serve --port {port}", self.folder, self.env(),
                     self.logs / f"curl-{port}", lambda _: answers_http(desk)) as served:
            problems = []
            if self.revoked:
                refused = self.ask(text.replace("cdk_…", self.revoked), {401})
                problems += [f"with the revoked token: {p}" for p in refused.problems]
            if self.revoked or not self.token:
                self.issue_token()
            answer = self.ask(text.replace("cdk_…", self.token), DESK_ANSWERS)
        answer.problems += problems + [f"desk for curl: {p}" for p in served.problems]
        return answer

    def issue_token(self) -> None:
        owner = self.token_owner or "anna"
        issued = run_once(f"copydesk users token {owner} curl", self.folder, self.env())
        self.remember_token(["users", "token", owner], issued.stdout)

    def ask(self, text: str, statuses: set[int]) -> Outcome:
        """Run a curl command; its answer must be a JSON error with one of ``statuses``."""
        answer = run_once(text, self.folder, self.env())
        body, _, status = answer.stdout.rpartition("\n")
        if not status.isdecimal() or int(status) not in statuses:
            answer.problems.append(f"the desk answered HTTP {status}, not one of {statuses}")
        elif not _is_json_error(body):
            answer.problems.append("the desk's answer is not a JSON error")
        return answer


def _is_json_error(body: str) -> bool:
    try:
        answer = json.loads(body)
    except ValueError:
        return False
    return isinstance(answer, dict) and "error" in answer


class PageHandler(BaseHTTPRequestHandler):
    """Answers a GET of a path ending in ``/feed`` with an RSS feed of one story, every
    other GET with the example article page."""

    page = (EXAMPLES / "harbour-strike.html").read_bytes()
    feed = (b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            b'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            b"<title>Example News</title><language>en</language><item>"
            b"<title>Dock workers strike over pay</title><guid isPermaLink=\"false\">story-1"
            b"</guid><content:encoded><![CDATA[<p>Dock workers walked out on Monday after "
            b"talks on pay broke down.</p><p>The port authority said ferries would run as "
            b"planned.</p>]]></content:encoded></item></channel></rss>")

    def do_GET(self) -> None:
        is_feed = self.path.split("?")[0].endswith("/feed")
        body = self.feed if is_feed else self.page
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml" if is_feed
                         else "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture(scope="module")
def page_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), PageHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def walkthrough(tmp_path_factory: pytest.TempPathFactory, opus_mt_archive: Path,
                page_server: str) -> dict[str, Outcome]:
    """Every README command's outcome, run in plan order."""
    folder = tmp_path_factory.mktemp("readme") / "work"
    folder.mkdir()
    write_inputs(folder, opus_mt_archive)
    walk = Walkthrough(folder, page_server)
    return {command: walk.run(command) for command in planned(COMMANDS)}


def test_every_readme_command_is_run_or_skipped_with_a_reason():
    unknown = [c for c in COMMANDS if command_kind(c) == "unknown"]
    assert not unknown, ("README commands this test neither runs nor skips; teach "
                         f"tests/test_readme_commands.py to run them or add to SKIPPED: {unknown}")


def test_the_skip_list_names_only_commands_the_readme_shows():
    assert not set(SKIPPED) - set(COMMANDS), "SKIPPED lists commands the README no longer shows"


@pytest.mark.parametrize("command", [c for c in COMMANDS if command_kind(c) != "skip"],
                         ids=lambda c: c[:60])
def test_readme_command_runs_as_a_user_runs_it(walkthrough, command):
    outcome = walkthrough[command]
    if outcome.skipped:
        pytest.skip(outcome.skipped)
    assert outcome.returncode == 0 and not outcome.problems, (
        f"{outcome.problems}\n{outcome.describe()}")


BLOCK = """\
copydesk users add anna --role editor   # asks for a password
copydesk editions add de --engine deepl \\
    --options '{"note": "# not a comment"}'

echo '{"a": 1}' \\
  | copydesk check --from en --to de > out.jsonl
"""


def test_blocks_are_read_as_a_shell_reads_them():
    assert readme_commands(f"```sh\n{BLOCK}```\n\n```sh\n{BLOCK}```\n") == [
        "copydesk users add anna --role editor",
        """copydesk editions add de --engine deepl --options '{"note": "# not a comment"}'""",
        """echo '{"a": 1}' | copydesk check --from en --to de > out.jsonl""",
    ]
    assert written_files("copydesk check --from en --to de > out.jsonl") == ["out.jsonl"]
    assert written_files("copydesk translate a.html --to de -o a.de.html") == ["a.de.html"]


@pytest.mark.parametrize(("command", "kind"), [
    ("copydesk serve --host 127.0.0.1", "server"),
    ("COPYDESK_WEB_WORKERS=4 copydesk serve", "server"),
    ("copydesk demo", "server"),
    ("copydesk worker", "worker"),
    ("copydesk worker --batch", "once"),
    ("cat story.md | copydesk translate - --to nl", "once"),
    ("curl -X POST http://127.0.0.1:8000/", "curl"),
    ("scripts/test", "skip"),
    ('export COPYDESK_AUDIT_KEY="$(python3 -c "print(1)")"', "export"),
    ("scripts/newthing", "unknown"),
    ("pip install .", "unknown"),
    ("cat story.md | sh", "unknown"),
])
def test_each_command_is_run_its_way_or_is_unknown(command, kind):
    assert command_kind(command) == kind


def test_a_command_that_needs_a_later_one_runs_after_it():
    order = planned(["copydesk engines test ctranslate2 --from en --to de", "copydesk models list",
                     "copydesk models install opus-mt --from en --to de --source x.zip"])
    assert order[-1].startswith("copydesk engines test ctranslate2")


def test_placeholders_get_the_values_a_user_has_by_then(tmp_path):
    walk = Walkthrough(tmp_path / "work", "http://127.0.0.1:1")
    walk.remember_token(["users", "token", "anna"], "cdk_0123456789abcdef\n")
    assert walk.placeholders("copydesk users revoke-token anna cdk_Ab12Cd") == \
        "copydesk users revoke-token anna cdk_012345"
    assert walk.placeholders("copydesk audit verify ARTICLE_ID") == "copydesk audit verify 1"
    assert walk.placeholders('curl -H "Bearer cdk_…"') == 'curl -H "Bearer cdk_…"'
