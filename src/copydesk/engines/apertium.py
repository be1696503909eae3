"""Rule-based translation through the ``apertium`` command (Debian packages such
as ``apertium-eng-spa``), for the pairs installed on this machine.

A batch is one process: segments are joined with blank lines, which Apertium's
text format passes through unchanged, and split again afterwards. Apertium
marks words it could not handle (``*`` unknown, ``#`` not generated, ``@`` not
in the bilingual dictionary); the marks are removed from the text and counted
into ``Candidate.notes`` for the editor. Mark characters already in the source
(hashtags, handles) are swapped for private-use characters on the way in, so
they are never mistaken for Apertium's.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from typing import ClassVar

from copydesk import languages
from copydesk.engines.base import Candidate, Context, Engine, Signature
from copydesk.errors import BadResponseError, EngineUnavailableError, UnsupportedPairError
from copydesk.languages import ISO_639_3
from copydesk.settings import Settings

MARKS = {"*": "unknown", "#": "not generated", "@": "not in the bilingual dictionary"}
PROTECT = str.maketrans({"*": "\ue02a", "#": "\ue023", "@": "\ue040"})
UNPROTECT = str.maketrans({v: k for k, v in PROTECT.items()})
MARK_RE = re.compile(r"([*#@])(\w[\w'’-]*)")
SEPARATOR_RE = re.compile(r"\n[ \t]*\n")
INSTALL_HINT = "install it with 'apt-get install apertium apertium-eng-spa' (or another pair)"


class ApertiumEngine(Engine):
    name: ClassVar[str] = "apertium"
    description: ClassVar[str] = "Rule-based MT through the apertium command; runs offline."
    max_batch: ClassVar[int] = 200

    def __init__(self, command: str = "apertium", *, timeout: float = 60.0) -> None:
        self.command = command
        self.timeout = timeout
        self._modes: dict[tuple[str, str], str] | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> ApertiumEngine:
        return cls(settings.apertium_command, timeout=settings.engine_timeout)

    def availability(self) -> str | None:
        if shutil.which(self.command) is None:
            return f"the '{self.command}' command was not found; {INSTALL_HINT}."
        if not self.modes():
            return f"no Apertium language pair is installed; {INSTALL_HINT}."
        return None

    def modes(self) -> dict[tuple[str, str], str]:
        """Installed modes by (source, target) code, from ``apertium -l`` (read once)."""
        if self._modes is None:
            listing = self._run(["-l"], "")
            self._modes = parse_modes(listing.split())
        return self._modes

    def supports(self, source_lang: str, target_lang: str) -> bool:
        if shutil.which(self.command) is None:
            return False
        return self._mode(source_lang, target_lang) is not None

    def signature_for(self, source_lang: str, target_lang: str) -> Signature | None:
        mode = self._mode(source_lang, target_lang)
        return Signature(engine=self.name, model=mode) if mode else None

    def translate(
        self,
        segments: Sequence[str],
        source_lang: str,
        target_lang: str,
        *,
        glossary: Mapping[str, str] | None = None,
        context: Context | None = None,
    ) -> list[Candidate]:
        mode = self._mode(source_lang, target_lang)
        if mode is None:
            installed = ", ".join(sorted(self.modes().values())) or "none"
            raise UnsupportedPairError(
                f"Apertium has no {source_lang}->{target_lang} pair installed (installed: "
                f"{installed}); install the Debian package for the pair, e.g. apertium-eng-spa.")
        todo = [i for i, text in enumerate(segments) if text.strip()]
        sources = [SEPARATOR_RE.sub("\n", segments[i].strip()).translate(PROTECT) for i in todo]
        output = self._run(["-f", "txt", mode], "\n\n".join(sources)) if todo else ""
        pieces = [p.strip() for p in SEPARATOR_RE.split(output.strip())] if todo else []
        if len(pieces) != len(todo):
            raise BadResponseError(
                f"Apertium returned {len(pieces)} segments for {len(todo)}; translate this "
                "batch with another engine and report the input to the pair's maintainers.")
        signature = Signature(engine=self.name, model=mode)
        candidates = [Candidate(text=text, signature=signature) for text in segments]
        for i, piece in zip(todo, pieces, strict=True):
            text, notes = unmark(piece)
            candidates[i] = Candidate(text=text, signature=signature, notes=notes)
        return candidates

    def _mode(self, source_lang: str, target_lang: str) -> str | None:
        modes = self.modes()
        source, target = languages.base(source_lang), target_lang.replace("-", "_")
        return modes.get((source, target)) or modes.get((source, languages.base(target_lang)))

    def _run(self, args: list[str], text: str) -> str:
        try:
            done = subprocess.run([self.command, *args], input=text, capture_output=True,
                                  text=True, encoding="utf-8", timeout=self.timeout, check=False)
        except FileNotFoundError:
            raise EngineUnavailableError(
                f"The '{self.command}' command was not found; {INSTALL_HINT}.") from None
        except subprocess.TimeoutExpired:
            raise EngineUnavailableError(
                f"Apertium did not finish within {self.timeout:g} s; send smaller batches or "
                "raise the 'engine_timeout' setting.") from None
        if done.returncode != 0:
            problem = (done.stderr or done.stdout).strip().splitlines()[:1]
            raise EngineUnavailableError(
                f"Apertium failed ({'; '.join(problem) or f'exit status {done.returncode}'}); "
                f"check that the pair is installed with '{self.command} -l'.")
        return done.stdout


def parse_modes(names: Sequence[str]) -> dict[tuple[str, str], str]:
    """Modes such as ``eng-spa`` or ``spa-eng_US`` by (``es``/``en``-style) codes;
    the target keeps a region (``en_US``). Other variants (``eng-cat_valencia``) and
    debugging modes are left out."""
    from_iso3 = {v: k for k, v in ISO_639_3.items()}
    found: dict[tuple[str, str], str] = {}
    for name in names:
        parts = name.split("-")
        if len(parts) != 2:
            continue
        target, _, variant = parts[1].partition("_")
        source_code = from_iso3.get(parts[0], parts[0])
        target_code = from_iso3.get(target, target)
        if source_code not in ISO_639_3 or target_code not in ISO_639_3:
            continue
        if variant and not (len(variant) == 2 and variant.isupper()):
            continue
        found[(source_code, f"{target_code}_{variant}" if variant else target_code)] = name
    return found


def unmark(text: str) -> tuple[str, tuple[str, ...]]:
    """Apertium's output without its word marks, and notes counting them."""
    words: dict[str, list[str]] = {mark: [] for mark in MARKS}

    def drop(match: re.Match[str]) -> str:
        words[match.group(1)].append(match.group(2))
        return match.group(2)

    clean = MARK_RE.sub(drop, text).translate(UNPROTECT)
    notes = tuple(f"apertium: {len(found)} word(s) {MARKS[mark]}: {', '.join(found)}"
                  for mark, found in words.items() if found)
    return re.sub(r"(?<=\S) {2,}(?=\S)", " ", clean), notes
