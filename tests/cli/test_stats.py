"""``copydesk stats`` run as a person runs it: the installed program, a fresh COPYDESK_HOME."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

COPYDESK = Path(sys.executable).with_name("copydesk")
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def copydesk(tmp_path: Path) -> Run:
    """Run ``copydesk ARGS`` in a new process on a desk of its own (SQLite in the home)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE") and not k.startswith("COPYDESK_")}
    env["COPYDESK_HOME"] = str(tmp_path / "home")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([str(COPYDESK), *args], capture_output=True, text=True, env=env,
                              timeout=120)
        assert "Traceback" not in done.stderr, done.stderr
        return done

    return run


def test_an_empty_desk_gives_zeros_and_empty_lists(copydesk):
    done = copydesk("stats", "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["total"]["translations"] == 0
    assert found["total"]["hter"] == 0.0 and found["total"]["char_edit_ratio"] == 0.0
    assert found["total"]["review_seconds_per_100_words"] == 0.0
    assert found["total"]["minutes_to_publish"] is None  # no turnaround to take a median of
    assert [found[k] for k in ("editions", "engines", "periods", "checks")] == [[], [], [], []]
    assert found["filters"] == {"edition": "", "engine": "", "since": None, "until": None,
                                "by": "week", "in_review": False}


def test_the_table_names_its_columns_and_says_what_is_empty(copydesk):
    done = copydesk("stats", "--by", "month")
    assert done.returncode == 0, done.stderr
    assert "HTER" in done.stdout and "s/100w" in done.stdout
    assert "All translations" in done.stdout
    assert "per month: none" in done.stdout


def test_the_filters_reach_the_figures(copydesk):
    assert copydesk("editions", "add", "de", "--language", "de").returncode == 0
    done = copydesk("stats", "--json", "--edition", "de", "--engine", "deepl", "--since",
                    "2025-01-01", "--until", "2025-12-31", "--by", "day", "--in-review")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["filters"] == {
        "edition": "de", "engine": "deepl", "since": "2025-01-01", "until": "2025-12-31",
        "by": "day", "in_review": True}


@pytest.mark.parametrize(("args", "message"), [
    (("--since", "2025-02-30"), "The 'since' date '2025-02-30' is not a date"),
    (("--until", "yesterday"), "write it as YYYY-MM-DD"),
    (("--since", "2025-06-01", "--until", "2025-05-01"), "swap the dates"),
    (("--edition", "zz"), "There is no edition 'zz' on the desk"),
])
def test_a_bad_filter_exits_1_with_a_message(copydesk, args, message):
    done = copydesk("stats", "--json", *args)
    assert done.returncode == 1
    assert message in done.stderr
    assert done.stdout == ""
