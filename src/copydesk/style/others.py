"""Small house-style packs: quotation marks and apostrophes for fr, nl, es and it.

Edition option read: ``quotes`` overrides nothing here; newsrooms extend a
pack by subclassing it and registering it in ``copydesk.style.PACKS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from copydesk.checks.base import Issue
from copydesk.style.base import QuoteStyle, StylePack, quote_issues, style_issue

NARROW_NBSP = "\u202f"


class QuotesStyle(StylePack):
    """A pack that checks quotation marks and straight apostrophes only."""

    quotes: ClassVar[QuoteStyle]

    def review(self, text: str, edition: Mapping[str, Any]) -> list[Issue]:
        issues = quote_issues(text, self.quotes)
        if not self.quotes.single_open:
            issues += _apostrophes(text)
        return issues


def _apostrophes(text: str) -> list[Issue]:
    return [style_issue("Use the typographic apostrophe ’.", i, i + 1, "’")
            for i, c in enumerate(text)
            if c == "'" and 0 < i < len(text) - 1 and text[i - 1].isalpha()
            and text[i + 1].isalpha()]


class FrenchStyle(QuotesStyle):
    language = "fr"
    quotes = QuoteStyle("«", "»", inner_space=NARROW_NBSP)


class DutchStyle(QuotesStyle):
    language = "nl"
    quotes = QuoteStyle("“", "”", "‘", "’")


class SpanishStyle(QuotesStyle):
    language = "es"
    quotes = QuoteStyle("«", "»")


class ItalianStyle(QuotesStyle):
    language = "it"
    quotes = QuoteStyle("«", "»")
