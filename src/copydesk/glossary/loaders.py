"""Reading glossaries from CSV/TSV and TBX files.

CSV (or TSV) has a header row with the columns ``source``, ``target`` and
optionally ``type`` (``preferred`` | ``forbidden`` | ``dnt``), ``note`` and
``case`` (``sensitive`` | ``insensitive``); its language pair is passed to
``load``. A header of two language codes (``en,de``) names the pair, and a
file of plain two-column rows (``source,target``, no header) is a list of
preferred terms.

TBX: TBX-Basic / TBX v2 (``martif``, ``termEntry``, ``langSet``, ``tig`` or
``ntig``) and TBX v3 (``tbx``, ``conceptEntry``, ``langSec``, ``termSec``).
``administrativeStatus`` ``deprecatedTerm-admn-sts`` or
``supersededTerm-admn-sts`` makes a target term forbidden; any note or
descriptor saying "do not translate" makes the term (or the whole entry)
do-not-translate.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import permutations
from pathlib import Path
from typing import Any

from lxml import etree

from copydesk.errors import EncodingError, InputError
from copydesk.glossary.model import Glossary, Term, TermType
from copydesk.languages import LANGUAGES

TYPE_NAMES = {
    "": TermType.PREFERRED, "preferred": TermType.PREFERRED, "forbidden": TermType.FORBIDDEN,
    "deprecated": TermType.FORBIDDEN, "dnt": TermType.DNT, "do-not-translate": TermType.DNT,
    "donottranslate": TermType.DNT,
}
FORBIDDEN_STATUSES = {"deprecatedterm-admn-sts", "supersededterm-admn-sts", "deprecated",
                      "superseded"}
CASE_NAMES = ("", "sensitive", "insensitive", "yes", "no", "true", "false")
MAX_CELL_CHARS = 2000  # a term, its type or a note; longer means a broken file
DNT_RE = re.compile(r"do[-_ ]?not[-_ ]?translate|untranslatable|notranslate", re.IGNORECASE)


def load(path: str | Path, source_lang: str | None = None,
         target_lang: str | None = None) -> Glossary:
    """Read a glossary file, choosing the reader by extension (.csv, .tsv, .tbx)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"Glossary file {path} not found; check the path.")
    return parse(path.read_bytes(), path.name, source_lang, target_lang)


def parse(data: bytes, name: str, source_lang: str | None = None,
          target_lang: str | None = None) -> Glossary:
    """Read a glossary from the bytes of a file called ``name`` (an upload, say), choosing
    the reader by its extension as ``load`` does."""
    suffix = Path(name).suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        glossary = _parse_csv(data, name, "\t" if suffix == ".tsv" else ",", source_lang,
                              target_lang)
    elif suffix in (".tbx", ".xml"):
        glossary = _parse_tbx(data, name, source_lang, target_lang)
    else:
        raise InputError(f"Unknown glossary format {suffix!r} ({name}); "
                         "use a .csv, .tsv or .tbx file.")
    if not glossary.terms:
        pair = f" for {source_lang}->{target_lang}" if source_lang and target_lang else ""
        raise InputError(f"Glossary {name} has no terms{pair}; check its languages "
                         "and that it is not empty.")
    return glossary


def for_edition(edition: Mapping[str, Any], source_lang: str | None,
                target_lang: str | None) -> Glossary | None:
    """The glossary an edition table names (``glossary = "path"``), or None.

    Read once per file version: the desk re-checks a segment on every save.
    """
    configured = edition.get("glossary")
    if not configured:
        return None
    path = Path(str(configured)).expanduser()
    stamp = path.stat().st_mtime_ns if path.is_file() else None
    return _cached(str(path), stamp, source_lang, target_lang)


@lru_cache(maxsize=16)
def _cached(path: str, stamp: int | None, source_lang: str | None,
            target_lang: str | None) -> Glossary:
    return load(path, source_lang, target_lang)


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EncodingError(f"Glossary {name} is not UTF-8 or UTF-16 text; "
                            "save it as UTF-8 and load it again.") from None


def _is_lang(cell: str) -> bool:
    return cell.replace("_", "-").split("-")[0].lower() in LANGUAGES and len(cell) <= 8


def load_csv(path: Path, source_lang: str | None, target_lang: str | None) -> Glossary:
    return _parse_csv(path.read_bytes(), path.name,
                      "\t" if path.suffix.lower() == ".tsv" else ",", source_lang, target_lang)


