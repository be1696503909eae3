"""A translated article as CommonMark, with YAML front matter for site generators.

Layout::

    ---
    title: …            # the translated headline, plain text
    lang: de
    source_url: https://…
    source_language: en
    engine: ctranslate2
    signatures: [engine:ctranslate2|model:opus-mt-en-de|…, engine:memory]
    machine_translated: true
    pseudo_translation: false
    reviewed: false
    editors: []
    translated_at: 2026-03-01T10:00:00+00:00
    published_at: null
    disclosure: Dieser Artikel wurde maschinell übersetzt …
    feedback: {kind: email, text: Bei Fragen oder …, language: de, email: …, url: null}
    ---

    > **TESTAUSGABE – KEINE ÜBERSETZUNG. …**      (pseudo-translations only)

    # Headline

    _The standfirst, in italics._

    ## Body heading / paragraphs / > quotes / - lists

    <figure><img src="…" alt="…"><figcaption>…</figcaption></figure>

    ---

    **Korrigiert am 2. Dezember 2026: …**          (one line per published correction)

    _The disclosure note. The feedback sentence, with its [link](mailto:…)._

Front matter was chosen over a trailing HTML comment because static-site
generators (Hugo, Jekyll, Eleventy) read it without extra code.

Bold is ``**…**``, italic ``*…*``, links ``[text](url)``, code a backtick
span, line breaks a backslash at the end of the line. Underline, superscript
and subscript have no Markdown syntax and stay inline HTML (``<u>``,
``<sup>``, ``<sub>``), and so does emphasis where CommonMark would not read
the ``*`` markers as such (next to punctuation, nested inside other
emphasis). Characters that Markdown would read as markup are
backslash-escaped, so the output parses back to the same text; a link inside
a link keeps its text only. An image with its caption and credit is the same
one-line ``<figure>`` as in the HTML output (CommonMark passes an HTML block
through as it is, and has no syntax for a caption or a credit).
"""

from __future__ import annotations

import re
import unicodedata

import yaml

from copydesk.article import BlockKind
from copydesk.engines.base import Signature
from copydesk.publish.disclosure import Disclosure
from copydesk.publish.html import figure_html
from copydesk.publish.inline import Inline, Node, plain
from copydesk.publish.page import BulletList, Figure, Page, Part, Text
from copydesk.publish.provenance import Provenance

HARD_BREAK = "\\\n"
MEMORY_SIGNATURE = "engine:memory"
_SPECIAL = re.compile(r"([\\`*_\[\]<|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(?:([#>+=-])|(\d+)([.)]))")
_EDGE = re.compile(r"^(?:\s|\\\n)*|(?:\s|\\\n)*$")
_HTML_ONLY = {"underline": "u", "sup": "sup", "sub": "sub"}
_EMPHASIS = {"bold": ("**", "strong"), "italic": ("*", "em")}
_OPENING_CHAR = {"link": "[", "code": "`", "break": "\\", **dict.fromkeys(_HTML_ONLY, "<")}


def render_markdown(page: Page, provenance: Provenance, note: Disclosure) -> str:
    """The whole document as text, ending in a newline."""
    parts = [_front_matter(page, provenance, note)]
    if provenance.pseudo:
        parts.append("> **" + escape_text(note.text) + "**")
    parts.append("# " + _heading_text(page.headline))
    if page.standfirst is not None:
        parts.append(_lines("_" + _content(page.standfirst) + "_"))
    parts += [_part(part) for part in page.body]
    parts += ["---", *("**" + escape_text(text) + "**" for text in note.corrections),
              "_" + escape_text(note.text) + _feedback(note) + "_"]
    return "\n\n".join(p for p in parts if p) + "\n"


def _feedback(note: Disclosure) -> str:
    channel = note.feedback
    if channel is None:
        return ""
    return (f" {escape_text(channel.before)}[{escape_text(channel.label)}]"
            f"(<{channel.href}>){escape_text(channel.after)}")


def escape_text(text: str) -> str:
    """Backslash-escape what Markdown would read as markup inside a line."""
    text = _SPECIAL.sub(r"\\\1", text.replace("\n", " "))
    text = _ENTITY.sub(r"\\&", text)
    return text[:-1] + "\\!" if text.endswith("!") else text  # "![" would start an image


def inline_markdown(nodes: list[Node], *, breaks: bool = True, before: str = " ",
                    after: str = " ", nested: bool = False) -> str:
    """Inline content; ``before`` and ``after`` are the characters around it, which
    decide whether ``*`` emphasis can open and close there (CommonMark flanking
    rules); ``nested`` is true inside emphasis."""
    out = ""
    for i, node in enumerate(nodes):
        out += _node(node, breaks, out[-1] if out else before, _first_char(nodes[i + 1:], after),
                     nested)
    return out


def _node(node: Node, breaks: bool, before: str, after: str, nested: bool) -> str:
    if isinstance(node, str):
        return escape_text(node)
    if node.kind == "break":
        return HARD_BREAK if breaks else " "
    if node.kind == "code":
        text = plain(node.children)
        if "`" in (before, after):  # the fences would merge with the neighbour's backticks
            return f"<code>{escape_text(text)}</code>"
        return _code_span(text)
    if node.kind in _EMPHASIS:
        return _emphasis(node, breaks, before, after, nested)
    if node.kind == "link":
        inner = inline_markdown(node.children, breaks=breaks, before="[", after="]",
                                nested=nested)
        return f"[{inner}]({_destination(node.attrs['href'])})"
    if node.kind in _HTML_ONLY:
        element = _HTML_ONLY[node.kind]
        inner = inline_markdown(node.children, breaks=breaks, before=">", after="<",
                                nested=nested)
        return f"<{element}>{inner}</{element}>" if _EDGE.sub("", inner) else inner
    return inline_markdown(node.children, breaks=breaks, before=before, after=after,
                           nested=nested)


