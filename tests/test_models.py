import hashlib
import json
import shutil
import tarfile
import zipfile
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from copydesk.cli.models import models
from copydesk.errors import ConfigError, LanguageError, ModelError
from copydesk.models import MANIFEST, install_opus_mt, list_models, remove_model
from copydesk.models.release import target_token
from tests.fixtures.opus_mt import MODEL_FILE


@pytest.fixture
def release_folder(opus_mt_archive: Path) -> Path:
    return opus_mt_archive.parent / "release"


@pytest.fixture
def models_path(tmp_path: Path) -> Path:
    return tmp_path / "home" / "models"


def leftovers(models_path: Path) -> list[str]:
    return sorted(p.name for p in models_path.iterdir()) if models_path.exists() else []


def run_cli(home: Path, *args: str):
    return CliRunner().invoke(models, list(args), env={"COPYDESK_HOME": str(home)})


def test_cli_installs_from_zip_lists_and_removes(opus_mt_archive, tmp_path):
    home = tmp_path / "home"
    result = run_cli(home, "list")
    assert "No models installed" in result.output
    assert "copydesk models install opus-mt" in result.output

    result = run_cli(home, "install", "opus-mt", "--from", "en", "--to", "de",
                     "--source", str(opus_mt_archive))
    assert result.exit_code == 0, result.output
    assert "Installed opus-mt-en-de (en->de, version 2020-02-26, int8)" in result.output

    result = run_cli(home, "list")
    assert "opus-mt-en-de" in result.output
    assert "en->de" in result.output and "2020-02-26" in result.output and "MB" in result.output

    result = run_cli(home, "remove", "opus-mt-en-de")
    assert result.exit_code == 0 and "Removed" in result.output
    assert leftovers(home / "models") == []


def test_cli_turns_errors_into_messages(tmp_path):
    result = run_cli(tmp_path, "remove", "opus-mt-xx-yy")
    assert result.exit_code == 1
    assert "No installed model called 'opus-mt-xx-yy'" in result.output


def test_manifest_records_what_was_installed(installed_home, opus_mt_archive):
    folder = installed_home / "models" / "opus-mt-en-de"
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["name"] == "opus-mt-en-de"
    assert (manifest["source"], manifest["target"]) == ("en", "de")
    assert manifest["version"] == "2020-02-26"
    assert manifest["origin"] == str(opus_mt_archive.resolve())
    assert manifest["sha256"] == hashlib.sha256(opus_mt_archive.read_bytes()).hexdigest()
    assert manifest["converter"].startswith("ctranslate2 ")
    assert manifest["quantization"] == "int8"
    assert manifest["target_token"] is None
    assert manifest["installed_at"]
    for name in ("model.bin", "config.json", "source.spm", "target.spm"):
        assert (folder / name).is_file()


def test_install_from_an_unpacked_folder_with_a_name_and_quantisation(release_folder,
                                                                      models_path):
    model = install_opus_mt(models_path, "en", "de", source=str(release_folder),
                            name="newsroom-en-de", quantization="float32")
    assert model.name == "newsroom-en-de" and model.quantization == "float32"
    assert model.manifest["sha256"] == hashlib.sha256(
        (release_folder / MODEL_FILE).read_bytes()).hexdigest()
    assert [m.name for m in list_models(models_path)] == ["newsroom-en-de"]


def test_install_from_tar_gz(release_folder, tmp_path, models_path):
    archive = tmp_path / "opus-2021-01-18.tar.gz"
    with tarfile.open(archive, "w:gz") as bundle:
        bundle.add(release_folder, arcname="opus-2021-01-18")
    model = install_opus_mt(models_path, "en", "de", source=str(archive))
    assert model.version == "2021-01-18"


def test_refuses_to_overwrite_unless_forced(opus_mt_archive, models_path):
    install_opus_mt(models_path, "en", "de", source=str(opus_mt_archive))
    with pytest.raises(ModelError, match=r"already installed.*--force"):
        install_opus_mt(models_path, "en", "de", source=str(opus_mt_archive))
    model = install_opus_mt(models_path, "en", "de", source=str(opus_mt_archive), force=True)
    assert model.name == "opus-mt-en-de"
    assert leftovers(models_path) == ["opus-mt-en-de"]


def test_missing_source_path(models_path, tmp_path):
    with pytest.raises(ModelError, match="No file or folder"):
        install_opus_mt(models_path, "en", "de", source=str(tmp_path / "nope.zip"))
    assert leftovers(models_path) == []


def test_not_an_archive(models_path, tmp_path):
    text = tmp_path / "model.txt"
    text.write_text("hello")
    with pytest.raises(ModelError, match=r"not a \.zip or \.tar\.gz"):
        install_opus_mt(models_path, "en", "de", source=str(text))
    assert leftovers(models_path) == []


def test_incomplete_archive_names_the_missing_files(release_folder, tmp_path, models_path):
    archive = tmp_path / "opus-2020-02-26.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(release_folder / "source.spm", "source.spm")
        bundle.write(release_folder / "README.md", "README.md")
    with pytest.raises(ModelError) as caught:
        install_opus_mt(models_path, "en", "de", source=str(archive))
    message = str(caught.value)
    assert "Marian model (*.npz)" in message and "target.spm" in message
    assert "source.spm" not in message.split("missing")[1]
    assert leftovers(models_path) == []


