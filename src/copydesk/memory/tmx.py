"""TMX 1.4 in and out of the translation memory.

Reading: every ``<tu>`` gives one entry per target ``<tuv>`` (a language
other than the source language, or only ``target_lang`` when given). Inline
codes become protected tags: ``<bpt>``/``<ept>`` a paired ``<gN>…</gN>``,
``<ph>`` and ``<ut>`` a standalone ``<xN/>``, ``<it pos="begin|end">`` an
unpaired ``<gN>`` or ``</gN>``. The same code (same ``x``, or same ``i``)
gets the same number in source and target; a numeric ``x`` is kept as the
number. ``<hi>`` keeps its text without the highlight; text in ``<sub>``
(inside a native code) is dropped. Each simplification is counted in the
report's notes. ``creationdate``/``changedate`` and ``changeid`` (else
``creationid``) become the provenance, ``<prop type="x-context-pre">`` and
``"x-context-post"`` the context.

Writing: TMX 1.4b (valid against ``tmx14.dtd``), tags as empty
``<bpt>``/``<ept>``/``<it>``/``<ph>`` codes, origin and engine signature as
``x-origin``/``x-signature`` props. The file is written next to its
destination and moved into place, so a failed export leaves nothing behind.
"""

from __future__ import annotations

import os
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from copydesk import __version__, languages
from copydesk.article import TAG_RE
from copydesk.errors import InputError, LanguageError
from copydesk.memory.store import ORIGINS, MemoryEntry, TranslationMemory

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TMX_DATE = "%Y%m%dT%H%M%SZ"
_CONTEXT_PROPS = {"x-context-pre": "previous", "x-context-post": "next"}


@dataclass
class ImportReport:
    """What an import did: entries stored per pair, units skipped and why."""

    imported: int = 0
    skipped: int = 0
    pairs: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)


# -- reading ---------------------------------------------------------------------------------

def import_tmx(memory: TranslationMemory, path: str | Path, *, source_lang: str | None = None,
               target_lang: str | None = None) -> ImportReport:
    """Read a TMX file and store its entries in one transaction (all or nothing)."""
    entries, report = read_tmx(path, source_lang=source_lang, target_lang=target_lang)
    memory.add_many(entries)
    return report


def read_tmx(path: str | Path, *, source_lang: str | None = None,
             target_lang: str | None = None) -> tuple[list[MemoryEntry], ImportReport]:
    """The memory entries of a TMX file, or an ``InputError`` saying what is wrong."""
    report = ImportReport()
    entries: list[MemoryEntry] = []
    units = 0
    for header, unit in _units(Path(path)):
        units += 1
        source = _source_language(header, unit, source_lang, path)
        found = list(_unit_entries(unit, source, target_lang, report))
        report.skipped += not found
        entries += found
    if not units:
        raise InputError(f"{path} has no translation units (<tu>); export the memory again "
                         "from its tool.")
    if not entries:
        wanted = f"{source_lang or 'its source language'} to {target_lang or 'another language'}"
        raise InputError(f"{path} has no translation units from {wanted}; check --from and "
                         "--to against the languages in the file.")
    for entry in entries:
        report.pairs[f"{entry.source_lang}-{entry.target_lang}"] += 1
    report.imported = len(entries)
    return entries, report


def _units(path: Path) -> Iterator[tuple[dict[str, str], ET.Element]]:
    """``(header attributes, <tu> element)`` for each unit, streaming."""
    header: dict[str, str] = {}
    try:
        with path.open("rb") as stream:
            events = ET.iterparse(stream, events=("start", "end"))
            _, root = next(events)
            if root.tag != "tmx":
                raise InputError(f"{path} is XML but not TMX (its root is <{root.tag}>); "
                                 "give a .tmx file.")
            for event, element in events:
                if event == "end" and element.tag == "header":
                    header = dict(element.attrib)
                elif event == "end" and element.tag == "tu":
                    yield header, element
                    element.clear()  # keep memory flat on large files
    except ET.ParseError as exc:
        raise InputError(f"{path} is not a readable TMX file ({exc}); check that it is "
                         "well-formed XML.") from None
    except StopIteration:
        raise InputError(f"{path} is empty; give a TMX file.") from None
    except OSError as exc:
        raise InputError(f"Cannot read {path} ({exc.strerror}); check the path.") from None


