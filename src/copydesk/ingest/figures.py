"""Figures: images with their alt text, caption and photo credit, read from HTML.

A ``<figure>`` (or a WordPress ``wp-caption`` box) becomes an ``image``
block per image in it (its address from ``src``, or from the ``data-src``
or ``srcset`` that lazy-loading pages use; its ``alt`` as the block's text)
and then its caption as a ``caption`` block. The photo credit is taken out
of the caption and kept as written on the last image: an element whose
class names a credit, copyright, source or licence, or that starts with a
credit label (``Credit:``, ``Foto:``, ``©`` ...), else the caption's text
from such a label on (``… am größten Foto: CHIP``). A lazy loader's stand-in
(``leer.gif``, ``spacer.gif``) is no image, and an alt text that is only a
file name (``IMG_8299.jpeg``) counts as none.

``page_figures`` does the same for a whole web page, around main-content
extraction.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator

from lxml.etree import _Element

from copydesk.article import TAG_RE, Block, BlockKind, escape_tags, plain_text, tag_ids
from copydesk.ingest.inline import BlockBuilder, image_target, normalize_space

Inline = Callable[[_Element, BlockBuilder], None]
"""Reads an element's text and inline markup into a builder (the reader's own rules)."""

MAX_IMAGES = 20  # per figure
# A lazy loader's attribute holds the real address while ``src`` holds a placeholder.
_ADDRESS_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original", "src")
_SRCSET_ATTRIBUTES = ("srcset", "data-srcset")
_CREDIT_CLASS = re.compile(r"credit|copyright|licen[cs]e|photographer|attribution|bildnachweis"
                           r"|bildquelle|source", re.IGNORECASE)
# Labels that start a credit wherever they stand in a caption ...
_STRONG = (r"©|\(c\)\s|copyright\b|(?:image\s+|photo\s+)?credits?\s?:|fotos?\s?:|photos?\s?:"
           r"|bild(?:er)?\s?:|bildquelle\s?:|crédits?\s?:|photographie\s?:")
# ... and labels that do only at its start or after a sentence or separator.
_WEAK = r"source\s?:|quelle\s?:|illustrations?\s?:|grafik\s?:"
_CREDIT_START = re.compile(rf"\s*\(?(?:{_STRONG}|{_WEAK})", re.IGNORECASE)
_CREDIT_ELEMENT_START = re.compile(rf"\s*\(?(?:{_STRONG})", re.IGNORECASE)
# Lazy-loading pages put a transparent dot in ``src`` until the script swaps in the image.
_PLACEHOLDER = re.compile(r"(?:^|/)(?:leer|blank|spacer|pixel|transparent|empty|placeholder"
                          r"|dummy|1x1)\.(?:gif|png|svg)(?:[?#].*)?$", re.IGNORECASE)
_CREDIT_INSIDE = re.compile(
    rf"(?:(?<=\s)|^)\(?(?:{_STRONG})|(?:(?<=[.!?)|•·/–—:]\s)|^)\(?(?:{_WEAK})", re.IGNORECASE)
_FILE_NAME = re.compile(r"[\w.-]+\.(?:jpe?g|png|gif|webp|avif|svg|tiff?|bmp|heic)",
                        re.IGNORECASE)
_TRAILING_SEPARATORS = re.compile(r"[\s•·|/–—-]+$")


def is_figure(element: _Element) -> bool:
    """A ``<figure>``, or a ``wp-caption`` box (WordPress's figure before HTML5)."""
    if element.tag == "figure":
        return True
    classes = (element.get("class") or "").split()
    return element.tag == "div" and any(c in ("wp-caption", "wp-block-image") for c in classes)


def images(figure: _Element) -> list[_Element]:
    """The figure's ``<img>`` elements, a ``<noscript>`` copy only when there is no other."""
    found = [img for img in figure.iter("img") if not _in_noscript(img, figure)]
    found = found or list(figure.iter("img"))
    seen, unique = set(), []
    for img in found:
        address = image_address(img)
        if address and address not in seen:
            seen.add(address)
            unique.append(img)
    return unique[:MAX_IMAGES]


def image_address(img: _Element) -> str | None:
    """The address an ``<img>`` shows: a lazy loader's attribute, ``src``, or ``srcset``."""
    return next(image_addresses(img), None)


def image_addresses(img: _Element) -> Iterator[str]:
    """Every address an ``<img>`` names, the one it shows first (no inline ``data:``)."""
    for name in _ADDRESS_ATTRIBUTES:
        value = (img.get(name) or "").strip()
        if value and not value.lower().startswith("data:") and not is_placeholder(value):
            yield value
    candidates = [img.get(name) for name in _SRCSET_ATTRIBUTES]
    parent = img.getparent()
    if parent is not None and parent.tag == "picture":
        candidates += [source.get("srcset") for source in parent.iterchildren("source")]
    for srcset in candidates:
        for candidate in (srcset or "").split(","):
            address = first_address(candidate)
            if address:
                yield address


def is_placeholder(address: str) -> bool:
    """Whether the address is a lazy loader's stand-in (``/img/leer.gif``), not the image."""
    return bool(_PLACEHOLDER.search(address.strip()))


def first_address(value: str | None) -> str | None:
    """The address in one ``srcset`` candidate (``photo-640.jpg 640w``), if it is no
    inline ``data:`` image."""
    words = (value or "").split()
    if not words or words[0].lower().startswith("data:") or is_placeholder(words[0]):
        return None
    return words[0]


def alt_text(raw: str | None) -> str:
    """An image's alt text as tagged text; a bare file name (``IMG_8299.jpeg``), which
    cameras and CMSs put there, says nothing to a reader and counts as none."""
    text = normalize_space(raw or "")
    return "" if _FILE_NAME.fullmatch(text) else escape_tags(text)


def read_figure(figure: _Element, base_url: str | None, inline: Inline) -> list[Block]:
    """The figure's image blocks, then its caption block; empty when it has no image."""
    shown = images(figure)
    if not shown:
        return []
    caption, credit = _caption(figure, inline)
    blocks = [Block(kind=BlockKind.IMAGE, src=image_target(image_address(img), base_url),
                    text=alt_text(img.get("alt")))
              for img in shown]
    blocks[-1].credit = credit
    return blocks + ([caption] if caption else [])


def _caption(figure: _Element, inline: Inline) -> tuple[Block | None, str | None]:
    """The caption (without the credit) and the credit, as written."""
    element = caption_element(figure)
    credit_element = _credit_element(figure, element)
    credit = normalize_space(credit_element.text_content()) if credit_element is not None \
        else None
    if element is None:
        return None, _credit(credit)
    if credit_element is not None and inside(credit_element, element):
        element = _without(element, credit_element)
    builder = BlockBuilder()
    inline(element, builder)
    caption = builder.block(BlockKind.CAPTION)
    if caption is not None and credit is None:
        caption, credit = _split_credit(caption)
    if caption is not None:
        caption.text = _TRAILING_SEPARATORS.sub("", caption.text)
        if not plain_text(caption.text).strip():
            caption = None
    return caption, _credit(credit)


def starts_with_credit(text: str) -> bool:
    """Whether the text begins with a credit label (``Foto:``, ``©``, ``Quelle:`` ...)."""
    return bool(_CREDIT_START.match(text))


def _credit(text: str | None) -> str | None:
    """The credit as written, or ``None`` when it is only a label (``(Bild: )``)."""
    if not text or not any(c.isalnum() for c in _CREDIT_START.sub("", text, count=1)):
        return None
    return text


def caption_element(figure: _Element) -> _Element | None:
    for element in figure.iter():
        if element is not figure and (element.tag == "figcaption" or "wp-caption-text" in (
                element.get("class") or "").split()):
            return element
    return None


def _credit_element(figure: _Element, caption: _Element | None) -> _Element | None:
    """The first element that holds the credit: by its class, or by its first words."""
    for element in figure.iter():
        if element is figure or element is caption or not isinstance(element.tag, str):
            continue
        if element.tag in ("img", "picture", "source", "noscript") \
                or element.find(".//img") is not None:
            continue
        text = normalize_space(element.text_content())
        if not text:
            continue
        labelled = _CREDIT_CLASS.search(element.get("class") or "") \
            or _CREDIT_ELEMENT_START.match(text)
        if labelled and (caption is None or inside(element, caption)
                         or not inside(caption, element)):
            return element
    return None


def _split_credit(caption: Block) -> tuple[Block | None, str | None]:
    """A caption whose text goes on into a credit, split where the credit label stands,
    as long as no inline markup spans the split."""
    match = _CREDIT_INSIDE.search(caption.text)
    while match is not None and not _balanced(caption.text[:match.start()]):
        match = _CREDIT_INSIDE.search(caption.text, match.end())
    if match is None:
        return caption, None
    head, tail = caption.text[:match.start()].rstrip(), caption.text[match.start():]
    credit = normalize_space(plain_text(tail))
    if not plain_text(head).strip():
        return None, credit
    used = {m.group(1) or m.group(3) for m in TAG_RE.finditer(head)}
    return Block(kind=BlockKind.CAPTION, text=head,
                 tags={tid: tag for tid, tag in caption.tags.items() if tid in used}), credit


def _balanced(text: str) -> bool:
    """Every paired tag opened in ``text`` is closed in it."""
    depth = 0
    for token in tag_ids(text):
        depth += token.startswith("g") - token.startswith("/")
    return depth == 0


def _in_noscript(img: _Element, figure: _Element) -> bool:
    node = img.getparent()
    while node is not None and node is not figure:
        if node.tag == "noscript":
            return True
        node = node.getparent()
    return False


def inside(element: _Element, container: _Element) -> bool:
    node: _Element | None = element
    while node is not None:
        if node is container:
            return True
        node = node.getparent()
    return False


def _without(element: _Element, part: _Element) -> _Element:
    """A copy of ``element`` with ``part`` (a descendant) taken out, its tail text kept."""
    path = []
    node = part
    while node is not element:
        parent = node.getparent()
        path.append(parent.index(node))
        node = parent
    copied = copy.deepcopy(element)
    target = copied
    for index in reversed(path):
        target = target[index]
    detach(target)
    return copied


def detach(node: _Element) -> None:
    """Take ``node`` out of its parent; the text after it stays where it was."""
    parent = node.getparent()
    if parent is None:
        return
    tail, previous = node.tail or "", node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    node.tail = None
    parent.remove(node)


def lift(node: _Element, containers: frozenset[str]) -> None:
    """Move ``node`` out of the paragraph (or list, quote ...) around it to just after it,
    so an image inside running text becomes a figure of its own."""
    parent = node.getparent()
    if parent is None or parent.tag in containers:
        return
    block = parent
    while block.getparent() is not None and block.getparent().tag not in containers:
        block = block.getparent()
    if block.getparent() is None:
        return
    detach(node)
    block.addnext(node)
