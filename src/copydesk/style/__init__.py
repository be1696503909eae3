"""House-style packs per target language.

``pack_for(lang)`` gives the pack of a language (or None), ``review(text,
lang, edition)`` runs it, and ``apply_fixes(text, issues)`` applies the safe
fixes it proposed. Packs: ``de`` (quotes, gender-inclusive forms, numbers,
dates, spacing: see ``copydesk.style.de``), and quotation marks for ``fr``,
``nl``, ``es``, ``it``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from copydesk.checks.base import Issue
from copydesk.style.base import StylePack, apply_fixes
from copydesk.style.de import GermanStyle
from copydesk.style.others import DutchStyle, FrenchStyle, ItalianStyle, SpanishStyle

PACKS: dict[str, type[StylePack]] = {
    pack.language: pack for pack in (GermanStyle, FrenchStyle, DutchStyle, SpanishStyle,
                                     ItalianStyle)
}


def pack_for(language: str) -> StylePack | None:
    pack = PACKS.get(language.split("-")[0].lower())
    return pack() if pack else None


def review(text: str, language: str, edition: Mapping[str, Any] | None = None) -> list[Issue]:
    """House-style issues of a target text; none for a language without a pack."""
    pack = pack_for(language)
    return pack.review(text, edition or {}) if pack else []


__all__ = ["PACKS", "StylePack", "apply_fixes", "pack_for", "review"]
