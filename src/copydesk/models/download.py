"""Downloading official OPUS-MT releases.

The newest release of a pair is the last download link in the pair's README
in the OPUS-MT-train repository, e.g.
``https://object.pouta.csc.fi/OPUS-MT-models/en-de/opus-2020-02-26.zip``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from copydesk.errors import ModelError

README_URL = ("https://raw.githubusercontent.com/Helsinki-NLP/OPUS-MT-train/master/"
              "models/{source}-{target}/README.md")
MODELS_PAGE = "https://github.com/Helsinki-NLP/OPUS-MT-train/tree/master/models"
_RELEASE_LINK = re.compile(r"https://object\.pouta\.csc\.fi/OPUS-MT-models/[^\s()\[\]]+?\.zip")

Progress = Callable[[int, int | None], None]
"""Called with (bytes received, total bytes or None) while downloading."""


def _offline_hint(source: str, target: str) -> str:
    return (f"Download it on a connected machine from {MODELS_PAGE}/{source}-{target} and "
            f"run 'copydesk models install opus-mt --from {source} --to {target} "
            "--source <file.zip>'.")


def release_url(source: str, target: str, client: httpx.Client) -> str:
    """The download address of the newest OPUS-MT release for the pair."""
    url = README_URL.format(source=source, target=target)
    try:
        response = client.get(url)
    except httpx.HTTPError as exc:
        raise ModelError(f"Could not look up the OPUS-MT release for {source}->{target} "
                         f"({exc.__class__.__name__}: {exc}). Are you offline? "
                         + _offline_hint(source, target)) from None
    if response.status_code == 404:
        raise ModelError(f"There is no OPUS-MT model for {source}->{target}; see {MODELS_PAGE} "
                         "for the pairs on offer, or pass a model archive with --source.")
    if response.status_code != 200:
        raise ModelError(f"Looking up the OPUS-MT release failed (HTTP {response.status_code} "
                         f"from {url}). " + _offline_hint(source, target))
    links = _RELEASE_LINK.findall(response.text)
    if not links:
        raise ModelError(f"The OPUS-MT page for {source}->{target} lists no release archive; "
                         "pass one with --source.")
    return links[-1]


def download(
    url: str, destination: Path, client: httpx.Client, *,
    time_limit: float, progress: Progress | None = None,
) -> Path:
    """Stream ``url`` into ``destination``, giving up after ``time_limit`` seconds."""
    deadline = time.monotonic() + time_limit
    try:
        with client.stream("GET", url) as response, destination.open("wb") as out:
            if response.status_code != 200:
                raise ModelError(f"Downloading {url} failed (HTTP {response.status_code}); "
                                 "check the address or pass a local archive with --source.")
            total = int(response.headers.get("content-length", 0)) or None
            received = 0
            for chunk in response.iter_bytes(1 << 20):
                out.write(chunk)
                received += len(chunk)
                if progress:
                    progress(received, total)
                if time.monotonic() > deadline:
                    raise ModelError(f"Downloading {url} took longer than {time_limit:.0f} s; "
                                     "download it yourself and pass the file with --source.")
    except httpx.HTTPError as exc:
        raise ModelError(f"Could not download {url} ({exc.__class__.__name__}: {exc}). "
                         "Are you offline? Download the archive on a connected machine and "
                         "pass it with --source <file.zip>.") from None
    return destination
