"""A draft as JSON: the source and the translation side by side, plus provenance.

Keys always appear in the order below; absent values are ``null``, never
missing. Text is UTF-8 (``ensure_ascii=False``). ``units`` holds the headline
(``title``), the standfirst (``standfirst``) and the body blocks (``b1``,
``b2``, …) with their tagged source and target texts, the tag table and every
segment (with the translation memory's fuzzy ``suggestions`` for it, best
first, often none); ``article`` is the translation as plain text for
systems that do not handle markup, with each block's inline markup (links,
emphasis) as safe HTML in ``html``. An image block (``"kind": "image"``, in
``article`` and ``units``) also has ``src`` (its safe address, ``null`` if the
image rule refused it) and ``credit`` (as written, or ``null``); its text is
the alt text, its caption the ``caption`` block after it. ``format`` is ``copydesk.publication``
for what the desk published and ``copydesk.draft`` for anything else (the
command line's drafts). Example (shortened)::

    {
      "format": "copydesk.draft",
      "version": 1,
      "source_language": "en",
      "target_language": "de",
      "engine": "ctranslate2",
      "machine_translated": true,
      "warnings": [],
      "article": {
        "title": "Neue Regeln für Drohnen",
        "standfirst": null,
        "byline": "By Jane Doe",
        "date": "2026-03-01",
        "blocks": [{"kind": "paragraph", "level": null, "text": "Die EU hat …",
                    "html": "Die <a href=\"https://eu.example/\">EU</a> hat …"}]
      },
      "disclosure": {"text": "Dieser Artikel wurde maschinell übersetzt …",
                     "language": "de", "case": "unreviewed",
                     "feedback": {"kind": "email", "text": "Bei Fragen oder …",
                                  "language": "de", "email": "leserdienst@example.de",
                                  "url": null}},
      "corrections": ["Korrigiert am 2. Dezember 2026: …"],
      "provenance": {"source": {"url": "https://…", …}, "reviewed": false, …},
      "units": [
        {"id": "b1", "kind": "paragraph", "level": null,
         "tags": {"1": {"kind": "link", "attrs": {"href": "https://eu.example/"}}},
         "source": "The <g1>EU</g1> has …", "target": "Die <g1>EU</g1> hat …",
         "segments": [{"id": "b1.s1", "source": "The <g1>EU</g1> has …",
                       "target": "Die <g1>EU</g1> hat …", "origin": "mt",
                       "signature": "engine:ctranslate2|model:opus-mt-en-de|…",
                       "suggestions": [{"score": 0.86, "kind": "fuzzy",
                                        "source": "The <g1>EU</g1> had …",
                                        "target": "Die <g1>EU</g1> hatte …",
                                        "provenance": {"editor": "erika", …}}]}]}
      ]
    }
"""

from __future__ import annotations

import json
from typing import Any

from copydesk import links
from copydesk.article import Block, BlockKind, InlineTag, plain_text
from copydesk.engines.base import public_signature
from copydesk.memory.reuse import Suggestion
from copydesk.pipeline import Draft, translated_text
from copydesk.publish.disclosure import Disclosure
from copydesk.publish.html import inline_html
from copydesk.publish.inline import parse
from copydesk.publish.provenance import Provenance

DRAFT, PUBLICATION, FORMAT_VERSION = "copydesk.draft", "copydesk.publication", 1


def render_json(draft: Draft, provenance: Provenance, note: Disclosure) -> str:
    """The document described in the module docstring, indented, ending in a newline."""
    language = draft.target_language

    def translated(block: Block | None) -> str | None:
        return translated_text(block, language) if block else None

    article = draft.source
    data = {
        "format": PUBLICATION if provenance.published_at else DRAFT,
        "version": FORMAT_VERSION,
        "source_language": draft.source_language,
        "target_language": language,
        "engine": draft.engine,
        "machine_translated": draft.machine_translated,
        "warnings": list(draft.warnings),
        "article": {
            "title": plain_text(translated(draft.headline) or ""),
            "standfirst": _plain(translated(draft.standfirst)),
            "byline": article.byline,
            "date": article.date,
            "blocks": [{"kind": b.kind.value, "level": b.level,
                        "text": plain_text(translated(b) or ""),
                        "html": inline_html(parse(translated(b) or "", b.tags)), **_image(b)}
                       for b in draft.blocks],
        },
        "disclosure": {"text": note.text, "language": note.language, "case": note.case,
                       "feedback": note.feedback.to_dict() if note.feedback else None},
        "corrections": list(note.corrections),
        "provenance": provenance.to_dict(),
        "units": [_unit(unit_id, block, translated(block) or "", draft.suggestions)
                  for unit_id, block in _units(draft)],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _units(draft: Draft) -> list[tuple[str, Block]]:
    units = [("title", draft.headline)]
    if draft.standfirst:
        units.append(("standfirst", draft.standfirst))
    return units + [(f"b{i}", block) for i, block in enumerate(draft.blocks, 1)]


def _unit(unit_id: str, block: Block, target: str,
          suggestions: dict[str, list[Suggestion]]) -> dict[str, Any]:
    return {
        "id": unit_id,
        "kind": block.kind.value,
        "level": block.level,
        "tags": {tid: _safe_tag(tag) for tid, tag in block.tags.items()},
        **_image(block),
        "source": block.text,
        "target": target,
        "segments": [{"id": s.id, "source": s.source, "target": s.target, "origin": s.origin,
                      "signature": public_signature(s.signature) if s.signature else s.signature,
                      "suggestions": [x.to_dict() for x in suggestions.get(s.id, [])]}
                     for s in block.segments],
    }


def _image(block: Block) -> dict[str, Any]:
    """An image's ``src`` (as the renderers would use it) and ``credit``; nothing for text."""
    if block.kind != BlockKind.IMAGE:
        return {}
    return {"src": links.image_source(block.src), "credit": block.credit}


def _safe_tag(tag: InlineTag) -> dict[str, Any]:
    """A tag as the HTML and Markdown renderers would use it: a link keeps only a safe target."""
    if tag.kind != "link":
        return {"kind": tag.kind, "attrs": {}}
    href = links.safe_link(tag.attrs.get("href"))
    title = tag.attrs.get("title")
    attrs = {**({"href": href} if href else {}), **({"title": title} if title else {})}
    return {"kind": "link", "attrs": attrs}


def _plain(text: str | None) -> str | None:
    return plain_text(text) if text is not None else None
