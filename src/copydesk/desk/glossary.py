"""An edition's glossary kept by the desk: uploaded as CSV/TSV or TBX, edited term by term.

The desk keeps each version as a CSV file in ``$COPYDESK_HOME/glossaries``,
named by its content (``<edition>-<sha256 prefix>.csv``), and points the
edition table's ``glossary`` at it, so the pipeline, the checks and the
engines read it as any configured glossary (``copydesk.glossary.for_edition``).
Its terms hold for articles in any source language; a TBX file is read for
the language pair given on upload. Every change is checked by the core
readers (``copydesk.glossary``), made under the edition's row lock and
recorded in the administration trail with the new file's SHA-256, so
``admin_audit.verify`` notices a file changed behind the desk's back. A term
is named by a key made from its content, so a change or removal made from a
stale page (the term changed meanwhile) is refused, not applied to another
term. The last two versions' files are kept, for readers that picked up the
previous one a moment ago.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from django.db import transaction

from copydesk import glossary as core
from copydesk import languages
from copydesk.desk import edition_options
from copydesk.desk.admin_audit import Actor, canonical_json, record, require_admin
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.models import AdminEvent, Edition
from copydesk.errors import ConflictError, InputError, NotFoundError, TooLargeError
from copydesk.glossary import Term, TermType

FOLDER = "glossaries"
MAX_UPLOAD_BYTES = 5_000_000
MAX_TERMS = 10_000
SUFFIXES = (".csv", ".tsv", ".txt", ".tbx", ".xml")
GLOSSARY_EVENTS = ("glossary_replaced", "glossary_term_added", "glossary_term_changed",
                   "glossary_term_removed")


@dataclass(frozen=True)
class EditionGlossary:
    """What an edition's table names as its glossary, and its terms.

    ``managed``: the desk keeps it (it can be edited here); ``origin`` says who set
    another one (``edition table`` or ``config file``); ``problem`` why it cannot be read.
    """

    edition: Edition
    path: str
    managed: bool
    origin: str
    terms: list[Term] = field(default_factory=list)
    digest: str = ""
    problem: str = ""

    def keyed(self) -> list[tuple[str, Term]]:
        return [(term_key(t), t) for t in self.terms]


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def term_key(term: Term) -> str:
    """A short name for a term made from everything it says."""
    fields = [term.source, term.target, term.type.value, term.case_sensitive, term.note]
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()[:16]


def term_fields(term: Term) -> dict[str, str]:
    return {"source": term.source, "target": term.target, "type": term.type.value,
            "case": "sensitive" if term.case_sensitive else "insensitive", "note": term.note}


def folder() -> Path:
    return copydesk_settings().home_path / FOLDER


def _managed(code: str, path: str) -> bool:
    candidate = Path(path)
    return (candidate.parent == folder()
            and re.fullmatch(rf"{re.escape(code)}-[0-9a-f]{{16}}\.csv", candidate.name) is not None)


def _pair(edition: Edition) -> tuple[str, str]:
    return edition_options.source_languages(edition.options)[0], edition.language


def find_edition(code: str, *, lock: bool = False) -> Edition:
    rows = Edition.objects.select_for_update() if lock else Edition.objects
    found = rows.filter(code=code).first() if code.isprintable() and len(code) <= 32 else None
    if found is None:
        raise NotFoundError(f"No edition {code[:40]!r}; see 'copydesk editions list'.")
    return found


def show(code: str) -> EditionGlossary:
    """The edition's glossary and its terms as the desk reads them."""
    return _read(find_edition(code))


def _read(edition: Edition) -> EditionGlossary:
    from copydesk.desk.bootstrap import edition_table

    named = str(edition_table(edition).get("glossary") or "")
    own = "glossary" in edition.options
    if not named:
        return EditionGlossary(edition, "", managed=False, origin="")
    managed = own and _managed(edition.code, named)
    origin = "desk" if managed else "edition table" if own else "config file"
    path = Path(named).expanduser()
    try:
        data = path.read_bytes()
        terms = core.parse(data, path.name, *_pair(edition)).terms
    except OSError as error:
        return EditionGlossary(edition, named, managed, origin,
                               problem=f"{path} cannot be read ({error.strerror}).")
    except InputError as error:
        return EditionGlossary(edition, named, managed, origin, problem=str(error))
    return EditionGlossary(edition, named, managed, origin, terms,
                           digest=hashlib.sha256(data).hexdigest())


