"""DeepL through its official SDK (``pip install deepl``).

Segments go out with XML tag handling, so our inline tags ``<g1>…</g1>`` and
``<x1/>`` come back in place; none of them splits a sentence. The glossary
mapping becomes a DeepL glossary per language pair: DeepL glossaries cannot
be changed, so each is named after a hash of its entries, reused while the
entries stay the same and replaced (the old one deleted) when they change.
Neighbouring sentences go in DeepL's ``context`` parameter, which is not
translated nor billed. The key comes from ``DEEPL_AUTH_KEY`` only.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar

import deepl

from copydesk import __version__, languages
from copydesk.article import TAG_RE
from copydesk.engines.base import Candidate, Context, Engine, Signature, keeps_tags
from copydesk.errors import (
    BadResponseError,
    EngineError,
    EngineUnavailableError,
    RateLimitedError,
    UnsupportedPairError,
)
from copydesk.settings import Settings

KEY_HINT = "set the DEEPL_AUTH_KEY environment variable to your DeepL API key"
# Targets DeepL only accepts with a region, and the one we pick without one.
DEFAULT_REGION = {"EN": "EN-GB", "PT": "PT-PT", "ZH": "ZH-HANS"}


class DeepLEngine(Engine):
    name: ClassVar[str] = "deepl"
    description: ClassVar[str] = "DeepL API (glossaries, formality, tag handling); needs a key."
    sends_data_offsite: ClassVar[bool] = True
    supports_glossary: ClassVar[bool] = True
    supports_context: ClassVar[bool] = True
    preserves_tags: ClassVar[bool] = True
    max_batch: ClassVar[int] = 50  # DeepL accepts at most 50 texts per request

    def __init__(
        self, auth_key: str | None, *, server_url: str | None = None,
        formality: str = "default", edition_formality: Mapping[str, str] | None = None,
    ) -> None:
        self.server_url = server_url or None
        self.formality = formality
        self.edition_formality = dict(edition_formality or {})
        self._translator = (deepl.Translator(auth_key, server_url=self.server_url)
                            .set_app_info("copydesk", __version__) if auth_key else None)
        self._sources: set[str] | None = None
        self._targets: dict[str, bool] | None = None  # code -> supports formality
        self._glossaries = GlossarySync(self._translator) if self._translator else None

    @classmethod
    def from_settings(cls, settings: Settings) -> DeepLEngine:
        formality = {lang: str(table["formality"]) for lang, table in settings.editions.items()
                     if "formality" in table}
        return cls(os.environ.get("DEEPL_AUTH_KEY") or None,
                   server_url=settings.deepl_server_url or None,
                   formality=settings.deepl_formality, edition_formality=formality)

    def availability(self) -> str | None:
        return None if self._translator else f"no API key: {KEY_HINT}."

    def supports(self, source_lang: str, target_lang: str) -> bool:
        self._load_languages()
        assert self._sources is not None and self._targets is not None
        return (languages.base(source_lang).upper() in self._sources
                and self.target_code(target_lang) in self._targets)

    def target_code(self, target_lang: str) -> str:
        """DeepL's code for our target: ``de`` -> ``DE``, ``en`` -> ``EN-GB``,
        ``pt-BR`` -> ``PT-BR``, ``de-CH`` -> ``DE`` (no Swiss German at DeepL)."""
        self._load_languages()
        assert self._targets is not None
        code, base = target_lang.upper(), languages.base(target_lang).upper()
        if code in self._targets:
            return code
        return base if base in self._targets else DEFAULT_REGION.get(base, base)

    def signature_for(self, source_lang: str, target_lang: str) -> Signature:
        options = [("target", self.target_code(target_lang))]
        formality = self._formality(target_lang)
        if formality:
            options.append(("formality", formality))
        return Signature(engine=self.name, version=f"sdk-{deepl.__version__}",
                         options=tuple(options))

    def translate(
        self,
        segments: Sequence[str],
        source_lang: str,
        target_lang: str,
        *,
        glossary: Mapping[str, str] | None = None,
        context: Context | None = None,
    ) -> list[Candidate]:
        translator = self._require_translator()
        if not self.supports(source_lang, target_lang):
            raise UnsupportedPairError(
                f"DeepL cannot translate {source_lang}->{target_lang}; see DeepL's language "
                "list or use another engine for this pair.")
        todo = [i for i, text in enumerate(segments) if text.strip()]
        options, notes = self._options(segments, source_lang, target_lang, glossary, context)
        with _deepl_errors():
            results = translator.translate_text(
                [segments[i] for i in todo], **options) if todo else []
        if not isinstance(results, list) or len(results) != len(todo):
            raise BadResponseError(f"DeepL returned a wrong number of translations for "
                                   f"{len(todo)} segments; try again or use another engine.")
        signature = self.signature_for(source_lang, target_lang)
        if "glossary" in options:
            fingerprint = ("glossary", options["glossary"].name.rsplit("-", 1)[-1])
            signature = dataclasses.replace(signature, options=(*signature.options, fingerprint))
        candidates = [Candidate(text=text, signature=signature) for text in segments]
        for i, result in zip(todo, results, strict=True):
            if not keeps_tags(segments[i], result.text):
                raise BadResponseError(
                    f"DeepL changed the inline tags of segment {i + 1} of the batch; translate "
                    "it with another engine or fix the markup by hand.")
            candidates[i] = Candidate(text=result.text, signature=signature, notes=notes)
        return candidates

    def _options(
        self, segments: Sequence[str], source_lang: str, target_lang: str,
        glossary: Mapping[str, str] | None, context: Context | None,
    ) -> tuple[dict[str, Any], tuple[str, ...]]:
        """Keyword arguments for ``translate_text`` and notes for the editor."""
        tags = sorted({_tag_name(m) for text in segments for m in TAG_RE.finditer(text)})
        options: dict[str, Any] = {
            "source_lang": languages.base(source_lang).upper(),
            "target_lang": self.target_code(target_lang),
            "split_sentences": "nonewlines",
            "tag_handling": "xml",
            "outline_detection": False,
        }
        if tags:
            options["non_splitting_tags"] = tags
        formality = self._formality(target_lang)
        if formality:
            options["formality"] = formality
        text = _context_text(context)
        if text:
            options["context"] = text
        notes: tuple[str, ...] = ()
        if glossary and self._glossaries is not None:
            with _deepl_errors():
                info, notes = self._glossaries.ensure(
                    languages.base(source_lang), languages.base(target_lang), glossary)
            if info is not None:
                options["glossary"] = info
        return options, notes

    def _formality(self, target_lang: str) -> str | None:
        """The formality to send, or None when the target language has none at DeepL."""
        wanted = (self.edition_formality.get(target_lang)
                  or self.edition_formality.get(languages.base(target_lang))
                  or self.formality)
        if wanted == "default":
            return None
        self._load_languages()
        assert self._targets is not None
        if self._targets.get(self.target_code(target_lang)):
            return wanted
        return wanted if wanted.startswith("prefer_") else None

    def _load_languages(self) -> None:
        if self._targets is not None:
            return
        translator = self._require_translator()
        with _deepl_errors():
            sources = translator.get_source_languages()
            targets = translator.get_target_languages()
        self._sources = {lang.code.upper() for lang in sources}
        self._targets = {lang.code.upper(): bool(lang.supports_formality) for lang in targets}

    def _require_translator(self) -> deepl.Translator:
        if self._translator is None:
            raise EngineUnavailableError(f"DeepL has no API key: {KEY_HINT}.")
        return self._translator


def _tag_name(match: Any) -> str:
    kind = "x" if match.group(3) else "g"
    return f"{kind}{match.group(1) or match.group(2) or match.group(3)}"


def _context_text(context: Context | None) -> str:
    if context is None:
        return ""
    parts = [context.title or "", *context.previous, *context.following]
    return "\n".join(part for part in parts if part.strip())


@contextmanager
def _deepl_errors() -> Iterator[None]:
    """Turn the SDK's exceptions into our ``EngineError`` subclasses."""
    try:
        yield
    except deepl.DeepLException as error:
        raise map_error(error) from None


