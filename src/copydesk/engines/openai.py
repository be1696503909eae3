"""A large language model behind any OpenAI-compatible chat-completions endpoint
(OpenAI, Azure OpenAI's v1 API, Mistral, vLLM, Ollama, llama.cpp server).

Many segments go out in one request (split by a character budget), with the
edition's house-style notes, the glossary entries that occur in the text and
the article context in the prompt. The model answers a JSON object
``{"segments": [{"id": ..., "text": ...}]}`` (enforced with ``response_format``
``json_schema`` where the server accepts it, asked for in words otherwise).
Every segment must come back exactly once with exactly its inline tags;
missing or broken ones are retried in smaller requests, and what still fails
raises ``BadResponseError`` naming the segments, so a fallback engine can
take over.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar
from urllib.parse import urlsplit

import httpx

from copydesk import languages
from copydesk.engines import http
from copydesk.engines.base import Candidate, Context, Engine, Signature, keeps_tags
from copydesk.errors import (
    BadResponseError,
    EngineUnavailableError,
    LanguageError,
    UnsupportedPairError,
)
from copydesk.settings import Settings

PROMPT_VERSION = "1"  # bump whenever the prompt text or the answer format changes
CHAR_BUDGET = 6000
RETRY_SIZES = (4, 1)  # segments per request when retrying what failed
SERVICE = "the chat-completions server"

ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"segments": {"type": "array", "items": {
        "type": "object",
        "properties": {"id": {"type": "string"}, "text": {"type": "string"}},
        "required": ["id", "text"],
        "additionalProperties": False,
    }}},
    "required": ["segments"],
    "additionalProperties": False,
}
RESPONSE_FORMAT = {"type": "json_schema",
                   "json_schema": {"name": "translations", "strict": True, "schema": ANSWER_SCHEMA}}

Item = tuple[str, str]  # (segment id, tagged source text)


class _OffsiteFlag:
    """``True`` on the class (the safe answer without a configuration); on an
    engine, whether its server is off this machine."""

    def __get__(self, engine: OpenAIEngine | None, owner: type) -> bool:
        return True if engine is None else not http.is_local(engine.base_url)


class OpenAIEngine(Engine):
    name: ClassVar[str] = "openai"
    description: ClassVar[str] = ("Large language model over an OpenAI-compatible chat API, with "
                                  "article context, house style and glossary.")
    sends_data_offsite = _OffsiteFlag()
    supports_glossary: ClassVar[bool] = True
    supports_context: ClassVar[bool] = True
    preserves_tags: ClassVar[bool] = True
    max_batch: ClassVar[int] = 100

    def __init__(
        self, *, base_url: str, model: str, api_key: str | None = None,
        temperature: float = 0.0, timeout: float = 60.0, client: httpx.Client | None = None,
        char_budget: int = CHAR_BUDGET, style_notes: Mapping[str, str] | None = None,
        retry: http.RetryPolicy | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.temperature = temperature
        self.char_budget = char_budget
        self.style_notes = dict(style_notes or {})
        self.retry = retry or http.RetryPolicy()
        self._api_key = api_key
        self._client = client or httpx.Client(timeout=timeout)
        self._structured = True  # set to False once the server refuses json_schema

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIEngine:
        notes = {lang: _notes_text(table.get("style_notes"))
                 for lang, table in settings.editions.items() if table.get("style_notes")}
        return cls(base_url=settings.openai_base_url, model=settings.openai_model,
                   api_key=os.environ.get("OPENAI_API_KEY") or None,
                   temperature=settings.openai_temperature, timeout=settings.engine_timeout,
                   style_notes=notes)

    def availability(self) -> str | None:
        if self._api_key or http.is_local(self.base_url):
            return None
        return ("no API key: set the OPENAI_API_KEY environment variable, or point "
                "'openai_base_url' at a server on this machine.")

    def supports(self, source_lang: str, target_lang: str) -> bool:
        try:
            source, target = languages.normalize(source_lang), languages.normalize(target_lang)
        except LanguageError:
            return False
        return languages.base(source) != languages.base(target)

    def signature_for(self, source_lang: str, target_lang: str) -> Signature:
        options = [("prompt", PROMPT_VERSION), ("temperature", f"{self.temperature:g}"),
                   ("host", urlsplit(self.base_url).hostname or "unknown")]
        notes = self._notes_for(target_lang)
        if notes:
            options.append(("style", hashlib.sha256(notes.encode()).hexdigest()[:8]))
        return Signature(engine=self.name, model=self.model, options=tuple(options))

    def translate(
        self,
        segments: Sequence[str],
        source_lang: str,
        target_lang: str,
        *,
        glossary: Mapping[str, str] | None = None,
        context: Context | None = None,
    ) -> list[Candidate]:
        if not self.supports(source_lang, target_lang):
            raise UnsupportedPairError(f"The chat model cannot translate {source_lang}->"
                                       f"{target_lang}; use ISO 639-1 codes of two languages.")
        items = [(str(i), text) for i, text in enumerate(segments, 1) if text.strip()]
        done: dict[str, str] = {}
        pending = items
        for size in (None, *RETRY_SIZES):
            pending = self._round(pending, size, source_lang, target_lang, glossary, context, done)
            if not pending:
                break
        if pending:
            ids = ", ".join(item_id for item_id, _ in pending)
            raise BadResponseError(
                f"The model '{self.model}' gave no valid translation for segment(s) {ids} of "
                "the batch (missing, repeated or with changed inline tags) after retries; "
                "translate them with another engine, e.g. engine = 'openai,ctranslate2'.")
        signature = self.signature_for(source_lang, target_lang)
        return [Candidate(text=done.get(str(i), text), signature=signature)
                for i, text in enumerate(segments, 1)]

    def _round(
        self, items: Sequence[Item], size: int | None, source_lang: str, target_lang: str,
        glossary: Mapping[str, str] | None, context: Context | None, done: dict[str, str],
    ) -> list[Item]:
        """Send ``items`` in requests of at most ``size`` segments (or the character
        budget); record valid answers in ``done`` and return the items that failed."""
        failed: list[Item] = []
        for chunk in chunked(items, self.char_budget, size):
            messages = build_messages(chunk, source_lang, target_lang, glossary=glossary,
                                      context=context, notes=self._notes_for(target_lang))
            answers = parse_answer(self._complete(messages))
            for item_id, source in chunk:
                texts = answers.get(item_id, [])
                if len(texts) == 1 and texts[0].strip() and keeps_tags(source, texts[0]):
                    done[item_id] = texts[0]
                else:
                    failed.append((item_id, source))
        return failed

    def _complete(self, messages: list[dict[str, str]]) -> str:
        """One chat-completions request; the message content of the first choice."""
        url = f"{self.base_url}/chat/completions"
        body: dict[str, Any] = {"model": self.model, "temperature": self.temperature,
                                "messages": messages}
        if self._structured:
            body["response_format"] = RESPONSE_FORMAT
        response = http.send(lambda: self._client.post(url, json=body, headers=self._headers()),
                             service=SERVICE, url=self.base_url, policy=self.retry)
        if response.status_code in (400, 422) and self._structured and _refuses_schema(response):
            self._structured = False
            return self._complete(messages)
        self._raise_for_status(response)
        try:
            message = response.json()["choices"][0]["message"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise BadResponseError(f"{SERVICE} at {self.base_url} answered something that is not "
                                   "a chat completion; check 'openai_base_url'.") from None
        return message.get("content") or ""

    def _headers(self) -> dict[str, str]:
        if not self._api_key:
            return {}
        if (urlsplit(self.base_url).hostname or "").endswith(".azure.com"):
            return {"api-key": self._api_key}
        return {"Authorization": f"Bearer {self._api_key}"}

    def _raise_for_status(self, response: httpx.Response) -> None:
        status = response.status_code
        if status == 200:
            return
        if status in (401, 403):
            raise EngineUnavailableError(
                f"{SERVICE} at {self.base_url} refused the API key (HTTP {status}); set "
                "OPENAI_API_KEY to a valid key for this server.")
        if status == 404:
            raise EngineUnavailableError(
                f"No model '{self.model}' at {self.base_url}/chat/completions (HTTP 404); "
                "check the 'openai_model' and 'openai_base_url' settings.")
        raise BadResponseError(f"{SERVICE} at {self.base_url} refused the request (HTTP "
                               f"{status}: {_server_message(response)}); check the model settings.")

    def _notes_for(self, target_lang: str) -> str:
        return (self.style_notes.get(target_lang)
                or self.style_notes.get(languages.base(target_lang), ""))


def chunked(items: Sequence[Item], budget: int, size: int | None) -> list[list[Item]]:
    """Consecutive groups of items whose texts stay within ``budget`` characters (a
    longer single segment goes alone) and, if ``size`` is given, ``size`` items."""
    chunks: list[list[Item]] = []
    current: list[Item] = []
    used = 0
    for item in items:
        full = bool(current) and (used + len(item[1]) > budget
                                  or (size is not None and len(current) >= size))
        if full:
            chunks.append(current)
            current, used = [], 0
        current.append(item)
        used += len(item[1])
    if current:
        chunks.append(current)
    return chunks


def build_messages(
    chunk: Sequence[Item], source_lang: str, target_lang: str, *,
    glossary: Mapping[str, str] | None, context: Context | None, notes: str,
) -> list[dict[str, str]]:
    """The system instructions and the user message (the segments as JSON)."""
    source, target = languages.name(source_lang), languages.name(target_lang)
    lines = [
        f"You translate news articles from {source} into {target} for a newsroom's "
        f"{target} edition. Editors will review your translation.",
        "Rules:",
        "- Translate every segment faithfully: keep facts, numbers, names, quotations, "
        "attributions and hedges; add nothing and leave nothing out.",
        "- Inline tags such as <g1>...</g1> and <x1/> mark formatting and links: keep every "
        "tag exactly as written, around the words it marks; never add, drop or rename one.",
        '- Answer with JSON only: {"segments": [{"id": "<id>", "text": "<translation>"}]}, '
        "each id exactly once, in the order given.",
    ]
    text = " ".join(source_text for _, source_text in chunk).casefold()
    terms = {s: t for s, t in (glossary or {}).items() if s.casefold() in text}
    if terms:
        lines.append(f"Glossary (always use these {target} terms; a term mapped to itself "
                     "stays untranslated):")
        lines += [f"- {json.dumps(s, ensure_ascii=False)} -> {json.dumps(t, ensure_ascii=False)}"
                  for s, t in sorted(terms.items())]
    if notes:
        lines += ["House style of this edition:", notes]
    lines += _context_lines(context)
    user = {"source_language": source_lang, "target_language": target_lang,
            "segments": [{"id": item_id, "text": source_text} for item_id, source_text in chunk]}
    return [{"role": "system", "content": "\n".join(lines)},
            {"role": "user", "content": json.dumps(user, ensure_ascii=False)}]


def _context_lines(context: Context | None) -> list[str]:
    if context is None:
        return []
    lines = []
    if context.title:
        lines.append(f"Headline of the article: {context.title}")
    if context.previous:
        lines.append("Text before these segments: " + " ".join(context.previous))
    if context.following:
        lines.append("Text after these segments: " + " ".join(context.following))
    if lines:
        lines.insert(0, "Context, for understanding only (do not translate it):")
    return lines


def parse_answer(content: str) -> dict[str, list[str]]:
    """Texts by segment id from the model's answer (several when an id repeats);
    an unreadable answer gives none, so every segment of the request is retried."""
    start, end = content.find("{"), content.rfind("}")
    try:
        data = json.loads(content[start:end + 1]) if start >= 0 else None
    except json.JSONDecodeError:
        return {}
    segments = data.get("segments") if isinstance(data, dict) else None
    found: dict[str, list[str]] = {}
    for entry in segments if isinstance(segments, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("text"), str):
            found.setdefault(str(entry.get("id")), []).append(entry["text"])
    return found


def _refuses_schema(response: httpx.Response) -> bool:
    text = response.text.lower()
    return "response_format" in text or "json_schema" in text


def _server_message(response: httpx.Response) -> str:
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return response.text[:200]
    if isinstance(error, dict):
        return str(error.get("message", error))[:200]
    return str(error)[:200]


def _notes_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return "\n".join(f"- {note}" for note in value)
