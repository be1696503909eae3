"""From a source article to a machine draft in another language.

``translate_article`` segments the article (title, standfirst and body
blocks), sends the segments to an engine in batches, puts inline tags back
for engines that cannot carry them, and returns a ``Draft``: the source
blocks with a translation on every segment, plus what produced it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from copydesk import languages, segment
from copydesk.article import TAG_RE, Article, Block, BlockKind, Segment
from copydesk.engines.base import Candidate, Context, Engine
from copydesk.errors import BadResponseError, LanguageError

Progress = Callable[[int, int], None]


@dataclass
class Draft:
    """A machine translation of one article, segment by segment.

    ``headline``, ``standfirst`` and ``blocks`` are the source blocks; each of
    their segments carries the translation in ``target``.
    """

    source: Article
    source_language: str
    target_language: str
    headline: Block
    standfirst: Block | None
    blocks: list[Block]
    engine: str
    machine_translated: bool  # False when the pseudo engine produced it
    signatures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def units(self) -> list[Block]:
        """Headline, standfirst (if any) and body blocks, in reading order."""
        return [self.headline, *([self.standfirst] if self.standfirst else []), *self.blocks]

    def segments(self) -> list[Segment]:
        return [s for block in self.units() for s in block.segments]

    def target_article(self) -> Article:
        """The translated article with the source's structure and inline markup."""
        lang = self.target_language
        body = [Block(kind=b.kind, text=translated_text(b, lang), tags=dict(b.tags), level=b.level)
                for b in self.blocks]
        return Article(
            title=translated_text(self.headline, lang),
            standfirst=translated_text(self.standfirst, lang) if self.standfirst else None,
            blocks=body,
            language=lang,
            byline=self.source.byline,
            date=self.source.date,
            url=None,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_language": self.source_language,
            "target_language": self.target_language,
            "engine": self.engine,
            "machine_translated": self.machine_translated,
            "signatures": list(self.signatures),
            "warnings": list(self.warnings),
            "created_at": self.created_at,
            "source": self.source.to_dict(),
            "headline": self.headline.to_dict(),
            "standfirst": self.standfirst.to_dict() if self.standfirst else None,
            "blocks": [b.to_dict() for b in self.blocks],
        }


def translated_text(block: Block, language: str) -> str:
    return segment.join([s.target or "" for s in block.segments], language)


def translate_article(
    article: Article,
    target_language: str,
    engine: Engine,
    *,
    source_language: str | None = None,
    batch_size: int = 32,
    warnings: Sequence[str] = (),
    progress: Progress | None = None,
) -> Draft:
    """Translate ``article`` into ``target_language`` with ``engine``."""
    source_lang = _source_language(article, source_language)
    target_lang = languages.normalize(target_language)
    if languages.base(source_lang) == languages.base(target_lang):
        raise LanguageError(f"The article is already in {languages.name(target_lang)}; "
                            "choose another target language with --to.")
    headline = _segmented(Block(BlockKind.HEADING, article.title, level=1), "title", source_lang)
    standfirst = (_segmented(Block(BlockKind.PARAGRAPH, article.standfirst), "standfirst",
                             source_lang) if article.standfirst else None)
    blocks = [_segmented(_copy(b), f"b{i}", source_lang) for i, b in enumerate(article.blocks, 1)]
    draft = Draft(source=article, source_language=source_lang, target_language=target_lang,
                  headline=headline, standfirst=standfirst, blocks=blocks, engine=engine.name,
                  machine_translated=engine.is_real_translation, warnings=list(warnings))
    todo = [s for s in draft.segments() if s.source.strip()]
    context = Context(title=article.title)
    step = max(1, min(batch_size, engine.max_batch))
    for start in range(0, len(todo), step):
        batch = todo[start:start + step]
        for seg, candidate in zip(batch, _translate_batch(engine, batch, source_lang, target_lang,
                                                          context), strict=True):
            seg.target, seg.origin, seg.signature = candidate.text, "mt", str(candidate.signature)
        if progress:
            progress(min(start + step, len(todo)), len(todo))
    draft.signatures = sorted({s.signature for s in todo if s.signature})
    return draft


def _source_language(article: Article, given: str | None) -> str:
    if given:
        return languages.normalize(given)
    if article.language:
        return languages.normalize(article.language)
    sample = " ".join([article.title, *(b.plain for b in article.blocks[:20])])
    return languages.detect(sample)


def _copy(block: Block) -> Block:
    return Block(kind=block.kind, text=block.text, tags=dict(block.tags), level=block.level)


def _segmented(block: Block, prefix: str, language: str) -> Block:
    sentences = segment.split(block.text, language) if block.text.strip() else []
    block.segments = [Segment(id=f"{prefix}.s{j}", source=s) for j, s in enumerate(sentences, 1)]
    return block


def _translate_batch(engine: Engine, batch: Sequence[Segment], source_lang: str,
                     target_lang: str, context: Context) -> list[Candidate]:
    """One engine round trip; for engines that cannot carry tags, strip them
    first and put them back afterwards (inner texts translated alongside)."""
    if engine.preserves_tags:
        return _engine_call(engine, [s.source for s in batch], source_lang, target_lang, context)
    spans = [segment.strip_tags(s.source) for s in batch]
    inners = [segment.inner_texts(sp) for sp in spans]
    texts = [sp.plain for sp in spans]
    extra = sorted({t for inner in inners for t in inner.values()} - set(texts))
    results = _engine_call(engine, texts + extra, source_lang, target_lang, context)
    lookup = dict(zip(texts + extra, (c.text for c in results), strict=True))
    out = []
    for source, sp, inner, candidate in zip((s.source for s in batch), spans, inners, results,
                                            strict=False):
        translated_inner = {tid: lookup[text] for tid, text in inner.items()}
        if not TAG_RE.search(source):
            out.append(candidate)
            continue
        restored = segment.restore_tags(sp, candidate.text, translated_inner)
        unsure = tuple(f"check the placement of tag g{tid}" for tid in restored.uncertain)
        out.append(Candidate(text=str(restored), signature=candidate.signature,
                             score=candidate.score, notes=candidate.notes + unsure))
    return out


def _engine_call(engine: Engine, texts: list[str], source_lang: str, target_lang: str,
                 context: Context) -> list[Candidate]:
    """Translate ``texts`` in calls of at most ``engine.max_batch``, checking each answer."""
    out: list[Candidate] = []
    for start in range(0, len(texts), engine.max_batch):
        chunk = texts[start:start + engine.max_batch]
        results = engine.translate(chunk, source_lang, target_lang, context=context)
        if len(results) != len(chunk):
            raise BadResponseError(
                f"Engine '{engine.name}' returned {len(results)} translations for {len(chunk)} "
                "segments; report this to the engine's maintainer.")
        out += results
    return out
