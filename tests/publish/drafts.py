"""Hand-built English→German drafts that exercise every block kind and inline tag."""

from __future__ import annotations

from copydesk.article import Article, Block, BlockKind, InlineTag, Segment
from copydesk.pipeline import Draft

SIGNATURE = "engine:ctranslate2|model:opus-mt-en-de|version:2020-02-26|quant:int8|v:0.1.0"
PSEUDO_SIGNATURE = "engine:pseudo|target:de|v:0.1.0"
CREATED_AT = "2026-03-01T10:00:00+00:00"

LINK = InlineTag("link", {"href": "https://ec.europa.eu/news?id=1&lang=en"})
BOLD, ITALIC, BREAK = InlineTag("bold"), InlineTag("italic"), InlineTag("break")

# (kind, level, tags, [(source sentence, target sentence), ...])
BODY: list[tuple[BlockKind, int | None, dict[str, InlineTag], list[tuple[str, str]]]] = [
    (BlockKind.HEADING, 2, {}, [("What changes", "Was sich ändert")]),
    (BlockKind.PARAGRAPH, None,
     {"1": LINK, "2": BOLD, "3": ITALIC, "4": BOLD, "5": BREAK},
     [("The <g1>Commission</g1> said on <g2>Monday</g2> that <g3>new <g4>rules</g4></g3> apply.",
       "Die <g1>Kommission</g1> sagte am <g2>Montag</g2>, dass <g3>neue <g4>Regeln</g4></g3> "
       "gelten."),
      ("Details follow.<x5/>More soon.", "Details folgen.<x5/>Mehr in Kürze.")]),
    (BlockKind.QUOTE, None, {}, [("“We act now,” she said.", "„Wir handeln jetzt“, sagte sie.")]),
    (BlockKind.LIST_ITEM, None, {}, [("Drones over 250 g", "Drohnen über 250 g")]),
    (BlockKind.LIST_ITEM, 2, {"1": ITALIC}, [("<g1>Registration</g1> required",
                                              "<g1>Registrierung</g1> nötig")]),
    (BlockKind.LIST_ITEM, None, {}, [("Fines up to €5,000", "Bußgelder bis 5000 €")]),
    (BlockKind.HEADING, 3, {}, [("Background", "Hintergrund")]),
    (BlockKind.PARAGRAPH, None,
     {"1": InlineTag("code"), "2": InlineTag("underline"), "3": InlineTag("sup"),
      "4": InlineTag("sub")},
     [("Run <g1>drone --check</g1>, see <g2>this</g2>, m<g3>2</g3> and CO<g4>2</g4>.",
       "Führen Sie <g1>drone --check</g1> aus, siehe <g2>dies</g2>, m<g3>2</g3> und "
       "CO<g4>2</g4>.")]),
    (BlockKind.CAPTION, None, {}, [("A drone. Photo: AP", "Eine Drohne. Foto: AP")]),
]


def _block(kind: BlockKind, level: int | None, tags: dict[str, InlineTag],
           pairs: list[tuple[str, str]], prefix: str, signature: str) -> Block:
    segments = [Segment(id=f"{prefix}.s{i}", source=src, target=tgt, origin="mt",
                        signature=signature) for i, (src, tgt) in enumerate(pairs, 1)]
    return Block(kind=kind, text=" ".join(src for src, _ in pairs), tags=dict(tags), level=level,
                 segments=segments)


def build_draft(body: list | None = None, *, target_language: str = "de",
                engine: str = "ctranslate2", standfirst: bool = True) -> Draft:
    """A draft as ``translate_article`` would return it, built without an engine."""
    machine = engine != "pseudo"
    signature = SIGNATURE if machine else PSEUDO_SIGNATURE
    rows = BODY if body is None else body
    blocks = [_block(*row, prefix=f"b{i}", signature=signature) for i, row in enumerate(rows, 1)]
    title = ("EU <g1>tightens</g1> drone rules", "EU <g1>verschärft</g1> Drohnenregeln")
    headline = _block(BlockKind.HEADING, 1, {"1": BOLD}, [title], "title", signature)
    lead = _block(BlockKind.PARAGRAPH, None, {},
                  [("New limits apply from June.", "Ab Juni gelten neue Grenzen.")],
                  "standfirst", signature) if standfirst else None
    source = Article(title=headline.text, blocks=[Block(b.kind, b.text, dict(b.tags), b.level)
                                                  for b in blocks],
                     language="en", standfirst=lead.text if lead else None,
                     byline="By Jane Doe and John Roe", date="2026-02-28",
                     url="https://news.example/eu-drones")
    return Draft(source=source, source_language="en", target_language=target_language,
                 headline=headline, standfirst=lead, blocks=blocks, engine=engine,
                 machine_translated=machine, signatures=[signature], created_at=CREATED_AT)


def paragraph(target: str, tags: dict[str, InlineTag] | None = None) -> tuple:
    """One body paragraph whose source and target are both ``target``."""
    return (BlockKind.PARAGRAPH, None, tags or {}, [(target, target)])
