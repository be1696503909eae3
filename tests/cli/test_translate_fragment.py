"""``copydesk translate`` on a CMS body field (an HTML fragment), as a user runs it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.fixtures.readme_shell import VENV_BIN, user_environment

BODY = ("<p>The house is red.</p><p>The council met on <a href='https://example.org/vote'>"
        "Monday</a> and voted to extend the tram network.</p>")


def copydesk(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(VENV_BIN / "copydesk"), *args], cwd=tmp_path, input=stdin,
                          env=user_environment(tmp_path / "home"), capture_output=True,
                          text=True, timeout=120)


def test_a_body_field_file_is_translated_paragraph_by_paragraph(tmp_path):
    (tmp_path / "body.html").write_text(BODY, encoding="utf-8")
    done = copydesk(tmp_path, "translate", "body.html", "--from", "en", "--to", "de",
                    "--engine", "pseudo", "--format", "json", "-o", "body.de.json")
    assert done.returncode == 0, done.stderr
    draft = json.loads((tmp_path / "body.de.json").read_text(encoding="utf-8"))
    assert draft["provenance"]["source"]["title"] == "The house is red."
    assert len(draft["article"]["blocks"]) == 2  # the first paragraph stays in the body
    assert "made from its first sentence" in draft["warnings"][0]
    assert "3 segments" in done.stderr  # the title and both paragraphs


def test_a_body_field_on_standard_input_with_a_heading(tmp_path):
    done = copydesk(tmp_path, "translate", "-", "--to", "de", "--engine", "pseudo",
                    "--format", "md", stdin=f"<h2>Tram line approved</h2>{BODY}")
    assert done.returncode == 0, done.stderr
    assert "title: ⟦Tram lîñé ápprövéd⟧" in done.stdout
    assert "The höüsé îs réd." in done.stdout  # the body keeps its first paragraph
    assert "(https://example.org/vote)" in done.stdout


def test_a_hostile_body_field_leaves_no_script_in_the_page(tmp_path):
    hostile = ("<h2 onclick='x()'>Tram</h2><script>alert('SCRIPTED')</script>"
               "<p onmouseover='alert(1)'>The council voted on <a href='javascript:alert(2)'>"
               "Monday</a> to extend the tram network.<img src=x onerror='alert(3)'></p>")
    (tmp_path / "body.html").write_text(hostile, encoding="utf-8")
    done = copydesk(tmp_path, "translate", "body.html", "--from", "en", "--to", "de",
                    "--engine", "pseudo", "-o", "body.de.html")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "body.de.html").read_text(encoding="utf-8")
    body = page[page.index("<body"):]
    for dropped in ("SCRIPTED", "javascript:", "onmouseover", "onclick", "onerror"):
        assert dropped not in body
    assert '<figure><img src="x" alt=""></figure>' in body  # the image, without its handler
