"""Fixtures for the translation memory tests: a fresh memory file per test."""

import pytest

from copydesk.memory import TranslationMemory


@pytest.fixture
def memory(tmp_path):
    tm = TranslationMemory(tmp_path / "memory.sqlite3")
    yield tm
    tm.close()
