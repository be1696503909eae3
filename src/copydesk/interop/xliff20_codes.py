"""XLIFF 2.0 inline codes: start and end codes that pair up with the same properties,
codes that may not be deleted or reordered, and their types and code points."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from copydesk.interop.xliff20_model import (
    CODES,
    SC_EC_SAME,
    SUBTYPES,
    XML,
    Unit,
    inherited,
    inline_of,
    local,
    parts_of,
    q,
)


def pairs(unit: Unit) -> Iterator[str]:
    name = unit.get("id")
    for side in ("source", "target"):
        elements = inline_of(unit, side)
        starts = {e.get("id"): e for e in elements if local(e) == "sc"}
        ended: set[str] = set()
        seen: set[str] = set()
        markers: set[str] = set()
        for element in elements:
            kind = local(element)
            if kind == "sm":
                markers.add(element.get("id"))
            if kind == "sc":
                seen.add(element.get("id"))
            elif kind == "ec" and element.get("isolated") == "yes":
                if element.get("startRef") is not None or element.get("id") is None:
                    yield f"unit {name!r}: an isolated <ec> needs an id and no startRef"
                elif element.get("id") in starts:
                    yield f"unit {name!r}: <ec> {element.get('id')!r} is marked isolated but " \
                          "its <sc> is in the unit"
            elif kind == "ec":
                ref = element.get("startRef")
                if ref is None or element.get("id") is not None:
                    yield f"unit {name!r}: an <ec> that is not isolated needs a startRef and no id"
                elif ref not in seen:
                    yield f"unit {name!r}: <ec startRef={ref!r}> comes before its <sc> or has none"
                else:
                    ended.add(ref)
                    yield from _same_properties(name, starts[ref], element)
            elif kind == "em" and element.get("startRef") not in markers:
                yield (f"unit {name!r}: <em startRef={element.get('startRef')!r}> has no <sm> "
                       "before it")
        for code_id, start in starts.items():
            isolated = start.get("isolated") == "yes"
            if isolated and code_id in ended:
                yield (f"unit {name!r}: <sc> {code_id!r} is marked isolated but its <ec> is in "
                       "the unit")
            if not isolated and code_id not in ended:
                yield f"unit {name!r}: <sc> {code_id!r} has no <ec> in the unit; mark it isolated"


def _same_properties(name: str, start: Any, end: Any) -> Iterator[str]:
    for attribute in SC_EC_SAME:
        if start.get(attribute) != end.get(attribute):
            yield (f"unit {name!r}: <sc> {start.get('id')!r} and its <ec> differ in "
                   f"{attribute}")
    reorder = start.get("canReorder", "yes")
    wanted = "no" if reorder == "firstNo" else reorder
    if end.get("canReorder", "yes") != wanted:
        yield f"unit {name!r}: <ec> of {start.get('id')!r} needs canReorder={wanted!r}"


def properties(unit: Unit) -> Iterator[str]:
    name = unit.get("id")
    sources = inline_of(unit, "source")
    copyable = {e.get("id"): e.get("canCopy", "yes") for e in sources if local(e) in CODES}
    for element in (*sources, *inline_of(unit, "target")):
        sub, kind = element.get("subType"), element.get("type")
        if sub is not None and kind is None:
            yield f"unit {name!r}: subType={sub!r} needs a type"
        if sub is not None and sub.startswith("xlf:") and SUBTYPES.get(sub) != kind:
            yield f"unit {name!r}: subType={sub!r} does not go with type={kind!r}"
        ref = element.get("copyOf")
        if ref is not None and ref not in copyable:
            yield f"unit {name!r}: copyOf={ref!r} names no code of the source"
        elif ref is not None and copyable[ref] == "no":
            yield f"unit {name!r}: copyOf={ref!r} copies a code marked canCopy='no'"
        if local(element) == "cp":
            yield from _code_point(name, element.get("hex", ""))
    for part in parts_of(unit):
        if part.get("subState") is not None and part.get("state") is None:
            yield f"unit {name!r}: subState needs a state"
        source, target = part.find(q("source")), part.find(q("target"))
        space = f"{{{XML}}}space"
        if target is not None and (inherited(source, space) or "default") != (
                inherited(target, space) or "default"):
            yield f"unit {name!r}: a source and its target differ in xml:space"


def _code_point(name: str, value: str) -> Iterator[str]:
    try:
        point = int(value, 16)
    except ValueError:
        yield f"unit {name!r}: <cp hex={value!r}> is not a hexadecimal number"
        return
    allowed = (point in (0x9, 0xA, 0xD) or 0x20 <= point <= 0xD7FF or 0xE000 <= point <= 0xFFFD
               or 0x10000 <= point <= 0x10FFFF)
    if allowed:
        yield f"unit {name!r}: <cp hex={value!r}> stands for a character XML allows; write it"



def deletable(unit: Unit) -> Iterator[str]:
    in_targets = {e.get("id") or e.get("startRef") for e in inline_of(unit, "target")}
    for part in parts_of(unit):
        source, target = part.find(q("source")), part.find(q("target"))
        if target is None:
            continue
        for code in source.iter(*(q(c) for c in CODES)):
            wanted = code.get("id") or code.get("startRef")
            if code.get("canDelete") == "no" and wanted not in in_targets:
                yield (f"unit {unit.get('id')!r}: code {wanted!r} may not be deleted but is "
                       "missing from the target")


def reordering(unit: Unit) -> Iterator[str]:
    name = unit.get("id")
    sources = [e for e in inline_of(unit, "source") if local(e) in CODES]
    sequences: list[list[str]] = []
    for code in sources:
        reorder = code.get("canReorder", "yes")
        if local(code) == "ec":
            continue
        if reorder != "yes" and (code.get("canDelete") != "no" or code.get("canCopy") != "no"):
            yield f"unit {name!r}: a code with canReorder={reorder!r} needs canDelete and " \
                  "canCopy 'no'"
        if reorder == "firstNo":
            sequences.append([code.get("id")])
        elif reorder == "no" and not sequences:
            yield f"unit {name!r}: a canReorder='no' code needs a 'firstNo' code before it"
        elif reorder == "no":
            sequences[-1].append(code.get("id"))
    if not sequences or not inline_of(unit, "target"):
        return
    source_order, target_order = _code_order(unit, "source"), _code_order(unit, "target")
    for sequence in sequences:
        members = set(sequence)
        wanted = [e for e in source_order if e[0] in members]
        found = [i for i, e in enumerate(target_order) if e[0] in members]
        if [target_order[i] for i in found] != wanted or (
                found and found[-1] - found[0] + 1 != len(found)):
            yield f"unit {name!r}: the codes {sequence} may not be reordered in the target"


def _code_order(unit: Unit, side: str) -> list[tuple[str, str]]:
    """Each code's start and end in reading order (a <pc> ends after its content)."""
    out: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        for child in node:
            kind = local(child)
            if kind in ("ph", "sc"):
                out.append((child.get("id"), "start"))
            elif kind == "ec":
                out.append((child.get("startRef") or child.get("id"), "end"))
            elif kind == "pc":
                out.append((child.get("id"), "start"))
                walk(child)
                out.append((child.get("id"), "end"))
            else:
                walk(child)

    for part in parts_of(unit):
        holder = part.find(q(side))
        if holder is not None:
            walk(holder)
    return out

