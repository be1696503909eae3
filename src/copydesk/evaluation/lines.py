"""Line-aligned text files (one segment a line), read exactly as ``sacrebleu`` reads them.

Scores are only comparable with the ``sacrebleu`` command's when both see the
same segments: lines end at ``\\n`` only (a stray ``\\r`` stays inside its
line), trailing white space is dropped from each line, and a final newline
does not start an empty segment. Files are strict UTF-8.
"""

from __future__ import annotations

from pathlib import Path

from copydesk.errors import BinaryInputError, EmptyInputError, EncodingError, InputError


def read_lines(path: Path, what: str) -> list[str]:
    """The segments of ``path``; ``what`` names the file in messages ("reference")."""
    data = _read_bytes(path, what)
    if b"\x00" in data:
        raise BinaryInputError(f"The {what} file {path} is binary (it holds NUL bytes); give a "
                               "text file with one segment a line.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise EncodingError(f"The {what} file {path} is not UTF-8 (byte 0x{data[exc.start]:02x} "
                            f"on line {line}); convert it, e.g. with 'iconv -f latin1 -t utf-8'."
                            ) from None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if not any(line.strip() for line in lines):
        raise EmptyInputError(f"The {what} file {path} has no segments; give a text file with "
                              "one segment a line.")
    return [line.rstrip() for line in lines]


def _read_bytes(path: Path, what: str) -> bytes:
    if path.is_dir():
        raise InputError(f"The {what} file {path} is a folder; give a text file with one "
                         "segment a line.")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"The {what} file {path} does not exist; check the path.") from None
    except OSError as exc:
        raise InputError(f"The {what} file {path} cannot be read ({exc.strerror}); check the "
                         "path and its permissions.") from None


def check_aligned(counts: dict[str, int]) -> None:
    """Refuse files whose segment counts differ: scores of misaligned lines mean nothing."""
    if len(set(counts.values())) > 1:
        listed = ", ".join(f"{name}: {count}" for name, count in counts.items())
        raise InputError(f"The files do not have the same number of segments ({listed}); "
                         "each line must hold the same segment in every file.")
