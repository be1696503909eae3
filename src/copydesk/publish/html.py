"""A translated article as one standalone HTML5 page.

The page has ``<html lang>``, ``<meta charset>`` and ``<title>``, the article
in ``<article>`` (headline ``<h1>``, standfirst as ``<p class="copydesk-standfirst">``,
body headings ``<h2>``-``<h6>``, quotes, lists, images as ``<figure>`` with
``<img src alt>`` and a ``<figcaption>`` of the caption and the credit as
``<small class="copydesk-credit">``, a caption without an image as
``<figure><figcaption>``),
a note per published correction as ``<p class="copydesk-correction">`` and
the disclosure as ``<p class="copydesk-disclosure">`` at the end of the
article (ending in the feedback channel, ``<span class="copydesk-feedback">``
with its ``mailto:`` or report-form link), and the provenance as JSON-LD in
the head. A pseudo-translation gets a warning banner at the top of the body.

All text and attribute values are escaped; links keep only http(s), mailto
and relative targets, images only http(s) and relative sources (see
``copydesk.links``).
"""

from __future__ import annotations

import json
from html import escape

from copydesk.article import BlockKind
from copydesk.publish.disclosure import Disclosure
from copydesk.publish.inline import Node
from copydesk.publish.page import BulletList, Figure, Page, Part, Text
from copydesk.publish.provenance import Provenance

_ELEMENTS = {"bold": "strong", "italic": "em", "code": "code", "underline": "u",
             "sup": "sup", "sub": "sub"}

_STYLE = (".copydesk-pseudo-warning{background:#b00020;color:#fff;font-weight:bold;"
          "padding:1em;border:4px solid #000}"
          ".copydesk-disclosure{font-style:italic;border-top:1px solid #999;padding-top:.5em}")


def render_html(page: Page, provenance: Provenance, note: Disclosure) -> str:
    """The whole document as text, ending in a newline."""
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{_attr(page.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(page.title, quote=False)}</title>",
        f"<style>{_STYLE}</style>",
        f'<script type="application/ld+json">{script_json(provenance.to_jsonld())}</script>',
        "</head>",
        "<body>",
    ]
    lines += _warning(page, provenance, note)
    lines += ["<article>", f"<h1>{inline_html(page.headline)}</h1>"]
    lines += _body(page, note)
    lines += ["</article>", "</body>", "</html>", ""]
    return "\n".join(lines)


def render_fragment(page: Page, provenance: Provenance, note: Disclosure) -> str:
    """The article's body for a CMS's content field, ending in a newline.

    No headline (the CMS shows its own title), no ``<style>``, ``<script>`` or
    document elements: the standfirst, the body, the correction notes and the
    disclosure as plain semantic elements with ``copydesk-`` classes.
    """
    return "\n".join([*_warning(page, provenance, note), *_body(page, note), ""])


def _warning(page: Page, provenance: Provenance, note: Disclosure) -> list[str]:
    if not provenance.pseudo:
        return []
    return [f'<p class="copydesk-pseudo-warning" role="alert"{_lang(note, page)}>'
            f"{escape(note.text, quote=False)}</p>"]


def _body(page: Page, note: Disclosure) -> list[str]:
    """Standfirst, body, correction notes and disclosure."""
    lines = []
    if page.standfirst is not None:
        lines.append(f'<p class="copydesk-standfirst">{inline_html(page.standfirst)}</p>')
    lines += [_part(part) for part in page.body]
    lines += [f'<p class="copydesk-correction">{escape(text, quote=False)}</p>'
              for text in note.corrections]
    lines.append(f'<p class="copydesk-disclosure"{_lang(note, page)}>'
                 f"{escape(note.text, quote=False)}{_feedback(note)}</p>")
    return lines


def _feedback(note: Disclosure) -> str:
    """The channel sentence, marked with its language where it differs from the note's."""
    channel = note.feedback
    if channel is None:
        return ""
    lang = "" if channel.language == note.language else f' lang="{_attr(channel.language)}"'
    return (f' <span class="copydesk-feedback"{lang}>{escape(channel.before, quote=False)}'
            f'<a href="{_attr(channel.href)}">{escape(channel.label, quote=False)}</a>'
            f"{escape(channel.after, quote=False)}</span>")


def script_json(data: object) -> str:
    """JSON safe inside ``<script>``: ``<``, ``>`` and ``&`` become ``\\u`` escapes,
    so no ``</script>`` or ``<!--`` can appear in it."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def inline_html(nodes: list[Node]) -> str:
    return "".join(_node(n) for n in nodes)


def _node(node: Node) -> str:
    if isinstance(node, str):
        return escape(node, quote=False)
    if node.kind == "break":
        return "<br>"
    inner = inline_html(node.children)
    if node.kind == "link":
        title = node.attrs.get("title")
        title_attr = f' title="{_attr(title)}"' if title else ""
        return f'<a href="{_attr(node.attrs["href"])}"{title_attr}>{inner}</a>'
    element = _ELEMENTS.get(node.kind)
    return f"<{element}>{inner}</{element}>" if element else inner


def _part(part: Part) -> str:
    if isinstance(part, BulletList):
        return _list(part)
    if isinstance(part, Figure):
        return figure_html(part)
    return _text(part)


def figure_html(figure: Figure) -> str:
    """The figure on one line: ``<figure><img …><figcaption>…</figcaption></figure>``."""
    caption = inline_html(figure.caption) if figure.caption else ""
    if figure.credit:
        credit = f'<small class="copydesk-credit">{escape(figure.credit, quote=False)}</small>'
        caption = f"{caption} {credit}" if caption else credit
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return (f'<figure><img src="{_attr(figure.src)}" alt="{_attr(figure.alt)}">'
            f"{figcaption}</figure>")


def _text(block: Text) -> str:
    content = inline_html(block.nodes)
    if block.kind == BlockKind.HEADING:
        return f"<h{block.level}>{content}</h{block.level}>"
    if block.kind == BlockKind.QUOTE:
        return f"<blockquote><p>{content}</p></blockquote>"
    if block.kind == BlockKind.CAPTION:
        return f"<figure><figcaption>{content}</figcaption></figure>"
    return f"<p>{content}</p>"


def _list(bullets: BulletList) -> str:
    items = []
    for item in bullets.items:
        sublist = _list(item.sublist) if item.sublist else ""
        items.append(f"<li>{inline_html(item.nodes)}{sublist}</li>")
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def _lang(note: Disclosure, page: Page) -> str:
    return "" if note.language == page.language else f' lang="{_attr(note.language)}"'


def _attr(value: str) -> str:
    return escape(value, quote=True)
