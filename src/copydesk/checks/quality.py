"""The optional ``quality-estimate`` check: a language model's error spans as issues.

Off unless ``qe_base_url`` names an OpenAI-compatible chat-completions server
(and ``qe_model`` a model on it). Each segment is sent with its source, and the
model answers in the GEMBA-MQM manner (``quality_answer``): error spans with an
MQM category and a severity. Only entries that pass validation become issues,
each carrying the model in its provenance (``qe:<host>|model:<name>|prompt:<v>``);
the model's "critical" and "major" become major issues and never block
publication on their own, "minor" stays minor.

Answers are cached by fingerprint (``quality_cache``), in memory and in
``cache/quality.sqlite3`` under the data directory; two threads asking for the
same pair at once send one request. At most ``qe_max_segments`` segments of
an article are sent (cached ones are free). A failure never stops the checks
and never invents an issue: a timeout, an unreachable server or an HTTP error
gives one minor note (check ``quality-estimate``, "Not checked by the language
model ...") and the rest of the article is not sent; an answer that is not the
JSON asked for gives a note on its segment; entries with an unknown category or
severity, or a span not in the text, are set aside and counted in a note. The
API key comes from ``COPYDESK_QE_API_KEY`` only and is sent as a header, never
logged or kept.
"""

from __future__ import annotations

import logging
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import httpx

from copydesk import settings as settings_module
from copydesk.checks.base import Check, Issue, SegmentContext, Severity
from copydesk.checks.quality_answer import (
    PROMPT_VERSION,
    BadAnswer,
    Reading,
    build_messages,
    read_answer,
)
from copydesk.checks.quality_cache import QualityCache, fingerprint
from copydesk.errors import ConfigError, CopydeskError

log = logging.getLogger(__name__)
CHECK_ID = "quality-estimate"
KEY_ENV = "COPYDESK_QE_API_KEY"
MAX_ANSWER_CHARS = 100_000
MEMORY_ENTRIES = 10_000
_SEVERITY = {"minor": Severity.MINOR, "major": Severity.MAJOR, "critical": Severity.MAJOR}


class ServerFailure(Exception):
    """The server gave no usable answer (timeout, unreachable, HTTP error): stop asking."""


@dataclass(frozen=True)
class QualityConfig:
    base_url: str
    model: str
    timeout: float = 30.0
    max_segments: int = 200
    cache_path: Path | None = None
    api_key: str | None = field(default=None, repr=False)

    @classmethod
    def from_settings(cls, resolved: settings_module.Settings,
                      environ: Mapping[str, str] | None = None) -> QualityConfig | None:
        """The configuration, ``None`` when the check is off; ``ConfigError`` when half set."""
        if not resolved.qe_base_url:
            return None
        if not resolved.qe_model.strip():
            raise ConfigError("qe_base_url is set but qe_model is empty; set COPYDESK_QE_MODEL "
                              "to the model the quality-estimate check should ask.")
        environ = os.environ if environ is None else environ
        return cls(base_url=resolved.qe_base_url.rstrip("/"), model=resolved.qe_model.strip(),
                   timeout=resolved.qe_timeout, max_segments=resolved.qe_max_segments,
                   cache_path=resolved.home_path / "cache" / "quality.sqlite3",
                   api_key=environ.get(KEY_ENV) or None)

    @property
    def signature(self) -> str:
        host = urlsplit(self.base_url).hostname or "unknown"
        return f"qe:{host}|model:{self.model}|prompt:{PROMPT_VERSION}"


