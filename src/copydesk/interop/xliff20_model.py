"""What the XLIFF 2.0 checks share: names, value patterns and a unit read once.

``Unit`` collects a ``<unit>``'s parts and the inline elements of its sources
and targets in one pass, so that every rule over it stays linear.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

NS = "urn:oasis:names:tc:xliff:document:2.0"
PREFIX = f"{{{NS}}}"
XML = "http://www.w3.org/XML/1998/namespace"
FS = "urn:oasis:names:tc:xliff:fs:2.0"
SLR = "urn:oasis:names:tc:xliff:sizerestriction:2.0"
MODULE_ELEMENTS = {
    "urn:oasis:names:tc:xliff:validation:2.0": {"validation", "rule"},
    "urn:oasis:names:tc:xliff:matches:2.0": {"matches", "match"},
    "urn:oasis:names:tc:xliff:glossary:2.0": {"glossary", "glossEntry", "term", "translation",
                                               "definition"},
    "urn:oasis:names:tc:xliff:metadata:2.0": {"metadata", "metaGroup", "meta"},
    "urn:oasis:names:tc:xliff:resourcedata:2.0": {"resourceData", "resourceItemRef",
                                                   "resourceItem", "source", "target",
                                                   "reference"},
    SLR: {"profiles", "normalization", "data"},
}
CODES = ("ph", "pc", "sc", "ec")
INLINE_WITH_IDS = ("ph", "pc", "sc", "ec", "mrk", "sm")
SC_EC_SAME = ("canCopy", "canDelete", "canOverlap", "copyOf", "dir", "type", "subType")
SUBTYPES = {"xlf:lb": "fmt", "xlf:pb": "fmt", "xlf:b": "fmt", "xlf:i": "fmt", "xlf:u": "fmt",
            "xlf:var": "ui"}
FRAGMENT_PREFIXES = {"f", "g", "u", "n", "d", "t", "mtc", "gls", "ctr", "mda", "res", "slr",
                     "val", "tbx"}
LEAF_PREFIXES = FRAGMENT_PREFIXES - {"f", "g", "u"}
NMTOKEN = re.compile(r"[\w.\-:]+")
# BCP 47 language tags (RFC 5646), well-formedness only.
_ALPHANUM = "[A-Za-z0-9]"
LANGUAGE_TAG = re.compile(
    r"(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?"
    r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
    rf"(?:-(?:{_ALPHANUM}{{5,8}}|[0-9]{_ALPHANUM}{{3}}))*"
    rf"(?:-[0-9A-WY-Za-wy-z](?:-{_ALPHANUM}{{2,8}})+)*(?:-[Xx](?:-{_ALPHANUM}{{1,8}})+)?"
    rf"|[Xx](?:-{_ALPHANUM}{{1,8}})+|[Ii]-[A-Za-z]+(?:-[A-Za-z]+)*")
_HTML_NAMES = (
    "a abbr address area article aside audio b base bdi bdo blockquote body br button canvas "
    "caption cite code col colgroup command datalist dd del details dfn div dl dt em embed "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i "
    "iframe img input ins kbd keygen label legend li link map mark menu meta meter nav "
    "noscript object ol optgroup option output p param pre progress q rp rt ruby s samp script "
    "section select small source span strong style sub summary sup table tbody td textarea "
    "tfoot th thead time title tr track u ul var video wbr")
FS_ELEMENTS = frozenset(_HTML_NAMES.split())


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


def local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(element: Any) -> str:
    tag = element.tag
    if isinstance(tag, str) and tag.startswith(PREFIX):
        return NS
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def inherited(element: Any, attribute: str) -> str | None:
    node = element
    while node is not None:
        if attribute in node.attrib:
            return str(node.get(attribute))
        node = node.getparent()
    return None


def duplicate(values: list[str]) -> str | None:
    repeated = [value for value, count in Counter(values).items() if count > 1]
    return repeated[0] if repeated else None


class Unit:
    """A ``<unit>`` with its parts and inline elements collected once, for every rule."""

    def __init__(self, element: Any) -> None:
        self.element = element
        self.parts = [p for p in element if p.tag in (q("segment"), q("ignorable"))]
        self.sides = {side: self._inline(side) for side in ("source", "target")}

    def _inline(self, side: str) -> list[Any]:
        out: list[Any] = []
        for part in self.parts:
            holder = part.find(q(side))
            if holder is not None:
                out.extend(e for e in holder.iter() if e is not holder
                           and isinstance(e.tag, str) and e.tag.startswith(PREFIX))
        return out

    def get(self, name: str, default: Any = None) -> Any:
        return self.element.get(name, default)

    def find(self, path: str) -> Any:
        return self.element.find(path)


def parts_of(unit: Unit) -> list[Any]:
    return unit.parts


def inline_of(unit: Unit, side: str) -> list[Any]:
    """The inline elements of the unit's sources (or targets), in document order."""
    return unit.sides[side]


