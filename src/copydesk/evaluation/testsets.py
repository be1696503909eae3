"""The test sets copydesk knows, read in place from a local folder, never downloaded.

The folder (setting ``testsets_dir``) holds the public WMT and FLORES-200
files as their projects publish them::

    wmt/newstest2019-2020_en-de/newstest2019.eng, .deu, newstest2020.*, newstestB2020.deu
    wmt/wmttest2024_en-de/sources/en-de.txt, references/en-de.refA.txt, refB,
        documents/en-de.docs (domain and document of each line)
    flores200/devtest/eng_Latn.devtest, deu_Latn.devtest, ...

A test set is a source file, one or more reference files and, where a set is a
part of its files (the news domain of WMT24), the lines it takes. WMT24's
first line is a canary string that marks the files, not a test segment: every
WMT24 set leaves it out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import permutations
from pathlib import Path

from copydesk.errors import ConfigError, InputError
from copydesk.evaluation.lines import check_aligned, read_lines


@dataclass(frozen=True)
class Files:
    """Where one direction of a test set lives, relative to the test sets folder."""

    source: str
    references: tuple[str, ...]
    documents: str | None = None  # WMT24 ``.docs``: "domain<TAB>document" per line
    domain: str | None = None  # keep only this domain's lines


@dataclass(frozen=True)
class Definition:
    description: str
    directions: Callable[[], dict[tuple[str, str], Files]]


@dataclass(frozen=True)
class TestSet:
    """What is scored, read: a named set in one direction, or the user's own files."""

    name: str | None  # None for own files
    description: str | None
    source_file: Path | None  # None when only references (and hypotheses) are given
    reference_files: tuple[Path, ...]
    sources: list[str] | None
    references: list[list[str]]  # one list per reference, each aligned with the segments
    lines: tuple[int, ...]  # the 0-based lines of the files that the set takes
    file_lines: int  # how many lines the files have

    @property
    def segments(self) -> int:
        return len(self.lines)

    def select(self, hypotheses: list[str]) -> list[str]:
        """The hypotheses for this set: given for its lines, or for every line of its files."""
        if len(hypotheses) == self.file_lines and self.segments != self.file_lines:
            return [hypotheses[i] for i in self.lines]
        check_aligned({f"test set {self.name}" if self.name else "references": self.segments,
                       "hypotheses": len(hypotheses)})
        return hypotheses

    def limited(self, count: int | None) -> TestSet:
        """The first ``count`` segments only (a quick run); all with ``None``."""
        if count is None:
            return self
        return replace(self, sources=None if self.sources is None else self.sources[:count],
                       references=[ref[:count] for ref in self.references],
                       lines=self.lines[:count])


_NEWS = "wmt/newstest2019-2020_en-de"
_WMT24 = "wmt/wmttest2024_en-de"
_FLORES = {"en": "eng_Latn", "de": "deu_Latn", "fr": "fra_Latn", "nl": "nld_Latn",
           "es": "spa_Latn", "it": "ita_Latn"}


def _wmt24(domain: str | None) -> Callable[[], dict[tuple[str, str], Files]]:
    return lambda: {("en", "de"): Files(
        f"{_WMT24}/sources/en-de.txt",
        (f"{_WMT24}/references/en-de.refA.txt", f"{_WMT24}/references/en-de.refB.txt"),
        documents=f"{_WMT24}/documents/en-de.docs", domain=domain)}


def _flores() -> dict[tuple[str, str], Files]:
    path = "flores200/devtest/{}.devtest".format
    return {(src, tgt): Files(path(_FLORES[src]), (path(_FLORES[tgt]),))
            for src, tgt in permutations(_FLORES, 2)}