def _source_language(header: dict[str, str], unit: ET.Element, given: str | None,
                     path: str | Path) -> str:
    if given:
        return languages.base(given)
    declared = unit.get("srclang") or header.get("srclang", "")
    if declared.lower() == "*all*" or not declared:
        raise InputError(f"{path} does not name one source language (srclang="
                         f"{declared or 'missing'}); pass the source language with --from.")
    try:
        return languages.base(declared)
    except LanguageError:
        raise InputError(f"{path} names source language {declared!r}, which copydesk does not "
                         "know; pass the source language with --from.") from None


def _unit_entries(unit: ET.Element, source_lang: str, target_lang: str | None,
                  report: ImportReport) -> Iterator[MemoryEntry]:
    variants = [(_language(tuv, report), tuv) for tuv in unit.findall("tuv")]
    source_tuv = next((tuv for lang, tuv in variants if lang == source_lang), None)
    if source_tuv is None:
        report.notes[f"units without a {source_lang} segment skipped"] += 1
        return
    numbers = _Numbering()
    source = _segment_text(source_tuv, numbers, report)
    props = {p.get("type", "").lower(): (p.text or "").strip() or None
             for p in [*unit.findall("prop"), *source_tuv.findall("prop")]}
    context = {field: props.get(prop) for prop, field in _CONTEXT_PROPS.items()}
    origin = props.get("x-origin") or ""
    origin = origin if origin in ORIGINS else "import"
    for lang, tuv in variants:
        if lang in (None, source_lang) or (target_lang and lang != languages.base(target_lang)):
            continue
        target = _segment_text(tuv, numbers, report)
        if not source.strip() or not target.strip():
            report.notes["empty segments skipped"] += 1
            continue
        yield MemoryEntry(source, target, source_lang, lang, origin=origin,
                          signature=props.get("x-signature"),
                          editor=_attribute(tuv, unit, "changeid", "creationid"),
                          created_at=_date(_attribute(tuv, unit, "creationdate"), report),
                          changed_at=_date(_attribute(tuv, unit, "changedate"), report),
                          **context)


def _language(tuv: ET.Element, report: ImportReport) -> str | None:
    code = tuv.get(_XML_LANG) or tuv.get("lang") or ""
    try:
        return languages.base(code)
    except LanguageError:
        report.notes[f"segments in unknown language {code!r} skipped"] += 1
        return None


def _attribute(tuv: ET.Element, unit: ET.Element, *names: str) -> str | None:
    for element in (tuv, unit):
        for name in names:
            if element.get(name):
                return element.get(name)
    return None


def _date(value: str | None, report: ImportReport) -> str | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, _TMX_DATE).replace(tzinfo=UTC).isoformat()
    except ValueError:
        report.notes[f"dates not in TMX form (YYYYMMDDThhmmssZ) ignored, e.g. {value!r}"] += 1
        return None


class _Numbering:
    """Tag numbers of one unit, shared by its source and targets."""

    def __init__(self) -> None:
        self.by_code: dict[str, str] = {}

    def number(self, code: str, x: str | None) -> str:
        if code not in self.by_code:
            used = set(self.by_code.values())
            if x and x.isdigit() and x not in used:
                self.by_code[code] = x
            else:
                self.by_code[code] = str(max((int(n) for n in used), default=0) + 1)
        return self.by_code[code]


def _segment_text(tuv: ET.Element, numbers: _Numbering, report: ImportReport) -> str:
    seg = tuv.find("seg")
    if seg is None:
        report.notes["variants without <seg> read as empty"] += 1
        return ""
    return (seg.text or "") + _inline(seg, numbers, {}, report)


