"""Engine speed: copydesk's CTranslate2 engine (int8) against Hugging Face
Transformers (PyTorch, CPU) on the same OPUS-MT-sized model.

The model is the real OPUS-MT transformer architecture (6+6 layers, d=512,
FFN 2048, 8 heads, 58,101-piece vocabulary) with random weights, built
offline by ``tests/fixtures/opus_mt.py``, installed with ``install_opus_mt``
(CTranslate2's own converter) and loaded into ``MarianMTModel`` with the very
same weights. Random weights would stop at random lengths, so both sides
decode exactly N tokens per batch (N tied to the longest source in the
batch): identical batches, beam 4, batch 32, equal threads. The two engines
run interleaved, chunk by chunk, so a change in machine load hits both.

    .venv/bin/python benchmarks/engine_speed.py --limit 300
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.fixtures.opus_mt import MODEL_FILE, NEWSTEST, build_opus_mt  # noqa: E402

from copydesk.engines.base import Candidate, Context, Engine  # noqa: E402
from copydesk.engines.ctranslate2 import (  # noqa: E402
    CTranslate2Engine,
    Decoding,
    LoadedModel,
    length_batches,
)
from copydesk.errors import CopydeskError  # noqa: E402
from copydesk.models import install_opus_mt  # noqa: E402

SOURCE = NEWSTEST / "newstest2019.eng"
FULL_SIZE = {"layers": 6, "d_model": 512, "ffn": 2048, "heads": 8, "vocab_size": 58101}
# Output about as long as a German translation of the English source.
DECODING = Decoding(ratio=1.2, extra=1, fixed_length=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="Translate only N sentences.")
    parser.add_argument("--threads", type=int, default=2, help="CPU threads for each engine.")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--chunk", type=int, default=64,
                        help="Sentences per turn when interleaving the two engines.")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="Keep the built model here and reuse it on the next run.")
    return parser.parse_args()


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def prepare_model(workdir: Path) -> tuple[Path, Path]:
    """Build and install the full-size model once; return (release folder, models path)."""
    release, models_path = workdir / "release", workdir / "home" / "models"
    if not (models_path / "opus-mt-en-de").is_dir():
        log("Building the full-size OPUS-MT model with random weights ...")
        archive = build_opus_mt(workdir, **FULL_SIZE)
        log("Installing it with 'install_opus_mt' (CTranslate2 converter, int8) ...")
        install_opus_mt(models_path, "en", "de", source=str(archive), force=True)
        archive.unlink()
    return release, models_path


class MarianTransformers:
    """The same model in Hugging Face Transformers, on PyTorch CPU."""

    def __init__(self, release: Path, loaded: LoadedModel, threads: int) -> None:
        import numpy as np
        import torch
        from transformers import MarianConfig, MarianMTModel

        torch.set_num_threads(threads)
        torch.set_num_interop_threads(1)
        weights = np.load(release / MODEL_FILE)
        vocab = weights["Wemb"].shape[0]
        self.pieces = read_vocabulary(loaded)
        self.vocab = {piece: i for i, piece in enumerate(self.pieces)}
        self.eos, self.unk, self.pad = 0, 1, vocab - 1
        config = MarianConfig(
            vocab_size=vocab, d_model=512, encoder_layers=6, decoder_layers=6,
            encoder_attention_heads=8, decoder_attention_heads=8, encoder_ffn_dim=2048,
            decoder_ffn_dim=2048, activation_function="swish", scale_embedding=True,
            max_position_embeddings=1024, pad_token_id=self.pad, eos_token_id=self.eos,
            decoder_start_token_id=self.pad, forced_eos_token_id=None)
        self.model = MarianMTModel(config).eval()
        missing = self.model.load_state_dict(marian_to_transformers(weights), strict=False)
        assert all("embed_positions" in k or "embed_tokens" in k or k == "lm_head.weight"
                   for k in missing.missing_keys), missing.missing_keys
        self.loaded = loaded
        self.torch = torch

    def translate(self, tokens: Sequence[Sequence[str]], length: int, beam: int) -> list[str]:
        torch = self.torch
        ids = [[self.vocab.get(p, self.unk) for p in t] + [self.eos] for t in tokens]
        width = max(map(len, ids))
        batch = torch.tensor([row + [self.pad] * (width - len(row)) for row in ids])
        mask = (batch != self.pad).long()
        with torch.inference_mode():
            out = self.model.generate(
                input_ids=batch, attention_mask=mask, num_beams=beam, do_sample=False,
                min_new_tokens=length, max_new_tokens=length)
        assert out.shape[1] == length + 1, (out.shape, length)  # + the start token
        return [self.loaded.decode([self.pieces[i] for i in row[1:]]) for row in out.tolist()]


def read_vocabulary(loaded: LoadedModel) -> list[str]:
    import json

    path = loaded.model.path / "shared_vocabulary.json"
    return json.loads(path.read_text(encoding="utf-8"))


def marian_to_transformers(weights) -> dict:
    """Marian parameter names -> MarianMTModel state dict (Marian stores x @ W)."""
    import torch

    def linear(prefix: str, scope: str, suffix: str) -> dict:
        return {f"{prefix}.weight": torch.from_numpy(weights[f"{scope}_W{suffix}"].T.copy()),
                f"{prefix}.bias": torch.from_numpy(weights[f"{scope}_b{suffix}"][0].copy())}

    def norm(prefix: str, scope: str) -> dict:
        return {f"{prefix}.weight": torch.from_numpy(weights[f"{scope}_ln_scale"][0].copy()),
                f"{prefix}.bias": torch.from_numpy(weights[f"{scope}_ln_bias"][0].copy())}

    def attention(prefix: str, scope: str) -> dict:
        parts = {"q_proj": "q", "k_proj": "k", "v_proj": "v", "out_proj": "o"}
        state = {}
        for name, suffix in parts.items():
            state |= linear(f"{prefix}.{name}", scope, suffix)
        return state

    def ffn(prefix: str, scope: str) -> dict:
        return (linear(f"{prefix}.fc1", scope, "1") | linear(f"{prefix}.fc2", scope, "2")
                | norm(f"{prefix}.final_layer_norm", f"{scope}_ffn"))

    state = {"model.shared.weight": torch.from_numpy(weights["Wemb"]),
             "final_logits_bias": torch.from_numpy(weights["decoder_ff_logit_out_b"])}
    layers = sum(1 for k in weights.files if k.startswith("encoder_l") and k.endswith("self_Wq"))
    for i in range(layers):
        enc, dec = f"model.encoder.layers.{i}", f"model.decoder.layers.{i}"
        state |= attention(f"{enc}.self_attn", f"encoder_l{i + 1}_self")
        state |= norm(f"{enc}.self_attn_layer_norm", f"encoder_l{i + 1}_self_Wo")
        state |= ffn(enc, f"encoder_l{i + 1}_ffn")
        state |= attention(f"{dec}.self_attn", f"decoder_l{i + 1}_self")
        state |= norm(f"{dec}.self_attn_layer_norm", f"decoder_l{i + 1}_self_Wo")
        state |= attention(f"{dec}.encoder_attn", f"decoder_l{i + 1}_context")
        state |= norm(f"{dec}.encoder_attn_layer_norm", f"decoder_l{i + 1}_context_Wo")
        state |= ffn(dec, f"decoder_l{i + 1}_ffn")
    return state


def target_tokens(loaded: LoadedModel, sentences: Sequence[str], batch_size: int) -> int:
    """Tokens both engines generate for ``sentences``: N per sentence of each batch."""
    encoded = [loaded.encode(s) for s in sentences]
    return sum(len(batch) * DECODING.length(max(len(encoded[i]) for i in batch))
               for batch in length_batches(encoded, batch_size))


def time_ctranslate2(engine: CTranslate2Engine, sentences: Sequence[str]) -> float:
    start = time.perf_counter()
    engine.translate(sentences, "en", "de")
    return time.perf_counter() - start


def time_transformers(hf: MarianTransformers, sentences: Sequence[str], batch: int,
                      beam: int) -> float:
    """Same batches and lengths as the engine; SentencePiece in and out included."""
    start = time.perf_counter()
    encoded = [hf.loaded.encode(s) for s in sentences]
    for group in length_batches(encoded, batch):
        tokens = [encoded[i] for i in group]
        hf.translate(tokens, DECODING.length(max(map(len, tokens))), beam)
    return time.perf_counter() - start


def compare(args: argparse.Namespace, workdir: Path) -> CTranslate2Engine:
    release, models_path = prepare_model(workdir)
    engine = CTranslate2Engine(models_path, threads=args.threads, beam_size=args.beam,
                               batch_size=args.batch, decoding=DECODING)
    loaded = engine.load("en", "de")
    hf = MarianTransformers(release, loaded, args.threads)
    sentences = SOURCE.read_text(encoding="utf-8").splitlines()[: args.limit]
    warm = sentences[:4]
    time_ctranslate2(engine, warm)
    time_transformers(hf, warm, args.batch, args.beam)
    totals = {"ctranslate2": 0.0, "transformers": 0.0}
    tokens, ratios = 0, []
    for start in range(0, len(sentences), args.chunk):
        chunk = sentences[start:start + args.chunk]
        tokens += target_tokens(loaded, chunk, args.batch)
        fast = time_ctranslate2(engine, chunk)
        slow = time_transformers(hf, chunk, args.batch, args.beam)
        totals["ctranslate2"] += fast
        totals["transformers"] += slow
        ratios.append(slow / fast)
        log(f"  {start + len(chunk)}/{len(sentences)} sentences: ctranslate2 {fast:.1f} s, "
            f"transformers {slow:.1f} s ({slow / fast:.1f}x)")
    report_speed(len(sentences), tokens, totals, args)
    print(f"  median over {len(ratios)} chunks of the same work: "
          f"{statistics.median(ratios):.1f}x (lowest {min(ratios):.1f}x, "
          f"highest {max(ratios):.1f}x)")
    return engine


def report_speed(sentences: int, tokens: int, totals: Mapping[str, float],
                 args: argparse.Namespace) -> None:
    print(f"\n{sentences} sentences of newstest2019 (en->de), {tokens} target tokens; "
          f"beam {args.beam}, batch {args.batch}, {args.threads} threads each")
    for name, seconds in totals.items():
        print(f"  {name:<28} {seconds:8.1f} s  {tokens / seconds:9.1f} target tokens/s")
    ratio = totals["transformers"] / totals["ctranslate2"]
    print(f"  ctranslate2 int8 is {ratio:.1f}x Transformers (PyTorch float32)")


# ---------------------------------------------------------------------------
# Pipeline overhead: the wall time of everything around the engine call
# (ingest, segmentation, tag handling, rendering) for a ~700-word article.
# ---------------------------------------------------------------------------

class TimedEngine(Engine):
    """Wraps an engine and adds up the time spent inside it."""

    name: ClassVar[str] = "ctranslate2"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.seconds = 0.0

    def supports(self, source_lang: str, target_lang: str) -> bool:
        return self.engine.supports(source_lang, target_lang)

    def translate(self, segments: Sequence[str], source_lang: str, target_lang: str, *,
                  glossary: Mapping[str, str] | None = None,
                  context: Context | None = None) -> list[Candidate]:
        start = time.perf_counter()
        try:
            return self.engine.translate(segments, source_lang, target_lang,
                                         glossary=glossary, context=context)
        finally:
            self.seconds += time.perf_counter() - start


def article_html(words: int = 700) -> str:
    """A news page of about ``words`` words from newstest2019, with inline markup."""
    lines, count = [], 0
    for line in SOURCE.read_text(encoding="utf-8").splitlines()[100:]:
        lines.append(line)
        count += len(line.split())
        if count >= words:
            break
    paragraphs = [" ".join(lines[i:i + 3]) for i in range(1, len(lines), 3)]
    paragraphs[0] = f'<a href="https://example.org/story">{paragraphs[0]}</a>'
    paragraphs[1] = f"<b>{paragraphs[1]}</b>"
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<html lang="en"><head><title>{lines[0]}</title></head><body><article>'
            f"<h1>{lines[0]}</h1>{body}</article></body></html>")


def pipeline_overhead(engine: Engine) -> tuple[float, float]:
    """(seconds outside the engine, seconds inside it) for one article end to end:
    ingest the HTML page, segment and translate it, render the HTML edition."""
    from copydesk import ingest, pipeline, publish

    timed = TimedEngine(engine)
    start = time.perf_counter()
    article = ingest.from_html(article_html())
    draft = pipeline.translate_article(article, "de", timed, source_language="en")
    publish.render(draft, "html")
    return time.perf_counter() - start - timed.seconds, timed.seconds


def report_pipeline(engine: CTranslate2Engine) -> None:
    from copydesk.engines.pseudo import PseudoEngine

    try:
        pipeline_overhead(PseudoEngine())  # warm up: first imports, parser caches
        outside, inside = pipeline_overhead(engine)
    except (ImportError, CopydeskError) as exc:
        print(f"\nPipeline overhead: skipped ({exc.__class__.__name__}: {exc})")
        return
    print(f"\nOne ~700-word article end to end: engine {inside:.2f} s, everything else "
          f"(ingest, segmentation, rendering) {outside:.3f} s "
          f"({100 * outside / (inside + outside):.1f}% of the total)")


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="copydesk-bench-") as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        engine = compare(args, workdir)
        report_pipeline(engine)


if __name__ == "__main__":
    main()
