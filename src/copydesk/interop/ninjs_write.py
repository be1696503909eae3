"""A translation as a ninjs news item (2.1 by default, 1.5 on request).

The item is checked against the vendored IPTC schema, formats included,
before it is returned, so nothing invalid leaves copydesk. What goes where
(2.x names, 1.x in brackets):

* ``standard`` (``$standard``): ninjs, the version and the schema's address;
* ``uri``: the translation's own identifier, the same for every version of it
  (the desk gives one per article and edition; see ``Identity``), and
  ``version`` the publication's number where the desk knows it;
* ``type`` ``text``, ``language`` the target language;
* ``pubstatus``: ``usable`` only for a publication of a real translation;
  ``withheld`` for a draft nobody reviewed (the command line's) and for a
  pseudo-translation, with the reason in ``ednote``; ``canceled`` for a
  withdrawn publication (``canceled``);
* ``firstcreated`` the first publication (or the draft's time),
  ``versioncreated`` this one;
* ``headlines`` (``headline``) the translated headline, ``by`` (``byline``)
  the original's byline as the other outputs carry it, never a login name;
* ``bodies`` (``body_html``): the fragment output, the body for a CMS with
  its standfirst, figures, correction notes and the disclosure;
* ``descriptions`` (``description_text``, ``description_disclosure``,
  ``description_correction``): the standfirst (role ``summary``), the
  disclosure with its feedback sentence (role ``disclosure``) and each
  correction note (role ``correction``);
* ``associations``: the original as the association named ``original``
  (its ``uri``: a ninjs original's own, else its web address; left out when
  the original had neither), and each figure with an absolute http(s)
  address as ``picture1``, ``picture2`` … (alt text, caption, credit, and the
  image as the ``original`` rendition).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import Any

from copydesk.article import Article, BlockKind, plain_text
from copydesk.errors import InputError
from copydesk.interop import ninjs
from copydesk.pipeline import Draft
from copydesk.publish.disclosure import Disclosure
from copydesk.publish.html import render_fragment
from copydesk.publish.inline import plain
from copydesk.publish.page import Figure, Page, layout
from copydesk.publish.provenance import Provenance

FORMAT_VERSIONS = {"ninjs": ninjs.V2, "ninjs1": ninjs.V1}
ORIGINAL = "original"
USABLE, WITHHELD, CANCELED = "usable", "withheld", "canceled"
UNREVIEWED_NOTE = ("Machine translation that no editor has reviewed: not for publication "
                   "until an editor has checked it.")
PSEUDO_NOTE = "Pseudo-translation made for testing: not a translation, never to be published."


@dataclass(frozen=True)
class Identity:
    """The translation's ninjs ``uri``, where known the publication's number, and the
    original's identifier where the article itself does not carry one."""

    uri: str
    version: int | None = None
    original: str | None = None


def identity_for(key: str, language: str, version: int | None = None, *,
                 original: str | None = None) -> Identity:
    """A ``urn:uuid:`` identifier that stays the same for the translation of ``key`` (the
    original's identifier) into ``language``."""
    name = f"copydesk:translation:{key}#{language}"
    return Identity(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}", version,
                    original if ninjs.is_uri(original) else None)


def original_uri(article: Article) -> str | None:
    """The original's identifier: its ninjs ``uri``, else its web address."""
    meta = article.metadata.get("ninjs")
    uri = meta.get("uri") if isinstance(meta, dict) else None
    for candidate in (uri, article.url):
        if ninjs.is_uri(candidate):
            return str(candidate)
    return None


def render_ninjs(draft: Draft, provenance: Provenance, note: Disclosure, *,
                 format: str = "ninjs", identity: Identity | None = None) -> str:
    """The item described in the module docstring, indented, ending in a newline."""
    version = FORMAT_VERSIONS[format]
    page = layout(draft)
    original = original_uri(draft.source) or (identity.original if identity else None)
    identity = identity or identity_for(original or f"title:{provenance.source_title}",
                                        draft.target_language)
    item = _common(provenance, identity, version)
    item["language"] = draft.target_language
    status = _status(provenance)
    item["pubstatus"] = status
    if status == WITHHELD:
        item["ednote"] = PSEUDO_NOTE if provenance.pseudo else UNREVIEWED_NOTE
    parts = _parts(page, provenance, note, draft, original)
    item.update(_v2(parts) if version == ninjs.V2 else _v1(parts))
    return dump(item, version)


