"""The shared test data is found through one setting, and nothing else names its path."""

import ast
from pathlib import Path

import pytest

from tests.fixtures import shared_data
from tests.fixtures.shared_data import DEFAULT, ENV, shared_data_dir

REPO_ROOT = Path(__file__).resolve().parents[1]
SETTING = REPO_ROOT / "tests" / "fixtures" / "shared_data.py"


def test_the_default_is_shared_data_beside_the_checkout():
    assert REPO_ROOT.parent / "shared" / "data" == DEFAULT
    assert shared_data_dir({}) == DEFAULT.resolve()
    assert shared_data_dir({ENV: "  "}) == DEFAULT.resolve()


def test_the_environment_variable_overrides_it(tmp_path):
    assert shared_data_dir({ENV: str(tmp_path / "data")}) == tmp_path / "data"


def test_the_skip_reason_names_the_folder_and_the_setting():
    assert str(shared_data.SHARED_DATA) in shared_data.MISSING and ENV in shared_data.MISSING


def _path_literals(path: Path) -> list[str]:
    """String literals (docstrings aside) that spell out the shared data folder."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings
            and (node.value.strip("./") == "shared" or "shared/data" in node.value)]


@pytest.mark.parametrize("path", sorted(
    p for folder in ("tests", "benchmarks") for p in (REPO_ROOT / folder).rglob("*.py")
    if p not in (SETTING, Path(__file__).resolve())), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_only_the_setting_names_the_shared_data_path(path):
    assert not _path_literals(path), (
        f"{path.name} spells out the shared data path; use tests.fixtures.shared_data")
