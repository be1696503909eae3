"""Writing a translation's segments as XLIFF 1.2 or 2.0, for translators' CAT tools.

One segment is one unit (2.0 ``<unit>``, 1.2 ``<trans-unit>``) whose id is
the segment's id (``b3.s1``). Its protected tags become XLIFF inline codes:
a paired ``<gN>…</gN>`` is 2.0 ``<pc id="N">`` / 1.2 ``<g id="N">``, a
standalone ``<xN/>`` is 2.0 ``<ph id="N"/>`` / 1.2 ``<x id="N"/>``, with the
tag's kind as ``type``/``subType`` (2.0) or ``ctype`` (1.2). The checks'
issues and the editors' comments are notes; the review state is the
segment's ``state``. What the file needs to come back (``xliff_read``) is in
copydesk's own namespace (``cd:``, ``schemas/copydesk.xsd``): the
translation's and article's numbers on the file and each segment's version,
which the desk compares to detect an edit made meanwhile.

Every file written is validated before it is returned: a 2.0 file against
the vendored OASIS core schema and the core's processing requirements, a 1.2
file against the vendored OASIS strict schema (``xliff12_schema``, with
``copydesk.xsd`` for the ``cd:`` attributes at its extension points) and the
structure the 1.2 specification requires (``xliff12_structure``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from copydesk.article import TAG_RE, InlineTag
from copydesk.errors import InputError
from copydesk.interop import (
    safexml,
    xliff12_schema,
    xliff12_structure,
    xliff20_modules,
    xliff20_rules,
)

XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
CD = "urn:copydesk:xliff:1"
XML_NS = "http://www.w3.org/XML/1998/namespace"
VERSIONS = ("1.2", "2.0")
# (2.0 type, 2.0 subType, 1.2 ctype) for each kind of protected tag.
CODE_KINDS: dict[str, tuple[str, str | None, str]] = {
    "bold": ("fmt", "xlf:b", "bold"), "italic": ("fmt", "xlf:i", "italic"),
    "underline": ("fmt", "xlf:u", "underlined"), "link": ("link", None, "link"),
    "code": ("fmt", None, "x-code"), "sup": ("fmt", None, "x-sup"),
    "sub": ("fmt", None, "x-sub"), "break": ("fmt", "xlf:lb", "lb"),
}
PRIORITIES = {"blocker": 1, "major": 3, "minor": 6}


@dataclass(frozen=True)
class Note:
    """A note for the translator: a check's issue (``category="check"``) or a comment."""

    category: str
    text: str
    priority: int = 5
    author: str = ""


@dataclass(frozen=True)
class ExportSegment:
    id: str
    source: str
    target: str
    version: int
    state: str = "draft"  # "draft" or "confirmed"
    origin: str = ""
    notes: tuple[Note, ...] = ()
    tags: Mapping[str, InlineTag] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportDocument:
    translation: int
    article: int
    original: str
    source_language: str
    target_language: str
    segments: tuple[ExportSegment, ...]
    final: bool = False  # approved or published: confirmed segments are final


def write(document: ExportDocument, version: str) -> bytes:
    """The document as an XLIFF file of ``version`` ("1.2" or "2.0"), validated."""
    if version not in VERSIONS:
        raise InputError(f"XLIFF version {version!r} is not supported; use 1.2 or 2.0.")
    root = _xliff20(document) if version == "2.0" else _xliff12(document)
    # Not pretty-printed: indentation would become text inside codes that hold only codes.
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    checked = safexml.parse(data, "The XLIFF file written")
    problem = validation_problem(checked)
    if problem:
        raise InputError(f"The XLIFF file written is not valid ({problem}); report this.")
    return data


def validation_problem(root: Any) -> str | None:
    """What the 2.0 schemas and core rules, or the 1.2 strict schema and structure, find wrong."""
    if root.tag == f"{{{XLIFF20}}}xliff":
        return (safexml.schema_problem(root, "xliff_core_2.0.xsd", "copydesk.xsd")
                or xliff20_rules.problem(root) or xliff20_modules.problem(root))
    if root.tag == f"{{{XLIFF12}}}xliff":
        return xliff12_schema.problem(root) or xliff12_structure.problem(root, XLIFF12)
    return None


def state20(segment: ExportSegment, final: bool) -> str:
    if segment.state == "confirmed":
        return "final" if final else "reviewed"
    return "translated" if segment.origin in ("editor", "style-fix") else "initial"


def state12(segment: ExportSegment, final: bool) -> str:
    if segment.state == "confirmed":
        return "final" if final else "signed-off"
    return "translated" if segment.origin in ("editor", "style-fix") else \
        "needs-review-translation"