def cancel(text: str, notice: Disclosure, withdrawn_at: str) -> str:
    """The withdrawal of a published item: the same ``uri``, ``pubstatus`` ``canceled``,
    the next ``version``, ``versioncreated`` the withdrawal, the notice as its body and
    its only description; the original stays associated."""
    item = json.loads(text)
    version = ninjs.validate(item, strict=True)
    canceled = {k: v for k, v in item.items() if k not in _TEXTS}
    canceled["pubstatus"] = CANCELED
    canceled["versioncreated"] = _moment(withdrawn_at)
    if isinstance(item.get("version"), str) and item["version"].isdigit():
        canceled["version"] = str(int(item["version"]) + 1)
    canceled["language"] = notice.language
    body = f'<p class="copydesk-withdrawal">{escape(notice.text, quote=False)}</p>\n'
    if version == ninjs.V2:
        canceled["bodies"] = [{"role": "main", "contenttype": "text/html", "value": body}]
        canceled["descriptions"] = [{"role": "withdrawal", "contenttype": "text/plain",
                                     "value": notice.text}]
        originals = [a for a in item.get("associations") or [] if a.get("name") == ORIGINAL]
        if originals:
            canceled["associations"] = originals
    else:
        canceled["body_html"] = body
        canceled["description_withdrawal"] = notice.text
        kept = {k: v for k, v in (item.get("associations") or {}).items() if k == ORIGINAL}
        if kept:
            canceled["associations"] = kept
    return dump(canceled, version)


def dump(item: dict[str, Any], version: str) -> str:
    """The item as JSON text, after checking it against the schema with its formats."""
    try:
        ninjs.validate(item, version, strict=True)
    except InputError as err:
        raise InputError(f"The ninjs output would not be valid, so none was made: {err}") \
            from None
    return json.dumps(item, ensure_ascii=False, indent=2) + "\n"


_TEXTS = frozenset({"headlines", "headline", "bodies", "body_html", "descriptions", "ednote",
                    "description_text", "description_disclosure", "description_correction",
                    "associations", "by", "byline", "wordcount", "charcount"})


@dataclass(frozen=True)
class _Parts:
    headline: str
    standfirst: str | None
    byline: str | None
    body: str
    words: int
    disclosure: str
    corrections: tuple[str, ...]
    original: dict[str, Any] | None  # language, title, date and uri of the original
    figures: tuple[Figure, ...]


def _parts(page: Page, provenance: Provenance, note: Disclosure, draft: Draft,
           original: str | None) -> _Parts:
    body = render_fragment(page, provenance, note)
    words = sum(len(b.plain.split()) for b in draft.target_article().blocks
                if b.kind != BlockKind.IMAGE)
    disclosure = f"{note.text} {note.feedback.text}" if note.feedback else note.text
    source = None
    if original:
        source = {"uri": original, "language": draft.source_language,
                  "title": plain_text(draft.source.title),
                  "date": draft.source.date if ninjs.is_date_time(draft.source.date) else None}
    return _Parts(
        headline=page.title, standfirst=" ".join(plain(page.standfirst).split())
        if page.standfirst else None,
        byline=draft.source.byline or None, body=body, words=words, disclosure=disclosure,
        corrections=tuple(note.corrections), original=source,
        figures=tuple(p for p in page.body if isinstance(p, Figure) and _absolute(p.src)))


def _common(provenance: Provenance, identity: Identity, version: str) -> dict[str, Any]:
    standard = {"name": "ninjs", "version": version, "schema": ninjs.SCHEMA_URIS[version]}
    item: dict[str, Any] = {"$standard" if version == ninjs.V1 else "standard": standard,
                            "uri": identity.uri, "type": "text"}
    if identity.version is not None:
        item["version"] = str(identity.version)
    created = provenance.published_at or provenance.translated_at
    item["firstcreated"] = _moment(provenance.first_published_at or created)
    item["versioncreated"] = _moment(created)
    return item


