"""The XLIFF 2.0 core's processing requirements that its schema cannot express.

``problem(root)`` gives the first rule the document breaks, in words, or
None: unique ids, language tags and their inheritance, references to
original data, notes, units and codes, start and end codes that pair up with
the same properties, codes that may not be deleted or reordered, comment
annotations, fragment identifiers, skeletons, target order, and the Format
Style and Validation modules' attributes and elements. The inline codes'
rules are in ``xliff20_codes``, the other modules' in ``xliff20_modules``.
Every rule is one pass over the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from copydesk.interop import xliff20_codes as codes
from copydesk.interop.xliff20_model import (
    CODES,
    FRAGMENT_PREFIXES,
    FS,
    FS_ELEMENTS,
    INLINE_WITH_IDS,
    LANGUAGE_TAG,
    LEAF_PREFIXES,
    MODULE_ELEMENTS,
    NMTOKEN,
    NS,
    SLR,
    XML,
    Unit,
    duplicate,
    inherited,
    inline_of,
    local,
    namespace,
    parts_of,
    q,
)

__all__ = ["LANGUAGE_TAG", "NMTOKEN", "NS", "SLR", "local", "problem"]


def problem(root: Any) -> str | None:
    """The first processing requirement of XLIFF 2.0 core that ``root`` breaks, or None."""
    for rule in (_languages, _document_ids, _skeletons, _extensions, _units):
        found = next(rule(root), None)
        if found:
            return found
    return None


def _languages(root: Any) -> Iterator[str]:
    source_language, target_language = root.get("srcLang", ""), root.get("trgLang")
    for name, value in (("srcLang", source_language), ("trgLang", target_language)):
        if value is not None and not LANGUAGE_TAG.fullmatch(value):
            yield f"{name}={value!r} is not a well-formed language tag (BCP 47)"
    for element in root.iter(q("source"), q("target")):
        if local(element.getparent()) not in ("segment", "ignorable"):
            continue
        lang = inherited(element, f"{{{XML}}}lang")
        if lang is not None and lang != "" and not LANGUAGE_TAG.fullmatch(lang):
            yield f"xml:lang={lang!r} is not a well-formed language tag (BCP 47)"
        if local(element) == "target" and target_language is None:
            yield "the file has a <target> but no trgLang on <xliff>"
        wanted = source_language if local(element) == "source" else target_language
        if lang is not None and wanted is not None and lang.lower() != wanted.lower():
            yield (f"a <{local(element)}> has xml:lang={lang!r}, which differs from "
                   f"{'srcLang' if local(element) == 'source' else 'trgLang'}={wanted!r}")


def _document_ids(root: Any) -> Iterator[str]:
    files = root.findall(q("file"))
    if twice := duplicate([f.get("id", "") for f in files]):
        yield f"two <file> elements have the id {twice!r}"
    for file in files:
        for kind in ("group", "unit"):
            if twice := duplicate([e.get("id", "") for e in file.iter(q(kind))]):
                yield f"two <{kind}> elements of file {file.get('id')!r} have the id {twice!r}"
    for notes in root.iter(q("notes")):
        ids = [n.get("id") for n in notes.findall(q("note")) if n.get("id") is not None]
        if twice := duplicate(ids):
            yield f"two notes in one <notes> have the id {twice!r}"
    for parent in root.iter():
        ids = [c.get("id") or c.get(f"{{{XML}}}id") for c in parent
               if namespace(c) not in ("", NS)]
        if twice := duplicate([i for i in ids if i]):
            yield f"two extension elements side by side have the id {twice!r}"


def _skeletons(root: Any) -> Iterator[str]:
    for skeleton in root.iter(q("skeleton")):
        empty = not (skeleton.text or "").strip() and len(skeleton) == 0
        if empty and skeleton.get("href") is None:
            yield "an empty <skeleton> needs an href"
        if not empty and skeleton.get("href") is not None:
            yield "a <skeleton> with content must not have an href"


def _extensions(root: Any) -> Iterator[str]:
    for element in root.iter():
        known = MODULE_ELEMENTS.get(namespace(element))
        if known is not None and local(element) not in known:
            yield f"<{local(element)}> is not an element of the module {namespace(element)}"
        for attribute, value in element.attrib.items():
            yield from _attribute(element, str(attribute), str(value))


def _attribute(element: Any, attribute: str, value: str) -> Iterator[str]:
    space = attribute[1:].split("}", 1)[0] if attribute.startswith("{") else ""
    name = attribute.rsplit("}", 1)[-1]
    inline = namespace(element) == NS and local(element) in CODES
    if inline and space not in ("", FS, SLR, XML):
        yield f"<{local(element)}> cannot carry the extension attribute {name!r}"
    if space != FS:
        return
    if name not in ("fs", "subFs"):
        yield f"fs:{name} is not an attribute of the Format Style module"
    elif name == "fs" and value not in FS_ELEMENTS:
        yield f"fs:fs={value!r} is not an HTML element name"
    elif name == "subFs" and f"{{{FS}}}fs" not in element.attrib:
        yield "fs:subFs is used without fs:fs"
    if local(element) == "ec" and element.get("isolated") != "yes":
        yield "fs:fs is not allowed on an <ec> that is not isolated"


def _units(root: Any) -> Iterator[str]:
    for file in root.iter(q("file")):
        unit_ids = {u.get("id") for u in file.iter(q("unit"))}
        for element in file.iter(q("unit")):
            unit = Unit(element)
            for rule in (_unit_ids, _data_refs, codes.pairs, codes.properties, _annotations,
                         _orders, codes.deletable, codes.reordering):
                yield from rule(unit)
            for code in element.iter(*(q(c) for c in CODES)):
                for name in ("subFlows", "subFlowsStart", "subFlowsEnd"):
                    for ref in (code.get(name) or "").split():
                        if ref not in unit_ids:
                            yield f"{name}={ref!r} names no unit of the file"


def _unit_ids(unit: Unit) -> Iterator[str]:
    name = unit.get("id")
    if unit.find(q("segment")) is None:
        yield f"unit {name!r} has no <segment>"
    if twice := duplicate([p.get("id") for p in parts_of(unit) if p.get("id")]):
        yield f"unit {name!r}: two segments or ignorables have the id {twice!r}"
    for side in ("source", "target"):
        ids = [e.get("id") for e in inline_of(unit, side) if local(e) in INLINE_WITH_IDS
               and e.get("id") and not (local(e) == "ec" and e.get("isolated") != "yes")]
        if twice := duplicate(ids):
            yield f"unit {name!r}: two inline elements of the {side} have the id {twice!r}"
    data = unit.find(q("originalData"))
    if data is not None and (twice := duplicate([d.get("id") for d in data])):
        yield f"unit {name!r}: two <data> elements have the id {twice!r}"


def _data_refs(unit: Unit) -> Iterator[str]:
    data = unit.find(q("originalData"))
    known = {d.get("id") for d in data} if data is not None else set()
    for code in (*inline_of(unit, "source"), *inline_of(unit, "target")):
        for name in ("dataRef", "dataRefStart", "dataRefEnd"):
            ref = code.get(name)
            if ref is not None and ref not in known:
                yield f"unit {unit.get('id')!r}: {name}={ref!r} names no <data> of the unit"
        if code.get("copyOf") is not None and any(
                code.get(n) for n in ("dataRef", "dataRefStart", "dataRefEnd")):
            yield f"unit {unit.get('id')!r}: a code with copyOf cannot also have original data"


def _annotations(unit: Unit) -> Iterator[str]:
    name = unit.get("id")
    notes = unit.find(q("notes"))
    note_ids = {n.get("id") for n in notes} if notes is not None else set()
    for marker in (*inline_of(unit, "source"), *inline_of(unit, "target")):
        if local(marker) not in ("mrk", "sm"):
            continue
        ref, value = marker.get("ref"), marker.get("value")
        if ref is not None and "#" in ref:
            yield from _fragment(name, ref.split("#", 1)[1])
        if marker.get("type") != "comment":
            continue
        if (ref is None) == (value is None):
            yield f"unit {name!r}: a comment annotation needs either a value or a ref"
        elif ref is not None and _note_of(ref, unit) not in note_ids:
            yield f"unit {name!r}: comment ref={ref!r} names no note of the unit"


def _note_of(ref: str, unit: Unit) -> str | None:
    if "#" not in ref:
        return None
    parts = ref.split("#", 1)[1].lstrip("/").split("/")
    selectors = dict(p.split("=", 1) for p in parts if "=" in p)
    if "n" not in selectors or ("u" in selectors and selectors["u"] != unit.get("id")):
        return None
    return selectors["n"] if ("f" in selectors) == ("u" in selectors) else None


def _fragment(name: str, fragment: str) -> Iterator[str]:
    parts = fragment.lstrip("/").split("/")
    if len(parts) == 1 and "=" not in parts[0]:
        if not NMTOKEN.fullmatch(parts[0]):
            yield f"unit {name!r}: the fragment identifier #{fragment} is not well-formed"
        return
    order, leaves = [], 0
    for part in parts:
        prefix, _, value = part.partition("=")
        if not _ or not NMTOKEN.fullmatch(value) or not NMTOKEN.fullmatch(prefix):
            yield f"unit {name!r}: the fragment identifier #{fragment} is not well-formed"
            return
        if prefix not in FRAGMENT_PREFIXES:
            yield f"unit {name!r}: #{fragment} uses the unknown prefix {prefix!r}"
            return
        leaves += prefix in LEAF_PREFIXES
        order.append(prefix)
    rank = {"f": 0, "g": 1, "u": 2}
    ranks = [rank.get(p, 3) for p in order]
    if (ranks != sorted(ranks) or leaves > 1 or (leaves and ranks[-1] != 3)
            or any(order.count(p) > 1 for p in set(order) - {"g"})):
        yield f"unit {name!r}: the fragment identifier #{fragment} is out of order"


def _orders(unit: Unit) -> Iterator[str]:
    parts = parts_of(unit)
    orders = []
    for position, part in enumerate(parts, 1):
        target = part.find(q("target"))
        given = target.get("order") if target is not None else None
        orders.append(int(given) if given else position)
    if twice := duplicate([str(o) for o in orders]):
        yield f"unit {unit.get('id')!r}: two targets take the order {twice}"
    if orders and max(orders) > len(parts):
        yield f"unit {unit.get('id')!r}: a target's order is beyond the unit's parts"