def _xliff20(document: ExportDocument) -> Any:
    root = etree.Element(f"{{{XLIFF20}}}xliff", nsmap={None: XLIFF20, "cd": CD})
    root.set("version", "2.0")
    root.set("srcLang", document.source_language)
    root.set("trgLang", document.target_language)
    file = etree.SubElement(root, f"{{{XLIFF20}}}file", id=f"t{document.translation}",
                            original=document.original)
    file.set(f"{{{CD}}}translation", str(document.translation))
    file.set(f"{{{CD}}}article", str(document.article))
    for segment in document.segments:
        unit = etree.SubElement(file, f"{{{XLIFF20}}}unit", id=segment.id, canResegment="no")
        unit.set(f"{{{XML_NS}}}space", "preserve")
        _metadata(unit, segment)
        if segment.notes:
            notes = etree.SubElement(unit, f"{{{XLIFF20}}}notes")
            for note in segment.notes:
                text = f"{note.author}: {note.text}" if note.author else note.text
                element = etree.SubElement(notes, f"{{{XLIFF20}}}note", category=note.category,
                                           priority=str(note.priority))
                if note.category == "check":
                    element.set("appliesTo", "target")
                element.text = text
        part = etree.SubElement(unit, f"{{{XLIFF20}}}segment",
                                state=state20(segment, document.final))
        for name, text in (("source", segment.source), ("target", segment.target)):
            _inline(etree.SubElement(part, f"{{{XLIFF20}}}{name}"), text, segment, "2.0")
    return root


def _xliff12(document: ExportDocument) -> Any:
    root = etree.Element(f"{{{XLIFF12}}}xliff", nsmap={None: XLIFF12, "cd": CD})
    root.set("version", "1.2")
    file = etree.SubElement(root, f"{{{XLIFF12}}}file", original=document.original,
                            datatype="plaintext")
    file.set("source-language", document.source_language)
    file.set("target-language", document.target_language)
    file.set(f"{{{CD}}}translation", str(document.translation))
    file.set(f"{{{CD}}}article", str(document.article))
    body = etree.SubElement(file, f"{{{XLIFF12}}}body")
    for segment in document.segments:
        unit = etree.SubElement(body, f"{{{XLIFF12}}}trans-unit", id=segment.id)
        unit.set(f"{{{XML_NS}}}space", "preserve")
        if segment.state == "confirmed":
            unit.set("approved", "yes")
        _metadata(unit, segment)
        _inline(etree.SubElement(unit, f"{{{XLIFF12}}}source"), segment.source, segment, "1.2")
        target = etree.SubElement(unit, f"{{{XLIFF12}}}target",
                                  state=state12(segment, document.final))
        _inline(target, segment.target, segment, "1.2")
        for note in segment.notes:
            element = etree.SubElement(unit, f"{{{XLIFF12}}}note",
                                       priority=str(note.priority))
            element.set("from", note.author or f"copydesk {note.category}")
            if note.category == "check":
                element.set("annotates", "target")
            element.text = note.text
    return root


def _metadata(unit: Any, segment: ExportSegment) -> None:
    unit.set(f"{{{CD}}}version", str(segment.version))
    unit.set(f"{{{CD}}}state", segment.state)
    if segment.origin:
        unit.set(f"{{{CD}}}origin", segment.origin)


def _inline(holder: Any, tagged: str, segment: ExportSegment, version: str) -> None:
    """Fill ``holder`` with ``tagged``'s text, its protected tags as XLIFF inline codes."""
    ns = XLIFF20 if version == "2.0" else XLIFF12
    stack = [holder]
    position = 0
    for match in TAG_RE.finditer(tagged):
        _text(stack[-1], tagged[position:match.start()], segment)
        position = match.end()
        if match.group(2):  # a closing tag: the tag checks made sure it nests
            if len(stack) > 1:
                stack.pop()
            continue
        tag_id = match.group(1) or match.group(3)
        paired = bool(match.group(1))
        name = ("pc" if paired else "ph") if version == "2.0" else ("g" if paired else "x")
        code = etree.SubElement(stack[-1], f"{{{ns}}}{name}", id=tag_id)
        _describe(code, segment.tags.get(tag_id), version)
        if paired:
            stack.append(code)
    _text(stack[-1], tagged[position:], segment)


def _describe(code: Any, tag: InlineTag | None, version: str) -> None:
    if tag is None or tag.kind not in CODE_KINDS:
        return
    kind, sub, ctype = CODE_KINDS[tag.kind]
    if version == "1.2":
        code.set("ctype", ctype)
        return
    code.set("type", kind)
    if sub:
        code.set("subType", sub)


def _text(parent: Any, text: str, segment: ExportSegment) -> None:
    if not text:
        return
    bad = next((c for c in text if not _xml_char(ord(c))), None)
    if bad is not None:
        raise InputError(f"Segment {segment.id} holds the character U+{ord(bad):04X}, which "
                         "XML cannot carry; remove it on the review screen and export again.")
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _xml_char(point: int) -> bool:
    return (point in (0x9, 0xA, 0xD) or 0x20 <= point <= 0xD7FF or 0xE000 <= point <= 0xFFFD
            or 0x10000 <= point <= 0x10FFFF)