class QualityEstimator:
    """Asks the model about one segment, through the caches; one request per pair at a time."""

    def __init__(self, config: QualityConfig, *, client: httpx.Client | None = None,
                 cache: QualityCache | None = None) -> None:
        self.config = config
        self._client = client or httpx.Client(timeout=config.timeout)
        self._cache = cache or (QualityCache(config.cache_path) if config.cache_path else None)
        self._memory: OrderedDict[str, Reading] = OrderedDict()
        self._guard = threading.Lock()
        self._inflight: dict[str, list[Any]] = {}  # key -> [lock, waiting threads]

    def cached(self, source: str, target: str, source_lang: str,
               target_lang: str) -> Reading | None:
        return self._lookup(self._key(source, target, source_lang, target_lang))

    def estimate(self, source: str, target: str, source_lang: str, target_lang: str) -> Reading:
        """The validated reading; ``ServerFailure`` or ``BadAnswer`` when there is none."""
        key = self._key(source, target, source_lang, target_lang)
        with self._claim(key):
            found = self._lookup(key)
            if found is not None:
                return found
            messages = build_messages(source, target, source_lang, target_lang)
            reading = read_answer(self._complete(messages), source, target)
            self._remember(key, reading)
            if self._cache is not None:
                self._cache.put(key, reading)
            return reading

    def _key(self, source: str, target: str, source_lang: str, target_lang: str) -> str:
        return fingerprint(source, target, source_lang, target_lang, self.config.model)

    def _lookup(self, key: str) -> Reading | None:
        with self._guard:
            found = self._memory.get(key)
        if found is None and self._cache is not None:
            found = self._cache.get(key)
            if found is not None:
                self._remember(key, found)
        return found

    def _remember(self, key: str, reading: Reading) -> None:
        with self._guard:
            self._memory[key] = reading
            self._memory.move_to_end(key)
            while len(self._memory) > MEMORY_ENTRIES:
                self._memory.popitem(last=False)

    @contextmanager
    def _claim(self, key: str) -> Iterator[None]:
        with self._guard:
            entry = self._inflight.setdefault(key, [threading.Lock(), 0])
            entry[1] += 1
        try:
            with entry[0]:
                yield
        finally:
            with self._guard:
                entry[1] -= 1
                if entry[1] == 0:
                    del self._inflight[key]

    def _complete(self, messages: list[dict[str, str]]) -> str:
        base = self.config.base_url
        body = {"model": self.config.model, "temperature": 0, "messages": messages}
        headers = {"Authorization": f"Bearer {self.config.api_key}"} if self.config.api_key else {}
        try:
            response = self._client.post(f"{base}/chat/completions", json=body, headers=headers,
                                         timeout=self.config.timeout)
        except httpx.TimeoutException:
            raise ServerFailure(f"the server at {base} did not answer within "
                                f"{self.config.timeout:g} s (qe_timeout)") from None
        except httpx.HTTPError as exc:
            raise ServerFailure(f"the server at {base} cannot be reached "
                                f"({type(exc).__name__}); check qe_base_url") from None
        _raise_for_status(response, base, self.config.model)
        try:
            content = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise ServerFailure(f"the server at {base} did not answer a chat completion; "
                                "check qe_base_url") from None
        if not isinstance(content, str) or len(content) > MAX_ANSWER_CHARS:
            raise BadAnswer("the answer has no text or is far too long")
        return content


def _raise_for_status(response: httpx.Response, base: str, model: str) -> None:
    status = response.status_code
    if status == 200:
        return
    if status in (401, 403):
        raise ServerFailure(f"the server at {base} refused the key (HTTP {status}); set "
                            f"{KEY_ENV}")
    if status == 404:
        raise ServerFailure(f"the server at {base} has no model '{model}' or no "
                            "/chat/completions (HTTP 404); check qe_model and qe_base_url")
    raise ServerFailure(f"the server at {base} answered HTTP {status}")


