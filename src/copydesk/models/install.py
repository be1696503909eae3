"""Installing an OPUS-MT model: fetch or read the release, convert it with
CTranslate2's own converter, and move it into place only when all succeeded.

Everything happens in a hidden staging folder under ``models_path``; a
failure or an interruption removes it, so no half-installed model remains.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import httpx

from copydesk import languages
from copydesk.errors import ConfigError, ModelError
from copydesk.models.catalog import MANIFEST, STAGING_PREFIX, InstalledModel, read_manifest
from copydesk.models.download import Progress, download, release_url
from copydesk.models.release import (
    ReleaseFiles,
    locate,
    release_version,
    target_token,
    unpack,
)

QUANTIZATIONS = ("int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16", "float16",
                 "bfloat16", "float32")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def install_opus_mt(
    models_path: Path, source_lang: str, target_lang: str, *,
    source: str | None = None, name: str | None = None, quantization: str = "int8",
    force: bool = False, client: httpx.Client | None = None,
    progress: Progress | None = None, timeout: float = 15.0, time_limit: float = 1800.0,
) -> InstalledModel:
    """Install an OPUS-MT model for a pair and return it.

    ``source`` is a local ``.zip``/``.tar.gz`` release, its unpacked folder, or
    a URL; without it the newest official release is downloaded. ``timeout``
    bounds each network wait, ``time_limit`` the whole download.
    """
    src, tgt = languages.base(source_lang), languages.base(target_lang)
    name = name or f"opus-mt-{src}-{tgt}"
    _check_options(models_path, name, quantization, force)
    local = _local_source(source)
    models_path.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}install-", dir=models_path))
    try:
        if local is None:
            with _client(client, timeout) as http:
                origin = source or release_url(src, tgt, http)
                local = _download_into(staging, origin, http, time_limit, progress)
        else:
            origin = str(local.resolve())
        files, checksum = _read_release(local, staging / "release")
        token = target_token(files.readme, tgt)  # before the slow conversion
        converted = _convert(files, staging / "model", quantization)
        manifest = {
            "name": name, "family": "opus-mt", "source": src, "target": tgt,
            "version": release_version(origin, files.readme), "origin": origin,
            "sha256": checksum, "converter": _converter_version(), "quantization": quantization,
            "target_token": token,
            "installed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        (converted / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        _move_into_place(converted, models_path / name, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return read_manifest(models_path / name)


def _check_options(models_path: Path, name: str, quantization: str, force: bool) -> None:
    if not _NAME.match(name):
        raise ConfigError(f"Model name {name!r} is not usable as a folder name; use letters, "
                          "digits, '.', '-' and '_' (e.g. opus-mt-en-de).")
    if quantization not in QUANTIZATIONS:
        raise ConfigError(f"Unknown quantisation {quantization!r}; use one of "
                          f"{', '.join(QUANTIZATIONS)}.")
    if (models_path / name).exists() and not force:
        raise ModelError(f"A model called {name!r} is already installed in {models_path}; "
                         "pass --force to replace it, or --name to install it under another name.")


def _local_source(source: str | None) -> Path | None:
    """The local path of ``source``, or None when it must be downloaded."""
    if source is None or urlparse(source).scheme in ("http", "https"):
        return None
    path = Path(source).expanduser()
    if not path.exists():
        raise ModelError(f"No file or folder at {source}; pass the path of an OPUS-MT release "
                         ".zip/.tar.gz, its unpacked folder, or a URL to --source.")
    return path


def _client(client: httpx.Client | None, timeout: float) -> AbstractContextManager[httpx.Client]:
    """The injected client (left open) or a new one (closed after use)."""
    if client is not None:
        return nullcontext(client)
    return httpx.Client(timeout=timeout, follow_redirects=True)


def _download_into(
    staging: Path, url: str, client: httpx.Client, time_limit: float, progress: Progress | None
) -> Path:
    filename = Path(urlparse(url).path).name or "model.zip"
    (staging / "download").mkdir()
    return download(url, staging / "download" / filename, client,
                    time_limit=time_limit, progress=progress)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_release(local: Path, unpack_into: Path) -> tuple[ReleaseFiles, str]:
    """Unpack an archive (a folder is used in place); return its files and the
    sha256 of the archive, or of the Marian model for a folder."""
    if local.is_dir():
        files = locate(local)
        return files, _sha256(files.model)
    unpack_into.mkdir()
    unpack(local, unpack_into)
    return locate(unpack_into), _sha256(local)


def _converter_version() -> str:
    import ctranslate2

    return f"ctranslate2 {ctranslate2.__version__}"


def _convert(files: ReleaseFiles, output: Path, quantization: str) -> Path:
    """Run CTranslate2's OPUS-MT (or plain Marian) converter, then copy the
    SentencePiece models next to the converted weights."""
    from ctranslate2.converters import MarianConverter, OpusMTConverter

    if files.has_decoder_yml:
        converter: MarianConverter = OpusMTConverter(str(files.folder))
    else:
        converter = MarianConverter(str(files.model), [str(v) for v in files.vocabs])
    try:
        converter.convert(str(output), quantization=quantization)
    # The converter fails in many library-specific ways on a damaged model
    # (zip, pickle, YAML, key and shape errors); each means the same to the user.
    except Exception as exc:
        raise ModelError(f"Could not convert the Marian model {files.model.name} "
                         f"({exc.__class__.__name__}: {exc}). The model file is damaged or "
                         "not an OPUS-MT transformer; download the release again.") from None
    shutil.copyfile(files.source_spm, output / "source.spm")
    shutil.copyfile(files.target_spm, output / "target.spm")
    return output


def _move_into_place(converted: Path, final: Path, staging: Path) -> None:
    """Rename the finished model into place, replacing an old one (``--force``);
    the old one comes back if the new one cannot be moved."""
    old = final.rename(staging / "replaced") if final.exists() else None
    try:
        converted.rename(final)
    except OSError as exc:
        if old is not None:
            old.rename(final)
        raise ModelError(f"Could not move the converted model to {final} ({exc}); check that "
                         "the models folder is writable and try again.") from None
