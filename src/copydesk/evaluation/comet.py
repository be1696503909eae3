"""COMET, when ``unbabel-comet`` and a model are already on this machine.

COMET is optional: without the package or the model the scores go on without
it and the reason is said. Nothing is downloaded: the model is a checkpoint
file, a model folder (``checkpoints/model.ckpt`` beside ``hparams.yaml``), or
the name of a model already in the local Hugging Face cache
(``Unbabel/wmt22-comet-da``), and the hubs are switched to offline before
COMET is imported.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


@dataclass(frozen=True)
class CometScore:
    """The system score (``None`` when not computed) and why it is missing."""

    model: str | None
    score: float | None = None
    note: str | None = None


def comet_score(model: str | None, sources: Sequence[str], hypotheses: Sequence[str],
                references: Sequence[str], *, use_gpu: bool = False,
                batch_size: int = 16) -> CometScore:
    """Score with the COMET ``model``; never raises: a problem becomes the note."""
    if not model:
        return CometScore(None, note="not requested (--comet-model names a local model)")
    os.environ.update(OFFLINE)  # before comet, and the hub libraries it imports, read them
    try:
        import comet
    except ImportError:
        return CometScore(model, note="unbabel-comet is not installed "
                                      "('pip install unbabel-comet' to add COMET)")
    except Exception as exc:  # a broken install (torch, CUDA libraries): the scores go on
        return CometScore(model, note=f"unbabel-comet cannot be imported ({exc})")
    checkpoint = _checkpoint(model)
    if checkpoint is None:
        return CometScore(model, note=f"model {model!r} is not on this machine (give a "
                                      "checkpoint file, a model folder, or the name of a "
                                      "model in the local Hugging Face cache)")
    data = [{"src": s, "mt": h, "ref": r} for s, h, r in zip(sources, hypotheses, references,
                                                             strict=True)]
    try:
        loaded: Any = comet.load_from_checkpoint(str(checkpoint))
        output = loaded.predict(data, batch_size=batch_size, gpus=1 if use_gpu else 0,
                                progress_bar=False)
    except Exception as exc:  # COMET raises plain Exception; the scores go on
        return CometScore(model, note=f"COMET failed with {checkpoint}: {exc}")
    return CometScore(model, score=float(output.system_score))


def _checkpoint(model: str) -> Path | None:
    """The checkpoint file for ``model``, from a path or the local cache only."""
    path = Path(model).expanduser()
    if path.is_file():
        return path
    if path.is_dir():
        found = path / "checkpoints" / "model.ckpt"
        return found if found.is_file() else None
    try:
        from huggingface_hub import snapshot_download

        folder = Path(snapshot_download(repo_id=model, local_files_only=True))
    except Exception:  # not cached, not a repository name: not here
        return None
    found = folder / "checkpoints" / "model.ckpt"
    return found if found.is_file() else None
