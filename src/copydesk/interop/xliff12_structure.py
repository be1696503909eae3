"""What an XLIFF 1.x file must have for the desk to read it, checked before reading.

The 1.2 specification's required structure: ``<xliff>`` holds one or more
``<file>`` elements, each with ``original``, ``source-language`` and
``datatype`` and one ``<body>``; every ``<trans-unit>`` has an ``id``, unique
in its file, and one ``<source>``; language codes are well-formed; a
``<bx>``/``<bpt>`` has its ``<ex>``/``<ept>`` in the same element. Extensions
in other namespaces are allowed anywhere, as tools write them.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from copydesk.errors import InputError
from copydesk.interop.xliff20_model import LANGUAGE_TAG


def require(root: Any, space: str) -> None:
    """``InputError`` naming the first thing a 1.x file lacks, or nothing."""
    found = problem(root, space)
    if found:
        raise InputError(f"The XLIFF 1.2 file is not valid: {found}.")


def problem(root: Any, space: str) -> str | None:
    """The first thing the 1.x file in namespace ``space`` lacks, or None."""
    return _problem(root, f"{{{space}}}" if space else "")


def _problem(root: Any, ns: str) -> str | None:
    files = root.findall(f"{ns}file")
    if not files:
        return "<xliff> holds no <file>"
    for number, file in enumerate(files, 1):
        for attribute in ("original", "source-language", "datatype"):
            if not file.get(attribute):
                return f"<file> {number} has no {attribute} attribute"
        for attribute in ("source-language", "target-language"):
            value = file.get(attribute)
            if value is not None and not LANGUAGE_TAG.fullmatch(value):
                return f"{attribute}={value!r} is not a well-formed language code"
        if len(file.findall(f"{ns}body")) != 1:
            return f"<file> {number} needs exactly one <body>"
        found = _units(file, ns, number)
        if found:
            return found
    return None


def _units(file: Any, ns: str, number: int) -> str | None:
    units = list(file.iter(f"{ns}trans-unit"))
    ids = [unit.get("id") for unit in units]
    if None in ids or "" in ids:
        return f"a <trans-unit> of <file> {number} has no id"
    twice = [value for value, count in Counter(ids).items() if count > 1]
    if twice:
        return f"two <trans-unit> elements of <file> {number} have the id {twice[0]!r}"
    for unit in units:
        if len(unit.findall(f"{ns}source")) != 1:
            return f"<trans-unit id={unit.get('id')!r}> needs exactly one <source>"
        if len(unit.findall(f"{ns}target")) > 1:
            return f"<trans-unit id={unit.get('id')!r}> has more than one <target>"
        for holder in (unit.find(f"{ns}source"), unit.find(f"{ns}target")):
            found = _pairs(holder, ns) if holder is not None else None
            if found:
                return f"<trans-unit id={unit.get('id')!r}>: {found}"
    return None


def _pairs(holder: Any, ns: str) -> str | None:
    opened = Counter(e.get("rid") or e.get("id") for e in holder.iter(f"{ns}bx", f"{ns}bpt"))
    closed = Counter(e.get("rid") or e.get("id") for e in holder.iter(f"{ns}ex", f"{ns}ept"))
    if opened != closed:
        unmatched = sorted(str(k) for k in (opened - closed) + (closed - opened))
        return f"the begin/end codes {', '.join(unmatched)} do not pair up"
    return None