def _status(provenance: Provenance) -> str:
    if provenance.pseudo or not provenance.published_at or not provenance.reviewed:
        return WITHHELD
    return USABLE


def _v2(parts: _Parts) -> dict[str, Any]:
    descriptions = [{"role": "disclosure", "contenttype": "text/plain",
                     "value": parts.disclosure}]
    if parts.standfirst:
        descriptions.insert(0, {"role": "summary", "contenttype": "text/plain",
                                "value": parts.standfirst})
    descriptions += [{"role": "correction", "contenttype": "text/plain", "value": text}
                     for text in parts.corrections]
    item: dict[str, Any] = {
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": parts.headline}],
        "descriptions": descriptions}
    if parts.byline:
        item["by"] = parts.byline
    item["bodies"] = [{"role": "main", "contenttype": "text/html", "wordcount": parts.words,
                       "value": parts.body}]
    associations = [_original_2(parts.original)] if parts.original else []
    associations += [_picture_2(f, n) for n, f in enumerate(parts.figures, 1)]
    if associations:
        item["associations"] = associations
    return item


def _v1(parts: _Parts) -> dict[str, Any]:
    item: dict[str, Any] = {"headline": parts.headline}
    if parts.standfirst:
        item["description_text"] = parts.standfirst
    item["description_disclosure"] = parts.disclosure
    if parts.corrections:
        item["description_correction"] = "\n\n".join(parts.corrections)
    if parts.byline:
        item["byline"] = parts.byline
    item["wordcount"] = parts.words
    item["body_html"] = parts.body
    associations = {ORIGINAL: _original_1(parts.original)} if parts.original else {}
    associations |= {f"picture{n}": _picture_1(f) for n, f in enumerate(parts.figures, 1)}
    if associations:
        item["associations"] = associations
    return item


def _original_2(original: dict[str, Any]) -> dict[str, Any]:
    item = {"name": ORIGINAL, "uri": original["uri"], "type": "text",
            "language": original["language"],
            "headlines": [{"role": "main", "contenttype": "text/plain",
                           "value": original["title"]}]}
    if original["date"]:
        item["versioncreated"] = original["date"]
    return item


def _original_1(original: dict[str, Any]) -> dict[str, Any]:
    item = {"uri": original["uri"], "type": "text", "language": original["language"],
            "headline": original["title"]}
    if original["date"]:
        item["versioncreated"] = original["date"]
    return item


def _picture_2(figure: Figure, number: int) -> dict[str, Any]:
    item: dict[str, Any] = {"name": f"picture{number}", "uri": figure.src, "type": "picture"}
    descriptions = [{"role": "alt", "contenttype": "text/plain", "value": figure.alt}]
    if figure.caption:
        descriptions.append({"role": "caption", "contenttype": "text/plain",
                             "value": _plain(figure)})
    item["descriptions"] = [d for d in descriptions if d["value"]]
    if not item["descriptions"]:
        del item["descriptions"]
    if figure.credit:
        item["by"] = figure.credit
    item["renditions"] = [{"name": "original", "href": figure.src}]
    return item


def _picture_1(figure: Figure) -> dict[str, Any]:
    item: dict[str, Any] = {"uri": figure.src, "type": "picture"}
    if figure.alt:
        item["description_alt"] = figure.alt
    if figure.caption:
        item["description_caption"] = _plain(figure)
    if figure.credit:
        item["byline"] = figure.credit
    item["renditions"] = {"original": {"href": figure.src}}
    return item


def _plain(figure: Figure) -> str:
    return " ".join(plain(figure.caption or []).split())


def _absolute(src: str) -> bool:
    return src.lower().startswith(("http://", "https://")) and ninjs.is_uri(src)


def _moment(text: str) -> str:
    """An ISO 8601 time as an RFC 3339 date-time (UTC where it names no offset)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")
