"""Machine-readable provenance of a translation: what produced it, who checked it.

``Provenance.from_draft`` combines a ``Draft`` (engine, model signatures,
times) with an optional ``Review`` (the editors who confirmed the text, who
approved it, when it was published). The command line has no review, so its
provenance says ``reviewed: false`` and names no editor.

``to_jsonld`` expresses it in schema.org vocabulary (a ``NewsArticle`` with
``translationOfWork``; engines as ``translator`` ``SoftwareApplication``\\ s;
editors as ``editor`` ``Person``\\ s) and puts what schema.org has no term for
into ``additionalProperty`` ``PropertyValue``\\ s. ``to_dict`` carries the same
data as plain JSON fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from copydesk import links
from copydesk.article import plain_text
from copydesk.engines.base import Signature, public_signature
from copydesk.errors import InputError
from copydesk.pipeline import Draft, translated_text

PSEUDO_ENGINE = "pseudo"


@dataclass(frozen=True)
class ReviewEditor:
    """A person who confirmed the translation, in the desk's role (``editor``, ``publisher``)."""

    name: str
    role: str
    confirmed_at: str  # ISO 8601 date-time


@dataclass(frozen=True)
class Correction:
    """A published correction: the editor's reason, and when it was published."""

    reason: str
    corrected_at: str  # ISO 8601 date-time


@dataclass(frozen=True)
class Review:
    """The human review of a draft, as recorded by the desk's audit history.

    ``name_editors`` says whether the outputs may name the editors and the
    approver (the disclosure, the provenance, the page's metadata); otherwise
    they credit the newsroom and record only roles and times. The desk's audit
    trail keeps the names either way.
    ``evidence`` is the desk's measure of the review against the edition's
    policy (``met``, the reasons, active time, words, edits); ``None`` where
    nothing was measured.
    """

    editors: Sequence[ReviewEditor] = ()
    approved_by: str | None = None
    approved_at: str | None = None
    published_at: str | None = None
    name_editors: bool = False
    evidence: Mapping[str, Any] | None = None
    first_published_at: str | None = None  # of an earlier publication this one updates
    corrections: Sequence[Correction] = ()  # every correction published so far, this one too