def upload(code: str, data: bytes, file_name: str, *, source_language: str = "en",
           actor: Actor = None, version: str | None = None) -> EditionGlossary:
    """Replace the edition's glossary with the terms of an uploaded CSV/TSV or TBX file
    (a TBX file is read for ``source_language`` into the edition's language)."""
    require_admin(actor, "change glossaries")
    name = PurePosixPath(unicodedata.normalize("NFC", file_name or "")).name
    if Path(name).suffix.lower() not in SUFFIXES:
        raise InputError(f"Upload a glossary as a .csv, .tsv or .tbx file (not {name[:80]!r}).")
    if len(data) > MAX_UPLOAD_BYTES:
        raise TooLargeError(f"The glossary file is larger than {MAX_UPLOAD_BYTES:,} bytes; "
                            "split it, or keep only the terms the edition needs.")
    source = languages.normalize(source_language)
    with transaction.atomic():
        edition = find_edition(code, lock=True)
        before = _check_version(_read(edition), version)
        parsed = core.parse(data, name, source, edition.language).terms
        terms = list({term_key(t): t for t in (_normal(t) for t in parsed)}.values())
        return _store(edition, terms, "glossary_replaced", actor, {
            "file": name, "bytes": len(data), "source_language": source,
            "terms_before": len(before.terms), "terms_in_file": len(parsed)})


def add_term(code: str, fields: Mapping[str, str], *, actor: Actor = None) -> Term:
    require_admin(actor, "change glossaries")
    with transaction.atomic():
        edition = find_edition(code, lock=True)
        current = _editable(edition)
        term = core.make_term(fields, *_pair(edition))
        if any(_same(term, t) for t in current.terms):
            raise InputError(f"The glossary has this term already ({term.source} → "
                             f"{term.target}, {term.type.value}); change that one instead.")
        _store(edition, [*current.terms, term], "glossary_term_added", actor,
               {"term": term_fields(term)})
    return term


def change_term(code: str, key: str, fields: Mapping[str, str], *,
                actor: Actor = None) -> Term:
    require_admin(actor, "change glossaries")
    with transaction.atomic():
        edition = find_edition(code, lock=True)
        current = _editable(edition)
        at, old = _find(current, key)
        term = core.make_term(fields, *_pair(edition))
        if any(_same(term, t) for i, t in enumerate(current.terms) if i != at):
            raise InputError(f"The glossary has this term already ({term.source} → "
                             f"{term.target}, {term.type.value}); remove this one instead.")
        if term_key(term) != key:
            terms = [*current.terms[:at], term, *current.terms[at + 1:]]
            _store(edition, terms, "glossary_term_changed", actor,
                   {"before": term_fields(old), "after": term_fields(term)})
    return term


def remove_term(code: str, key: str, *, actor: Actor = None) -> Term:
    require_admin(actor, "change glossaries")
    with transaction.atomic():
        edition = find_edition(code, lock=True)
        current = _editable(edition)
        at, old = _find(current, key)
        _store(edition, [*current.terms[:at], *current.terms[at + 1:]],
               "glossary_term_removed", actor, {"term": term_fields(old)})
    return old


def _normal(term: Term) -> Term:
    nfc = unicodedata.normalize
    return replace(term, source=nfc("NFC", term.source), target=nfc("NFC", term.target),
                   note=nfc("NFC", term.note), replacements=())


def _same(one: Term, other: Term) -> bool:
    return (one.source.casefold(), one.target, one.type) == (
        other.source.casefold(), other.target, other.type)


def _check_version(current: EditionGlossary, version: str | None) -> EditionGlossary:
    if version is not None and version != current.digest:
        raise ConflictError(f"The {current.edition.name}'s glossary changed after you opened "
                            "the page. Nothing was changed; look at it again, then upload.",
                            theirs=current.digest, yours=version, current_version=0)
    return current


