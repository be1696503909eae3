"""Bilingual word lists from Debian's FreeDict dictionaries, compiled once into SQLite.

The omission check asks one question of a source word: which target words may
translate it? The answers come from the FreeDict dictionaries that the Debian
packages ``dict-freedict-<src>-<tgt>`` put in ``/usr/share/dictd`` as
``freedict-eng-deu.index`` (headword, offset, length, offsets in dictd's base64)
and ``freedict-eng-deu.dict.dz`` (gzip-compatible dictzip). Both directions feed a
pair: ``eng-deu`` read forwards (a one-word English headword to the words of its
German translations) and ``deu-eng`` read backwards (a one-word English
translation to the words of the German headword). Headwords and translations of
two or three words ("of course", "back and forth", "government spokesman") are kept
as phrases, their stems joined by spaces (``phrase_key``), so that an idiom can be
looked up as one unit.

Reading a large dictionary takes seconds and hundreds of megabytes, so
``compile_pair`` does it once and writes ``<src>-<tgt>.sqlite3`` (one row per source
stem or phrase, its target stems space-separated; 0.1 to 15 megabytes) through a temporary
file and a rename, into ``$COPYDESK_HOME/cache/bilingual``, or, run by the set-up
step (``scripts/freedict``) as root, into ``/var/cache/copydesk/bilingual``, which
every home without its own copy reads; it is redone when a dictionary file or the
function words change. ``lexicon(src, tgt)`` opens that file read-only and looks words up on
demand, remembering what it has looked up, so a process pays milliseconds to start
and a few megabytes of memory.

Words are compared as ``stem(word, lang)``: case-folded, accents removed (as
``lexicon.fold``) and one common inflectional ending cut off, the same way on both
sides, so "governments" and "government", "gobiernos" and "gobierno" meet.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import sqlite3
import tempfile
import threading
import zlib
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache
from pathlib import Path

import regex

from copydesk.checks import lexicon as freq
from copydesk.checks.tables import table as data_table

log = logging.getLogger(__name__)

DIRECTORIES: tuple[Path, ...] = (Path("/usr/share/dictd"),)
# Compiled once per machine by the set-up step, read by every home that lacks its own.
SHARED_CACHE = Path("/var/cache/copydesk/bilingual")
FORMAT = "3"  # bump when the compiled layout or the stemming changes
# The ISO 639-3 codes FreeDict names its files by, for the languages it has with English.
ISO3 = {"en": "eng", "de": "deu", "es": "spa", "fr": "fra", "nl": "nld", "it": "ita",
        "pt": "por", "da": "dan", "sv": "swe", "pl": "pol", "cs": "ces", "el": "ell",
        "af": "afr", "ar": "ara", "cy": "cym", "ga": "gle", "hi": "hin", "hr": "hrv",
        "hu": "hun", "ja": "jpn", "la": "lat", "lt": "lit", "ru": "rus", "sr": "srp",
        "sw": "swh", "tr": "tur", "eo": "epo", "fi": "fin", "ku": "kur", "br": "bre"}
# One inflectional ending per language, longest first; a stem keeps MIN_STEM letters.
SUFFIXES: dict[str, tuple[str, ...]] = {
    "en": ("ings", "ing", "ies", "ied", "ed", "es", "ly", "s", "e"),
    "de": ("ern", "em", "en", "er", "es", "e", "n", "s"),
    "nl": ("en", "es", "e", "s"),
    "es": ("mente", "es", "os", "as", "a", "o", "e", "s"),
    "fr": ("ment", "es", "e", "s", "x"),
    "it": ("mente", "i", "e", "o", "a"),
}
MIN_STEM = 4
MAX_PHRASE = 3  # words in the longest phrase kept
MAX_TARGETS = 60  # target stems kept per source stem, the dictionary's first senses first
FUNCTION_ZIPF = 6.0  # without a list, words this frequent count as function words
MAX_REMEMBERED = 200_000
WORD_RE = regex.compile(r"[\p{L}\p{M}]+")
ANNOTATION_RE = regex.compile(r"<[^>]*>|\[[^\]]*\]|\([^)]*\)|\{[^}]*\}|/[^/]*/")
NUMBERING_RE = regex.compile(r"^\s*\d+\.\s*")
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def base(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


@lru_cache(maxsize=1 << 16)  # words repeat: a segment's look-ups stem the same ones again
def stem(word: str, lang: str) -> str:
    """The form words are compared in: folded, with one common ending cut off."""
    folded = freq.fold(word).replace("'", "").replace("’", "")
    for suffix in SUFFIXES.get(base(lang), ()):
        if folded.endswith(suffix) and len(folded) - len(suffix) >= MIN_STEM:
            return folded[: -len(suffix)]
    return folded


def phrase_key(words: Sequence[str], lang: str) -> str:
    """How a phrase of two or more words is looked up: its stems joined by spaces."""
    return " ".join(stem(w, lang) for w in words)


@cache
def _function_words(lang: str) -> frozenset[str]:
    return frozenset(data_table("function_words.json").get(lang, ()))


def is_function_word(word: str, lang: str) -> bool:
    """A word that says nothing on its own ("the", "und", "de"), or a single letter; for
    languages without a list (``data/function_words.json``), the most frequent words."""
    key = freq.key(word)
    if len(key) < 2:
        return True
    words = _function_words(base(lang))
    if words:
        return key in words
    return freq.zipf(word, lang) >= FUNCTION_ZIPF


def _b64(text: str) -> int:
    value = 0
    for char in text:
        value = value * 64 + B64.index(char)
    return value


def read_dictd(index: Path, data: Path) -> Iterator[tuple[str, list[str]]]:
    """(headword, translation lines) of every entry of a dictd dictionary."""
    with gzip.open(data, "rb") as handle:
        body = handle.read()
    with index.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or parts[0].startswith("00database"):
                continue
            try:
                start, length = _b64(parts[1]), _b64(parts[2])
            except ValueError:
                continue
            entry = body[start:start + length].decode("utf-8", errors="replace").split("\n")
            translations = [t for t in entry[1:] if t.strip() and not t[0].isspace()]
            yield parts[0], translations


def _content_words(phrase: str, lang: str) -> list[str]:
    """The stems of a translation's content words ("cestino dei rifiuti" -> cestin, rifiut)."""
    text = ANNOTATION_RE.sub(" ", NUMBERING_RE.sub("", phrase))
    return [stem(w, lang) for w in WORD_RE.findall(text) if not is_function_word(w, lang)]