def _parse_csv(data: bytes, name: str, delimiter: str, source_lang: str | None,
               target_lang: str | None) -> Glossary:
    text = _decode(data, name)
    rows = _csv_rows(text, delimiter, name)
    if not rows:
        raise InputError(f"Glossary {name} is empty; add rows 'source,target'.")
    head = [c.lower() for c in rows[0]]
    if "source" in head or "target" in head:
        if not {"source", "target"} <= set(head):
            raise InputError(f"Glossary {name} lacks a 'source' or 'target' column; "
                             "the header must name both.")
        columns, body = head, rows[1:]
    elif len(head) == 2 and all(_is_lang(c) for c in head):
        source_lang, target_lang = source_lang or head[0], target_lang or head[1]
        columns, body = ["source", "target"], rows[1:]
    elif len(head) == 2:
        columns, body = ["source", "target"], rows
    else:
        raise InputError(f"Glossary {name} has no header with 'source' and 'target' "
                         "columns; add one (source,target,type,note).")
    if not (source_lang and target_lang):
        raise InputError(f"Glossary {name} does not say its languages; pass source_lang "
                         "and target_lang, or use a header such as 'en,de'.")
    terms = [_csv_term(dict(zip(columns, row, strict=False)), source_lang, target_lang,
                       name, number)
             for number, row in enumerate(body, start=2 if body is not rows else 1)]
    return Glossary(_with_replacements([t for t in terms if t]), name=name)


def _csv_rows(text: str, delimiter: str, name: str) -> list[list[str]]:
    """The non-empty rows, each cell stripped, without NUL and at most ``MAX_CELL_CHARS``."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            cells = [c.strip() for c in row]
            if any(len(c) > MAX_CELL_CHARS for c in cells):
                raise _cell_too_long(name, reader.line_num)
            if any("\x00" in c for c in cells):
                raise InputError(f"Glossary {name}, line {reader.line_num}: a NUL character "
                                 "is no text; remove it and load the file again.")
            if any(cells):
                rows.append(cells)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _cell_too_long(name, reader.line_num) from None
        raise InputError(f"Glossary {name}, line {reader.line_num}: not valid CSV ({exc}); "
                         "check its quotes.") from None
    return rows


def _cell_too_long(name: str, line: int) -> InputError:
    return InputError(f"Glossary {name}, line {line}: a cell is longer than {MAX_CELL_CHARS:,} "
                      "characters, which no term or note needs; check for a missing closing "
                      "quote, or shorten it.")


def _csv_term(row: dict[str, str], source_lang: str, target_lang: str, name: str,
              line: int) -> Term | None:
    kind = row.get("type", "").lower()
    if kind not in TYPE_NAMES:
        raise InputError(f"Glossary {name}, line {line}: unknown type {kind!r}; "
                         "use preferred, forbidden or dnt.")
    term_type = TYPE_NAMES[kind]
    source, target = row.get("source", ""), row.get("target", "")
    if term_type is TermType.DNT and not target:
        target = source
    if not target:
        return None
    case = row.get("case", "").lower()
    sensitive = case in ("sensitive", "yes", "true") or (
        term_type is TermType.DNT and case not in ("insensitive", "no", "false"))
    return Term(source, target, term_type, source_lang.lower(), target_lang.lower(),
                sensitive, row.get("note", ""))


def make_term(fields: Mapping[str, str], source_lang: str, target_lang: str,
              where: str = "The term") -> Term:
    """One term from its fields as a CSV row names them (``source``, ``target``, ``type``,
    ``case``, ``note``), NFC-normalised and checked as a file's rows are, and stricter: each
    field is one printable line, a preferred or do-not-translate term has a source and a
    forbidden one its target. Raises ``InputError`` saying what to fix."""
    row = {}
    for key in ("source", "target", "type", "case", "note"):
        value = unicodedata.normalize("NFC", str(fields.get(key) or "")).strip()
        if len(value) > MAX_CELL_CHARS or not value.isprintable():
            raise InputError(f"{where}: its {key} must be one line of up to "
                             f"{MAX_CELL_CHARS:,} printable characters.")
        row[key] = value
    if row["type"].lower() not in TYPE_NAMES:
        raise InputError(f"{where}: unknown type {row['type']!r}; use preferred, forbidden "
                         "or dnt.")
    if row["case"].lower() not in CASE_NAMES:
        raise InputError(f"{where}: case {row['case']!r} is neither sensitive nor insensitive.")
    term = _csv_term(row, source_lang, target_lang, where, 0)
    if term is None or (term.type is not TermType.FORBIDDEN and not term.source):
        needed = "target" if term is None else "source"
        raise InputError(f"{where} has no {needed} term; give one.")
    return term


def dump_csv(terms: Iterable[Term]) -> str:
    """The terms as a CSV glossary (``source,target,type,case,note``) that ``load`` reads
    back as the same terms, for any language pair."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "target", "type", "case", "note"])
    for t in terms:
        writer.writerow([t.source, t.target, t.type.value,
                         "sensitive" if t.case_sensitive else "insensitive", t.note])
    return out.getvalue()


