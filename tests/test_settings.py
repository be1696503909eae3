import pytest

from copydesk import settings
from copydesk.errors import ConfigError


def test_defaults_apply_without_any_source(tmp_path):
    resolved = settings.load(environ={"COPYDESK_HOME": str(tmp_path)})
    assert resolved.engine == "auto"
    assert resolved.threads == 2
    assert resolved.engine_order == ["ctranslate2", "apertium"]
    assert resolved.sources["threads"] == "default"
    assert resolved.models_path == tmp_path / "models"


def test_option_beats_environment_beats_file_beats_default(tmp_path):
    (tmp_path / "config.toml").write_text('threads = 3\nbeam_size = 2\nengine = "pseudo"\n')
    env = {"COPYDESK_HOME": str(tmp_path), "COPYDESK_THREADS": "5", "COPYDESK_ENGINE": "x"}
    resolved = settings.load({"engine": "ctranslate2"}, environ=env)
    assert resolved.engine == "ctranslate2"
    assert resolved.sources["engine"] == "command option"
    assert resolved.threads == 5
    assert resolved.sources["threads"] == "environment variable COPYDESK_THREADS"
    assert resolved.beam_size == 2
    assert resolved.sources["beam_size"].startswith("config file")
    assert resolved.batch_size == 32


def test_config_file_values_keep_their_types(tmp_path):
    (tmp_path / "config.toml").write_text(
        'allow_private_urls = true\nfetch_timeout = 2.5\nengine_order = ["deepl", "pseudo"]\n')
    resolved = settings.load(environ={"COPYDESK_HOME": str(tmp_path)})
    assert resolved.allow_private_urls is True
    assert resolved.fetch_timeout == 2.5
    assert resolved.engine_order == ["deepl", "pseudo"]


def test_edition_tables_come_from_the_config_file(tmp_path):
    (tmp_path / "config.toml").write_text('[editions.de]\ndisclosure_reviewed = "Geprüft."\n')
    resolved = settings.load(environ={"COPYDESK_HOME": str(tmp_path)})
    assert resolved.edition("de")["disclosure_reviewed"] == "Geprüft."
    assert resolved.edition("fr") == {}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"COPYDESK_THREADS": "zero"}, "threads"),
        ({"COPYDESK_THREADS": "0"}, "positive"),
        ({"COPYDESK_ALLOW_PRIVATE_URLS": "maybe"}, "true or false"),
        ({"COPYDESK_FETCH_TIMEOUT": "-1"}, "fetch_timeout"),
    ],
)
def test_bad_values_say_which_setting_and_where(tmp_path, env, message):
    with pytest.raises(ConfigError, match=message) as info:
        settings.load(environ={"COPYDESK_HOME": str(tmp_path), **env})
    assert "environment variable" in str(info.value)


def test_unknown_key_in_config_file_is_refused(tmp_path):
    (tmp_path / "config.toml").write_text("thredas = 4\n")
    with pytest.raises(ConfigError, match="thredas"):
        settings.load(environ={"COPYDESK_HOME": str(tmp_path)})


def test_broken_toml_is_refused_with_the_path(tmp_path):
    (tmp_path / "config.toml").write_text("threads = = 4\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        settings.load(environ={"COPYDESK_HOME": str(tmp_path)})


def test_missing_explicit_config_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        settings.load(environ={}, config_file=tmp_path / "nope.toml")


def test_editions_that_are_not_tables_are_refused(tmp_path):
    (tmp_path / "config.toml").write_text('editions = "de"\n')
    with pytest.raises(ConfigError, match=r"one table per language"):
        settings.load(environ={"COPYDESK_HOME": str(tmp_path)})
    (tmp_path / "config.toml").write_text('[editions]\nde = "x"\n')
    with pytest.raises(ConfigError, match=r"one table per language"):
        settings.load(environ={"COPYDESK_HOME": str(tmp_path)})


def test_a_regional_edition_falls_back_to_its_language(tmp_path):
    (tmp_path / "config.toml").write_text('[editions.de]\ngender = "star"\n'
                                          '[editions.de-AT]\ngender = "colon"\n')
    resolved = settings.load(environ={"COPYDESK_HOME": str(tmp_path)})
    assert resolved.edition("de-CH")["gender"] == "star"
    assert resolved.edition("de-AT")["gender"] == "colon"


def test_an_unreadable_config_path_is_a_config_error(tmp_path):
    (tmp_path / "folder.toml").mkdir()
    with pytest.raises(ConfigError, match="cannot be read"):
        settings.load(environ={}, config_file=tmp_path / "folder.toml")
