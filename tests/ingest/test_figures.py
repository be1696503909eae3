"""Images, figures, captions and photo credits survive ingest, from real pages and fragments."""

from __future__ import annotations

import json
import re

import pytest

from copydesk.article import Article, BlockKind
from copydesk.errors import InputError
from copydesk.ingest.html import from_html
from copydesk.ingest.json import from_json
from copydesk.ingest.markdown import from_markdown
from tests.fixtures import shared_data

WEB = re.compile(r"https?://[^\s\"'<>]+\Z")


def page(name: str) -> Article:
    path = shared_data.require() / "pages" / name
    return from_html(path.read_bytes())


def figures_of(article: Article) -> list[tuple[str, str, str | None, str | None]]:
    """(src, alt, credit, caption) of each image, the caption being the block after it."""
    found = []
    for index, block in enumerate(article.blocks):
        if block.kind == BlockKind.IMAGE:
            after = article.blocks[index + 1] if index + 1 < len(article.blocks) else None
            caption = after.plain if after and after.kind == BlockKind.CAPTION else None
            found.append((block.src or "", block.plain, block.credit, caption))
    return found


def body(html: str, url: str | None = "https://news.example/2026/story") -> Article:
    return from_html("<h1>Harbour plan approved</h1><p>The council approved the harbour plan "
                     "on Monday after a long debate.</p>" + html, url=url)


# Real pages ----------------------------------------------------------------------------

@shared_data.needs_shared_data
def test_the_nature_figure_keeps_its_image_caption_and_credit():
    article = page("nature.com.telescope.html")
    assert figures_of(article)[0] == (
        "https://media.nature.com/lw800/magazine-assets/d41586-019-02790-3/"
        "d41586-019-02790-3_17178384.jpg",
        "The giant FAST project.", "Credit: Ou Dongqu/Xinhua/ZUMA",
        "FAST will enable highly sensitive measurements of astronomical phenomenon.")
    first = next(i for i, b in enumerate(article.blocks) if b.kind == BlockKind.IMAGE)
    assert article.blocks[first + 2].plain.startswith("The world’s largest single-dish")
    assert not any("Credit:" in b.plain for b in article.blocks)  # the credit is no text


@shared_data.needs_shared_data
def test_a_credit_inside_the_caption_text_is_split_off_and_its_residue_dropped():
    article = page("brandenburg.de.homo-brandenburgensis.html")
    src, alt, credit, caption = figures_of(article)[0]
    assert src.startswith("https://www.politische-bildung-brandenburg.de/") and \
        "rasenmaeher.jpg" in src
    assert (alt, credit, caption) == (
        "beim rasenmähen", "Foto: Timur | flickr| CC BY 2.0",
        "Nicht labern, ranklotzen! BrandenburgerInnen haben immer zu tun.")
    assert not any(b.plain.strip() in ("flickr| CC BY 2.0", "flickr | CC BY 2.0")
                   for b in article.blocks)


@shared_data.needs_shared_data
@pytest.mark.parametrize(("name", "credit", "caption"), [
    ("correctiv.org.zusage.html", "© Ivo Mayr / Correctiv",
     "Das Extrablatt warb für die AfD vor der Landtagswahl"),
    ("jolie.de.adele.html", "© Getty Images", "Nach ihrer Trennung von ihrem Ehemann"),
    ("phys.org.tool.html", "Credit: DrMikeBaxter/Wikipedia", "Comparison of Modern Human"),
    ("simplyscience.ch.erdoel.html", "Bild: TebNad/Shutterstock.com", "Erdölpumpen im Abendrot."),
    ("demokratiewebstatt.at.luft.html", "© aremac / Clipdealer", "Stau"),
])
def test_credits_by_label_and_by_class(name, credit, caption):
    found = figures_of(page(name))
    assert any(c == credit and (cap or "").startswith(caption) for _, _, c, cap in found), found


@shared_data.needs_shared_data
def test_every_page_reads_and_keeps_only_safe_image_addresses():
    pages = sorted((shared_data.require() / "pages").glob("*.html"))
    images = 0
    for path in pages:
        try:
            article = from_html(path.read_bytes())
        except InputError:
            continue  # a page without an article body stays refused, as before
        for index, block in enumerate(article.blocks):
            if block.kind == BlockKind.IMAGE:
                images += 1
                assert WEB.match(block.src or "") or not re.match(r"[a-z]+:", block.src or ""), \
                    (path.name, block.src)
                assert "<" not in block.text and not block.tags
                assert block.credit is None or block.credit.strip() == block.credit
            if block.kind == BlockKind.CAPTION and index and \
                    article.blocks[index - 1].kind == BlockKind.IMAGE:
                credit = article.blocks[index - 1].credit
                assert not credit or credit not in block.plain, (path.name, block.plain)
    assert images > 100


