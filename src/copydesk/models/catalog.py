"""Installed local models: each is a folder under ``models_path`` holding a
converted CTranslate2 model, its SentencePiece files and a manifest."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copydesk.errors import ModelError

MANIFEST = "copydesk-model.json"
STAGING_PREFIX = "."  # folders being installed or removed are hidden from the list


@dataclass(frozen=True)
class InstalledModel:
    """One installed model, as described by its manifest."""

    path: Path
    name: str
    family: str
    source: str
    target: str
    version: str | None
    quantization: str
    target_token: str | None
    manifest: dict[str, Any]

    @property
    def pair(self) -> str:
        return f"{self.source}->{self.target}"

    @property
    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())

    def install_hint(self) -> str:
        return (f"reinstall with 'copydesk models install {self.family} --from {self.source} "
                f"--to {self.target} --force'")


def read_manifest(folder: Path) -> InstalledModel:
    """The model installed in ``folder``; ModelError when the manifest is unusable."""
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return InstalledModel(
            path=folder, name=data["name"], family=data.get("family", "opus-mt"),
            source=data["source"], target=data["target"], version=data.get("version"),
            quantization=data.get("quantization", "int8"),
            target_token=data.get("target_token"), manifest=data)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"The model folder {folder} has no usable {MANIFEST} ({exc}); "
                         f"remove it with 'copydesk models remove {folder.name}' and "
                         "install the model again.") from None


def list_models(models_path: Path) -> list[InstalledModel]:
    """Every installed model, by name; folders without a readable manifest are skipped."""
    if not models_path.is_dir():
        return []
    found = []
    for folder in sorted(models_path.iterdir()):
        if folder.name.startswith(STAGING_PREFIX) or not (folder / MANIFEST).is_file():
            continue
        try:
            found.append(read_manifest(folder))
        except ModelError:
            continue
    return found


def find_model(models_path: Path, source_lang: str, target_lang: str) -> InstalledModel | None:
    """The installed model for a pair of base language codes, or None."""
    for model in list_models(models_path):
        if model.source == source_lang and model.target == target_lang:
            return model
    return None


def remove_model(models_path: Path, name: str) -> None:
    """Delete the installed model called ``name``."""
    folder = models_path / name
    if (name in ("", ".", "..") or "/" in name or "\\" in name or name.startswith(STAGING_PREFIX)
            or not (folder / MANIFEST).is_file()):
        installed = ", ".join(m.name for m in list_models(models_path)) or "none"
        raise ModelError(f"No installed model called {name!r} (installed: {installed}); "
                         "see 'copydesk models list'.")
    # Rename first so a half-deleted folder is never listed as a model.
    doomed = folder.with_name(f"{STAGING_PREFIX}remove-{name}")
    shutil.rmtree(doomed, ignore_errors=True)
    folder.rename(doomed)
    shutil.rmtree(doomed)