@dataclass(frozen=True)
class Provenance:
    """Everything a reader or a machine needs to know about how a translation came about."""

    source_url: str | None
    source_title: str
    source_language: str
    source_date: str | None
    byline: str | None
    target_language: str
    target_title: str
    engine: str
    signatures: tuple[str, ...]
    machine_translated: bool
    translated_at: str
    editors: tuple[ReviewEditor, ...] = ()
    approved_by: str | None = None
    approved_at: str | None = None
    published_at: str | None = None
    name_editors: bool = False
    review_evidence: Mapping[str, Any] | None = None
    first_published_at: str | None = None
    corrections: tuple[Correction, ...] = ()

    @classmethod
    def from_draft(cls, draft: Draft, review: Review | None = None) -> Provenance:
        review = review or Review()
        times = [draft.created_at, review.approved_at, review.published_at,
                 review.first_published_at, *(c.corrected_at for c in review.corrections),
                 *(e.confirmed_at for e in review.editors)]
        for when in times:
            if when is not None:
                _parse_time(when)
        return cls(
            source_url=_web_address(draft.source.url),
            source_title=plain_text(draft.source.title),
            source_language=draft.source_language,
            source_date=draft.source.date,
            byline=draft.source.byline,
            target_language=draft.target_language,
            target_title=plain_text(translated_text(draft.headline, draft.target_language)),
            engine=draft.engine,
            signatures=tuple(dict.fromkeys(public_signature(s) for s in draft.signatures)),
            machine_translated=draft.machine_translated,
            translated_at=draft.created_at,
            editors=tuple(review.editors),
            approved_by=review.approved_by,
            approved_at=review.approved_at,
            published_at=review.published_at,
            name_editors=review.name_editors,
            review_evidence=review.evidence,
            first_published_at=review.first_published_at or review.published_at,
            corrections=tuple(review.corrections),
        )

    @property
    def pseudo(self) -> bool:
        """A pseudo-translation: test output, never a translation."""
        return self.engine == PSEUDO_ENGINE or not self.machine_translated

    @property
    def reviewed(self) -> bool:
        """True only when at least one named person confirmed the translation."""
        return bool(self.editors)

    @property
    def review_met(self) -> bool:
        """Whether the measured review met the edition's policy (true where none was measured)."""
        return self.review_evidence is None or bool(self.review_evidence.get("met", False))

    @property
    def reviewed_at(self) -> str | None:
        return _latest(e.confirmed_at for e in self.editors)

    @property
    def modified_at(self) -> str:
        return _latest([self.translated_at, self.reviewed_at, self.approved_at,
                        self.published_at]) or self.translated_at

    def translators(self) -> list[dict[str, Any]]:
        """The engines and models behind the text, one entry per distinct signature."""
        out = []
        for text in self.signatures:
            sig = Signature.parse(text)
            out.append({"engine": sig.engine, "model": sig.model, "version": sig.version,
                        "options": dict(sig.options), "signature": text})
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": {"url": self.source_url, "title": self.source_title,
                       "language": self.source_language, "date": self.source_date,
                       "byline": self.byline},
            "target": {"language": self.target_language, "title": self.target_title},
            "engine": self.engine,
            "translators": self.translators(),
            "machine_translated": self.machine_translated,
            "pseudo_translation": self.pseudo,
            "reviewed": self.reviewed,
            "editors": [{**({"name": e.name} if self._named(e.name) else {}), "role": e.role,
                         "confirmed_at": e.confirmed_at} for e in self.editors],
            "approved_by": self.approved_by if self._named(self.approved_by) else None,
            "translated_at": self.translated_at,
            "reviewed_at": self.reviewed_at,
            "approved_at": self.approved_at,
            "published_at": self.published_at,
            "first_published_at": self.first_published_at,
            "modified_at": self.modified_at,
            "review_evidence": dict(self.review_evidence) if self.review_evidence else None,
            "corrections": [{"reason": c.reason, "corrected_at": c.corrected_at}
                            for c in self.corrections],
        }

    def to_jsonld(self) -> dict[str, Any]:
        """The translation as a schema.org ``NewsArticle``."""
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.target_title,
            "inLanguage": self.target_language,
            "translationOfWork": _without_none({
                "@type": "NewsArticle", "url": self.source_url, "headline": self.source_title,
                "inLanguage": self.source_language, "datePublished": self.source_date}),
            "dateCreated": self.translated_at,
            "dateModified": self.modified_at,
        }
        if self.first_published_at:  # an update or correction keeps the first date
            data["datePublished"] = self.first_published_at
        authors = byline_names(self.byline)
        if authors:
            data["author"] = [{"@type": "Person", "name": name} for name in authors]
        if self.signatures:
            data["translator"] = [_software(t) for t in self.translators()]
        if self.corrections:
            data["correction"] = [{"@type": "CorrectionComment", "text": c.reason,
                                   "datePublished": c.corrected_at} for c in self.corrections]
        if self.editor_names():
            data["editor"] = [{"@type": "Person", "name": name} for name in self.editor_names()]
        data["additionalProperty"] = self._properties()
        return data

    def editor_names(self) -> list[str]:
        """Distinct names of the people who confirmed the text, in order of confirmation;
        none unless the review may name them."""
        return list(dict.fromkeys(e.name for e in self.editors if self._named(e.name)))

    def _named(self, name: str | None) -> bool:
        return bool(self.name_editors and name)

    def _properties(self) -> list[dict[str, Any]]:
        props = [_property("machineTranslated", self.machine_translated),
                 _property("pseudoTranslation", self.pseudo),
                 _property("humanReviewed", self.reviewed),
                 _property("translationEngine", self.engine)]
        props += [_property("editorConfirmation", e.confirmed_at, description=e.role,
                            **({"name": e.name} if self._named(e.name) else {}))
                  for e in self.editors]
        if self._named(self.approved_by):
            props.append(_property("approvedBy", self.approved_by))
        if self.approved_at:
            props.append(_property("approvedAt", self.approved_at))
        if self.review_evidence is not None:
            props.append(_property("reviewEvidenceMet", self.review_met))
        return props


_BY_PREFIX = re.compile(r"^\s*(by|von|par|door|por|di|da)\s+", re.IGNORECASE)
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\ben\b|\by\b)\s*")


def byline_names(byline: str | None) -> list[str]:
    """``"By Jane Doe and John Roe"`` -> ``["Jane Doe", "John Roe"]``."""
    if not byline or not byline.strip():
        return []
    names = _NAME_SEPARATORS.split(_BY_PREFIX.sub("", byline.strip()))
    return [n.strip() for n in names if n and n.strip()]


def _software(translator: dict[str, Any]) -> dict[str, Any]:
    return _without_none({
        "@type": "SoftwareApplication",
        "name": translator["model"] or translator["engine"],
        "applicationCategory": "Machine translation",
        "softwareVersion": translator["version"],
        "identifier": translator["signature"],
    })


def _property(property_id: str, value: Any, **extra: str) -> dict[str, Any]:
    return {"@type": "PropertyValue", "propertyID": property_id, **extra, "value": value}


def _without_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def _web_address(url: str | None) -> str | None:
    """The source's address if it is http(s) (the same rule as at ingest); else none."""
    if not url:
        return None
    try:
        return links.web_url(url)
    except InputError:
        return None


def _parse_time(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise InputError(f"The time {text!r} in the draft or review record is not an ISO 8601 "
                         "date-time; record times like '2026-03-01T14:05:00+00:00'.") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _latest(times: Iterable[str | None]) -> str | None:
    known = [t for t in times if t]
    return max(known, key=_parse_time) if known else None
