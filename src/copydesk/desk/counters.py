"""Character counters of the review screen: the headline and standfirst against the
edition's limits (``headline_limit``, ``standfirst_limit``).

A count is of the text a reader sees: tags left out, NFC-normalised, one per
code point (the review screen counts the same way as the editor types).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from copydesk.article import TAG_RE
from copydesk.desk import edition_options
from copydesk.errors import ConfigError

LIMITED = {"title": ("headline_limit", "Headline"),
           "standfirst": ("standfirst_limit", "Standfirst")}


@dataclass(frozen=True)
class Counter:
    label: str
    count: int
    limit: int

    @property
    def over(self) -> int:
        return max(0, self.count - self.limit)


def length(text: str) -> int:
    return len(unicodedata.normalize("NFC", TAG_RE.sub("", text)))


def limit_of(table: Mapping[str, Any], name: str) -> int | None:
    """The edition's limit ``name`` (``None``: no counter); ``ConfigError`` if unusable."""
    value = table.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not (
            1 <= value <= edition_options.MAX_COUNTED):
        raise ConfigError(f"The edition setting '{name}' is {value!r}; give a whole number of "
                          f"characters from 1 to {edition_options.MAX_COUNTED:,}.")
    return value


def counter(group: str, targets: Sequence[str], table: Mapping[str, Any]) -> Counter | None:
    """The counter of a headline or standfirst block (``None`` for other blocks or no limit)."""
    if group not in LIMITED:
        return None
    name, label = LIMITED[group]
    limit = limit_of(table, name)
    if limit is None:
        return None
    return Counter(label, sum(length(t) for t in targets), limit)