@dataclass
class _Article:
    """What the check did in one article: segments sent, and why it stopped asking."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: int = 0
    stopped: str | None = None
    capped: bool = False


class QualityEstimateCheck(Check):
    check_id: ClassVar[str] = CHECK_ID
    severity: ClassVar[Severity] = Severity.MAJOR
    description: ClassVar[str] = ("Error spans a language model marks (GEMBA-MQM), where an "
                                  "OpenAI-compatible endpoint is configured.")
    example: ClassVar[str] = "China denied the report. -> Porcelana negó el informe."

    def __init__(self, estimator: QualityEstimator | None = None, *,
                 problem: str | None = None) -> None:
        self._estimator = estimator
        self._problem = problem
        self._configured = estimator is not None or problem is not None
        self._setup = threading.Lock()
        self._articles: dict[int, _Article] = {}
        self._articles_lock = threading.Lock()

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        estimator = self._ready()
        if estimator is None and self._problem is None:
            return []
        try:
            return self._judge(estimator, self._article(context), source, target, context)
        except Exception:  # never stop the other checks; say so in the log with the cause
            log.exception("The quality-estimate check failed on a segment")
            return [self._note("the check failed unexpectedly; see the server log")]

    def _judge(self, estimator: QualityEstimator | None, article: _Article, source: str,
               target: str, context: SegmentContext) -> list[Issue]:
        langs = (context.source_lang, context.target_lang)
        if estimator is None:
            return self._stop(article, self._problem or "it is not configured")
        found = estimator.cached(source, target, *langs)
        if found is not None:
            return self._issues(found, estimator.config)
        with article.lock:
            if article.stopped is not None:
                return []
            if article.sent >= estimator.config.max_segments:
                first, article.capped = not article.capped, True
                return [self._note(f"only the first {estimator.config.max_segments} segments "
                                   "of an article are sent (qe_max_segments)",
                                   estimator.config)] if first else []
            article.sent += 1
        try:
            reading = estimator.estimate(source, target, *langs)
        except ServerFailure as exc:
            log.warning("The quality-estimate check stops for this article: %s", exc)
            return self._stop(article, f"{exc}; the rest of the article is not sent either")
        except BadAnswer as exc:
            return [self._note(f"the model's answer was set aside ({exc})", estimator.config)]
        return self._issues(reading, estimator.config)

    def _stop(self, article: _Article, reason: str) -> list[Issue]:
        with article.lock:
            first = article.stopped is None
            article.stopped = article.stopped or reason
        config = self._estimator.config if self._estimator else None
        return [self._note(reason, config)] if first else []

    def _issues(self, reading: Reading, config: QualityConfig) -> list[Issue]:
        found = []
        for error in reading.errors:
            span = (error.start, error.end)
            words = "" if error.explanation == "" else f": {error.explanation}"
            message = (f"The language model {config.model} marks a {error.severity} "
                       f"{error.category} error{words}")
            found.append(Issue(CHECK_ID, _SEVERITY[error.severity], message,
                               target_span=span if error.side == "target" else None,
                               source_span=span if error.side == "source" else None,
                               provenance=config.signature))
        if reading.set_aside:
            found.append(self._note(f"set aside from the model's answer: "
                                    f"{'; '.join(reading.set_aside)}", config))
        return found

    def _note(self, reason: str, config: QualityConfig | None = None) -> Issue:
        who = f"the language model {config.model}" if config else "the language model"
        return Issue(CHECK_ID, Severity.MINOR, f"Not checked by {who} in full: {reason}.",
                     provenance=config.signature if config else None)

    def _ready(self) -> QualityEstimator | None:
        if not self._configured:
            with self._setup:
                if not self._configured:
                    self._estimator, self._problem = _from_settings()
                    self._configured = True
        return self._estimator

    def _article(self, context: SegmentContext) -> _Article:
        """The state of the article ``context`` belongs to (one per context object)."""
        key = id(context)
        with self._articles_lock:
            found = self._articles.get(key)
            if found is None:
                found = self._articles[key] = _Article()
                weakref.finalize(context, self._forget, key)
        return found

    def _forget(self, key: int) -> None:
        with self._articles_lock:
            self._articles.pop(key, None)


def _from_settings() -> tuple[QualityEstimator | None, str | None]:
    """The estimator the settings ask for, or why there is none (``None``: the check is off)."""
    try:
        config = QualityConfig.from_settings(settings_module.load())
    except CopydeskError as exc:
        log.warning("The quality-estimate check is not used: %s", exc)
        return None, str(exc).rstrip(".")
    return (QualityEstimator(config) if config else None), None
