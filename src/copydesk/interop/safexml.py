"""Parsing XML from outside safely, and the vendored schemas that validate it.

A file is parsed with no DTD loaded, no entity expanded and nothing fetched;
a file with a document type declaration is refused outright (XLIFF needs
none, and it is how entity bombs and external entities come in), as is one
over ``MAX_BYTES`` or nested deeper than ``MAX_DEPTH``. Schemas are read from
``schemas/`` beside this module; an import of anything else is refused, so
validation never reaches the network or the file system.
"""

from __future__ import annotations

import threading
from functools import cache
from importlib import resources
from typing import Any

from lxml import etree

from copydesk.errors import InputError, TooLargeError

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
MAX_ELEMENTS = 500_000
SCHEMA_FILES = frozenset({"xliff_core_2.0.xsd", "xliff-core-1.2-strict.xsd", "xml.xsd",
                          "copydesk.xsd"})
# Where the vendored schemas import the XML namespace's schema from: the vendored copy.
SCHEMA_URLS = {"http://www.w3.org/2001/xml.xsd": "xml.xsd"}
XSD = "http://www.w3.org/2001/XMLSchema"
# A compiled schema keeps the error log of its last validation, and libxml2 does not
# compile two schemas at once safely: one compilation or validation at a time.
_validating = threading.RLock()


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_pis=True)


def parse(data: bytes, what: str = "The file") -> Any:
    """The root element of ``data``, or ``InputError`` saying what is wrong with it."""
    if len(data) > MAX_BYTES:
        raise TooLargeError(f"{what} is {len(data):,} bytes, over the limit of {MAX_BYTES:,}; "
                            "split it into several files.")
    if not data.strip():
        raise InputError(f"{what} is empty; send an XLIFF file.")
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as err:
        raise InputError(f"{what} is not well-formed XML: {_message(err)}.") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise InputError(f"{what} has a document type declaration (<!DOCTYPE ...>); XLIFF needs "
                         "none and the desk refuses them. Remove it and send the file again.")
    _require_shallow(tree.getroot(), what)
    return tree.getroot()


def _require_shallow(root: Any, what: str) -> None:
    depth = count = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        count += 1
        if depth > MAX_DEPTH:
            raise InputError(f"{what} nests elements more than {MAX_DEPTH} deep; no XLIFF file "
                             "needs that, so it is refused.")
        if count > MAX_ELEMENTS:
            raise TooLargeError(f"{what} has more than {MAX_ELEMENTS:,} elements; split it.")


def _message(err: etree.XMLSyntaxError) -> str:
    text = str(err.msg or err).strip().rstrip(".")
    return f"{text} (line {err.lineno})" if err.lineno and "line" not in text else text


class _VendoredOnly(etree.Resolver):
    """Resolves schema imports to the files in ``schemas/``; refuses everything else."""

    def resolve(self, url: str, pubid: str, context: Any) -> Any:
        name = SCHEMA_URLS.get(url) or url.rsplit("/", 1)[-1]
        if name not in SCHEMA_FILES or (url.startswith(("http:", "https:", "file:"))
                                        and url not in SCHEMA_URLS):
            raise InputError(f"A schema import of {url!r} was refused: only the schemas "
                             "vendored with copydesk are used.")
        return self.resolve_string(_schema_bytes(name), context)


def _schema_bytes(name: str) -> bytes:
    return resources.files("copydesk.interop").joinpath("schemas", name).read_bytes()


def schema(*files: str) -> etree.XMLSchema:
    """One schema made of the vendored ``files`` (each imported for its target namespace)."""
    with _validating:
        return _compiled(files)


@cache
def _compiled(files: tuple[str, ...]) -> etree.XMLSchema:
    parser = _parser()
    parser.resolvers.add(_VendoredOnly())
    imports = []
    for name in files:
        target = etree.fromstring(_schema_bytes(name), _parser()).get("targetNamespace")
        imports.append(f'<xs:import namespace="{target}" schemaLocation="{name}"/>')
    wrapper = f'<xs:schema xmlns:xs="{XSD}">{"".join(imports)}</xs:schema>'
    document = etree.fromstring(wrapper.encode(), parser, base_url="copydesk-schemas/all.xsd")
    return etree.XMLSchema(document)


def schema_errors(root: Any, *files: str) -> list[Any]:
    """Every objection of the schema of ``files`` to ``root`` (lxml log entries)."""
    checker = schema(*files)
    with _validating:
        if checker.validate(root):
            return []
        return list(checker.error_log)


def schema_problem(root: Any, *files: str) -> str | None:
    """What the schema of ``files`` finds wrong with ``root`` (the first error), or None."""
    checker = schema(*files)
    with _validating:
        if checker.validate(root):
            return None
        error = checker.error_log.last_error if checker.error_log else None
        first = checker.error_log[0] if checker.error_log else error
    if first is None:
        return "it does not match the schema"
    return f"line {first.line}: {first.message}"