def _inline(parent: ET.Element, numbers: _Numbering, paired: dict[str, str],
            report: ImportReport) -> str:
    """The children of ``parent`` as tagged text (each followed by its tail)."""
    out = []
    ordinal: Counter[str] = Counter()
    for child in parent:
        ordinal[child.tag] += 1
        x, i = child.get("x"), child.get("i")
        if child.tag == "bpt":
            paired[i or ""] = numbers.number(f"x{x}" if x else f"i{i}", x)
            out.append(f"<g{paired[i or '']}>")
        elif child.tag == "ept":
            out.append(f"</g{paired.get(i or '') or numbers.number(f'i{i}', None)}>")
        elif child.tag == "it":
            number = numbers.number(f"x{x}" if x else f"it{ordinal['it']}", x)
            out.append(f"</g{number}>" if child.get("pos") == "end" else f"<g{number}>")
        elif child.tag in ("ph", "ut"):
            out.append(f"<x{numbers.number(f'x{x}' if x else f'ph{ordinal[child.tag]}', x)}/>")
        else:
            report.notes[f"<{child.tag}> markup dropped, its text kept"] += 1
            out.append((child.text or "") + _inline(child, numbers, paired, report))
        if child.tag != "hi" and child.find(".//sub") is not None:
            report.notes["text inside <sub> of an inline code dropped"] += 1
        out.append(child.tail or "")
    return "".join(out)


# -- writing ---------------------------------------------------------------------------------

def export_tmx(memory: TranslationMemory, path: str | Path, source_lang: str,
               target_lang: str) -> int:
    """Write a language pair of the memory as TMX 1.4b; returns the number of units."""
    source, target = languages.base(source_lang), languages.base(target_lang)
    destination = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=".tmx-", dir=destination.parent)
    except OSError as exc:
        raise InputError(f"Cannot write {destination} ({exc.strerror}); check that its folder "
                         "exists and is writable.") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            count = _write(out, memory, source, target)
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


def _write(out: IO[str], memory: TranslationMemory, source: str, target: str) -> int:
    now = datetime.now(UTC).strftime(_TMX_DATE)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
    out.write(f'  <header creationtool="copydesk" creationtoolversion="{__version__}" '
              f'segtype="sentence" o-tmf="copydesk" adminlang="en" srclang="{source}" '
              f'datatype="plaintext" creationdate="{now}"/>\n  <body>\n')
    count = 0
    for entry in memory.entries(source, target):
        out.write(_unit(entry))
        count += 1
    out.write("  </body>\n</tmx>\n")
    return count


def _unit(entry: MemoryEntry) -> str:
    attrs = {"creationdate": _tmx_date(entry.created_at),
             "changedate": _tmx_date(entry.changed_at), "changeid": entry.editor}
    head = " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items() if v)
    props = {"x-origin": entry.origin, "x-signature": entry.signature,
             "x-context-pre": entry.previous, "x-context-post": entry.next}
    lines = [f"    <tu {head}>\n"]
    lines += [f'      <prop type="{k}">{escape(v)}</prop>\n' for k, v in props.items() if v]
    lines += [f'      <tuv xml:lang="{entry.source_lang}"><seg>{_seg(entry.source)}</seg></tuv>\n',
              f'      <tuv xml:lang="{entry.target_lang}"><seg>{_seg(entry.target)}</seg></tuv>\n',
              "    </tu>\n"]
    return "".join(lines)


def _seg(tagged: str) -> str:
    """Tagged text as TMX seg content: paired tags as bpt/ept, unpaired as it, breaks as ph."""
    opened = {m.group(1) for m in TAG_RE.finditer(tagged) if m.group(1)}
    closed = {m.group(2) for m in TAG_RE.finditer(tagged) if m.group(2)}
    out, last = [], 0
    for m in TAG_RE.finditer(tagged):
        out.append(escape(tagged[last:m.start()]))
        last = m.end()
        if m.group(1):
            n = m.group(1)
            out.append(f'<bpt i="{n}" x="{n}"/>' if n in closed else f'<it pos="begin" x="{n}"/>')
        elif m.group(2):
            n = m.group(2)
            out.append(f'<ept i="{n}"/>' if n in opened else f'<it pos="end" x="{n}"/>')
        else:
            out.append(f'<ph x="{m.group(3)}"/>')
    out.append(escape(tagged[last:]))
    return "".join(out)


def _tmx_date(value: str | None) -> str | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime(_TMX_DATE)
