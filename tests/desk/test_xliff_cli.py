"""``copydesk export`` and ``copydesk import`` as a user runs them: the installed command in
its own process, on a fresh ``COPYDESK_HOME``."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.desk.test_xliff_exchange import with_target
from tests.fixtures.served_desk import desk_environment

COPYDESK = str(Path(sys.executable).with_name("copydesk"))
SETUP = textwrap.dedent("""
    from copydesk import settings
    from copydesk.desk import bootstrap
    bootstrap.setup(settings.load())
    from copydesk.article import Article as Source
    from copydesk.desk import roles, sources, workflow
    from copydesk.desk.models import Edition, User
    editor = User.objects.create_user(username="erika")
    roles.grant(editor, "editor")
    story = Source.from_dict({"title": "Bridge opens", "language": "en", "blocks": [
        {"kind": "paragraph", "text": "It opened <g1>today</g1>.",
         "tags": {"1": {"kind": "bold"}}}]})
    article = sources.ingest(story, key="https://example.org/bridge", user=editor).article
    done = workflow.request_translation(article, Edition.objects.get(code="de"), user=editor)
    print(done.pk)
""")


def run(home: Path, *args: str, program: list[str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(program or [COPYDESK, *args], capture_output=True, text=True,
                          env=desk_environment(home), timeout=180, check=False)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_translation_goes_out_and_comes_back_through_the_commands(tmp_path):
    home = tmp_path / "home"
    ok(run(home, "editions", "add", "de", "--language", "de", "--engine", "pseudo"))
    number = ok(run(home, program=[sys.executable, "-c", SETUP])).split()[-1]
    ok(run(home, "worker", "--batch"))
    out = tmp_path / "story.xlf"
    ok(run(home, "export", number, "--format", "xliff12", "-o", str(out)))
    assert 'version="1.2"' in out.read_text(encoding="utf-8")
    transitional = tmp_path / "transitional.xlf"  # <file tool=...>: transitional XLIFF 1.2 only
    transitional.write_text(out.read_text(encoding="utf-8").replace(
        'datatype="plaintext"', 'datatype="plaintext" tool="Trados"', 1), encoding="utf-8")
    warned = ok(run(home, "import", str(transitional), "--as", "erika"))
    assert "0 changed" in warned and "0 refused" in warned
    assert "  warning     Not strict XLIFF 1.2, line 2: Element 'file', attribute 'tool'" in warned
    printed = ok(run(home, "export", number))
    assert printed.startswith("<?xml") and 'version="2.0"' in printed

    translated = tmp_path / "translated.xlf"
    translated.write_text(with_target(printed, "b1.s1", 'Sie öffnete <pc id="1">heute</pc>.'),
                          encoding="utf-8")
    report = json.loads(ok(run(home, "import", str(translated), "--as", "erika", "--json")))
    assert report["changed"] == ["b1.s1"] and report["translation"] == int(number)
    assert report["unchanged"] == ["title.s1"]

    stale = tmp_path / "stale.xlf"  # made on the first export, changed since on the desk
    stale.write_text(with_target(with_target(printed, "b1.s1", 'Eröffnet <pc id="1">jetzt</pc>.'),
                                 "title.s1", 'Brücke<ph id="9"/>'), encoding="utf-8")
    result = run(home, "import", str(stale), "--as", "erika")
    assert result.returncode == 1, result.stderr
    assert "1 conflicted, 1 refused" in result.stdout
    assert "conflicted  b1.s1: now at version" in result.stdout
    assert "refused     title.s1: The text has tag(s) <x9/>" in result.stdout


def test_bad_input_is_one_clear_line(tmp_path):
    home = tmp_path / "home"
    broken = tmp_path / "broken.xlf"
    broken.write_text("<xliff", encoding="utf-8")
    result = run(home, "import", str(broken), "--as", "erika")
    assert result.returncode == 1 and "not well-formed XML" in result.stderr
    assert "[bad_input]" in result.stderr
    missing = run(home, "export", "999")
    assert missing.returncode == 1 and "No translation 999" in missing.stderr
