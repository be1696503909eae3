"""ninjs, IPTC's JSON format for news items: which version an item is, and its validation.

copydesk reads and writes ninjs 1.x and 2.x. An item is checked against the
IPTC schema of the latest minor version of its major version that copydesk
ships (``ninjs_schemas/``: 1.5 and 2.1, which accept the items of the minor
versions before them). The version is the one the item declares
(``$standard`` in 1.x, ``standard`` in 2.x), else the one its properties
belong to (``headline``, ``body_html``, ``byline`` and an ``associations``
object are 1.x; ``headlines``, ``bodies``, ``by`` and an ``associations``
list are 2.x).

An item that does not match its schema is refused with the place of the
first problem (``/headlines/0``) and what is wrong there. Reading follows the
schemas' own test suite and treats ``format`` (``uri``, ``date-time``) as a
note, since agencies send dates like ``2024-05-01T10:00:00+0200``; what
copydesk writes is held to the formats too (``strict``). Schemas are read
from ``ninjs_schemas/`` only: nothing is fetched, and the GeoJSON schema that
2.1 names for a place's ``geojson`` is not shipped, so that member is not
checked.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import FormatChecker, validators
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource, Unresolvable
from referencing.jsonschema import DRAFT202012

from copydesk.errors import InputError

V1, V2 = "1.5", "2.1"
VERSIONS = (V1, V2)
SCHEMA_URIS = {V1: "http://www.iptc.org/std/ninjs/ninjs-schema_1.5.json",
               V2: "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"}
GEOJSON = "https://geojson.org/schema/GeoJSON.json"
MAX_MESSAGE = 200
# Properties only one major version has (associations and renditions differ in shape).
ONLY_1 = frozenset({"headline", "byline", "mimetype", "person", "organisation", "place",
                    "subject", "event", "object", "infosource", "trustindicator", "genre",
                    "$standard", "charcount", "wordcount"})
ONLY_2 = frozenset({"headlines", "bodies", "descriptions", "by", "people", "organisations",
                    "places", "subjects", "events", "objects", "infosources", "trustindicators",
                    "genres", "standard"})
_PREFIXED_1 = re.compile(r"(?:body|description|headline)_[a-zA-Z0-9_]+")
# Properties that say "news item" where copydesk's own article JSON has title and blocks.
ITEM_MARKS = ONLY_1 | ONLY_2 | {"versioncreated", "firstcreated", "pubstatus", "associations",
                                "renditions", "representationtype", "type", "located"}
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(?:\.\d+)?(?:[Zz]|[+-]\d\d:\d\d)")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]+")


def is_item(data: Any) -> bool:
    """Whether JSON data has the shape of a ninjs news item (not copydesk's article JSON)."""
    if not isinstance(data, dict) or "blocks" in data or not isinstance(data.get("uri"), str):
        return False
    return any(key in ITEM_MARKS or _PREFIXED_1.fullmatch(key) for key in data)


def version_of(item: dict[str, Any]) -> str:
    """The schema version to check ``item`` against: ``1.5`` or ``2.1``."""
    declared = item.get("$standard", item.get("standard"))
    if isinstance(declared, dict) and isinstance(declared.get("version"), str):
        major = declared["version"].strip().split(".")[0]
        if major in ("1", "2"):
            return V1 if major == "1" else V2
        raise InputError(f"This is a ninjs {declared['version'][:20]} item; copydesk reads "
                         "ninjs 1.x and 2.x. Ask the sender for a 2.x item.")
    ones = sum(1 for key in item if key in ONLY_1 or _PREFIXED_1.fullmatch(key))
    ones += isinstance(item.get("associations"), dict) + isinstance(item.get("renditions"), dict)
    twos = sum(1 for key in item if key in ONLY_2)
    twos += isinstance(item.get("associations"), list) + isinstance(item.get("renditions"), list)
    return V1 if ones > twos else V2


def validate(item: Any, version: str | None = None, *, strict: bool = False) -> str:
    """Check ``item`` against its ninjs schema (``version``, else ``version_of``); returns
    the version. ``strict`` also checks the ``uri`` and ``date-time`` formats."""
    if not isinstance(item, dict):
        raise InputError(f"A ninjs item is a JSON object, not {type(item).__name__}.")
    version = version or version_of(item)
    try:
        error = best_match(_validator(version, strict).iter_errors(item))
    except Unresolvable as exc:
        raise InputError(f"This ninjs item refers to {str(exc)[:MAX_MESSAGE]}, which copydesk "
                         "does not resolve; remove the reference.") from None
    if error is not None:
        where = "/" + "/".join(str(p) for p in error.absolute_path) if error.absolute_path \
            else "the top level"
        raise InputError(f"This is not a valid ninjs {version} item: at {where[:MAX_MESSAGE]}, "
                         f"{_short(error.message)}. Fix the item (the IPTC schema "
                         f"ninjs-schema_{version}.json says what is allowed).")
    return version


def normalized(value: Any) -> Any:
    """The JSON data with every string (and key) in Unicode NFC, checked in that form."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {normalized(k): normalized(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalized(v) for v in value]
    return value


def is_date_time(value: object) -> bool:
    """An RFC 3339 date-time (``2026-03-01T09:30:00Z``), as the schemas' ``date-time``."""
    if not isinstance(value, str) or not _DATE_TIME.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def is_uri(value: object) -> bool:
    """An absolute URI (a scheme, then no spaces or characters a URI never has)."""
    return isinstance(value, str) and _URI.fullmatch(value) is not None


def schema(version: str) -> dict[str, Any]:
    """The vendored IPTC schema of ``version`` (``1.5`` or ``2.1``)."""
    return dict(_schema(version))


@cache
def _schema(version: str) -> dict[str, Any]:
    if version not in VERSIONS:
        raise InputError(f"copydesk has no ninjs {version} schema; use one of "
                         f"{', '.join(VERSIONS)}.")
    name = f"ninjs-schema_{version}.json"
    text = resources.files("copydesk.interop").joinpath("ninjs_schemas", name).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator(version: str, strict: bool) -> Validator:
    document = _schema(version)
    cls = validators.validator_for(document)
    cls.check_schema(document)
    registry: Registry[Any] = Registry(retrieve=_retrieve)  # type: ignore[call-arg]
    checker = _STRICT if strict else None
    validator: Validator = cls(document, registry=registry, format_checker=checker)
    return validator


def _retrieve(uri: str) -> Resource[Any]:
    """Only the GeoJSON reference is answered (with a schema that takes anything)."""
    if uri.rstrip("#") == GEOJSON:
        return Resource.from_contents({}, default_specification=DRAFT202012)
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


def _short(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[:MAX_MESSAGE] + "…"


_STRICT = FormatChecker(formats=())
_STRICT.checks("date-time")(lambda value: not isinstance(value, str) or is_date_time(value))
_STRICT.checks("uri")(lambda value: not isinstance(value, str) or is_uri(value))
