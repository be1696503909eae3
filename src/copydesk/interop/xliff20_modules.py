"""Constraints of the XLIFF 2.0 modules that the core schema leaves open (``processContents=
"lax"``): Metadata, Translation Candidates, Glossary, Resource Data, Size and Length
Restriction, Validation and Change Tracking. ``problem(root)`` gives the first one broken, or None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from copydesk.interop.xliff20_model import NMTOKEN, NS, SLR, local

MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
MTC = "urn:oasis:names:tc:xliff:matches:2.0"
RES = "urn:oasis:names:tc:xliff:resourcedata:2.0"
VAL = "urn:oasis:names:tc:xliff:validation:2.0"
CTR = "urn:oasis:names:tc:xliff:changetracking:2.0"
GLS = "urn:oasis:names:tc:xliff:glossary:2.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MATCH_TYPES = {"am", "mt", "icm", "idm", "tb", "tm", "other"}
RESTRICTION = re.compile(r"\*|\d+(?:,(?:\d+|\*))?")
VAL_TESTS = ("isPresent", "isNotPresent", "startsWith", "endsWith")


def problem(root: Any) -> str | None:
    for rule in (_metadata, _matches, _glossary, _resources, _sizes, _validation,
                 _change_tracking):
        found = next(rule(root), None)
        if found:
            return found
    return None


def _tag(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _metadata(root: Any) -> Iterator[str]:
    for element in root.iter(_tag(MDA, "metadata"), _tag(MDA, "metaGroup")):
        if element.get("id") is not None and not NMTOKEN.fullmatch(element.get("id")):
            yield f"mda:{local(element)} id={element.get('id')!r} is not a name token"
        if local(element) == "metadata" and element.find(_tag(MDA, "metaGroup")) is None:
            yield "an mda:metadata holds no mda:metaGroup"
        applies = element.get("appliesTo")
        if local(element) == "metaGroup" and applies not in (None, "source", "target",
                                                               "ignorable"):
            yield f"mda:metaGroup appliesTo={applies!r} is not source, target or ignorable"
    for meta in root.iter(_tag(MDA, "meta")):
        if not meta.get("type"):
            yield "an mda:meta has no type"
        if meta.get("appliesTo") is not None:
            yield "appliesTo belongs on mda:metaGroup, not on mda:meta"


def _matches(root: Any) -> Iterator[str]:
    for unit in root.iter(_tag(NS, "unit")):
        targets = {e.get("id") for e in unit.iter(_tag(NS, "segment"), _tag(NS, "mrk"),
                                                   _tag(NS, "sm"))}
        for match in unit.iter(_tag(MTC, "match")):
            ref, kind = match.get("ref", ""), match.get("type")
            if match.get("id") is not None and not NMTOKEN.fullmatch(match.get("id")):
                yield f"mtc:match id={match.get('id')!r} is not a name token"
            if not ref.startswith("#"):
                yield f"mtc:match ref={ref!r} is not a fragment identifier (#...)"
            elif ref[1:].removeprefix("t=") not in targets - {None}:
                yield f"mtc:match ref={ref!r} names no segment or annotation of the unit"
            if kind is not None and kind not in MATCH_TYPES:
                yield f"mtc:match type={kind!r} is not one of {sorted(MATCH_TYPES)}"
            if match.get("subType") is not None and kind is None:
                yield "an mtc:match with a subType needs a type"
            if match.get(XML_LANG) is not None:
                yield "an mtc:match cannot have xml:lang"


def _glossary(root: Any) -> Iterator[str]:
    for entry in root.iter(_tag(GLS, "glossEntry")):
        if entry.find(_tag(GLS, "translation")) is None and entry.find(
                _tag(GLS, "definition")) is None:
            yield "a gls:glossEntry needs a gls:translation or a gls:definition"


def _resources(root: Any) -> Iterator[str]:
    languages = {"source": root.get("srcLang"), "target": root.get("trgLang")}
    for side in ("source", "target"):
        for element in root.iter(_tag(RES, side)):
            has_content = bool((element.text or "").strip()) or len(element) > 0
            if has_content == (element.get("href") is not None):
                yield f"a res:{side} needs either content or an href, not both or neither"
            lang = element.get(XML_LANG)
            if lang is not None and languages[side] and lang != languages[side]:
                yield f"res:{side} xml:lang={lang!r} differs from the file's language"


def _sizes(root: Any) -> Iterator[str]:
    data_ids = {e.get("id") for data in root.iter(_tag(SLR, "data")) for e in data.iter()}
    for element in root.iter():
        size, storage = f"{{{SLR}}}sizeRestriction", f"{{{SLR}}}storageRestriction"
        for name in (size, storage):
            value = element.get(name)
            if value is not None and not RESTRICTION.fullmatch(value):
                yield f"slr:{local_name(name)}={value!r} is not a size (N, min,max or *)"
        value = element.get(f"{{{SLR}}}equivStorage")
        if value is not None and not value.isdigit():
            yield f"slr:equivStorage={value!r} is not a whole number"
        info, ref = element.get(f"{{{SLR}}}sizeInfo"), element.get(f"{{{SLR}}}sizeInfoRef")
        if info is not None and ref is not None:
            yield "slr:sizeInfo and slr:sizeInfoRef cannot both be given"
        if ref is not None and ref not in data_ids:
            yield f"slr:sizeInfoRef={ref!r} names no slr:data"
        marked = any(element.get(f"{{{SLR}}}{n}") is not None
                     for n in ("sizeInfo", "sizeInfoRef", "equivStorage"))
        if marked and local(element) == "ec" and element.get("isolated") != "yes":
            yield "slr size attributes go on the <sc> of a pair, not on its <ec>"


def local_name(qualified: str) -> str:
    return qualified.rsplit("}", 1)[-1]


def _validation(root: Any) -> Iterator[str]:
    for rule in root.iter(_tag(VAL, "rule")):
        tests = [name for name in VAL_TESTS if rule.get(name) is not None]
        custom = [name for name in rule.attrib if str(name).startswith("{")]
        if len(tests) + len(custom) != 1:
            yield "a val:rule needs exactly one test (isPresent, isNotPresent, startsWith, ...)"
        if rule.get("existsInSource") is not None and not set(tests) & {
                "isPresent", "startsWith", "endsWith"}:
            yield "val:rule existsInSource goes only with isPresent, startsWith or endsWith"
        occurs = rule.get("occurs")
        if occurs is not None and (not occurs.isdigit() or int(occurs) < 1):
            yield f"val:rule occurs={occurs!r} must be a whole number, 1 or more"
        if rule.get("caseSensitive") not in (None, "yes", "no"):
            yield f"val:rule caseSensitive={rule.get('caseSensitive')!r} is not yes or no"
        if rule.get("normalization") not in (None, "none", "nfc", "nfd"):
            yield f"val:rule normalization={rule.get('normalization')!r} is not none, nfc, nfd"


def _change_tracking(root: Any) -> Iterator[str]:
    for unit in root.iter(_tag(NS, "unit")):
        notes = {n.get("id"): n for n in unit.iter(_tag(NS, "note"))}
        for revisions in unit.iter(f"{{{CTR}}}revisions"):
            versions = {r.get("version") for r in revisions if local(r) == "revision"}
            current = revisions.get("currentVersion")
            if current is not None and current not in versions:
                yield f"ctr:revisions currentVersion={current!r} names no ctr:revision"
            for revision in revisions.iter(f"{{{CTR}}}revision"):
                named = [item.get("property") for item in revision.iter(f"{{{CTR}}}item")]
                if len(named) != len(set(named)):
                    yield "a ctr:revision gives the same property twice"
            if revisions.get("appliesTo") == "note":
                ref = revisions.get("ref")
                note = notes.get(ref) if ref is not None or len(notes) != 1 else next(
                    iter(notes.values()))
                if note is None:
                    yield f"ctr:revisions ref={ref!r} names no note of the unit"
                    continue
                for item in revisions.iter(f"{{{CTR}}}item"):
                    name = item.get("property")
                    if name != "content" and name not in note.attrib:
                        yield f"ctr:item property={name!r} is no attribute of the note"
