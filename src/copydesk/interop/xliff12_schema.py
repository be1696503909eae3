"""XLIFF 1.2 files against the OASIS strict schema (``schemas/xliff-core-1.2-strict.xsd``).

What copydesk writes must pass the strict schema outright, copydesk's own
attributes (``cd:``) included: they sit at the schema's extension points
(``xsd:anyAttribute namespace="##other"``) and ``schemas/copydesk.xsd``
declares them (``problem``).

What comes in is often transitional XLIFF 1.2 (attributes such as
``<alt-trans tool=...>``, ``<prop-group>``), which the strict schema refuses
and CAT tools still write. Such a file is read when it has the structure
the specification requires (``xliff12_structure``); the strict schema's
objections become warnings (``warnings``). Extensions in other tools'
namespaces are not counted: the strict schema demands a declaration for
them (``processContents="strict"``) that only those tools could give, so
an element or attribute of another namespace at an extension point is not
a fault of the file. One in copydesk's namespace is checked like the rest.
Files in the 1.0/1.1 namespaces, or none, cannot be checked against the 1.2
schema, and the warning says so.

Each objection costs libxml2 (through lxml) time in proportion to the
element's siblings, so a file with thousands of faulty units side by side
would take minutes; an element with more than ``MAX_SIBLINGS`` children is
therefore not checked against the strict schema, with a warning saying so.
"""

from __future__ import annotations

import re
from typing import Any

from copydesk.interop import safexml

STRICT = "xliff-core-1.2-strict.xsd"
FILES = (STRICT, "copydesk.xsd")
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
CD = "urn:copydesk:xliff:1"
MAX_KINDS = 5  # distinct schema objections listed; the rest are counted
MAX_SIBLINGS = 4000  # the most children of one element for a strict check (about 0.6 s)
_WILDCARD_TYPES = frozenset({"SCHEMAV_CVC_ELT_1", "SCHEMAV_CVC_WILDCARD"})
_UNDECLARED = re.compile(r"'\{([^}]*)\}[^']*': No matching global (?:element|attribute) "
                         r"declaration available, but demanded by the strict wildcard")


def problem(root: Any) -> str | None:
    """The strict schema's first objection to a file copydesk wrote, or None."""
    return safexml.schema_problem(root, *FILES)


def warnings(root: Any, space: str) -> tuple[str, ...]:
    """The strict schema's objections to the 1.x file ``root`` in namespace ``space``."""
    if space != XLIFF12:
        where = f"namespace {space!r}" if space else "no namespace"
        return (f"The file is XLIFF {root.get('version')} in {where}; only files in the XLIFF "
                f"1.2 namespace ({XLIFF12}) can be checked against the 1.2 schema, so it was "
                "checked for the structure XLIFF 1.2 requires only.",)
    widest = max((len(element) for element in root.iter()), default=0)
    if widest > MAX_SIBLINGS:
        return (f"The file was not checked against the strict XLIFF 1.2 schema: one of its "
                f"elements holds {widest:,} others, over the {MAX_SIBLINGS:,} the check "
                "allows; it was checked for the structure XLIFF 1.2 requires only.",)
    kinds: dict[str, list[int]] = {}  # message -> [first line, count]
    for entry in safexml.schema_errors(root, *FILES):
        if _extension(entry):
            continue
        message = entry.message.replace(f"{{{XLIFF12}}}", "").strip()
        seen = kinds.setdefault(message, [entry.line, 0])
        seen[1] += 1
    out = []
    for message, (line, count) in list(kinds.items())[:MAX_KINDS]:
        times = f" ({count} times)" if count > 1 else ""
        out.append(f"Not strict XLIFF 1.2, line {line}: {message}{times}")
    if len(kinds) > MAX_KINDS:
        out.append(f"... and {len(kinds) - MAX_KINDS} other kinds of objection from the "
                   "XLIFF 1.2 strict schema.")
    return tuple(out)


def _extension(entry: Any) -> bool:
    """Whether ``entry`` only says another tool's extension has no schema here."""
    if entry.type_name not in _WILDCARD_TYPES:
        return False
    found = _UNDECLARED.search(entry.message)
    return found is not None and found.group(1) not in (CD, XLIFF12)