def test_truncated_zip_is_called_damaged(opus_mt_archive, tmp_path, models_path):
    archive = tmp_path / "opus-2020-02-26.zip"
    archive.write_bytes(opus_mt_archive.read_bytes()[: 300_000])
    with pytest.raises(ModelError, match="damaged or incomplete"):
        install_opus_mt(models_path, "en", "de", source=str(archive))
    assert leftovers(models_path) == []


def test_corrupt_model_fails_conversion_and_leaves_nothing(release_folder, tmp_path,
                                                           models_path):
    broken = shutil.copytree(release_folder, tmp_path / "broken")
    npz = broken / MODEL_FILE
    npz.write_bytes(npz.read_bytes()[: npz.stat().st_size // 2])
    with pytest.raises(ModelError, match="Could not convert"):
        install_opus_mt(models_path, "en", "de", source=str(broken))
    assert leftovers(models_path) == []


def test_failed_forced_install_keeps_the_old_model(opus_mt_archive, tmp_path, models_path):
    install_opus_mt(models_path, "en", "de", source=str(opus_mt_archive))
    with pytest.raises(ModelError):
        install_opus_mt(models_path, "en", "de", source=str(tmp_path), force=True)
    assert leftovers(models_path) == ["opus-mt-en-de"]


@pytest.mark.parametrize(("source", "target"), [("xx", "de"), ("en", "klingon")])
def test_unknown_language_codes(source, target, opus_mt_archive, models_path):
    with pytest.raises(LanguageError, match="ISO 639-1"):
        install_opus_mt(models_path, source, target, source=str(opus_mt_archive))


def test_bad_name_and_quantisation(opus_mt_archive, models_path):
    with pytest.raises(ConfigError, match="folder name"):
        install_opus_mt(models_path, "en", "de", source=str(opus_mt_archive), name="../x")
    with pytest.raises(ConfigError, match="int8"):
        install_opus_mt(models_path, "en", "de", source=str(opus_mt_archive),
                        quantization="int3")


def test_remove_unknown_model_says_what_is_installed(models_path):
    with pytest.raises(ModelError, match="copydesk models list"):
        remove_model(models_path, "opus-mt-en-fr")


def release_server(archive: Path, readme_status: int = 200) -> httpx.MockTransport:
    zip_url = "https://object.pouta.csc.fi/OPUS-MT-models/en-de/opus-2020-02-26.zip"
    readme = ("# opus-2019-12-18.zip\n* download: [opus-2019-12-18.zip]"
              "(https://object.pouta.csc.fi/OPUS-MT-models/en-de/opus-2019-12-18.zip)\n"
              f"# opus-2020-02-26.zip\n* download: [opus-2020-02-26.zip]({zip_url})\n")

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.host == "raw.githubusercontent.com":
            assert request.url.path == "/Helsinki-NLP/OPUS-MT-train/master/models/en-de/README.md"
            return httpx.Response(readme_status, text=readme)
        if str(request.url) == zip_url:
            return httpx.Response(200, content=archive.read_bytes())
        return httpx.Response(404)

    return httpx.MockTransport(handle)


def test_downloads_the_newest_release(opus_mt_archive, models_path):
    seen = []
    client = httpx.Client(transport=release_server(opus_mt_archive))
    model = install_opus_mt(models_path, "en", "de", client=client,
                            progress=lambda done, total: seen.append((done, total)))
    assert model.manifest["origin"].endswith("/OPUS-MT-models/en-de/opus-2020-02-26.zip")
    assert model.version == "2020-02-26"
    assert seen[-1] == (opus_mt_archive.stat().st_size, opus_mt_archive.stat().st_size)


def test_no_release_for_the_pair(opus_mt_archive, models_path):
    client = httpx.Client(transport=release_server(opus_mt_archive, readme_status=404))
    with pytest.raises(ModelError, match="no OPUS-MT model for en->de"):
        install_opus_mt(models_path, "en", "de", client=client)
    assert leftovers(models_path) == []


def test_offline_download_says_to_use_source(models_path):
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known", request=request)

    client = httpx.Client(transport=httpx.MockTransport(refuse))
    with pytest.raises(ModelError, match=r"offline.*--source"):
        install_opus_mt(models_path, "en", "de", client=client)
    with pytest.raises(ModelError, match=r"offline.*--source"):
        install_opus_mt(models_path, "en", "de", client=client,
                        source="https://example.org/opus-2020-02-26.zip")
    assert leftovers(models_path) == []


MULTILINGUAL = ("* target language(s): deu fra nld\n"
                "* a sentence initial language token is required in the form of `>>id<<`\n"
                "* valid language labels: >>deu<< >>fra<< >>nld<<\n")


def test_target_token_of_multilingual_models():
    assert target_token("# opus-2020-02-26.zip\n* model: transformer-align\n", "de") is None
    assert target_token(MULTILINGUAL, "de") == ">>deu<<"
    assert target_token("a sentence initial language token is required", "de") == ">>de<<"
    with pytest.raises(LanguageError, match="does not translate into 'it'"):
        target_token(MULTILINGUAL, "it")
