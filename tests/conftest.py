"""Shared pytest configuration: fixture plugins used across the test tree, and a
closing line per skip reason, so a run says how many tests were skipped and why."""

from __future__ import annotations

from collections import Counter

import pytest

pytest_plugins = ["tests.fixtures.opus_mt", "tests.fixtures.chromium"]


def _reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    text = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return text.removeprefix("Skipped: ")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if r.skipped]
    if not skipped:
        return
    reasons = Counter(_reason(report) for report in skipped)
    terminalreporter.section(f"{len(skipped)} skipped, by reason", sep="-")
    for reason, count in reasons.most_common():
        terminalreporter.line(f"{count:>5}  {reason}")
