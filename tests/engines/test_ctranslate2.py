"""The CTranslate2 engine on a random-weight OPUS-MT model: the output is
gibberish, so these tests check the plumbing, never the translation."""

import json
import shutil
from pathlib import Path

import pytest

from copydesk import settings
from copydesk.engines import registry
from copydesk.engines.base import Signature
from copydesk.engines.ctranslate2 import CTranslate2Engine, Decoding
from copydesk.errors import ModelError, UnsupportedPairError
from copydesk.models import MANIFEST
from tests.fixtures.opus_mt import sentences

NEWS = sentences("en")[:12]


class RecordingTranslator:
    """Passes calls to the real translator and remembers each batch."""

    def __init__(self, translator):
        self.translator = translator
        self.calls = []

    def translate_batch(self, batch, **options):
        results = self.translator.translate_batch(batch, **options)
        self.calls.append((batch, options, [r.hypotheses[0] for r in results]))
        return results


def engine_for(home: Path, **options) -> CTranslate2Engine:
    resolved = settings.load(options, environ={"COPYDESK_HOME": str(home)})
    return CTranslate2Engine.from_settings(resolved)


def recording(engine: CTranslate2Engine) -> RecordingTranslator:
    loaded = engine.load("en", "de")
    loaded.translator = RecordingTranslator(loaded.translator)
    return loaded.translator


def test_translates_a_batch_of_news_sentences_with_a_signature(installed_home):
    engine = engine_for(installed_home)
    assert engine.availability() is None
    candidates = engine.translate(NEWS[:5], "en", "de")
    assert len(candidates) == 5
    assert all(isinstance(c.text, str) and c.text.strip() for c in candidates)
    signature = candidates[0].signature
    assert signature == Signature(engine="ctranslate2", model="opus-mt-en-de",
                                  version="2020-02-26",
                                  options=(("quant", "int8"), ("beam", "4")))
    assert str(signature).startswith(
        "engine:ctranslate2|model:opus-mt-en-de|version:2020-02-26|quant:int8|beam:4")


def test_batches_by_batch_size_and_keeps_the_order(installed_home):
    engine = engine_for(installed_home, batch_size=3, beam_size=2)
    translator = recording(engine)
    segments = [*NEWS[:7], "", "  ", NEWS[0]]
    candidates = engine.translate(segments, "en", "de")
    assert len(candidates) == len(segments)
    assert [len(batch) for batch, _, _ in translator.calls] == [3, 3, 2]
    assert all(options["beam_size"] == 2 for _, options, _ in translator.calls)
    assert candidates[7].text == "" and candidates[8].text == "  "
    assert candidates[0].text == candidates[9].text


def test_decoding_length_follows_the_input(installed_home):
    engine = engine_for(installed_home)
    engine.decoding = Decoding(ratio=1.0, extra=2, fixed_length=True)
    translator = recording(engine)
    engine.translate(["A short one.", NEWS[3]], "en", "de")
    for batch, options, outputs in translator.calls:
        expected = max(len(tokens) for tokens in batch) + 2
        assert options["max_decoding_length"] == options["min_decoding_length"] == expected
        assert all(len(output) == expected for output in outputs)


def test_source_tokens_end_once_with_eos(installed_home):
    engine = engine_for(installed_home)
    translator = recording(engine)
    engine.translate(["The talks continue on Monday."], "en", "de")
    [(batch, _, _)] = translator.calls
    # The converted model adds </s> itself (add_source_eos), so we must not.
    assert "</s>" not in batch[0]


def test_supports_installed_pairs_only(installed_home):
    engine = engine_for(installed_home)
    assert engine.supports("en", "de")
    assert engine.supports("en-GB", "de-CH")
    assert not engine.supports("de", "en")
    assert not engine.supports("en", "klingon")
    with pytest.raises(UnsupportedPairError, match="copydesk models install opus-mt --from de"):
        engine.translate(["Hallo"], "de", "en")


def test_without_models_says_how_to_install(tmp_path):
    engine = engine_for(tmp_path)
    assert "no models installed; run 'copydesk models install opus-mt" in engine.availability()
    assert not engine.supports("en", "de")


def test_auto_picks_ctranslate2_when_a_model_is_installed(installed_home):
    resolved = settings.load(environ={"COPYDESK_HOME": str(installed_home)})
    choice = registry.choose("auto", "en", "de", resolved)
    assert choice.engine.name == "ctranslate2"
    assert choice.warnings == []


def test_cuda_without_a_gpu_is_unavailable(installed_home):
    import ctranslate2

    if ctranslate2.get_cuda_device_count():
        pytest.skip("this machine has a CUDA device")
    assert "no CUDA device" in engine_for(installed_home, device="cuda").availability()


def test_compute_type_defaults_to_int8_on_cpu_and_float16_on_gpu(tmp_path):
    assert CTranslate2Engine(tmp_path).resolved_compute_type == "int8"
    assert CTranslate2Engine(tmp_path, device="cuda").resolved_compute_type == "float16"
    assert CTranslate2Engine(tmp_path, compute_type="float32").resolved_compute_type == "float32"


def copy_home(installed_home: Path, tmp_path: Path) -> Path:
    return shutil.copytree(installed_home, tmp_path / "home")


def test_damaged_model_folder_says_reinstall(installed_home, tmp_path):
    home = copy_home(installed_home, tmp_path)
    (home / "models" / "opus-mt-en-de" / "model.bin").unlink()
    with pytest.raises(ModelError, match="reinstall with 'copydesk models install opus-mt"):
        engine_for(home).translate(["Hello."], "en", "de")


def test_multilingual_models_get_the_target_token(installed_home, tmp_path):
    home = copy_home(installed_home, tmp_path)
    manifest_path = home / "models" / "opus-mt-en-de" / MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest["target_token"] = ">>deu<<"
    manifest_path.write_text(json.dumps(manifest))
    engine = engine_for(home)
    translator = recording(engine)
    engine.translate(["Hello."], "en", "de")
    [(batch, _, _)] = translator.calls
    assert batch[0][0] == ">>deu<<"
