"""Per-language sentence rules, read from the text files in ``abbreviations/``.

Each language file adds to ``default.txt``; a language without a file gets
the default rules only. Files are read on first use, never at import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from copydesk.errors import ConfigError

SECTIONS = (
    "never_final",
    "before_number",
    "final_before_starter",
    "sentence_starters",
    "lowercase_starters",
    "months",
    "ordinal_before",
    "endings_before_number",
)

# Languages written without spaces between sentences.
NO_SPACE_LANGUAGES = frozenset({"zh", "ja"})


@dataclass(frozen=True)
class WordList:
    """Words matched exactly, except those listed in lower case, which match in any case."""

    exact: frozenset[str] = frozenset()
    folded: frozenset[str] = frozenset()

    @classmethod
    def of(cls, words: set[str]) -> WordList:
        return cls(frozenset(words), frozenset(w for w in words if w == w.lower()))

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and (word in self.exact or word.lower() in self.folded)

    def ends(self, word: str) -> bool:
        """Whether ``word`` ends with one of the entries (``Goethestr`` ends with ``str``)."""
        return any(word.endswith(ending) for ending in self.exact)


@dataclass(frozen=True)
class LanguageRules:
    language: str
    never_final: WordList = field(default_factory=WordList)
    before_number: WordList = field(default_factory=WordList)
    final_before_starter: WordList = field(default_factory=WordList)
    sentence_starters: WordList = field(default_factory=WordList)
    lowercase_starters: WordList = field(default_factory=WordList)
    months: WordList = field(default_factory=WordList)
    ordinal_before: WordList = field(default_factory=WordList)
    endings_before_number: WordList = field(default_factory=WordList)

    @property
    def has_ordinals(self) -> bool:
        """Whether "3." can be an ordinal number (German and its neighbours)."""
        return bool(self.months.exact or self.ordinal_before.exact)


@cache
def rules_for(language: str) -> LanguageRules:
    """The rules for a base language code (``de``, not ``de-CH``)."""
    words = {name: set[str]() for name in SECTIONS}
    for name in ("default", language):
        for section, word in _read(name):
            words[section].add(word)
    return LanguageRules(language, **{name: WordList.of(found) for name, found in words.items()})


def _read(name: str) -> list[tuple[str, str]]:
    path = resources.files("copydesk.segment") / "abbreviations" / f"{name}.txt"
    if not path.is_file():
        return []
    entries: list[tuple[str, str]] = []
    section = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        if section not in SECTIONS:
            raise ConfigError(
                f"The sentence rules file {name}.txt has an entry outside the known sections "
                f"({', '.join(SECTIONS)}); fix or reinstall the package."
            )
        entries.append((section, line))
    return entries
