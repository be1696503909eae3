"""The checkpoint file: signed, hash-chained lines that anchor the audit trail.

One JSON line per checkpoint (canonical JSON: sorted keys, no spaces)::

    {"articles": {"<id>": {"head": ..., "key": ..., "seq": ...}}, "key": "<key id>",
     "n": 7, "prev": "<sha256 of line 6>", "reason": "publication",
     "sig": "<HMAC-SHA256>", "time": "...", "v": 1}

``articles`` holds the articles whose chain head changed since the line
before; the anchored state is every validly signed line folded in order.
``sig`` is HMAC-SHA256, under the desk's key, over the line without ``sig``;
``prev`` chains the lines, so an edited, removed, inserted or reordered line
is noticed. The key comes from the environment only (``COPYDESK_AUDIT_KEY``;
retired keys in ``COPYDESK_AUDIT_PREVIOUS_KEYS``, comma-separated). This
module knows nothing of the database.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from copydesk.errors import ConfigError

KEY_ENV = "COPYDESK_AUDIT_KEY"
PREVIOUS_KEYS_ENV = "COPYDESK_AUDIT_PREVIOUS_KEYS"
MIN_KEY_CHARS = 32
FORMAT = 1
GENESIS = "0" * 64


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def line_hash(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()


@dataclass(frozen=True)
class SigningKey:
    secret: bytes = field(repr=False)

    @property
    def key_id(self) -> str:
        """A short public name for the key, so a line says which key signed it."""
        return hashlib.sha256(b"copydesk-audit-key:" + self.secret).hexdigest()[:16]

    def sign(self, body: Mapping[str, Any]) -> str:
        return hmac.new(self.secret, canonical(body).encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Keyring:
    """The key that signs new checkpoints, and every key that may have signed old ones."""

    current: SigningKey | None
    known: Mapping[str, SigningKey]


def _key(text: str, name: str) -> SigningKey:
    cleaned = text.strip()
    if len(cleaned) < MIN_KEY_CHARS:
        raise ConfigError(f"{name} is shorter than {MIN_KEY_CHARS} characters; use a long "
                          "random key, e.g. the output of 'openssl rand -hex 32'.")
    return SigningKey(cleaned.encode("utf-8"))


def keyring(environ: Mapping[str, str] | None = None) -> Keyring:
    """The audit keys from the environment (``current`` is None when none is set)."""
    environ = os.environ if environ is None else environ
    given = environ.get(KEY_ENV, "")
    current = _key(given, KEY_ENV) if given.strip() else None
    retired = [_key(k, PREVIOUS_KEYS_ENV) for k in environ.get(PREVIOUS_KEYS_ENV, "").split(",")
               if k.strip()]
    known = {k.key_id: k for k in retired}
    if current is not None:
        known[current.key_id] = current
    return Keyring(current=current, known=known)


@dataclass(frozen=True)
class Anchor:
    """An article's chain head as a checkpoint recorded it."""

    seq: int
    head: str
    key: str
    checkpoint: int


@dataclass
class Ledger:
    """What the checkpoint file holds, read and checked line by line."""

    path: Path
    count: int = 0  # lines read
    last_hash: str = GENESIS
    last_number: int = 0  # of the last validly signed line
    last_time: str | None = None
    size: int = 0  # bytes read (complete lines only)
    file_id: tuple[int, int] | None = None  # (device, inode) of the file read
    state: dict[int, Anchor] = field(default_factory=dict)
    hashes: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def feed(self, line: bytes, keys: Keyring) -> None:
        """Check one line (without its newline) against the ones before and fold it in."""
        self.count += 1
        where = f"Checkpoint line {self.count} of {self.path}"
        digest, prev_hash = line_hash(line), self.last_hash
        self.last_hash = digest
        self.hashes.add(digest)
        entry = _parse(line)
        if entry is None:
            self.problems.append(f"{where} is not a checkpoint (not valid JSON): the file was "
                                 "edited.")
            return
        if entry.get("prev") != prev_hash:
            self.problems.append(f"{where} does not follow the line before it: a checkpoint was "
                                 "removed, inserted or reordered.")
        key = keys.known.get(str(entry.get("key")))
        if key is None:
            self.problems.append(f"{where} is signed with key {entry.get('key')!r}, which is not "
                                 f"configured; set {KEY_ENV} (or {PREVIOUS_KEYS_ENV} for a "
                                 "retired key) to the key that signed it.")
            return
        body = {k: v for k, v in entry.items() if k != "sig"}
        if not hmac.compare_digest(str(entry.get("sig")), key.sign(body)):
            self.problems.append(f"{where} does not carry a valid signature: it was edited or "
                                 "forged.")
            return
        self._fold(entry)

    def _fold(self, entry: dict[str, Any]) -> None:
        number = int(entry["n"])
        self.last_number, self.last_time = number, str(entry["time"])
        for article, anchor in entry["articles"].items():
            self.state[int(article)] = Anchor(seq=int(anchor["seq"]), head=str(anchor["head"]),
                                              key=str(anchor["key"]), checkpoint=number)


