"""Real files: the OASIS XLIFF 2.0 test suite and Okapi's samples (``../shared/data/interop``).

Every valid file of the suite loads, every invalid core file and all but one
invalid module file (named below, with why) are refused with a message
naming the problem, and Okapi's 1.2 and 2 samples load, except the
few that break the specification (named below, with what is wrong).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.errors import InputError
from copydesk.interop import xliff_read
from tests.fixtures.shared_data import SHARED_DATA, needs_shared_data

pytestmark = needs_shared_data

INTEROP = SHARED_DATA / "interop"
SUITE = INTEROP / "xliff20_oasis_testsuite"
OKAPI = INTEROP / "okapi"
# The one invalid module file the desk reads: its only fault is a non-integer slr:sizeInfo,
# which the suite's own core/valid/withModulesAttributesInEc.xlf uses too; valid files win.
MODULE_READ = {"Bad-slr_sizeInfo-not-integer.xlf"}
# Okapi samples that break the specification, and the reason the desk gives.
OKAPI_REFUSED = {
    "xliff12/PAS-10-Test01.xlf": "two <trans-unit> elements",
    "xliff12/SF-12-Test01.xlf": "two <trans-unit> elements",
    "xliff12/invalid_xml_entity.xlf": "not well-formed",
}


def files(folder: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in suffixes)


def test_the_folders_hold_what_the_tests_expect():
    assert len(files(SUITE / "core" / "valid", ".xlf")) >= 20
    assert len(files(SUITE / "core" / "invalid", ".xlf")) >= 100
    assert len(files(OKAPI, ".xlf", ".sdlxliff")) >= 50


@pytest.mark.parametrize("kind", ["core/valid", "modules/valid"])
def test_every_valid_file_of_the_oasis_suite_loads(kind):
    for path in files(SUITE / kind, ".xlf"):
        proposal = xliff_read.read(path.read_bytes())
        assert proposal.xliff_version == "2.0", path.name


def test_every_invalid_core_file_of_the_oasis_suite_is_refused_with_its_problem():
    for path in files(SUITE / "core" / "invalid", ".xlf"):
        with pytest.raises(InputError) as refused:
            xliff_read.read(path.read_bytes())
        message = str(refused.value)
        assert message.startswith(("The XLIFF 2.0 file is not valid: ", "The XLIFF file ")), \
            (path.name, message)
        assert len(message) > len("The XLIFF 2.0 file is not valid: ") + 10, path.name


def test_every_invalid_module_file_is_refused_but_one_the_suite_contradicts():
    read = set()
    for path in files(SUITE / "modules" / "invalid", ".xlf"):
        try:
            xliff_read.read(path.read_bytes())
        except InputError as refused:
            assert str(refused).startswith("The XLIFF 2.0 file is not valid: "), path.name
        else:
            read.add(path.name)
    assert read == MODULE_READ


@pytest.mark.parametrize(("name", "reason"), [
    ("Bad-mda_meta-missing-type.xlf", "no type"),
    ("Bad-mtc_wrong-ref-syntax.xlf", "not a fragment identifier"),
    ("Bad-val_invalid-occurs.xlf", "occurs='0'"),
    ("Bad-slr_sizeRestriction-patterns.xlf", "is not a size"),
])
def test_a_module_refusal_names_the_rule_broken(name, reason):
    with pytest.raises(InputError, match=reason):
        xliff_read.read((SUITE / "modules" / "invalid" / name).read_bytes())


@pytest.mark.parametrize(("name", "reason"), [
    ("bad_EcBeforeSc.xlf", "comes before its <sc>"),
    ("bad_NoTrgLang.xlf", "no trgLang"),
    ("bad_DataIdNotUnique.xlf", "two <data> elements"),
    ("bad_WrongSourceLang.xlf", "differs from srcLang"),
    ("bad_MissingNonRemovable1.xlf", "may not be deleted"),
    ("bad_WrongReordering1.xlf", "may not be reordered"),
    ("bad_InvalidStateValue.xlf", "state"),
    ("bad_NoFile.xlf", "file"),
])
def test_the_refusal_names_the_rule_broken(name, reason):
    with pytest.raises(InputError, match=reason):
        xliff_read.read((SUITE / "core" / "invalid" / name).read_bytes())


def test_okapis_samples_load_and_the_broken_ones_are_refused():
    loaded = 0
    for path in files(OKAPI / "xliff12", ".xlf", ".sdlxliff") + files(OKAPI / "xliff2", ".xlf"):
        name = path.relative_to(OKAPI).as_posix()
        if name in OKAPI_REFUSED:
            with pytest.raises(InputError, match=OKAPI_REFUSED[name]):
                xliff_read.read(path.read_bytes())
            continue
        proposal = xliff_read.read(path.read_bytes())
        assert proposal.xliff_version == ("2.0" if name.startswith("xliff2/") else "1.2"), name
        loaded += 1
    assert loaded >= 50


def test_okapi_inline_codes_come_back_as_tags():
    proposal = xliff_read.read((OKAPI / "xliff12" / "segmented.xlf").read_bytes())
    assert proposal.targets[0].target.startswith("Der schnelle braune <g1>fuchs</g1>")
