"""Boilerplate an edition prints under its own articles: left out before they are translated.

An article that comes from one of the publisher's editions often carries
that edition's own notes as body text: its translation disclosure, a
newsletter plug, a contact line. Translated, they would stand next to the
target edition's own disclosure. The source edition's table
(``[editions.de]`` in config.toml, or a desk edition's options) lists them
under ``boilerplate``::

    [editions.de]
    boilerplate = [
        "Dieser Artikel wurde mithilfe von digitalen Tools übersetzt.",
        { starts = "FashionUnited nutzt Künstliche Intelligenz" },
        { contains = "Bei Fragen oder Anmerkungen wenden Sie sich" },
    ]

A rule is a phrase, not a pattern: a string or ``{starts = …}`` matches a
block that begins with it, ``{is = …}`` a block that is the phrase and
nothing else (punctuation at the edges aside), ``{contains = …}`` a block
with the phrase anywhere in it. Block and phrase are compared as NFC text
without invisible format characters, casefolded, with runs of whitespace as
one space, and a phrase matches whole words only ("Anzeige" is not
"Anzeigenmarkt"). No regular expressions: a rule can match no more than it
says, and checking one costs no more than reading the block.

Only paragraphs, quotes, list items and captions are compared; the headline
and images are never dropped. Each dropped block leaves a note in the
article's warnings saying which block it was and which rule matched; an
article whose every block matches is refused, since that means a rule is
too broad.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from copydesk.article import Article, Block, BlockKind
from copydesk.errors import ConfigError, NoArticleError

KINDS = ("starts", "is", "contains")
MAX_RULES = 200
MIN_PHRASE_CHARS, MAX_PHRASE_CHARS = 3, 1_000
SHOWN_CHARS = 60
COMPARED = frozenset({BlockKind.PARAGRAPH, BlockKind.QUOTE, BlockKind.LIST_ITEM,
                      BlockKind.CAPTION})
NOTE = ("Left out block {number} (“{text}”): it is boilerplate of {source} ({rule}); the "
        "translation does not carry it. If it belongs to the article, take the rule out of "
        "the edition's 'boilerplate'.")
_FIX = ("give 'boilerplate' as a list of phrases, each a string or a table with one of "
        "'starts', 'is' or 'contains'")


@dataclass(frozen=True)
class Rule:
    """One phrase and how it must stand in a block; ``phrase`` is already normalised."""

    kind: str
    phrase: str
    written: str = field(default="", compare=False)  # the phrase as the edition wrote it

    def matches(self, text: str) -> bool:
        """Whether ``text`` (normalised with ``normalize``) is boilerplate under this rule."""
        if self.kind == "is":
            return _strip_edges(text) == _strip_edges(self.phrase)
        if self.kind == "starts":
            return text.startswith(self.phrase) and _ends_word(text, len(self.phrase))
        start = text.find(self.phrase)
        while start >= 0:
            if _starts_word(text, start) and _ends_word(text, start + len(self.phrase)):
                return True
            start = text.find(self.phrase, start + 1)
        return False

    def describe(self) -> str:
        shown = {"starts": "starts with", "is": "is", "contains": "contains"}[self.kind]
        return f"{shown} “{_shorten(self.written or self.phrase)}”"


def normalize(text: str) -> str:
    """NFC, without format characters (zero-width spaces, soft hyphens ...), casefolded,
    whitespace collapsed."""
    composed = unicodedata.normalize("NFC", text)
    visible = "".join(c for c in composed if unicodedata.category(c) != "Cf" and c != "\u00ad")
    return " ".join(visible.casefold().split())


def rules(table: Mapping[str, Any], where: str) -> tuple[Rule, ...]:
    """The rules in an edition table's ``boilerplate`` (none when it has none).

    ``where`` names the table in error messages (``[editions.de] in config.toml``).
    """
    value = table.get("boilerplate")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ConfigError(f"The 'boilerplate' of {where} is {type(value).__name__}; {_FIX}.")
    if len(value) > MAX_RULES:
        raise ConfigError(f"The 'boilerplate' of {where} has {len(value)} rules, more than "
                          f"{MAX_RULES}; keep the phrases that really recur.")
    return tuple(dict.fromkeys(_rule(entry, where, n) for n, entry in enumerate(value, 1)))


def _rule(entry: Any, where: str, number: int) -> Rule:
    if isinstance(entry, str):
        kind, phrase = "starts", entry
    elif isinstance(entry, dict) and len(entry) == 1 and next(iter(entry)) in KINDS:
        kind, phrase = next(iter(entry.items()))
    else:
        raise ConfigError(f"Rule {number} of the 'boilerplate' of {where} is {entry!r}; {_FIX}.")
    if not isinstance(phrase, str):
        raise ConfigError(f"Rule {number} of the 'boilerplate' of {where} has {phrase!r} as its "
                          "phrase; write the phrase as text.")
    normal = normalize(phrase)
    if not MIN_PHRASE_CHARS <= len(normal) <= MAX_PHRASE_CHARS or not any(
            c.isalnum() for c in normal):
        raise ConfigError(f"Rule {number} of the 'boilerplate' of {where} must be a phrase of "
                          f"{MIN_PHRASE_CHARS} to {MAX_PHRASE_CHARS} characters with words in "
                          f"it, not {phrase[:80]!r}.")
    return Rule(kind, normal, " ".join(phrase.split()))


def drop(article: Article, found: Iterable[Rule], source: str) -> Article:
    """The article without the blocks that ``found`` rules call boilerplate, with a note
    for each; ``source`` names the edition (``the German edition``)."""
    chosen = tuple(found)
    if not chosen:
        return article
    kept: list[Block] = []
    notes: list[str] = []
    for number, block in enumerate(article.blocks, 1):
        rule = _matching(block, chosen)
        if rule is None:
            kept.append(block)
        else:
            notes.append(NOTE.format(number=number, text=_shorten(block.plain), source=source,
                                     rule=rule.describe()))
    if not notes:
        return article
    if not any(block.kind in COMPARED or block.kind == BlockKind.HEADING for block in kept):
        raise NoArticleError(f"Every paragraph of the article is boilerplate of {source}; a "
                             "rule in the edition's 'boilerplate' is too broad. Make its "
                             "phrase longer, or use 'is' instead of 'contains'.")
    return replace(article, blocks=kept, warnings=[*article.warnings, *notes])


def _matching(block: Block, found: tuple[Rule, ...]) -> Rule | None:
    if block.kind not in COMPARED:
        return None
    text = normalize(block.plain)
    return next((rule for rule in found if rule.matches(text)), None)


def _starts_word(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() and text[start].isalnum())


def _ends_word(text: str, end: int) -> bool:
    return end >= len(text) or not (text[end - 1].isalnum() and text[end].isalnum())


def _strip_edges(text: str) -> str:
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]


def _shorten(text: str) -> str:
    words = " ".join(text.split())
    return words[:SHOWN_CHARS] + ("…" if len(words) > SHOWN_CHARS else "")