def _parse(line: bytes) -> dict[str, Any] | None:
    try:
        entry = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    well_formed = (isinstance(entry, dict) and entry.get("v") == FORMAT
                   and isinstance(entry.get("n"), int) and isinstance(entry.get("time"), str)
                   and isinstance(entry.get("articles"), dict)
                   and all(isinstance(a, dict) and isinstance(a.get("seq"), int)
                           and isinstance(a.get("head"), str) and isinstance(a.get("key"), str)
                           for a in entry["articles"].values()))
    return entry if well_formed else None


def read(path: Path, keys: Keyring, ledger: Ledger | None = None) -> Ledger:
    """Read and check the file; with ``ledger``, only the lines appended since it was read."""
    if ledger is None or ledger.path != path:
        ledger = Ledger(path=path)
    try:
        with path.open("rb") as handle:
            return _read_from(handle, keys, ledger)
    except FileNotFoundError:
        return Ledger(path=path)
    except OSError as exc:
        raise ConfigError(f"Cannot read the audit checkpoint file {path} ({exc.strerror}); "
                          "check the setting audit_checkpoint_file and its permissions.") from None


def refresh(handle: BinaryIO, keys: Keyring, ledger: Ledger | None, path: Path) -> Ledger:
    """``read`` through a handle from ``locked``, so no writer comes in between."""
    if ledger is None or ledger.path != path:
        ledger = Ledger(path=path)
    return _read_from(handle, keys, ledger)


def _read_from(handle: BinaryIO, keys: Keyring, ledger: Ledger) -> Ledger:
    stat = os.fstat(handle.fileno())
    file_id = (stat.st_dev, stat.st_ino)
    if stat.st_size < ledger.size or ledger.file_id not in (None, file_id):
        ledger = Ledger(path=ledger.path)  # replaced or cut short since it was read
    ledger.file_id = file_id
    handle.seek(ledger.size)
    rest = handle.read()
    *complete, tail = rest.split(b"\n")
    for line in complete:
        ledger.feed(line, keys)
        ledger.size += len(line) + 1
    if tail:
        ledger.problems.append(f"The last line of {ledger.path} is cut off: a write was "
                               "interrupted, or the file was edited.")
    return ledger


@contextmanager
def locked(path: Path) -> Iterator[BinaryIO]:
    """The file opened for appending, locked against every other writer meanwhile."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError as exc:
        raise ConfigError(f"Cannot open the audit checkpoint file {path} ({exc.strerror}); "
                          "set audit_checkpoint_file to a file the desk can write.") from None
    with os.fdopen(fd, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield handle


def append(handle: BinaryIO, ledger: Ledger, key: SigningKey, *, time: str, reason: str,
           articles: Mapping[int, Mapping[str, Any]]) -> bytes:
    """Sign and append the next line (under ``locked``), synced to disk; returns the line."""
    body = {"v": FORMAT, "n": ledger.count + 1, "time": time, "reason": reason,
            "articles": {str(pk): dict(anchor) for pk, anchor in articles.items()},
            "prev": ledger.last_hash, "key": key.key_id}
    line = canonical({**body, "sig": key.sign(body)}).encode("utf-8")
    try:
        handle.write(line + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
        if ledger.count == 0:
            _sync_folder(ledger.path.parent)
    except OSError as exc:
        raise ConfigError(f"Cannot write to the audit checkpoint file {ledger.path} "
                          f"({exc.strerror}); free space or fix its permissions.") from None
    ledger.feed(line, Keyring(current=key, known={key.key_id: key}))
    ledger.size += len(line) + 1
    return line


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
