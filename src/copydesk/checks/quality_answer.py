"""What the quality-estimate check asks a language model, and how its answer is read.

The prompt follows the GEMBA-MQM recipe: the model annotates the translation
as a professional reviewer would under the MQM typology, one entry per error
with the words concerned, a category and a severity. The answer is held to an
allowlist: a category or severity outside the tables below, or a span that is
not found in the text (after Unicode normalisation, inline tags left out), sets
that entry aside; an answer that is not the JSON object asked for is refused
as a whole (``BadAnswer``). Nothing the model says becomes an issue unchecked.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any

from copydesk import languages
from copydesk.article import TAG_RE

PROMPT_VERSION = "1"  # bump whenever the prompt text or the answer format changes
MAX_ERRORS = 20  # entries read from one answer; more is not an annotation
MAX_EXPLANATION = 200

# Canonical categories (MQM's top-level dimension / subcategory); a bare
# subcategory ("omission") names the same thing.
CATEGORIES = (
    "accuracy/mistranslation", "accuracy/omission", "accuracy/addition",
    "accuracy/untranslated", "fluency/grammar", "fluency/spelling", "fluency/punctuation",
    "fluency/inconsistency", "terminology", "style", "locale convention",
)
_ALIASES = {name.split("/")[-1]: name for name in CATEGORIES} | {c: c for c in CATEGORIES}
SEVERITIES = ("minor", "major", "critical")
SOURCE_SIDE = {"accuracy/omission"}  # the words concerned are in the source


class BadAnswer(ValueError):
    """The model's answer is not the JSON object the prompt asks for."""


@dataclass(frozen=True)
class ErrorSpan:
    """One error the model marked, validated: where it is and what kind it is."""

    category: str
    severity: str
    side: str  # "target" or "source"
    start: int  # character offsets into the tagged text the check was given
    end: int
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return {"category": self.category, "severity": self.severity, "side": self.side,
                "start": self.start, "end": self.end, "explanation": self.explanation}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ErrorSpan:
        return cls(str(data["category"]), str(data["severity"]), str(data["side"]),
                   int(data["start"]), int(data["end"]), str(data["explanation"]))


@dataclass(frozen=True)
class Reading:
    """The validated errors of one answer and why any others were set aside."""

    errors: tuple[ErrorSpan, ...]
    set_aside: tuple[str, ...]


_SYSTEM = """\
You are a professional reviewer of news translations, annotating errors with the \
MQM (Multidimensional Quality Metrics) typology.
Read the source text and its translation, and mark every error in the translation. \
For each error give:
- "span": the exact words concerned, copied character for character from the \
translation (for an omission: from the source); as few words as show the error;
- "category": one of {categories};
- "severity": "critical" (a reader is misled about a fact: a number, a name, a \
negation, who said what), "major" (the meaning changes or is hard to follow) or \
"minor" (imperfect, but the meaning is intact);
- "explanation": one short sentence.
Do not mark what is correct, and do not rewrite the translation.
Answer with JSON only, in this form: \
{{"errors": [{{"span": "...", "category": "...", "severity": "...", "explanation": "..."}}]}}. \
Answer {{"errors": []}} when the translation has no error."""


def build_messages(source: str, target: str, source_lang: str,
                   target_lang: str) -> list[dict[str, str]]:
    """The system instructions and the user message (the two texts, tags left out)."""
    system = _SYSTEM.format(categories=", ".join(f'"{c}"' for c in CATEGORIES))
    user = {"source_language": languages.name(source_lang),
            "target_language": languages.name(target_lang),
            "source": _untagged(source), "translation": _untagged(target)}
    return [{"role": "system", "content": system},
            {"role": "user", "content": json.dumps(user, ensure_ascii=False)}]


