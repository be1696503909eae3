"""Reading an XLIFF 1.2 or 2.0 file back: proposed targets, per segment, with their base.

The version is told by the root element's namespace (2.0:
``urn:oasis:names:tc:xliff:document:2.0``; 1.x: the 1.2 or 1.1 namespace, or
none with ``version="1.x"``). A 2.0 file must pass the core schema, the
core's processing requirements (``xliff20_rules``) and the modules'
constraints (``xliff20_modules``); a 1.x file must have the structure the
1.2 specification requires (``xliff12_structure``); otherwise
``InputError`` names the first problem and nothing is proposed. A 1.2 file
is also checked against the OASIS strict schema, and what it objects to (a
transitional-only attribute or element, say) is a warning of the proposal,
not a refusal: CAT tools write transitional XLIFF 1.2 (``xliff12_schema``).

Inline codes turn back into protected tags: 2.0 ``<pc>`` and ``<sc>``/``<ec>``
pairs, 1.2 ``<g>``, ``<bx>``/``<ex>`` and ``<bpt>``/``<ept>`` pairs become
``<gN>…</gN>``; 2.0 ``<ph>`` and 1.2 ``<x>``, ``<ph>`` and ``<it>`` become
``<xN/>``. A code's number is its id when that is a number (as in copydesk's
own files), else the next free one. Annotations (``<mrk>``, ``<sm>``/``<em>``)
keep their text and lose the marker; a native code's content (1.2 ``<ph>``,
``<bpt>`` ...) is not text. Literal text that would read as a protected tag
is escaped (``escape_tags``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from copydesk.article import escape_tags
from copydesk.errors import InputError
from copydesk.interop import safexml, xliff12_schema, xliff12_structure
from copydesk.interop.xliff import CD, XLIFF12, XLIFF20, validation_problem

XLIFF11 = "urn:oasis:names:tc:xliff:document:1.1"
VERSION_1 = ("1.0", "1.1", "1.2")


@dataclass(frozen=True)
class ProposedTarget:
    """The target a file proposes for one segment, made on top of ``base_version``."""

    id: str
    target: str
    base_version: int | None
    state: str | None
    translation: int | None


@dataclass(frozen=True)
class Proposal:
    xliff_version: str
    source_language: str
    target_language: str
    targets: tuple[ProposedTarget, ...]
    without_target: tuple[str, ...]  # units that carry no target at all
    warnings: tuple[str, ...] = ()  # what the 1.2 strict schema objects to; read anyway

    @property
    def translations(self) -> set[int | None]:
        return {t.translation for t in self.targets}


def read(data: bytes) -> Proposal:
    """Parse and validate an XLIFF file; ``InputError`` for anything unusable."""
    root = safexml.parse(data, "The XLIFF file")
    space = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    name = root.tag.rsplit("}", 1)[-1]
    if name != "xliff":
        raise InputError(f"The file's root element is <{name}>, not <xliff>; send an XLIFF "
                         "1.2 or 2.0 file.")
    if space == XLIFF20:
        return _read20(root)
    if space in (XLIFF12, XLIFF11, "") and root.get("version") in VERSION_1:
        return _read12(root, space)
    raise InputError(f"The file is XLIFF version {root.get('version')!r} in namespace "
                     f"{space or '(none)'!r}; the desk reads XLIFF 1.2 and 2.0.")


def _read20(root: Any) -> Proposal:
    if root.get("version") not in ("2.0", "2.1"):
        raise InputError(f"An XLIFF 2 file of version {root.get('version')!r}; the desk reads "
                         "2.0 (and 2.1's core).")
    problem = validation_problem(root)
    if problem:
        raise InputError(f"The XLIFF 2.0 file is not valid: {problem}.")
    targets, missing = [], []
    for file in root.iter(f"{{{XLIFF20}}}file"):
        translation = _number(file.get(f"{{{CD}}}translation"))
        for unit in file.iter(f"{{{XLIFF20}}}unit"):
            parts = [p for p in unit if p.tag in (f"{{{XLIFF20}}}segment",
                                                   f"{{{XLIFF20}}}ignorable")]
            holders = [p.find(f"{{{XLIFF20}}}target") for p in parts]
            if all(h is None for h in holders) or any(
                    h is None for p, h in zip(parts, holders, strict=True)
                    if p.tag == f"{{{XLIFF20}}}segment"):
                missing.append(unit.get("id"))
                continue
            codes = _Codes()
            text = "".join(codes.text(h if h is not None else p.find(f"{{{XLIFF20}}}source"))
                           for p, h in zip(parts, holders, strict=True))
            state = next((p.get("state") for p in parts if p.get("state")), None)
            targets.append(_proposed(unit, text, state, translation))
    return Proposal("2.0", root.get("srcLang", ""), root.get("trgLang", ""), tuple(targets),
                    tuple(missing))


def _read12(root: Any, space: str) -> Proposal:
    xliff12_structure.require(root, space)
    ns = f"{{{space}}}" if space else ""
    targets, missing = [], []
    source_language = target_language = ""
    for file in root.iter(f"{ns}file"):
        source_language = source_language or file.get("source-language", "")
        target_language = target_language or file.get("target-language", "")
        translation = _number(file.get(f"{{{CD}}}translation"))
        for unit in file.iter(f"{ns}trans-unit"):
            holder = unit.find(f"{ns}target")
            if holder is None:
                missing.append(unit.get("id"))
                continue
            text = _Codes().text(holder)
            targets.append(_proposed(unit, text, holder.get("state"), translation))
    return Proposal("1.2", source_language, target_language, tuple(targets), tuple(missing),
                    xliff12_schema.warnings(root, space))


def _proposed(unit: Any, text: str, state: str | None,
              translation: int | None) -> ProposedTarget:
    return ProposedTarget(id=unicodedata.normalize("NFC", unit.get("id", "")),
                          target=unicodedata.normalize("NFC", text),
                          base_version=_number(unit.get(f"{{{CD}}}version")), state=state,
                          translation=translation)


def _number(value: str | None) -> int | None:
    if value is None or not value.strip().isdigit() or len(value.strip()) > 12:
        return None
    return int(value.strip())


PAIRED = {"pc", "g"}
STANDALONE = {"ph", "x", "it"}
OPENERS = {"sc", "bx", "bpt"}
CLOSERS = {"ec", "ex", "ept"}
TRANSPARENT = {"mrk", "source", "target", "seg-source"}
NATIVE = {"ph", "it", "bpt", "ept", "sc", "ec", "x", "bx", "ex", "cp", "sm", "em"}  # no text


class _Codes:
    """Numbers a unit's inline codes and writes its content as tagged text."""

    def __init__(self) -> None:
        self._numbers: dict[str, str] = {}
        self._used: set[str] = set()
        self._next = 1

    def number(self, code_id: str | None) -> str:
        key = code_id or f"#anonymous{self._next}"
        if key not in self._numbers:
            wanted = key if key.isdigit() and len(key) < 10 and key not in self._used else None
            while wanted is None or wanted in self._used:
                wanted = str(self._next)
                self._next += 1
            self._numbers[key] = wanted
            self._used.add(wanted)
        return self._numbers[key]

    def text(self, holder: Any) -> str:
        out: list[str] = []
        self._walk(holder, out)
        return "".join(out)

    def _walk(self, element: Any, out: list[str]) -> None:
        if not isinstance(element.tag, str):  # a comment or processing instruction
            return
        name = element.tag.rsplit("}", 1)[-1]
        if name in PAIRED:
            out.append(f"<g{self.number(element.get('id'))}>")
        elif name in OPENERS:
            out.append(f"<g{self.number(element.get('rid') or element.get('id'))}>")
        elif name in CLOSERS:
            ref = element.get("startRef") or element.get("rid") or element.get("id")
            out.append(f"</g{self.number(ref)}>")
        elif name in STANDALONE:
            out.append(f"<x{self.number(element.get('id'))}/>")
        elif name == "cp":
            out.append(escape_tags(_code_point(element.get("hex", ""))))
        if name not in NATIVE:
            out.append(escape_tags(element.text or ""))
            for child in element:
                self._walk(child, out)
                out.append(escape_tags(child.tail or ""))
        if name in PAIRED:
            out.append(f"</g{self.number(element.get('id'))}>")


def _code_point(value: str) -> str:
    try:
        return chr(int(value, 16))
    except (ValueError, OverflowError):
        raise InputError(f"<cp hex={value!r}> is not a character's number.") from None