def _editable(edition: Edition) -> EditionGlossary:
    current = _read(edition)
    if current.path and not current.managed:
        raise InputError(f"The {edition.name} reads its glossary from {current.path} (set in "
                         f"the {current.origin}); upload a file here to keep the glossary on "
                         "the desk, then edit its terms.")
    if current.problem:
        raise InputError(f"The {edition.name}'s glossary cannot be read: {current.problem} "
                         "Upload it again.")
    return current


def _find(current: EditionGlossary, key: str) -> tuple[int, Term]:
    for at, term in enumerate(current.terms):
        if term_key(term) == key:
            return at, term
    raise ConflictError(f"That term of the {current.edition.name}'s glossary was changed or "
                        "removed meanwhile; nothing was changed. Look at the glossary again.",
                        theirs="", yours=key[:16], current_version=0)


def _store(edition: Edition, terms: list[Term], kind: str, actor: Actor,
           payload: dict[str, object]) -> EditionGlossary:
    """Write ``terms`` as the edition's new glossary file, point its table at it and record
    the change (the caller holds the edition's row lock)."""
    if len(terms) > MAX_TERMS:
        raise TooLargeError(f"A glossary of {len(terms):,} terms is more than the desk keeps "
                            f"({MAX_TERMS:,}); keep the terms the edition needs.")
    options = dict(edition.options)
    previous = str(options.get("glossary") or "")
    digest = ""
    if terms:
        text = core.dump_csv(terms).encode("utf-8")
        digest = hashlib.sha256(text).hexdigest()
        path = folder() / f"{edition.code}-{digest[:16]}.csv"
        _write(path, text)
        core.load(path, *_pair(edition))  # reads back, or the change stops here
        options["glossary"] = str(path)
    elif copydesk_settings().edition(languages.normalize(edition.language)).get("glossary"):
        options["glossary"] = ""  # none, and not the config file's either
    else:
        options.pop("glossary", None)
    Edition.objects.filter(pk=edition.pk).update(options=options)
    edition.options = options
    record(kind, actor=actor, subject=f"glossary:{edition.code}",
           payload={"edition": edition.code, **payload, "terms": len(terms), "sha256": digest})
    keep = {str(options.get("glossary") or ""), previous}
    transaction.on_commit(lambda: _tidy(edition.code, keep))
    return _read(edition)


def _write(path: Path, data: bytes) -> None:
    """Write the file whole or not at all (another process may read it at any moment)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_bytes() == data:
        return
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _tidy(code: str, keep: set[str]) -> None:
    """Remove the edition's older glossary files, keeping the current and previous one."""
    for path in folder().glob(f"{code}-*.csv"):
        if _managed(code, str(path)) and str(path) not in keep:
            path.unlink(missing_ok=True)


def trail_problems() -> Findings:
    """Each desk-kept glossary whose file is not what the trail last recorded for it."""
    found = Findings()
    for edition in Edition.objects.order_by("code"):
        named = str(edition.options.get("glossary") or "")
        if not _managed(edition.code, named):
            continue
        last = (AdminEvent.objects.filter(subject=f"glossary:{edition.code}",
                                          kind__in=GLOSSARY_EVENTS).order_by("-seq").first())
        path = Path(named)
        actual = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        where = f"The glossary of edition {edition.code} ({path.name})"
        if actual is None:
            found.problems.append(f"{where} is missing: it was deleted outside the desk.")
        elif last is None:
            found.notes.append(f"{where} has no event in the trail.")
        elif not isinstance(last.payload, dict) or last.payload.get("sha256") != actual:
            found.problems.append(f"{where} is not what event {last.seq} recorded: it was "
                                  "changed outside the desk.")
    return found


def keyed_terms(code: str) -> list[tuple[str, Term]]:
    return show(code).keyed()


def glossaries() -> list[EditionGlossary]:
    return [_read(edition) for edition in Edition.objects.order_by("code")]


def kinds() -> tuple[str, ...]:
    return tuple(kind.value for kind in TermType)

