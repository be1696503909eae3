"""OPUS-MT release archives: unpacking them safely, finding the Marian model,
vocabulary and SentencePiece files, and reading what the README says."""

from __future__ import annotations

import re
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from copydesk.errors import LanguageError, ModelError
from copydesk.languages import ISO_639_3

_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_TOKEN = re.compile(r">>([A-Za-z_]+)<<")


@dataclass(frozen=True)
class ReleaseFiles:
    """Where the parts of an unpacked release are."""

    folder: Path
    model: Path
    vocabs: tuple[Path, Path]
    source_spm: Path
    target_spm: Path
    readme: str
    has_decoder_yml: bool


def unpack(archive: Path, into: Path) -> Path:
    """Extract a ``.zip`` or ``.tar.gz`` release into ``into`` (no path escapes)."""
    name = archive.name.lower()
    if not name.endswith((".zip", ".tar.gz", ".tgz", ".tar")):
        raise ModelError(f"{archive} is not a .zip or .tar.gz model archive; pass an "
                         "OPUS-MT release archive or its unpacked folder to --source.")
    try:
        if name.endswith(".zip"):
            _unzip(archive, into)
        else:
            with tarfile.open(archive) as bundle:
                bundle.extractall(into, filter="data")
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError) as exc:
        raise ModelError(f"Could not unpack {archive} ({exc}); the file is damaged or "
                         "incomplete: download it again.") from None
    return into


def _unzip(archive: Path, into: Path) -> None:
    with zipfile.ZipFile(archive) as bundle:
        for member in bundle.namelist():
            if not (into / member).resolve().is_relative_to(into.resolve()):
                raise ModelError(f"{archive} contains an unsafe path {member!r}; "
                                 "use the archive as published.")
        bundle.extractall(into)


def _release_folder(root: Path) -> Path:
    """The folder holding the model: ``root`` or the one folder inside it."""
    if any(root.glob("*.npz")) or any(root.glob("*.vocab.yml")):
        return root
    subfolders = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))]
    return subfolders[0] if len(subfolders) == 1 else root


def _decoder_yml(folder: Path) -> tuple[list[Path], list[Path]]:
    path = folder / "decoder.yml"
    if not path.is_file():
        return [], []
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        models = [folder / m for m in config.get("models", [])]
        vocabs = [folder / v for v in config.get("vocabs", [])]
    except (yaml.YAMLError, UnicodeDecodeError, AttributeError, TypeError):
        return [], []
    return [m for m in models if m.is_file()], [v for v in vocabs if v.is_file()]


def _pick(listed: list[Path], found: list[Path], prefer: str) -> Path | None:
    if listed:
        return listed[0]
    preferred = [p for p in found if prefer in p.name] or found
    return preferred[0] if preferred else None


def locate(root: Path) -> ReleaseFiles:
    """Find the release files under ``root``; ModelError naming what is missing."""
    folder = _release_folder(root)
    models, vocabs = _decoder_yml(folder)
    model = _pick(models, sorted(folder.glob("*.npz")), "best-perplexity")
    vocab_files = vocabs or sorted(folder.glob("*.vocab.yml"))
    missing = [label for label, present in (
        ("a Marian model (*.npz)", model),
        ("a vocabulary (*.vocab.yml)", vocab_files),
        ("source.spm", (folder / "source.spm").is_file()),
        ("target.spm", (folder / "target.spm").is_file()),
    ) if not present]
    if missing:
        raise ModelError(f"{root} is not an OPUS-MT model release: missing {', '.join(missing)}. "
                         "Pass the release .zip as published (e.g. opus-2020-02-26.zip) "
                         "or its unpacked folder.")
    assert model is not None  # checked just above
    readme = folder / "README.md"
    return ReleaseFiles(
        folder=folder, model=model, vocabs=(vocab_files[0], vocab_files[-1]),
        source_spm=folder / "source.spm", target_spm=folder / "target.spm",
        readme=readme.read_text(encoding="utf-8", errors="replace") if readme.is_file() else "",
        has_decoder_yml=bool(models and vocabs))


def release_version(origin: str, readme: str) -> str | None:
    """The release date, from the archive name (``opus-2020-02-26.zip``) or the README."""
    for text in (Path(origin).name, readme):
        match = _DATE.search(text)
        if match:
            return match.group(1)
    return None


def target_token(readme: str, target_lang: str) -> str | None:
    """The ``>>xx<<`` token a multilingual model needs for ``target_lang``, or
    None for a model with a single target language."""
    if "language token is required" not in readme:
        return None
    offered: set[str] = set()
    for line in readme.splitlines():
        if "valid language labels" in line:
            offered |= set(_TOKEN.findall(line))
        elif line.lstrip("* ").startswith("target language(s):"):
            offered |= set(line.split(":", 1)[1].split())
    wanted = [target_lang, ISO_639_3.get(target_lang, target_lang)]
    if not offered:
        return f">>{wanted[0]}<<"
    for code in wanted:
        if code in offered:
            return f">>{code}<<"
    raise LanguageError(f"This multilingual model does not translate into {target_lang!r} "
                        f"(it offers: {', '.join(sorted(offered))}); choose another model.")