def map_error(error: deepl.DeepLException) -> EngineError:
    """The ``EngineError`` for one of the DeepL SDK's exceptions."""
    if isinstance(error, deepl.AuthorizationException):
        return EngineUnavailableError(f"DeepL refused the API key ({error}); {KEY_HINT}.")
    if isinstance(error, deepl.QuotaExceededException):
        return RateLimitedError("The DeepL character quota for this billing period is used up; "
                                "raise the limit in the DeepL account or use another engine.")
    if isinstance(error, deepl.TooManyRequestsException):
        return RateLimitedError("DeepL is rate-limiting requests; try again in a minute or "
                                "configure a fallback engine, e.g. engine = 'deepl,ctranslate2'.")
    if isinstance(error, deepl.ConnectionException):
        return EngineUnavailableError(f"Cannot reach DeepL ({error}); check the network and "
                                      "the 'deepl_server_url' setting.")
    message = str(error)
    if (error.http_status_code or 0) >= 500:
        return EngineUnavailableError(f"DeepL is failing ({message}); try again later or "
                                      "use another engine.")
    if error.http_status_code == 400 and "lang" in message.lower():
        return UnsupportedPairError(f"DeepL does not support this language pair ({message}); "
                                    "use another engine for it.")
    return BadResponseError(f"DeepL answered with an error ({message}); try again later or "
                            "use another engine.")


