"""Deterministic pseudo-translation for tests and dry runs.

Lower-case words get accented look-alike letters, so untranslated text is
easy to spot; markup, numbers, names, acronyms, URLs, e-mail addresses and
punctuation are kept exactly, in time linear in the text's length. The
output is wrapped in ``⟦…⟧`` and the signature says ``pseudo``: it is never
presented as a translation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import ClassVar

from copydesk.engines.base import Candidate, Context, Engine, Signature

_ACCENTS = str.maketrans("aceinouyAEIOU", "áçéîñöüýÁÉÎÖÜ")
# Protected tags and white space split a text into words, which are handled one by one.
_PIECES = re.compile(r"(<g\d+>|</g\d+>|<x\d+/>|\s+)")
# Inside a word: links, numbers (dates, times) and names, acronyms, codes. Each
# alternative only extends a match, never backtracks, so a word costs its length.
_KEEP = re.compile(r"(https?://\S+|\d[\d.,:/-]*|\b[A-Z][\w-]*)")
class PseudoEngine(Engine):
    name: ClassVar[str] = "pseudo"
    description: ClassVar[str] = "Pseudo-translation for tests and dry runs (NOT a translation)."
    is_real_translation: ClassVar[bool] = False
    preserves_tags: ClassVar[bool] = True
    max_batch: ClassVar[int] = 1000

    def supports(self, source_lang: str, target_lang: str) -> bool:
        return True

    def translate(
        self,
        segments: Sequence[str],
        source_lang: str,
        target_lang: str,
        *,
        glossary: Mapping[str, str] | None = None,
        context: Context | None = None,
    ) -> list[Candidate]:
        signature = Signature(engine=self.name, options=(("target", target_lang),))
        return [Candidate(text=self._pseudo(text), signature=signature) for text in segments]

    @staticmethod
    def _pseudo(text: str) -> str:
        if not text.strip():
            return text
        # split() with one group alternates: word, separator or tag, word, ...
        out = [p if i % 2 or _is_address(p) else _accent(p)
               for i, p in enumerate(_PIECES.split(text))]
        return "⟦" + "".join(out) + "⟧"


def _is_address(word: str) -> bool:
    """An e-mail address or similar (``@`` with something on both sides): kept whole."""
    return "@" in word[1:-1]


def _accent(word: str) -> str:
    pieces = _KEEP.split(word)
    return "".join(p if i % 2 else p.translate(_ACCENTS) for i, p in enumerate(pieces))
