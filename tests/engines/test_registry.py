import pytest

from copydesk import settings
from copydesk.engines import registry
from copydesk.engines.pseudo import PseudoEngine
from copydesk.errors import ConfigError


@pytest.fixture
def empty_home(tmp_path):
    return settings.load(environ={"COPYDESK_HOME": str(tmp_path)})


def test_builtin_engines_register_through_entry_points():
    classes = registry.engine_classes()
    assert classes["pseudo"] is PseudoEngine
    assert "ctranslate2" in classes


def test_auto_without_models_falls_back_to_pseudo_with_a_warning(empty_home):
    choice = registry.choose("auto", "en", "de", empty_home)
    assert choice.engine.name == "pseudo"
    [warning] = choice.warnings
    assert "NOT a translation" in warning
    assert "copydesk models install opus-mt --from en --to de" in warning


def test_unknown_engine_names_the_installed_ones(empty_home):
    with pytest.raises(ConfigError, match="pseudo"):
        registry.choose("babelfish", "en", "de", empty_home)


def test_named_engine_is_used_as_is(empty_home):
    assert registry.choose("pseudo", "en", "de", empty_home).warnings == []