CATALOGUE: dict[str, Definition] = {
    "newstest2019": Definition("WMT19 news test set (1997 sentences)", lambda: {
        ("en", "de"): Files(f"{_NEWS}/newstest2019.eng", (f"{_NEWS}/newstest2019.deu",))}),
    "newstest2020": Definition("WMT20 news test set (1418 sentences; a second reference)",
                               lambda: {("en", "de"): Files(
                                   f"{_NEWS}/newstest2020.eng",
                                   (f"{_NEWS}/newstest2020.deu",
                                    f"{_NEWS}/newstestB2020.deu"))}),
    "wmt24": Definition("WMT24 general test set, all domains (997 paragraphs; a second "
                        "reference)", _wmt24(None)),
    "wmt24-news": Definition("WMT24 general test set, news domain (149 paragraphs; a second "
                             "reference)", _wmt24("news")),
    "flores200-devtest": Definition("FLORES-200 devtest (1012 sentences from Wikinews, "
                                    "Wikivoyage and Wikibooks)", _flores),
}


def folder(configured: str) -> Path:
    """The test sets folder from the setting, or a ConfigError that says how to set it."""
    if not configured.strip():
        raise ConfigError("No test sets folder is set; point --testsets-dir or "
                          "COPYDESK_TESTSETS_DIR at the folder that holds wmt/ and flores200/.")
    path = Path(configured).expanduser()
    if not path.is_dir():
        raise ConfigError(f"The test sets folder {path} does not exist; point --testsets-dir or "
                          "COPYDESK_TESTSETS_DIR at the folder that holds wmt/ and flores200/.")
    return path


def available() -> list[str]:
    """Every test set with its directions, e.g. ``newstest2019 (en-de)``."""
    return [f"{name} ({', '.join(f'{s}-{t}' for s, t in definition.directions())})"
            for name, definition in CATALOGUE.items()]


def load(name: str, source_language: str, target_language: str, root: Path, *,
         all_references: bool = False) -> TestSet:
    """Read test set ``name`` in one direction from ``root``; the first reference unless
    ``all_references``."""
    definition = CATALOGUE.get(name)
    if definition is None:
        raise InputError(f"Unknown test set {name!r}; available: {'; '.join(available())}.")
    files = definition.directions().get((source_language, target_language))
    if files is None:
        raise InputError(f"Test set {name!r} has no {source_language}-{target_language} "
                         f"direction; available: {'; '.join(available())}.")
    source_file = _existing(root, files.source, name)
    reference_files = tuple(_existing(root, ref, name) for ref in
                            (files.references if all_references else files.references[:1]))
    sources = read_lines(source_file, "source")
    references = [read_lines(path, "reference") for path in reference_files]
    check_aligned({str(source_file): len(sources),
                   **{str(path): len(ref) for path, ref in zip(reference_files, references,
                                                                strict=True)}})
    lines = _lines(root, files, name, len(sources))
    return TestSet(name, definition.description, source_file, reference_files,
                   [sources[i] for i in lines], [[ref[i] for i in lines] for ref in references],
                   lines, len(sources))


def from_files(source: Path | None, references: Sequence[Path]) -> TestSet:
    """The user's own test set: references (at least one) and, for an engine, the source."""
    if not references:
        raise InputError("Give the reference translations with --reference FILE (one "
                         "segment a line), or a test set with --testset NAME.")
    refs = [read_lines(path, "reference") for path in references]
    sources = None if source is None else read_lines(source, "source")
    counts = {str(path): len(ref) for path, ref in zip(references, refs, strict=True)}
    if sources is not None:
        counts = {str(source): len(sources), **counts}
    check_aligned(counts)
    count = len(refs[0])
    return TestSet(None, None, source, tuple(references), sources, refs, tuple(range(count)),
                   count)


def _existing(root: Path, relative: str, name: str) -> Path:
    path = root / relative
    if not path.is_file():
        raise InputError(f"Test set {name!r} needs {path}, which is missing; the test sets "
                         "folder must hold the WMT and FLORES-200 files as published.")
    return path


def _lines(root: Path, files: Files, name: str, count: int) -> tuple[int, ...]:
    """The lines the set takes: all but WMT24's canary, and only ``files.domain``'s."""
    if files.documents is None:
        return tuple(range(count))
    rows = read_lines(_existing(root, files.documents, name), "documents")
    domains = [row.split("\t", 1)[0] for row in rows]
    check_aligned({"source": count, str(root / files.documents): len(domains)})
    return tuple(i for i, domain in enumerate(domains)
                 if domain != "canary" and files.domain in (None, domain))
