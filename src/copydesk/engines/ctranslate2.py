"""Local neural MT (OPUS-MT / Marian) through CTranslate2 and SentencePiece.

Models are installed with ``copydesk models install`` (see ``copydesk.models``).
Each pair's model is loaded on first use and kept: the ``ctranslate2.Translator``
and both SentencePiece processors. Segments arrive as plain text; the pipeline
strips and restores inline tags.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from copydesk import languages
from copydesk.engines.base import Candidate, Context, Engine, Signature
from copydesk.errors import EngineError, LanguageError, ModelError, UnsupportedPairError
from copydesk.models import InstalledModel, find_model, list_models
from copydesk.settings import Settings

EOS = "</s>"


@dataclass(frozen=True)
class Decoding:
    """How long outputs may be: ``ratio`` x the longest input of a batch plus
    ``extra`` tokens. ``fixed_length`` decodes exactly that many tokens for
    every segment, so speed measurements do not depend on the weights."""

    ratio: float = 1.5
    extra: int = 10
    fixed_length: bool = False

    def length(self, longest_input: int) -> int:
        return math.ceil(self.ratio * longest_input) + self.extra


@dataclass
class LoadedModel:
    """A model in memory: translator, tokenizers and what the signature needs."""

    model: InstalledModel
    translator: Any
    source_spm: Any
    target_spm: Any
    add_eos: bool

    def encode(self, text: str) -> list[str]:
        pieces = self.source_spm.encode(text, out_type=str)
        if self.model.target_token:
            pieces = [self.model.target_token, *pieces]
        # Models converted with add_source_eos add </s> themselves.
        return [*pieces, EOS] if self.add_eos else pieces

    def decode(self, pieces: Sequence[str]) -> str:
        # Joint vocabularies hold source-side pieces the target model does not
        # know; SentencePiece leaves their word-boundary marks in place.
        return self.target_spm.decode_pieces(list(pieces)).replace("▁", " ").strip()


def length_batches(encoded: Sequence[Sequence[str]], batch_size: int) -> list[list[int]]:
    """Indices of ``encoded`` grouped into batches of similar length, so
    little padding is decoded; shortest first, input order inside a tie."""
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
    return [order[i:i + batch_size] for i in range(0, len(order), batch_size)]


class CTranslate2Engine(Engine):
    name: ClassVar[str] = "ctranslate2"
    description: ClassVar[str] = "Local neural MT (OPUS-MT) through CTranslate2; runs offline."
    max_batch: ClassVar[int] = 32

    def __init__(
        self, models_path: Path, *, threads: int = 2, device: str = "cpu",
        compute_type: str = "default", beam_size: int = 4, batch_size: int = 32,
        decoding: Decoding | None = None,
    ) -> None:
        self.models_path = Path(models_path)
        self.threads = threads
        self.device = device
        self.compute_type = compute_type
        self.beam_size = beam_size
        self.batch_size = batch_size
        self.decoding = decoding or Decoding()
        self._loaded: dict[str, LoadedModel] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> CTranslate2Engine:
        return cls(settings.models_path, threads=settings.threads, device=settings.device,
                   compute_type=settings.compute_type, beam_size=settings.beam_size,
                   batch_size=settings.batch_size)

    @property
    def resolved_compute_type(self) -> str:
        if self.compute_type != "default":
            return self.compute_type
        return "float16" if self.device == "cuda" else "int8"

    def availability(self) -> str | None:
        try:
            import ctranslate2
            import sentencepiece  # noqa: F401
        except ImportError as exc:
            return f"the '{exc.name}' package is missing; install it with pip"
        if self.device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
            return "no CUDA device found; set device = 'cpu' (COPYDESK_DEVICE=cpu)"
        if not list_models(self.models_path):
            return ("no models installed; run 'copydesk models install opus-mt "
                    "--from <language> --to <language>'")
        return None

    def supports(self, source_lang: str, target_lang: str) -> bool:
        return self._model_for(source_lang, target_lang) is not None

    def translate(
        self,
        segments: Sequence[str],
        source_lang: str,
        target_lang: str,
        *,
        glossary: Mapping[str, str] | None = None,
        context: Context | None = None,
    ) -> list[Candidate]:
        loaded = self.load(source_lang, target_lang)
        outputs = list(segments)  # blank segments are returned as they are
        todo = [i for i, text in enumerate(segments) if text.strip()]
        encoded = [loaded.encode(segments[i]) for i in todo]
        for batch in length_batches(encoded, self.batch_size):
            pieces = self._translate_batch(loaded, [encoded[i] for i in batch])
            for i, result in zip(batch, pieces, strict=True):
                outputs[todo[i]] = loaded.decode(result)
        signature = self.signature(loaded.model)
        return [Candidate(text=text, signature=signature) for text in outputs]

    def signature(self, model: InstalledModel) -> Signature:
        return Signature(engine=self.name, model=model.name, version=model.version,
                         options=(("quant", self.resolved_compute_type),
                                  ("beam", str(self.beam_size))))

    def _model_for(self, source_lang: str, target_lang: str) -> InstalledModel | None:
        try:
            pair = languages.base(source_lang), languages.base(target_lang)
        except LanguageError:
            return None
        return find_model(self.models_path, *pair)

    def _translate_batch(self, loaded: LoadedModel, batch: list[list[str]]) -> list[list[str]]:
        length = self.decoding.length(max(len(tokens) for tokens in batch))
        try:
            results = loaded.translator.translate_batch(
                batch, beam_size=self.beam_size,
                max_decoding_length=length,
                min_decoding_length=length if self.decoding.fixed_length else 0)
        except (RuntimeError, ValueError) as exc:
            raise EngineError(f"The model {loaded.model.name} failed to translate ({exc}); "
                              f"if this repeats, {loaded.model.install_hint()}.") from None
        return [result.hypotheses[0] for result in results]

    def load(self, source_lang: str, target_lang: str) -> LoadedModel:
        """The pair's model in memory, loaded on first use and then kept."""
        model = self._model_for(source_lang, target_lang)
        if model is None:
            raise UnsupportedPairError(
                f"No local model for {source_lang}->{target_lang}; run 'copydesk models install "
                f"opus-mt --from {source_lang} --to {target_lang}'.")
        if model.name not in self._loaded:
            self._loaded[model.name] = self._open(model)
        return self._loaded[model.name]

    def _open(self, model: InstalledModel) -> LoadedModel:
        import ctranslate2
        import sentencepiece

        try:
            config = json.loads((model.path / "config.json").read_text(encoding="utf-8"))
            translator = ctranslate2.Translator(
                str(model.path), device=self.device, compute_type=self.resolved_compute_type,
                intra_threads=self.threads, inter_threads=1)
            source_spm = sentencepiece.SentencePieceProcessor(
                model_file=str(model.path / "source.spm"))
            target_spm = sentencepiece.SentencePieceProcessor(
                model_file=str(model.path / "target.spm"))
        except (OSError, RuntimeError, ValueError) as exc:
            raise ModelError(f"The model {model.name} in {model.path} is missing files or "
                             f"damaged ({exc}); {model.install_hint()}.") from None
        return LoadedModel(model, translator, source_spm, target_spm,
                           add_eos=not config.get("add_source_eos", False))