@shared_data.needs_shared_data
@pytest.mark.parametrize("name", ["correctiv.org.zusage.html", "kulu-media.com.meta-outage.html"])
def test_a_figure_whose_sizes_extraction_lists_twice_is_one_image(name):
    srcs = [src for src, _, _, _ in figures_of(page(name))]
    assert srcs and len(srcs) == len(set(srcs))
    assert not any(" " in src for src in srcs)  # no srcset descriptor ("… 1200w") in an address


# Fragments (a CMS body field) ----------------------------------------------------------

def test_a_figure_with_a_lazy_picture_caption_and_credit_element():
    article = body(
        "<figure><picture><source srcset='/img/p-640.webp 640w, /img/p-1280.webp 1280w'>"
        "<img src='data:image/gif;base64,R0lGOD' data-src='/img/p.jpg' alt='The new quay'>"
        "</picture><figcaption>The quay <a href='/map'>on the map</a>. "
        "<span class='photo-credit'>Photo: J. Doe / dpa</span></figcaption></figure>"
        "<p>Work starts in May, the mayor said to reporters.</p>")
    assert figures_of(article) == [("https://news.example/img/p.jpg", "The new quay",
                                    "Photo: J. Doe / dpa", "The quay on the map.")]
    caption = article.blocks[2]
    assert caption.text == "The quay <g1>on the map</g1>."
    assert caption.tags["1"].attrs["href"] == "https://news.example/map"


@pytest.mark.parametrize(("figcaption", "caption", "credit"), [
    ("A drone over the port. Foto: AP", "A drone over the port.", "Foto: AP"),
    ("A drone © Reuters / J. Doe", "A drone", "© Reuters / J. Doe"),
    ("A drone (Bild: dpa)", "A drone", "(Bild: dpa)"),
    ("<em>Image Credit: NASA/Bill Ingalls</em>", None, "Image Credit: NASA/Bill Ingalls"),
    ("The <b>source: a memo</b> leaked", "The <g1>source: a memo</g1> leaked", None),
    ("A drone. Bild: <a href='https://x.example/p'>X/Shutterstock</a>", "A drone.",
     "Bild: X/Shutterstock"),
    ("Der Hafen • <span class='copyright'>Crédits : <em>Getty</em></span>", "Der Hafen",
     "Crédits : Getty"),
    ("<p class='caption__source'>(Bild: )</p>", None, None),
    ("A plain caption without a credit", "A plain caption without a credit", None),
])
def test_the_credit_is_split_from_the_caption(figcaption, caption, credit):
    article = body(f"<figure><img src='/a.jpg' alt='Port'><figcaption>{figcaption}</figcaption>"
                   "</figure>")
    image = next(b for b in article.blocks if b.kind == BlockKind.IMAGE)
    captions = [b.text for b in article.blocks if b.kind == BlockKind.CAPTION]
    assert image.credit == credit
    assert captions == ([caption] if caption else [])


def test_an_image_in_running_text_becomes_a_figure_after_its_paragraph():
    article = body("<p>Before the image <a href='/big.jpg'><img src='/small.jpg' alt='Quay'>"
                   "</a> and after it, in one paragraph.</p>")
    kinds = [(b.kind.value, b.plain) for b in article.blocks]
    assert kinds[-2:] == [("paragraph", "Before the image and after it, in one paragraph."),
                          ("image", "Quay")]
    assert article.blocks[-1].src == "https://news.example/small.jpg"


def test_several_images_take_one_caption_after_the_last():
    article = body("<figure><img src='/1.jpg' alt='One'><img src='/2.jpg' alt='Two'>"
                   "<noscript><img src='/1.jpg' alt='One'></noscript>"
                   "<figcaption>Both quays. Foto: dpa</figcaption></figure>")
    assert [(b.kind.value, b.plain, b.credit) for b in article.blocks[1:]] == [
        ("image", "One", None), ("image", "Two", "Foto: dpa"), ("caption", "Both quays.", None)]


def test_a_wordpress_caption_box_is_a_figure():
    article = body("<div class='wp-caption alignleft'><img src='/w.jpg' alt='Mayor'>"
                   "<p class='wp-caption-text'>The mayor, on Monday.</p></div>")
    assert figures_of(article) == [("https://news.example/w.jpg", "Mayor", None,
                                    "The mayor, on Monday.")]


