"""The language editions: create and change them, with a table and an engine that work.

Used by ``copydesk editions``, the admin pages and ``desk.staff`` (which the
command line imports them from). A save checks the edition's code, name,
language and engine setting (which must be able to translate from each of
the edition's ``source_languages`` now), and its table with
``edition_options``; it is made under the edition's row lock, refused as a
conflict when the form's ``version`` is not the edition's any more, and
recorded in the administration trail with each changed value before and after.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from copydesk import languages
from copydesk.desk import admin_audit, edition_options
from copydesk.desk.admin_audit import Actor, canonical_json, record, require_admin
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.models import Edition
from copydesk.engines import registry
from copydesk.engines.base import PSEUDO_ENGINE
from copydesk.engines.registry import engine_classes
from copydesk.errors import ConfigError, ConflictError, InputError, UnsupportedPairError

EDITION_CODE_LENGTH = 32
EDITION_NAME_LENGTH = 200
ENGINE_LENGTH = 64
# What an edition form sends back to show which version it was filled in from.
EDITION_FIELDS = ("name", "language", "engine", "disclosure_reviewed", "disclosure_unreviewed",
                  "options")


def edition_version(edition: Edition) -> str:
    """A digest of the edition's settings (its glossary aside, which has its own page): what
    a form sends back so a save made meanwhile is not overwritten."""
    state = {name: getattr(edition, name) for name in EDITION_FIELDS}
    state["options"] = {k: v for k, v in edition.options.items() if k != "glossary"}
    return hashlib.sha256(canonical_json(state).encode("utf-8")).hexdigest()[:24]


def save_edition(code: str, language: str, name: str, *, engine: str = "auto",
                 options: Mapping[str, Any] | None = None,
                 disclosures: Mapping[str, str] | None = None, actor: Actor = None,
                 version: str | None = None,
                 from_browser: bool = False) -> tuple[Edition, bool]:
    """Create the edition ``code`` or update it; returns it and whether it was created.

    ``options`` replaces the edition table (None keeps it); ``disclosures`` sets the
    ``reviewed``/``unreviewed`` notes ('' for the built-in wording). With ``version``
    (``edition_version`` of what a form showed) a save made meanwhile is a conflict.
    """
    require_admin(actor, "change editions")
    code, language = _edition_code(code), languages.normalize(language)
    name = _edition_name(name) or languages.name(language)
    engine = _engine_setting(engine)
    notes = {f"disclosure_{case}": _note(case, text) for case, text in (disclosures or {}).items()}
    with transaction.atomic():
        current = Edition.objects.select_for_update().filter(code=code).first()
        if current is not None and version is not None and edition_version(current) != version:
            raise _conflict(current, name=name, language=language, engine=engine)
        table = (dict(current.options) if current else {}) if options is None else \
            edition_options.check(options, current=current.options if current else None,
                                  from_browser=from_browser)
        values: dict[str, Any] = {"name": name, "language": language, "engine": engine,
                                  "options": table, **notes}
        sources = edition_options.source_languages(table)
        if current is None or (current.language, current.engine, edition_options.
                               source_languages(current.options)) != (language, engine, sources):
            check_engine(engine, language, sources, name)
        if current is None:
            return _create(code, values, actor), True
        changes = _changes(current, values)
        if changes:
            for key, value in values.items():
                setattr(current, key, value)
            current.save(update_fields=list(values))
            record("edition_changed", actor=actor, subject=f"edition:{code}",
                   payload={"code": code, "changes": changes})
        return current, False


def _create(code: str, values: Mapping[str, Any], actor: Actor) -> Edition:
    try:
        with transaction.atomic():
            edition = Edition.objects.create(code=code, **values)
    except IntegrityError:
        raise ConflictError(f"The edition {code} was added by someone else just now; open it "
                            "from the list of editions.", theirs="", yours=code,
                            current_version=0) from None
    record("edition_added", actor=actor, subject=f"edition:{code}",
           payload={"code": code, "values": _recorded(edition)})
    return edition


def check_engine(engine: str, language: str, sources: Sequence[str], edition: str = "") -> None:
    """Refuse an engine setting that cannot translate each source language into ``language``
    now, naming the engines that can (``auto`` always can: it falls back to pseudo; so does
    ``pseudo``, a test setup)."""
    if engine in ("auto", PSEUDO_ENGINE):
        return
    pairs = [(source, language) for source in sources if source != language]
    if not pairs:
        raise InputError(f"Say which languages the {edition or 'edition'} translates from "
                         "(source_languages), so its engine can be checked; its own language "
                         f"({language}) is not one.")
    settings = copydesk_settings()
    for source, target in pairs:
        problem = registry.unable(engine, source, target, settings)
        if problem is None:
            continue
        able = registry.capable(source, target, settings)
        pair = f"{languages.name(source)} ({source}) into {languages.name(target)} ({target})"
        others = (f"Engines that can: {', '.join(able)}." if able else
                  "No installed engine can: install a model (copydesk models install opus-mt "
                  f"--from {languages.base(source)} --to {languages.base(target)}), set up "
                  "DeepL or an OpenAI-compatible server ('copydesk engines list'), or choose "
                  "'auto'.")
        raise UnsupportedPairError(f"The engine setting '{engine}' cannot translate {pair} "
                                   f"({problem}). {others}")


def _edition_code(code: str) -> str:
    if not code or slugify(code) != code or len(code) > EDITION_CODE_LENGTH:
        raise InputError(f"Edition code {code[:40]!r} may only hold lower-case letters, digits "
                         f"and '-', up to {EDITION_CODE_LENGTH} of them.")
    return code


def _edition_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name or "").strip()
    if len(name) > EDITION_NAME_LENGTH or not name.isprintable():
        raise InputError(f"Give the edition a name of up to {EDITION_NAME_LENGTH} printable "
                         "characters.")
    return name


def _engine_setting(engine: str) -> str:
    names = [part.strip() for part in (engine or "").split(",")]
    known = engine_classes()
    unknown = [n for n in names if n not in known and n != "auto"]
    if unknown or not all(names):
        listed = ", ".join(n or "(empty)" for n in unknown) or "(empty)"
        raise ConfigError(f"Unknown engine(s) {listed[:200]}; see 'copydesk engines list'.")
    if len(set(names)) != len(names) or ("auto" in names and len(names) > 1):
        raise ConfigError(f"The engine setting '{engine[:100]}' names an engine twice, or "
                          "'auto' in a chain; give one engine, a chain such as "
                          "deepl,ctranslate2, or auto.")
    setting = ",".join(names)
    if len(setting) > ENGINE_LENGTH:
        raise ConfigError(f"The engine setting is longer than {ENGINE_LENGTH} characters.")
    return setting


def _note(case: str, text: str) -> str:
    if case not in ("reviewed", "unreviewed"):
        raise InputError(f"Unknown disclosure {case!r}; use reviewed or unreviewed.")
    if not text.strip():
        return ""
    return str(edition_options.check({f"disclosure_{case}": text})[f"disclosure_{case}"])


def _recorded(edition: Edition) -> dict[str, Any]:
    return {name: getattr(edition, name) for name in EDITION_FIELDS}


def _changes(current: Edition, values: Mapping[str, Any]) -> dict[str, Any]:
    """Each changed field (each changed key of the table) with its value before and after."""
    changes: dict[str, Any] = {}
    for key, after in values.items():
        before = getattr(current, key)
        if key == "options":
            for option in sorted(set(before) | set(after)):
                if before.get(option) != after.get(option):
                    changes[f"options.{option}"] = {"before": before.get(option),
                                                    "after": after.get(option)}
        elif before != after:
            changes[key] = {"before": before, "after": after}
    return changes


def _conflict(current: Edition, **yours: str) -> ConflictError:
    last = admin_audit.last_change(f"edition:{current.code}")
    by = f" by {last.actor} at {last.created_at:%Y-%m-%d %H:%M} UTC" if last else ""
    return ConflictError(
        f"The edition {current.code} ({current.name}) was changed{by} after you opened it. "
        "Nothing was saved: "
        "the form now shows the edition as it is; make your changes again and save.",
        theirs=canonical_json(_recorded(current)), yours=canonical_json(yours),
        current_version=0)


def editions() -> list[Edition]:
    return list(Edition.objects.order_by("code"))