def read_answer(content: str, source: str, target: str) -> Reading:
    """The validated errors in ``content``; raise ``BadAnswer`` if it is not the JSON asked."""
    data = _json_object(content)
    entries = data.get("errors")
    if not isinstance(entries, list):
        raise BadAnswer('the answer has no "errors" list')
    texts = {"target": _Located(target), "source": _Located(source)}
    errors: list[ErrorSpan] = []
    set_aside: list[str] = []
    for entry in entries[:MAX_ERRORS]:
        found = _validated(entry, texts)
        if isinstance(found, str):
            set_aside.append(found)
        elif all((e.side, e.start, e.end, e.category) != (found.side, found.start, found.end,
                                                          found.category) for e in errors):
            errors.append(found)  # the same error twice counts once
    if len(entries) > MAX_ERRORS:
        set_aside.append(f"{len(entries) - MAX_ERRORS} entries beyond the first {MAX_ERRORS}")
    return Reading(tuple(errors), tuple(set_aside))


def _json_object(content: str) -> dict[str, Any]:
    text = content.strip()
    if text.startswith("```"):  # a fenced block: ```json ... ```
        text = text.strip("`").removeprefix("json").strip()
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise BadAnswer("the answer is not valid JSON") from None
    if not isinstance(data, dict):
        raise BadAnswer("the answer is not a JSON object")
    return data


def _validated(entry: Any, texts: dict[str, _Located]) -> ErrorSpan | str:
    """The entry as an ``ErrorSpan``, or why it was set aside."""
    if not isinstance(entry, dict):
        return "an entry that is not an object"
    fields = [entry.get(k) for k in ("span", "category", "severity")]
    if not all(isinstance(v, str) for v in fields):
        return "an entry without span, category and severity strings"
    span, raw_category, raw_severity = (str(v) for v in fields)
    category = _ALIASES.get(_folded(raw_category))
    if category is None:
        return f"an unknown category {raw_category[:40]!r}"
    severity = _folded(raw_severity)
    if severity not in SEVERITIES:
        return f"an unknown severity {raw_severity[:40]!r}"
    side = "source" if category in SOURCE_SIDE else "target"
    where = texts[side].find(span)
    if where is None:
        return f"a span not found in the {side} text"
    explanation = entry.get("explanation")
    note = " ".join(explanation.split())[:MAX_EXPLANATION] if isinstance(explanation, str) else ""
    return ErrorSpan(category, severity, side, where[0], where[1], note)


def _folded(value: str) -> str:
    cleaned = unicodedata.normalize("NFKC", value).casefold().strip()
    return " ".join(cleaned.replace("_", " ").split()).replace(" / ", "/")


def _untagged(tagged: str) -> str:
    return TAG_RE.sub("", tagged)


class _Located:
    """A tagged text as the model saw it (tags left out, NFC), with a map back to offsets.

    Each run of a starter and its combining marks is normalised on its own, so the
    map stays linear in the text's length.
    """

    def __init__(self, tagged: str) -> None:
        pieces: list[str] = []
        self._starts: list[int] = []
        self._ends: list[int] = []
        position = 0
        for match in TAG_RE.finditer(tagged):
            self._add(tagged, position, match.start(), pieces)
            position = match.end()
        self._add(tagged, position, len(tagged), pieces)
        self.text = "".join(pieces)

    def _add(self, tagged: str, start: int, end: int, pieces: list[str]) -> None:
        run_start = start
        for index in range(start, end + 1):
            if index < end and (index == run_start or unicodedata.combining(tagged[index])):
                continue
            if run_start < index:
                run = unicodedata.normalize("NFC", tagged[run_start:index])
                pieces.append(run)
                self._starts += [run_start] * len(run)
                self._ends += [index] * len(run)
            run_start = index

    def find(self, span: str) -> tuple[int, int] | None:
        """Offsets in the tagged text of the first occurrence of ``span``, if any."""
        wanted = unicodedata.normalize("NFC", span).strip()
        if not wanted:
            return None
        at = self.text.find(wanted)
        if at < 0:
            return None
        return self._starts[at], self._ends[at + len(wanted) - 1]
