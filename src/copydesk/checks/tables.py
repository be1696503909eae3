"""The word tables of the checks: JSON files in ``checks/data``, keyed by language.

A newsroom extends a check to a new language by adding an entry to its table.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from typing import Any

NOTHING = re.compile(r"(?!x)x")


@cache
def table(filename: str) -> dict[str, Any]:
    """The parsed table ``checks/data/<filename>`` (read once per process)."""
    text = files("copydesk.checks").joinpath("data", filename).read_text("utf-8")
    data = json.loads(text)
    return {key: value for key, value in data.items() if not key.startswith("_")}


def alternatives(patterns: list[str]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of ``patterns`` at a word start."""
    if not patterns:
        return NOTHING
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + ")", re.IGNORECASE)
