"""XLIFF 1.2 and the OASIS strict schema: copydesk writes strict files, and warns on others."""

from __future__ import annotations

import hashlib
import threading
import time
import tomllib
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree

from copydesk.article import INLINE_KINDS, InlineTag
from copydesk.errors import InputError
from copydesk.interop import safexml, xliff, xliff12_schema, xliff_read
from tests.fixtures.shared_data import SHARED_DATA, needs_shared_data

REPO = Path(__file__).resolve().parents[2]
OKAPI12 = SHARED_DATA / "interop" / "okapi" / "xliff12"
SHA256 = "be380cd73e632f358f8082b4304d435282494e5a01a3432639610568b323d552"
NS = xliff.XLIFF12


def every_kind_of_segment() -> tuple[xliff.ExportSegment, ...]:
    tags = {str(n): InlineTag(kind, {"href": "https://example.org/"} if kind == "link" else {})
            for n, kind in enumerate(INLINE_KINDS, 1)}
    tagged = " ".join(f"<x{n}/>" if kind == "break" else f"<g{n}>w{n}</g{n}>"
                      for n, kind in enumerate(INLINE_KINDS, 1))
    notes = (xliff.Note("check", "[numbers] 3.5 is missing", 1),
             xliff.Note("check", "[names] spelling", 6),
             xliff.Note("comment", "Check the name", author="Erika Müller"))
    segments = []
    for state in ("draft", "confirmed"):
        for origin in ("", "mt", "memory", "editor", "style-fix"):
            n = len(segments) + 1
            segments.append(xliff.ExportSegment(
                f"b{n}.s1", f"Source {tagged} & <b>", f"Ziel <g1>{n}</g1> {tagged}", n, state,
                origin, notes if n % 2 else (), tags))
    segments.append(xliff.ExportSegment("b99.s1", "Plain", "", 1))
    return tuple(segments)


def exported(final: bool) -> bytes:
    return xliff.write(xliff.ExportDocument(
        translation=12, article=5, original="https://news.test/a/1", source_language="en",
        target_language="de-CH", segments=every_kind_of_segment(), final=final), "1.2")


def strict(root: object, *files: str) -> list[str]:
    return [e.message for e in safexml.schema_errors(root, *files)]


def unit_file(units: str, extra_ns: str = "", file_attrs: str = "", after: str = "") -> bytes:
    return (f'<xliff xmlns="{NS}" xmlns:cd="{xliff.CD}"{extra_ns} version="1.2">'
            f'<file original="a" source-language="en" target-language="de" '
            f'datatype="plaintext"{file_attrs}><body>{units}</body></file>{after}'
            "</xliff>").encode()


UNIT = '<trans-unit id="b1.s1" cd:version="2"{attrs}><source>A</source><target>B</target>' \
       "</trans-unit>"


def test_the_vendored_schema_is_the_oasis_file_unchanged():
    data = resources.files("copydesk.interop").joinpath(
        "schemas", xliff12_schema.STRICT).read_bytes()
    assert hashlib.sha256(data).hexdigest() == SHA256
    assert b'schemaLocation="http://www.w3.org/2001/xml.xsd"' in data
    readme = (REPO / "src/copydesk/interop/schemas/README.md").read_text()
    assert SHA256 in readme and "OASIS IPR" in readme and "not vendored" not in readme


def test_the_package_data_globs_ship_every_schema_and_the_package_finds_them():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    globs = config["tool"]["setuptools"]["package-data"]["copydesk"]
    folder = resources.files("copydesk.interop").joinpath("schemas")
    names = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".xsd"))
    assert xliff12_schema.STRICT in names and set(names) == set(safexml.SCHEMA_FILES)
    for name in names:
        assert any(fnmatch(f"interop/schemas/{name}", pattern) for pattern in globs), name
    assert isinstance(safexml.schema(*xliff12_schema.FILES), etree.XMLSchema)


def test_the_xml_namespace_import_resolves_to_the_vendored_copy_and_nothing_else():
    resolver = safexml._VendoredOnly()
    with pytest.raises(InputError, match="refused"):
        resolver.resolve("http://www.w3.org/2001/other.xsd", None, None)
    with pytest.raises(InputError, match="refused"):
        resolver.resolve("file:///etc/xliff-core-1.2-strict.xsd", None, None)
    assert safexml.SCHEMA_URLS["http://www.w3.org/2001/xml.xsd"] == "xml.xsd"


@pytest.mark.parametrize("final", [False, True])
def test_every_state_tag_kind_note_and_cd_attribute_written_passes_the_strict_schema(final):
    data = exported(final)
    root = safexml.parse(data)
    states = {t.get("state") for t in root.iter(f"{{{NS}}}target")}
    assert states == ({"needs-review-translation", "translated", "final"} if final else
                      {"needs-review-translation", "translated", "signed-off"})
    ctypes = {c.get("ctype") for c in root.iter(f"{{{NS}}}g", f"{{{NS}}}x")}
    assert {"bold", "italic", "underlined", "link", "lb", "x-code", "x-sup", "x-sub"} <= ctypes
    assert root.find(f".//{{{NS}}}note[@annotates='target']") is not None
    assert {"translation", "article", "version", "state", "origin"} <= {
        etree.QName(name).localname for e in root.iter() for name in e.attrib
        if name.startswith(f"{{{xliff.CD}}}")}
    assert strict(root, *xliff12_schema.FILES) == []
    assert xliff.validation_problem(root) is None


def test_the_cd_attributes_pass_only_because_copydesk_xsd_declares_them():
    root = safexml.parse(exported(False))
    without = strict(root, xliff12_schema.STRICT)
    assert without and all("strict wildcard" in m and xliff.CD in m for m in without)