def _emphasis(node: Inline, breaks: bool, before: str, after: str, nested: bool) -> str:
    """``**bold**`` / ``*italic*`` where CommonMark reads them as such, else inline HTML.

    The markers must touch the text, so spaces and breaks at the edges move
    outside. Markers next to punctuation only work with space or punctuation
    on their other side (``**Frage:**Antwort`` is not bold). There, next to
    another emphasis marker and inside other emphasis (where runs of ``*``
    get ambiguous), the element is written as ``<strong>``/``<em>``.
    """
    marker, element = _EMPHASIS[node.kind]
    inner = inline_markdown(node.children, breaks=breaks, before="*", after="*", nested=True)
    core = _EDGE.sub("", inner)
    if not core:
        return inner
    start = inner.index(core)
    lead, trail = inner[:start], inner[start + len(core):]
    before, after = (lead[-1] if lead else before), (trail[0] if trail else after)
    opens = not _is_punctuation(core[0]) or before.isspace() or _is_punctuation(before)
    closes = not _is_punctuation(core[-1]) or after.isspace() or _is_punctuation(after)
    if opens and closes and not nested and "*" not in (before, after):
        return f"{lead}{marker}{core}{marker}{trail}"
    return f"{lead}<{element}>{core}</{element}>{trail}"


def _first_char(nodes: list[Node], after: str) -> str:
    """The first character the rendering of ``nodes`` will start with."""
    for node in nodes:
        if isinstance(node, str):
            if node:
                return escape_text(node)[0]
        elif node.kind == "span":
            first = _first_char(node.children, "")
            if first:
                return first
        else:
            return _OPENING_CHAR.get(node.kind, "*")
    return after


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith(("P", "S"))


def _code_span(text: str) -> str:
    """A backtick span; its fence is longer than any backtick run inside it.

    CommonMark strips one space from each end when both ends have one, and
    needs a space between the fence and a backtick, so those get padding.
    """
    text = re.sub(r"\s+", " ", text)
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    edges = text[0] + text[-1]
    pad = " " if "`" in edges or (edges == "  " and text.strip()) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _destination(href: str) -> str:
    """A link target as CommonMark reads it back unchanged: no entity or escape is decoded."""
    for char, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E"),
                       ("\\", "%5C")):
        href = href.replace(char, code)
    return _ENTITY.sub(r"\\&", href)


def _content(nodes: list[Node]) -> str:
    """A block's inline content without breaks or spaces at its edges."""
    return _EDGE.sub("", inline_markdown(nodes))


def _lines(content: str, first: str = "", rest: str = "") -> str:
    """Prefix each line and escape what would start a new block at a line start."""
    lines = [_LINE_START.sub(_escape_start, line if i == 0 else line.lstrip())
             for i, line in enumerate(content.split("\n"))]
    return "\n".join((first if i == 0 else rest) + line for i, line in enumerate(lines))


def _escape_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def _heading_text(nodes: list[Node]) -> str:
    text = _LINE_START.sub(_escape_start, _EDGE.sub("", inline_markdown(nodes, breaks=False)))
    return re.sub(r"(?<![\\#])(#+)$", r"\\\1", text)  # a trailing run of # would close the heading


def _part(part: Part) -> str:
    if isinstance(part, BulletList):
        return _list(part, "")
    if isinstance(part, Figure):
        return figure_html(part)
    return _text(part)


def _text(block: Text) -> str:
    if block.kind == BlockKind.HEADING:
        return "#" * block.level + " " + _heading_text(block.nodes)
    content = _content(block.nodes)
    if block.kind == BlockKind.QUOTE:
        return _lines(content, "> ", "> ")
    if block.kind == BlockKind.CAPTION:
        return _lines("_" + content + "_") if content else ""
    return _lines(content)


def _list(bullets: BulletList, indent: str) -> str:
    lines = []
    for item in bullets.items:
        lines.append(_lines(_content(item.nodes), indent + "- ", indent + "  "))
        if item.sublist:
            lines.append(_list(item.sublist, indent + "  "))
    return "\n".join(lines)


def _engines(provenance: Provenance) -> list[str]:
    """The engines' signatures, with every translation-memory match counted as one
    ``engine:memory`` (each match has its own signature, so the list would grow with
    every update); the full list is in the HTML and JSON provenance."""
    return list(dict.fromkeys(
        MEMORY_SIGNATURE if Signature.parse(text).engine == "memory" else text
        for text in provenance.signatures))


def _front_matter(page: Page, provenance: Provenance, note: Disclosure) -> str:
    data = {
        "title": page.title,
        "lang": page.language,
        "source_url": provenance.source_url,
        "source_language": provenance.source_language,
        "engine": provenance.engine,
        "signatures": _engines(provenance),
        "machine_translated": provenance.machine_translated,
        "pseudo_translation": provenance.pseudo,
        "reviewed": provenance.reviewed,
        "editors": provenance.editor_names(),
        "translated_at": provenance.translated_at,
        "published_at": provenance.published_at,
        "disclosure": note.text,
        "feedback": note.feedback.to_dict() if note.feedback else None,
    }
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)
    return f"---\n{dumped}---"