def _pieces(line: str) -> list[str]:
    return [p.strip() for p in regex.split(r"[,;]", ANNOTATION_RE.sub(" ",
                                                                     NUMBERING_RE.sub("", line)))
            if p.strip()]


def _entry_key(phrase: str, lang: str) -> str | None:
    """The look-up key of a one-word entry (its stem) or of a phrase of up to
    ``MAX_PHRASE`` words with a content word; None for anything else."""
    words = WORD_RE.findall(phrase)
    if not words or " ".join(words) != " ".join(phrase.split()) or len(words) > MAX_PHRASE:
        return None
    if all(is_function_word(w, lang) for w in words):
        return None
    return stem(words[0], lang) if len(words) == 1 else phrase_key(words, lang)


def _add(table: dict[str, list[str]], key: str, targets: Sequence[str]) -> None:
    known = table.setdefault(key, [])
    for target in targets:
        if target not in known and len(known) < MAX_TARGETS:
            known.append(target)


def sources(src: str, tgt: str, directories: Sequence[Path] = DIRECTORIES
            ) -> list[tuple[Path, Path, bool]]:
    """The installed dictionaries for a pair: (index, data, read backwards)."""
    s3, t3 = ISO3.get(base(src)), ISO3.get(base(tgt))
    found: list[tuple[Path, Path, bool]] = []
    if not s3 or not t3:
        return found
    for directory in directories:
        for name, backwards in ((f"freedict-{s3}-{t3}", False), (f"freedict-{t3}-{s3}", True)):
            index, data = directory / f"{name}.index", directory / f"{name}.dict.dz"
            if index.is_file() and data.is_file():
                found.append((index, data, backwards))
    return found


def build_table(src: str, tgt: str, dictionaries: Sequence[tuple[Path, Path, bool]]
                ) -> dict[str, list[str]]:
    """Source stem (or phrase key) -> target stems, from every dictionary of the pair."""
    table: dict[str, list[str]] = {}
    for index, data, backwards in dictionaries:
        for headword, lines in read_dictd(index, data):
            if backwards:  # headword in tgt, translations in src
                targets = _content_words(headword, tgt)
                for piece in (p for line in lines for p in _pieces(line)):
                    key = _entry_key(piece, src)
                    if key and targets:
                        _add(table, key, targets)
            else:
                key = _entry_key(ANNOTATION_RE.sub(" ", headword), src)
                if key:
                    targets = [t for line in lines for t in _content_words(line, tgt)]
                    if targets:
                        _add(table, key, targets)
    return table


def _signature(src: str, tgt: str, dictionaries: Sequence[tuple[Path, Path, bool]]) -> str:
    """What the compiled file was made from: the layout, the function words and the
    dictionary files, so a change to any of them compiles it again."""
    words = " ".join(sorted(_function_words(base(src)))) + "|" + " ".join(
        sorted(_function_words(base(tgt))))
    parts = [FORMAT, hashlib.sha256(words.encode()).hexdigest()[:16]]
    for index, data, backwards in dictionaries:
        for path in (index, data):
            info = path.stat()
            parts.append(f"{path.name}:{info.st_size}:{int(info.st_mtime)}:{int(backwards)}")
    return "|".join(parts)