def _with_replacements(terms: list[Term]) -> list[Term]:
    """Give each forbidden term the preferred targets of its source term."""
    preferred: dict[tuple[str, str, str], list[str]] = {}
    for t in terms:
        if t.type is not TermType.FORBIDDEN and t.source:
            preferred.setdefault((t.source.casefold(), t.source_lang, t.target_lang),
                                 []).append(t.target)
    out = []
    for t in terms:
        if t.type is TermType.FORBIDDEN and not t.replacements:
            key = (t.source.casefold(), t.source_lang, t.target_lang)
            t = Term(t.source, t.target, t.type, t.source_lang, t.target_lang,
                     t.case_sensitive, t.note, tuple(preferred.get(key, ())))
        out.append(t)
    return out


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element, *names: str) -> list[etree._Element]:
    return [e for e in element.iter() if _local(e) in names]


def _xml_lang(element: etree._Element) -> str:
    lang = element.get("{http://www.w3.org/XML/1998/namespace}lang") or element.get("lang", "")
    return lang.strip().lower().replace("_", "-")


def _is_dnt(element: etree._Element) -> bool:
    return any(DNT_RE.search(f"{e.get('type', '')} {e.text or ''}")
               for e in element.iter() if _local(e) in ("termNote", "descrip", "admin", "note"))


def _tbx_terms(lang_set: etree._Element) -> list[tuple[str, str]]:
    """(term, status) of each term in a language section; status: ok | forbidden | dnt."""
    out = []
    for group in _children(lang_set, "tig", "ntig", "termSec"):
        term = next(iter(_children(group, "term")), None)
        if term is None or not "".join(term.itertext()).strip():
            continue
        statuses = {(n.text or "").strip().lower() for n in _children(group, "termNote")
                    if n.get("type") == "administrativeStatus"}
        status = ("dnt" if _is_dnt(group) else
                  "forbidden" if statuses & FORBIDDEN_STATUSES else "ok")
        out.append((" ".join("".join(term.itertext()).split()), status))
    return out


def _entry_terms(entry: etree._Element, source_lang: str | None,
                 target_lang: str | None) -> list[Term]:
    by_lang: dict[str, list[tuple[str, str]]] = {}
    for lang_set in _children(entry, "langSet", "langSec"):
        by_lang.setdefault(_xml_lang(lang_set), []).extend(_tbx_terms(lang_set))
    entry_dnt = any(_is_dnt(e) for e in entry if _local(e) not in ("langSet", "langSec"))
    pairs = ([(source_lang.lower(), target_lang.lower())] if source_lang and target_lang
             else permutations(by_lang, 2))
    terms: list[Term] = []
    for src, tgt in pairs:
        sources = [t for t, s in _lang_terms(by_lang, src) if s != "forbidden"]
        targets = _lang_terms(by_lang, tgt)
        preferred = tuple(t for t, s in targets if s != "forbidden")
        for source in sources:
            if entry_dnt:
                terms.append(Term(source, source, TermType.DNT, src, tgt, True))
                continue
            for target, status in targets:
                kind = {"ok": TermType.PREFERRED, "dnt": TermType.DNT,
                        "forbidden": TermType.FORBIDDEN}[status]
                terms.append(Term(source, target, kind, src, tgt, kind is TermType.DNT,
                                  replacements=preferred if kind is TermType.FORBIDDEN else ()))
    return terms


def _lang_terms(by_lang: dict[str, list[tuple[str, str]]], lang: str) -> list[tuple[str, str]]:
    """Terms of ``lang``; a base code ("pt") also takes regional sections ("pt-br")."""
    return [t for code, terms in by_lang.items()
            if code == lang or code.split("-")[0] == lang for t in terms]


def load_tbx(path: Path, source_lang: str | None, target_lang: str | None) -> Glossary:
    return _parse_tbx(path.read_bytes(), path.name, source_lang, target_lang)


def _parse_tbx(data: bytes, name: str, source_lang: str | None,
               target_lang: str | None) -> Glossary:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"Glossary {name} is not well-formed XML ({exc}); "
                         "export it again as TBX.") from None
    if root is None or _local(root) not in ("martif", "tbx"):
        local = _local(root) if root is not None else ""
        raise InputError(f"Glossary {name} is XML but not TBX (root <{local}>); "
                         "export it as TBX.")
    terms = [t for entry in _children(root, "termEntry", "conceptEntry")
             for t in _entry_terms(entry, source_lang, target_lang)]
    return Glossary(terms, name=name)
