"""``copydesk translate`` as a user runs it (a subprocess, a fresh home) on hostile articles."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from tests.fixtures.readme_shell import VENV_BIN, user_environment
from tests.test_links import ATTACKS, is_dangerous

BODY = "The council met on Monday and voted to extend the tram network by twelve kilometres."


def copydesk(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = user_environment(tmp_path / "home")
    return subprocess.run([str(VENV_BIN / "copydesk"), *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


def article_with_every_attack() -> dict[str, object]:
    usable = [a for a in ATTACKS if "\x00" not in a]
    blocks = [{"kind": "paragraph", "text": f"{BODY} Read <g1>link {n}</g1> now.",
               "tags": {"1": {"kind": "link", "attrs": {"href": href, "title": href}}}}
              for n, href in enumerate(usable, 1)]
    return {"title": "Tram <g1>plan</g1> approved </g2>", "language": "en",
            "standfirst": "A <x3/> standfirst", "blocks": blocks}


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_no_output_format_carries_a_script_link(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / "story.json"
    source.write_text(json.dumps(article_with_every_attack()), encoding="utf-8")
    out = tmp_path / f"story.de.{fmt}"
    done = copydesk(tmp_path, "translate", str(source), "--from", "en", "--to", "de",
                    "--engine", "pseudo", "--format", fmt, "-o", str(out))
    assert done.returncode == 0, done.stderr
    written = out.read_text(encoding="utf-8")
    assert not is_dangerous(written)
    assert "link 1" in written.replace("⟦", "").replace("⟧", "") or "lîñk 1" in written
    assert "˂g1" in written  # the title's literal "<g1>" is text, shown with a look-alike "<"


def test_a_one_word_article_of_190000_characters_is_quick(tmp_path: Path) -> None:
    word = "a" * 190_000
    source = tmp_path / "word.json"
    source.write_text(json.dumps({"title": "One long word", "language": "en", "blocks": [
        {"kind": "paragraph", "text": word[:19_000]} for _ in range(10)]}), encoding="utf-8")
    started = time.monotonic()
    done = copydesk(tmp_path, "translate", str(source), "--from", "en", "--to", "de",
                    "--engine", "pseudo", "--format", "json", "-o", str(tmp_path / "w.json"))
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 60  # was more than 120 s; about 3 s now


def test_one_paragraph_over_the_limit_is_refused_clearly(tmp_path: Path) -> None:
    source = tmp_path / "long.json"
    source.write_text(json.dumps({"title": "One long paragraph", "language": "en", "blocks": [
        {"kind": "paragraph", "text": "a" * 190_000}]}), encoding="utf-8")
    done = copydesk(tmp_path, "translate", str(source), "--to", "de", "--engine", "pseudo")
    assert done.returncode != 0
    assert "COPYDESK_MAX_BLOCK_CHARS" in done.stderr and "Traceback" not in done.stderr