def compile_pair(src: str, tgt: str, cache_dir: Path,
                 directories: Sequence[Path] = DIRECTORIES,
                 shared: Sequence[Path] = ()) -> Path | None:
    """The pair's compiled file: a current one in ``cache_dir`` or one of the ``shared``
    folders, or else compiled into ``cache_dir`` now; None when no dictionary for the
    pair is installed."""
    dictionaries = sources(src, tgt, directories)
    if not dictionaries:
        return None
    name = f"{base(src)}-{base(tgt)}.sqlite3"
    signature = _signature(src, tgt, dictionaries)
    for folder in (cache_dir, *shared):
        if _stored_signature(folder / name) == signature:
            return folder / name
    path = cache_dir / name
    table = build_table(src, tgt, dictionaries)
    cache_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=cache_dir)
    os.close(fd)
    try:
        with sqlite3.connect(tmp) as db:
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE words (word TEXT PRIMARY KEY, targets TEXT) WITHOUT ROWID")
            db.execute("INSERT INTO meta VALUES ('signature', ?)", (signature,))
            db.executemany("INSERT INTO words VALUES (?, ?)",
                           ((k, " ".join(v)) for k, v in sorted(table.items())))
        db.close()
        os.chmod(tmp, 0o644)  # a cache that every user of the machine may read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _stored_signature(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'signature'").fetchone()
        db.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


class Lexicon:
    """One compiled pair; ``targets(stem)`` is safe to call from several threads."""

    def __init__(self, path: Path, src: str, tgt: str) -> None:
        self.path, self.src, self.tgt = path, base(src), base(tgt)
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._known: dict[str, frozenset[str] | None] = {}

    def targets(self, source_stem: str) -> frozenset[str] | None:
        """The target stems that may translate a source stem; None when it is not listed."""
        if source_stem in self._known:
            return self._known[source_stem]
        with self._lock:
            row = self._db.execute("SELECT targets FROM words WHERE word = ?",
                                   (source_stem,)).fetchone()
        found = frozenset(row[0].split()) if row else None
        if len(self._known) >= MAX_REMEMBERED:
            self._known.clear()
        self._known[source_stem] = found
        return found


def writable_shared_directory() -> Path | None:
    """``SHARED_CACHE`` when this process may write there (set-up run as root)."""
    try:
        SHARED_CACHE.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return SHARED_CACHE if os.access(SHARED_CACHE, os.W_OK) else None


def cache_directory() -> Path:
    """``$COPYDESK_HOME/cache/bilingual`` (``~/.copydesk`` when the variable is unset)."""
    home = os.environ.get("COPYDESK_HOME") or str(Path.home() / ".copydesk")
    return Path(home).expanduser() / "cache" / "bilingual"


@cache
def lexicon(src: str, tgt: str, cache_dir: Path | None = None,
            directories: tuple[Path, ...] = DIRECTORIES) -> Lexicon | None:
    """The pair's compiled word list, compiled on first use; None when no dictionary is
    installed or it cannot be compiled (a warning says why)."""
    try:
        shared = (SHARED_CACHE,) if cache_dir is None else ()
        path = compile_pair(src, tgt, cache_dir or cache_directory(), directories, shared)
        return Lexicon(path, src, tgt) if path else None
    except (OSError, EOFError, ValueError, zlib.error, sqlite3.Error) as exc:
        log.warning("Bilingual dictionary %s-%s could not be compiled: %r", src, tgt, exc)
        return None


def missing_note(src: str, tgt: str, directories: Sequence[Path] = DIRECTORIES) -> str:
    """What to tell the user when the pair has no compiled word list: no dictionary
    installed, or one that could not be read or compiled."""
    where = ", ".join(str(d) for d in directories)
    if sources(src, tgt, directories):
        return (f"omission: the FreeDict dictionaries for {src}-{tgt} in {where} could not "
                f"be read or compiled into {cache_directory()} (the log says why); the "
                "omission check is skipped.")
    s3, t3 = ISO3.get(base(src)), ISO3.get(base(tgt))
    hint = (f" (on Debian: apt-get install dict-freedict-{s3}-{t3} dict-freedict-{t3}-{s3})"
            if s3 and t3 else "")
    return (f"omission: no FreeDict dictionary for {src}-{tgt} in {where}; the omission "
            f"check is skipped{hint}.")


def main(argv: Sequence[str] | None = None) -> int:
    """Compile the given pairs (``en-de en-es ...``) into ``SHARED_CACHE`` where this
    process may write there, else into the home's cache; for set-up scripts."""
    import sys
    import time

    for pair in argv if argv is not None else sys.argv[1:]:
        src, _, tgt = pair.partition("-")
        started = time.perf_counter()
        path = compile_pair(src, tgt, writable_shared_directory() or cache_directory())
        if path is None:
            print(missing_note(src, tgt))
            continue
        size = path.stat().st_size / 1e6
        print(f"{pair}: {path} ({size:.1f} MB, {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