class GlossarySync:
    """One DeepL glossary per language pair, kept in step with our glossary mapping.

    A glossary is named ``copydesk-<src>-<tgt>-<hash of entries>``: the same
    entries reuse it, changed entries create a new one and delete the stale
    ones of the pair. Each mapping is looked up once per engine instance.
    """

    PREFIX = "copydesk"

    def __init__(self, translator: deepl.Translator) -> None:
        self._translator = translator
        self._pairs: set[tuple[str, str]] | None = None
        self._known: dict[str, deepl.GlossaryInfo] = {}

    def ensure(
        self, source: str, target: str, entries: Mapping[str, str]
    ) -> tuple[deepl.GlossaryInfo | None, tuple[str, ...]]:
        """The DeepL glossary for ``entries`` (created if needed), and notes."""
        usable = usable_entries(entries)
        if not usable:
            return None, ()
        if (source, target) not in self._supported_pairs():
            return None, (f"DeepL has no glossaries for {source}->{target}; the glossary "
                          "was not applied, check the glossary terms in review.",)
        name = f"{self.PREFIX}-{source}-{target}-{entries_hash(usable)}"
        if name not in self._known:
            self._known[name] = self._synchronise(name, source, target, usable)
        return self._known[name], ()

    def _synchronise(self, name: str, source: str, target: str,
                     entries: Mapping[str, str]) -> deepl.GlossaryInfo:
        prefix = f"{self.PREFIX}-{source}-{target}-"
        ours = [g for g in self._translator.list_glossaries() if g.name.startswith(prefix)]
        current = next((g for g in ours if g.name == name), None)
        if current is None:
            current = self._translator.create_glossary(name, source, target, dict(entries))
        for stale in ours:
            if stale.name != name:
                try:
                    self._translator.delete_glossary(stale)
                except deepl.GlossaryNotFoundException:
                    continue  # another worker removed it first
        return current

    def _supported_pairs(self) -> set[tuple[str, str]]:
        if self._pairs is None:
            self._pairs = {(p.source_lang.lower(), p.target_lang.lower())
                           for p in self._translator.get_glossary_languages()}
        return self._pairs


def usable_entries(entries: Mapping[str, str]) -> dict[str, str]:
    """The entries DeepL accepts (no empty terms, no control characters)."""
    usable = {}
    for source, target in entries.items():
        try:
            deepl.validate_glossary_term(source.strip())
            deepl.validate_glossary_term(target.strip())
        except ValueError:
            continue
        usable[source.strip()] = target.strip()
    return usable


def entries_hash(entries: Mapping[str, str]) -> str:
    """A short, stable fingerprint of glossary entries."""
    text = "\n".join(f"{s}\t{t}" for s, t in sorted(entries.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
