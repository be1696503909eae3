"""Deterministic pseudo-translation for tests and dry runs.

Lower-case words get accented look-alike letters, so untranslated text is
easy to spot; markup, numbers, names, acronyms, URLs and punctuation are kept
exactly. The output is wrapped in ``⟦…⟧`` and the signature says ``pseudo``:
it is never presented as a translation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import ClassVar

from copydesk.engines.base import Candidate, Context, Engine, Signature

_ACCENTS = str.maketrans("aceinouyAEIOU", "áçéîñöüýÁÉÎÖÜ")
_KEEP = re.compile(
    r"(<g\d+>|</g\d+>|<x\d+/>"  # protected tags
    r"|https?://\S+|\S+@\S+"  # links and e-mail addresses
    r"|\d[\d.,:/-]*"  # numbers, dates, times
    r"|\b[A-Z][\w-]*)"  # names, acronyms, codes
)


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
        pieces = _KEEP.split(text)
        # split() with one group alternates: plain, kept, plain, kept, ...
        out = [p if i % 2 else p.translate(_ACCENTS) for i, p in enumerate(pieces)]
        return "⟦" + "".join(out) + "⟧"
