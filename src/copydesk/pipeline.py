"""From a source article to a checked machine draft in another language.

``translate_article`` segments the article (title, standfirst and body
blocks), takes what the translation memory has (exact and in-context matches
are used, fuzzy ones kept as suggestions for the editor), sends the other
segments to an engine in batches, puts inline tags back for engines that
cannot carry them, keeps do-not-translate terms intact (a glossary for
engines that take one, placeholders for the others), applies the house
style's safe fixes and runs the checks. It returns a ``Draft``: the source
blocks with a translation on every segment, the issues and risk of each
segment, the memory's suggestions, and what produced it.

With ``on_arrival`` a draft that takes the engine more than one batch is
handed out as it is made: first the memory's matches, then each batch as the
engine answers it, in reading order
(headline and standfirst first), every segment with its house-style fixes and
the checks of what has arrived so far; the checks then run again on the whole
article before ``translate_article`` returns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from copydesk import languages, segment, style
from copydesk.article import (
    TAG_RE,
    Article,
    Block,
    BlockKind,
    Segment,
    escape_tags,
    plain_text,
)
from copydesk.checks import registry as checks
from copydesk.checks.base import Issue, SegmentContext, Severity
from copydesk.engines.base import (
    PSEUDO_ENGINE,
    Candidate,
    Context,
    Engine,
    is_pseudo_output,
)
from copydesk.errors import BadResponseError, LanguageError
from copydesk.glossary import Glossary
from copydesk.glossary.protect import GlossaryTerms, protect, restore
from copydesk.memory import TranslationMemory
from copydesk.memory.reuse import Reuse, Suggestion, look_up, memory_signature

Progress = Callable[[int, int], None]
# Given the draft and the segments just translated; answers whether to keep sending them.
Arrival = Callable[["Draft", Sequence[Segment]], bool]
DETECT_BLOCKS = 20  # body blocks read to detect the source language
NEIGHBOURS = 2  # source sentences before and after a batch that engines get as context


@dataclass(frozen=True)
class StyleFixes:
    """What the house style's safe fixes changed in one machine translation."""

    before: str  # the engine's (or memory's) text, kept so no version is lost
    fixes: tuple[str, ...]  # one message per fix


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
    issues: dict[str, list[Issue]] = field(default_factory=dict)  # by segment id
    risks: dict[str, float] = field(default_factory=dict)  # by segment id
    style_fixes: dict[str, StyleFixes] = field(default_factory=dict)  # by segment id
    suggestions: dict[str, list[Suggestion]] = field(default_factory=dict)  # by segment id
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def units(self) -> list[Block]:
        """Headline, standfirst (if any) and body blocks, in reading order."""
        return [self.headline, *([self.standfirst] if self.standfirst else []), *self.blocks]

    def segments(self) -> list[Segment]:
        return [s for block in self.units() for s in block.segments]

    @property
    def risk(self) -> float:
        return checks.article_risk(list(self.risks.values()))

    def review_order(self) -> list[Segment]:
        """Segments riskiest first (reading order among equals): the order to review in."""
        ranked = enumerate(self.segments())
        return [s for _, s in sorted(ranked, key=lambda p: (-self.risks.get(p[1].id, 0.0), p[0]))]

    def target_article(self) -> Article:
        """The translated article with the source's structure and inline markup."""
        lang = self.target_language
        body = [Block(kind=b.kind, text=translated_text(b, lang), tags=dict(b.tags), level=b.level,
                      src=b.src, credit=b.credit)
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
            "risk": self.risk,
            "issues": {sid: [i.to_dict() for i in found] for sid, found in self.issues.items()
                       if found},
            "risks": dict(self.risks),
            "style_fixes": {sid: {"before": fixed.before, "fixes": list(fixed.fixes)}
                            for sid, fixed in self.style_fixes.items()},
            "suggestions": {sid: [s.to_dict() for s in found]
                            for sid, found in self.suggestions.items() if found},
        }

    def settle_origins(self) -> None:
        """Make ``engine`` and ``machine_translated`` say what the segments' texts are.

        A draft is pseudo output while any of its texts is the pseudo engine's
        and nobody replaced it; one whose texts all came from the memory (or
        from editors) is not labelled pseudo because the pseudo engine was the
        one on duty.
        """
        pieces = [s for s in self.segments() if s.source.strip()]
        self.machine_translated = not any(is_pseudo_output(s.origin, s.signature)
                                          for s in pieces)
        if self.engine == PSEUDO_ENGINE and self.machine_translated:  # no pseudo text left
            self.engine = "memory" if any(s.origin == "memory" for s in pieces) else "editor"

    def from_memory(self) -> list[Segment]:
        """Segments whose translation the memory supplied (exact or in-context)."""
        return [s for s in self.segments() if s.origin == "memory"]


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
    glossary: Glossary | None = None,
    edition: Mapping[str, Any] | None = None,
    memory: TranslationMemory | None = None,
    fuzzy_threshold: float = 0.75,
    on_arrival: Arrival | None = None,
) -> Draft:
    """Translate ``article`` into ``target_language`` with ``engine``, then check the draft.

    ``edition`` is the target edition's table from the settings (house-style
    and check options). ``memory`` is looked up first: exact and in-context
    matches are used, fuzzy ones scoring at least ``fuzzy_threshold`` become
    ``Draft.suggestions``. ``glossary`` reaches the engine (or protects its
    do-not-translate terms) and the glossary check.
    """
    source_lang = source_language_of(article, source_language)
    target_lang = languages.normalize(target_language)
    if languages.base(source_lang) == languages.base(target_lang):
        raise LanguageError(f"The article is already in {languages.name(target_lang)}; "
                            "choose another target language with --to.")
    # Title and standfirst are plain text: literal "<g1>" in them is text, not a tag.
    headline = _segmented(Block(BlockKind.HEADING, escape_tags(article.title), level=1), "title",
                          source_lang)
    standfirst = (_segmented(Block(BlockKind.PARAGRAPH, escape_tags(article.standfirst)),
                             "standfirst", source_lang) if article.standfirst else None)
    blocks = [_segmented(_copy(b), f"b{i}", source_lang) for i, b in enumerate(article.blocks, 1)]
    draft = Draft(source=article, source_language=source_lang, target_language=target_lang,
                  headline=headline, standfirst=standfirst, blocks=blocks, engine=engine.name,
                  machine_translated=engine.is_real_translation,
                  warnings=[*article.warnings, *warnings])
    todo = [s for s in draft.segments() if s.source.strip()]
    reuse = (look_up(memory, todo, source_lang, target_lang, threshold=fuzzy_threshold)
             if memory is not None else Reuse())
    _use_memory(draft, todo, reuse)
    run = _Run(engine, source_lang, target_lang, Context(title=article.title),
               GlossaryTerms.of(glossary, source_lang, target_lang))
    misses = [s for s in todo if s.id not in reuse.matches]
    batches = -(-len(misses) // max(1, min(batch_size, engine.max_batch)))
    deliver = (_Delivery(draft, on_arrival, glossary, edition)
               if on_arrival and batches > 1 else None)  # one batch arrives all at once anyway
    if deliver is not None and not deliver([s for s in todo if s.id in reuse.matches], {}):
        deliver = None
    notes = _machine_translate(run, todo, misses, batch_size, progress, deliver)
    draft.signatures = sorted({s.signature for s in todo if s.signature})
    draft.settle_origins()
    check_draft(draft, glossary=glossary, edition=edition, notes=notes,
                fix_style=deliver is None)
    return draft


class _Delivery:
    """Hands each translated batch to ``on_arrival``, house-style fixed and checked."""

    def __init__(self, draft: Draft, on_arrival: Arrival, glossary: Glossary | None,
                 edition: Mapping[str, Any] | None) -> None:
        self.draft, self.on_arrival, self.edition = draft, on_arrival, dict(edition or {})
        self.context = SegmentContext(source_lang=draft.source_language,
                                      target_lang=draft.target_language, glossary=glossary,
                                      edition=self.edition)
        self.fixes = "house-style" in checks.selected_checks(self.context)
        self.delivered: list[tuple[str, str]] = []  # (source, target) of what arrived so far
        self.stopped = False

    def __call__(self, batch: Sequence[Segment], notes: Mapping[str, Sequence[str]]) -> bool:
        """Fix and check ``batch`` (with what arrived before it as context), then hand it on;
        once ``on_arrival`` said no, only fix (``check_draft`` then leaves the fixes out)."""
        if self.fixes:
            for seg in batch:
                if seg.origin != "memory":  # an editor confirmed it as it is
                    _fix_style(self.draft, seg, self.edition)
        if self.stopped:
            return False
        self.delivered += [(s.source, s.target or "") for s in batch]
        context = replace(self.context, article=tuple(self.delivered))
        for seg in batch:
            issues = checks.run_checks(seg.source, seg.target or "", context)
            issues += [Issue("engine", Severity.MINOR, note) for note in notes.get(seg.id, ())]
            self.draft.issues[seg.id] = issues
            self.draft.risks[seg.id] = checks.segment_risk(seg.source, seg.target or "", issues,
                                                           context)
        self.stopped = not self.on_arrival(self.draft, list(batch))
        return not self.stopped


def translate_segments(sources: Sequence[str], engine: Engine, source_language: str,
                       target_language: str, *, glossary: Glossary | None = None,
                       title: str = "") -> list[Candidate]:
    """Machine-translate tagged source segments on their own (an editor asked for them
    again), with tags and the glossary handled as ``translate_article`` handles them."""
    source_lang, target_lang = (languages.normalize(source_language),
                                languages.normalize(target_language))
    run = _Run(engine, source_lang, target_lang, Context(title=title),
               GlossaryTerms.of(glossary, source_lang, target_lang))
    todo = [Segment(id=str(i), source=text) for i, text in enumerate(sources)]
    return _translate_batch(run, todo) if todo else []


@dataclass(frozen=True)
class _Run:
    """What every engine call of one article shares."""

    engine: Engine
    source_lang: str
    target_lang: str
    context: Context
    terms: GlossaryTerms


def _use_memory(draft: Draft, todo: Sequence[Segment], reuse: Reuse) -> None:
    for seg in todo:
        match = reuse.matches.get(seg.id)
        if match is not None:
            seg.target, seg.origin = match.target, "memory"
            seg.signature = str(memory_signature(match))
    draft.suggestions = reuse.suggestions


def _machine_translate(run: _Run, todo: Sequence[Segment], misses: Sequence[Segment],
                       batch_size: int, progress: Progress | None,
                       deliver: _Delivery | None = None) -> dict[str, tuple[str, ...]]:
    """Translate the segments the memory did not have; the engine's notes by segment id."""
    notes: dict[str, tuple[str, ...]] = {}
    total, done = len(todo), len(todo) - len(misses)
    position = {seg.id: i for i, seg in enumerate(todo)}
    step = max(1, min(batch_size, run.engine.max_batch))
    if progress and done:
        progress(done, total)
    for start in range(0, len(misses), step):
        batch = misses[start:start + step]
        first, last = position[batch[0].id], position[batch[-1].id]
        around = replace(run, context=replace(
            run.context,
            previous=[plain_text(s.source) for s in todo[max(0, first - NEIGHBOURS):first]],
            following=[plain_text(s.source) for s in todo[last + 1:last + 1 + NEIGHBOURS]]))
        for seg, candidate in zip(batch, _translate_batch(around, batch), strict=True):
            seg.target, seg.origin, seg.signature = candidate.text, "mt", str(candidate.signature)
            notes[seg.id] = candidate.notes
        if deliver is not None:
            deliver(batch, notes)
        if progress:
            progress(done + min(start + step, len(misses)), total)
    return notes


def check_draft(draft: Draft, *, glossary: Any = None, edition: Mapping[str, Any] | None = None,
                notes: Mapping[str, Sequence[str]] | None = None, fix_style: bool = True) -> None:
    """Apply the house style's safe fixes, then run every check on the draft.

    Fixed segments get origin ``style-fix`` and the fixes are listed in
    ``draft.style_fixes``; issues and risks are stored by segment id. Engine
    notes (an inline tag placed by guesswork, words the engine did not know,
    a fallback to another engine) become minor issues with check id ``engine``.
    ``fix_style=False``: the fixes were made already (as the segments arrived).
    """
    edition = dict(edition or {})
    done = [s for s in draft.segments() if s.target is not None and s.source.strip()]
    context = SegmentContext(source_lang=draft.source_language,
                             target_lang=draft.target_language, glossary=glossary, edition=edition)
    if fix_style and "house-style" in checks.selected_checks(context):
        for seg in done:
            if seg.origin != "memory":  # an editor confirmed it as it is
                _fix_style(draft, seg, edition)
    found = checks.check_article([(s.source, s.target or "") for s in done], context)
    for seg, issues in zip(done, found, strict=True):
        issues += [Issue("engine", Severity.MINOR, note) for note in (notes or {}).get(seg.id, ())]
        draft.issues[seg.id] = issues
        draft.risks[seg.id] = checks.segment_risk(seg.source, seg.target or "", issues, context)


def _fix_style(draft: Draft, seg: Segment, edition: Mapping[str, Any]) -> None:
    fixable = [i for i in style.review(seg.target or "", draft.target_language, edition)
               if i.fix is not None]
    before = seg.target or ""
    fixed, applied = style.apply_fixes(before, fixable)
    if applied:
        seg.target, seg.origin = fixed, "style-fix"
        draft.style_fixes[seg.id] = StyleFixes(before=before,
                                               fixes=tuple(i.message for i in applied))


def source_language_of(article: Article, given: str | None = None) -> str:
    """The article's language: as given, as recorded at ingest, or detected from its text."""
    if given:
        return languages.normalize(given)
    if article.language:
        return languages.normalize(article.language)
    sample = " ".join([article.title, *(b.plain for b in article.blocks[:DETECT_BLOCKS])])
    return languages.detect(sample)


def _copy(block: Block) -> Block:
    return Block(kind=block.kind, text=block.text, tags=dict(block.tags), level=block.level,
                 src=block.src, credit=block.credit)


def _segmented(block: Block, prefix: str, language: str) -> Block:
    sentences = segment.split(block.text, language) if block.text.strip() else []
    block.segments = [Segment(id=f"{prefix}.s{j}", source=s) for j, s in enumerate(sentences, 1)]
    return block


def _translate_batch(run: _Run, batch: Sequence[Segment]) -> list[Candidate]:
    """One engine round trip; for engines that cannot carry tags, strip them
    first and put them back afterwards (inner texts translated alongside)."""
    if run.engine.preserves_tags:
        return _engine_call(run, [s.source for s in batch])
    spans = [segment.strip_tags(s.source) for s in batch]
    inners = [segment.inner_texts(sp) for sp in spans]
    texts = [sp.plain for sp in spans]
    extra = sorted({t for inner in inners for t in inner.values()} - set(texts))
    results = _engine_call(run, texts + extra)
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


def _engine_call(run: _Run, texts: list[str]) -> list[Candidate]:
    """Translate ``texts`` in calls of at most ``engine.max_batch``, checking each answer.

    Engines that take a glossary get the glossary's terms; for the others the
    do-not-translate terms travel as placeholders and are put back here.
    """
    engine = run.engine
    glossary = (run.terms.mapping or None) if engine.supports_glossary else None
    protected = ([protect(t, run.terms.protected) for t in texts]
                 if run.terms.protected and not engine.supports_glossary else None)
    sent = [p.text for p in protected] if protected else texts
    out: list[Candidate] = []
    for start in range(0, len(sent), engine.max_batch):
        chunk = sent[start:start + engine.max_batch]
        results = engine.translate(chunk, run.source_lang, run.target_lang, glossary=glossary,
                                   context=run.context)
        if len(results) != len(chunk):
            raise BadResponseError(
                f"Engine '{engine.name}' returned {len(results)} translations for {len(chunk)} "
                "segments; report this to the engine's maintainer.")
        out += results
    if protected:
        out = [replace(c, text=restore(c.text, p)) for c, p in zip(out, protected, strict=True)]
    return out