def test_a_transitional_only_attribute_in_a_written_file_is_caught():
    root = safexml.parse(exported(False))
    root.find(f"{{{NS}}}file").set("tool", "copydesk")  # XLIFF 1.2 transitional only
    assert "'tool' is not allowed" in (xliff.validation_problem(root) or "")
    root = safexml.parse(exported(False))
    root.find(f".//{{{NS}}}trans-unit").set(f"{{{xliff.CD}}}version", "zero")
    assert "positiveInteger" in (xliff.validation_problem(root) or "")


def test_threads_validating_at_once_each_read_their_own_errors():
    good = exported(False)
    bad = safexml.parse(good)
    bad.find(f"{{{NS}}}file").set("tool", "copydesk")
    answers: dict[str, list[str | None]] = {"good": [], "bad": []}
    safexml._compiled.cache_clear()  # both threads start by compiling the schema

    def validate(name: str, data: bytes | None) -> None:
        for _ in range(30):
            root = safexml.parse(data) if data is not None else bad
            answers[name].append(xliff.validation_problem(root))

    threads = [threading.Thread(target=validate, args=("good", good)),
               threading.Thread(target=validate, args=("bad", None))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers["good"] == [None] * 30
    assert all("'tool' is not allowed" in (answer or "") for answer in answers["bad"])


def test_a_strict_file_comes_back_without_warnings():
    proposal = xliff_read.read(exported(True))
    assert proposal.warnings == ()
    assert len(proposal.targets) == len(every_kind_of_segment())


def test_another_tools_extensions_at_extension_points_are_not_warned_about():
    data = unit_file(UNIT.format(attrs=' okp:note="x"'), ' xmlns:okp="urn:other-tool"',
                     ' okp:inputEncoding="UTF-8"')
    assert xliff_read.read(data).warnings == ()


@pytest.mark.parametrize(("data", "warned"), [
    (unit_file(UNIT.format(attrs=""), file_attrs=' tool="Trados"'), "'tool' is not allowed"),
    (unit_file(UNIT.format(attrs=' cd:colour="red"')), "{urn:copydesk:xliff:1}colour"),
    (unit_file(UNIT.format(attrs=""), ' xmlns:okp="urn:other-tool"',
               after="<okp:trailer/>"), "Missing child element"),
    (unit_file(UNIT.format(attrs="").replace("<source>", '<prop-group><prop prop-type="a">b'
                                             "</prop></prop-group><source>")), "prop-group"),
])
def test_a_transitional_file_is_read_with_what_the_strict_schema_objects_to(data, warned):
    proposal = xliff_read.read(data)
    assert [t.target for t in proposal.targets] == ["B"]
    assert len(proposal.warnings) == 1 and warned in proposal.warnings[0]
    assert proposal.warnings[0].startswith("Not strict XLIFF 1.2, line ")


def test_many_objections_are_counted_not_listed_one_by_one():
    units = "".join(UNIT.replace("b1.s1", f"b{n}.s1").format(attrs=f' x-{n}="1" foo="{n}"')
                    for n in range(1, 9))
    warnings = xliff_read.read(unit_file(units)).warnings
    assert len(warnings) == xliff12_schema.MAX_KINDS + 1
    assert warnings[-1].startswith("... and ")
    repeated = unit_file("".join(UNIT.replace("b1.s1", f"b{n}.s1").format(attrs=' foo="1"')
                                 for n in range(1, 30)))
    assert xliff_read.read(repeated).warnings[0].endswith("(29 times)")


def test_a_structure_error_is_still_refused_not_warned():
    twice = unit_file(UNIT.format(attrs="") * 2)
    with pytest.raises(InputError, match="two <trans-unit> elements"):
        xliff_read.read(twice)


def test_a_1_1_file_is_read_with_a_warning_that_no_schema_checked_it():
    data = unit_file(UNIT.format(attrs="")).replace(NS.encode(), xliff_read.XLIFF11.encode())
    proposal = xliff_read.read(data)
    assert [t.target for t in proposal.targets] == ["B"]
    assert proposal.warnings and "checked for the structure XLIFF 1.2 requires only" in \
        proposal.warnings[0]


def test_thousands_of_faulty_units_side_by_side_do_not_take_minutes():
    n = xliff12_schema.MAX_SIBLINGS + 1
    units = "".join(f'<trans-unit id="u{i}" foo="1"><source>a</source></trans-unit>'
                    for i in range(n))
    started = time.perf_counter()
    proposal = xliff_read.read(unit_file(units))
    assert time.perf_counter() - started < 10
    assert proposal.warnings and "not checked against the strict XLIFF 1.2 schema" in \
        proposal.warnings[0]
    assert len(proposal.without_target) == n


@needs_shared_data
@pytest.mark.parametrize(("name", "warned"), [
    ("SF-12-Test03.xlf", "prop-group"),
    ("altTrans-100.xlf", "'tool' is not allowed"),
    ("test1_es.xlf", "attribute 'x'"),
    ("alttrans.xlf", "KR_phase-name"),
])
def test_okapis_transitional_samples_load_with_warnings(name, warned):
    proposal = xliff_read.read((OKAPI12 / name).read_bytes())
    assert proposal.targets or proposal.without_target
    assert any(warned in w for w in proposal.warnings), proposal.warnings


@needs_shared_data
def test_okapis_strict_samples_and_sdlxliff_files_load_without_warnings():
    names = ["BinUnitTest01.xlf", "NSTest01.xlf", "RB-12-Test02.xlf", "Typo3Draft.xlf"]
    names += sorted(p.relative_to(OKAPI12).as_posix()
                    for p in (OKAPI12 / "sdlxliff").glob("*.sdlxliff"))[:5]
    for name in names:
        assert xliff_read.read((OKAPI12 / name).read_bytes()).warnings == (), name