@pytest.mark.parametrize("src", ["javascript:alert(1)", " JaVaScRiPt:alert(1)",
                                 "java\tscript:alert(1)", "javascript&colon;alert(1)",
                                 "mailto:desk@example.org", "vbscript:x", "data:text/html,x",
                                 "ｊavascript:alert(1)", "file:///etc/passwd"])
def test_an_image_whose_address_is_refused_is_left_out_with_a_note(src):
    article = body(f"<figure><img src='{src}' alt='Evil'><figcaption>A caption.</figcaption>"
                   "</figure>", url=None)
    assert not [b for b in article.blocks if b.kind == BlockKind.IMAGE]
    assert [b.plain for b in article.blocks if b.kind == BlockKind.CAPTION] == ["A caption."]
    if not src.startswith("data:"):
        assert any("left out the image “Evil”" in w for w in article.warnings), article.warnings


@pytest.mark.parametrize(("alt", "expected"), [
    ("IMG_8299.jpeg", ""), ("photo-1.PNG", ""), ("  The quay\n at night ", "The quay at night"),
    ("Tags <g1>like</g1> this", "Tags ˂g1>like˂/g1> this"), ("", ""),
])
def test_alt_text_is_plain_text_and_a_file_name_is_none(alt, expected):
    article = body(f"<figure><img src='/a.jpg' alt='{alt}'></figure>")
    image = next(b for b in article.blocks if b.kind == BlockKind.IMAGE)
    assert image.text == expected and not image.tags


def test_a_hostile_caption_keeps_no_markup_but_its_text():
    article = body("<figure><img src='/a.jpg' alt='x\" onerror=\"alert(1)'>"
                   "<figcaption onclick='x()'><script>alert(2)</script>Safe "
                   "<a href='javascript:alert(3)'>words</a></figcaption></figure>")
    image, caption = [b for b in article.blocks if b.kind in (BlockKind.IMAGE,
                                                             BlockKind.CAPTION)]
    assert image.text == 'x" onerror="alert(1)'  # text, escaped on output
    assert caption.plain == "Safe words" and not caption.tags


# Other readers -------------------------------------------------------------------------

def test_json_keeps_an_image_block_and_refuses_a_broken_one():
    doc = {"title": "T", "language": "en", "blocks": [
        {"kind": "paragraph", "text": "The council met on Monday to approve the plan."},
        {"kind": "image", "text": "The quay", "src": "https://x.example/q.jpg",
         "credit": "Foto: dpa"},
        {"kind": "caption", "text": "The new quay."}]}
    article = from_json(json.dumps(doc))
    assert article.blocks[1].to_dict() == doc["blocks"][1]
    assert from_json(json.dumps(article.to_dict())).to_dict() == article.to_dict()
    for broken, message in [
        ({"kind": "image", "text": "x"}, "needs a 'src'"),
        ({"kind": "image", "text": "x", "src": 7}, "needs a 'src'"),
        ({"kind": "paragraph", "text": "x", "src": "https://x.example/a.jpg"}, "Only an image"),
        ({"kind": "paragraph", "text": "x", "credit": "dpa"}, "Only an image"),
        ({"kind": "image", "text": "<g1>x</g1>", "src": "/a.jpg",
          "tags": {"1": {"kind": "bold"}}}, "no markup"),
        ({"kind": "image", "text": "x", "src": "/a.jpg", "credit": ["dpa"]}, "'credit'"),
    ]:
        with pytest.raises(InputError, match=message):
            from_json(json.dumps({**doc, "blocks": [doc["blocks"][0], broken]}))
    unsafe = {**doc, "blocks": [doc["blocks"][0], {**doc["blocks"][1],
                                                   "src": "javascript:alert(1)"}]}
    kept = from_json(json.dumps(unsafe))
    assert [b.kind for b in kept.blocks] == ["paragraph"]
    assert "left out the image" in kept.warnings[0]


def test_markdown_reads_a_paragraph_that_is_only_an_image():
    article = from_markdown("# Title\n\nThe council met on Monday.\n\n"
                            "![The new quay](https://x.example/q.jpg)\n\n"
                            "Text with ![an inline image](https://x.example/i.png) stays text.\n")
    assert [(b.kind.value, b.plain, b.src) for b in article.blocks] == [
        ("paragraph", "The council met on Monday.", None),
        ("image", "The new quay", "https://x.example/q.jpg"),
        ("paragraph", "Text with an inline image stays text.", None)]
