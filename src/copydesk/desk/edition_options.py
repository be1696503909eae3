"""The settings an edition's own table may hold, and the values each one takes.

An edition's table (``Edition.options``) is laid over the config file's
``[editions.<language>]`` table (``bootstrap.edition_table``). Only the
settings listed in ``OPTIONS`` are accepted, each checked by the rule of the
code that reads it (``evidence.Policy``, ``disclosure.validate_template``,
the checks registry ...), so a table that saves is a table that works.

Settings that name a file on the server (``glossary``, ``gender_wordlist``)
are set from the command line only; the browser keeps whatever they hold
(a glossary is uploaded on the edition's glossary page instead). Settings the
engines read from the config file alone (``formality``, ``style_notes``) are
refused here with a note saying so.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from copydesk import languages
from copydesk.checks.registry import check_classes
from copydesk.desk import comments, evidence
from copydesk.errors import ConfigError
from copydesk.ingest import boilerplate
from copydesk.publish.disclosure import EMAIL as FEEDBACK_EMAIL
from copydesk.publish.disclosure import FORM as FEEDBACK_FORM
from copydesk.publish.disclosure import (
    NO_FEEDBACK,
    email_address,
    public_address,
    validate_template,
)
from copydesk.style.de import QUOTES
from copydesk.style.gender import SEPARATORS

NARROW_NBSP = "\u202f"
TEXT_LENGTH = 2_000  # a disclosure or a note; longer is no note
PATH_LENGTH = 1_000
MAX_LANGUAGES = 50
MAX_COUNTED = 10_000  # the largest character limit of a headline or standfirst
DEFAULT_SOURCES = ("en",)
TEMPLATE_CASES = {"disclosure_reviewed": "reviewed", "disclosure_approved": "approved",
                  "disclosure_unreviewed": "unreviewed", "correction_note": "correction",
                  "withdrawal_note": "withdrawal"}


@dataclass(frozen=True)
class Option:
    """One setting of the edition table: its ``kind`` says which values it takes."""

    name: str
    kind: str  # bool, choice, number, count, template, languages, checks, path,
    # boilerplate, config-only
    label: str
    help: str
    group: str = "other"  # where the edition form shows it: engine, review, disclosure, style
    choices: tuple[str, ...] = ()


OPTIONS: tuple[Option, ...] = (
    Option("source_languages", "languages", "Translates from",
           "Languages the edition's articles come in (default: en); saving the edition checks "
           "that its engine can translate each of them.", "engine"),
    Option("review_policy", "choice", "Review evidence",
           "What the desk does when a review looks too fast to be real: off, warn or block.",
           "review", evidence.MODES),
    Option("review_max_words_per_minute", "number", "Fastest credible reading (words/min)",
           "Faster reviews count as weak evidence.", "review"),
    Option("review_max_unedited_share", "number", "Largest unedited share (0 to 1)",
           "A larger share of machine text confirmed unchanged counts as weak evidence.",
           "review"),
    Option("review_min_seconds_per_100_words", "number", "Least active time (s per 100 words)",
           "Less active review time counts as weak evidence.", "review"),
    Option("headline_limit", "count", "Headline length (characters)",
           "The review screen counts the headline's characters against this limit and "
           f"warns above it (1 to {MAX_COUNTED:,}).", "review"),
    Option("standfirst_limit", "count", "Standfirst length (characters)",
           "The review screen counts the standfirst's characters against this limit and "
           f"warns above it (1 to {MAX_COUNTED:,}).", "review"),
    Option("four_eyes", "bool", "Four eyes",
           "The approver wrote none of the texts, and the publisher is not the approver.",
           "review"),
    Option("open_comments", "choice", "Open comments",
           "warn: approval shows them; block: approval waits until they are resolved.",
           "review", (comments.WARN, comments.BLOCK)),
    Option("name_editors", "bool", "Name the editors",
           "The disclosure names the reviewing editors by their full names.", "disclosure"),
    Option("disclosure_reviewed", "template", "Note for reviewed translations",
           "Placeholders {engine}, {editors}, {date}; empty: the built-in wording.",
           "disclosure"),
    Option("disclosure_approved", "template", "Note for approved translations",
           "Approved, but the review evidence was weak. Placeholders {engine}, {date}.",
           "disclosure"),
    Option("disclosure_unreviewed", "template", "Note for unreviewed translations",
           "Placeholders {engine}, {date}.", "disclosure"),
    Option("correction_note", "template", "Correction note",
           "Placeholders {date}, {reason}.", "disclosure"),
    Option("withdrawal_note", "template", "Withdrawal notice",
           "Placeholder {date}.", "disclosure"),
    Option("feedback", "choice", "Feedback channel",
           "How the disclosure ends: email (feedback_email), form (the desk's report form "
           "under public_url) or none.", "disclosure", (FEEDBACK_EMAIL, FEEDBACK_FORM,
                                                        NO_FEEDBACK)),
    Option("feedback_email", "email", "Feedback e-mail address",
           "Where readers write to, e.g. leserdienst@example.de.", "disclosure"),
    Option("public_url", "url", "Public address of the desk",
           "Where readers reach the report form, e.g. https://desk.example.org/.",
           "disclosure"),
    Option("gender", "choice", "Gender-inclusive forms (German)",
           "colon (Nutzer:innen), star (Nutzer*innen) or none.", "style",
           (*SEPARATORS, "none")),
    Option("quotes", "choice", "Quotation marks (German)",
           "german („…“) or guillemets (»…«).", "style", tuple(QUOTES)),
    Option("thousands_separator", "choice", "Thousands separator (German)",
           "'.' (1.000.000) or narrow (a narrow no-break space).", "style",
           (".", "narrow", NARROW_NBSP)),
    Option("nbsp", "bool", "No-break spaces (German)",
           "Before units and in dates; on by default.", "style"),
    Option("percent_space", "bool", "Space before % (German)",
           "“10 %” with a no-break space; on by default.", "style"),
    Option("checks", "checks", "Checks",
           "{\"disabled\": [ids]} turns checks off; {\"enabled\": [ids]} runs only those."),
    Option("language_candidates", "languages", "Language candidates",
           "Languages the wrong-language check tells apart."),
    Option("glossary", "path", "Glossary file",
           "A CSV, TSV or TBX file; upload one on the edition's glossary page."),
    Option("gender_wordlist", "path", "Gender word list",
           "A CSV word list of more role nouns (German)."),
    Option("boilerplate", "boilerplate", "Boilerplate of this edition's own articles",
           "Phrases whose paragraphs are left out when an article of this edition is "
           "translated (its own disclosure, say): a list of texts (a paragraph that starts "
           "with one) or {\"is\": …} / {\"contains\": …}."),
    Option("formality", "config-only", "DeepL formality",
           "Read by the DeepL engine from the config file's [editions.<language>] table."),
    Option("style_notes", "config-only", "House-style notes for chat models",
           "Read by the OpenAI-compatible engine from the config file's "
           "[editions.<language>] table."),
)
BY_NAME = {option.name: option for option in OPTIONS}
PATH_OPTIONS = tuple(o.name for o in OPTIONS if o.kind == "path")


def check(options: Mapping[str, Any], *, current: Mapping[str, Any] | None = None,
          from_browser: bool = False) -> dict[str, Any]:
    """The edition table ``options`` with every value checked (texts NFC-normalised);
    ``ConfigError`` names the first setting that cannot be used and what it takes.

    From the browser, path settings keep their ``current`` values, whatever was sent.
    """
    if not isinstance(options, Mapping):
        raise ConfigError("The edition table must be a JSON object of settings.")
    unknown = sorted(str(k) for k in options if k not in BY_NAME)
    if unknown:
        raise ConfigError(f"Unknown edition setting(s) {', '.join(unknown)}; the edition table "
                          f"takes: {', '.join(sorted(BY_NAME))}.")
    checked = {name: _value(BY_NAME[name], value) for name, value in options.items()
               if not (from_browser and name in PATH_OPTIONS)}
    if from_browser:
        checked.update({name: (current or {})[name] for name in PATH_OPTIONS
                        if name in (current or {})})
    evidence.Policy.of(checked)  # the review settings together, as the gate reads them
    return checked


def source_languages(options: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(options.get("source_languages") or DEFAULT_SOURCES)


def _value(option: Option, value: Any) -> Any:
    kind, name = option.kind, option.name
    if kind == "config-only":
        raise ConfigError(f"'{name}' is not read from the desk's edition table: {option.help} "
                          "Set it there.")
    if kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(f"The edition setting '{name}' is {value!r}; set it to true or "
                              "false.")
        return value
    if kind == "choice":
        if value not in option.choices:
            raise ConfigError(f"The edition setting '{name}' is {value!r}; use one of "
                              f"{', '.join(repr(c) for c in option.choices)}.")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise ConfigError(f"The edition setting '{name}' is {value!r}; give a number.")
        return value
    if kind == "count":
        if isinstance(value, bool) or not isinstance(value, int) or not (
                1 <= value <= MAX_COUNTED):
            raise ConfigError(f"The edition setting '{name}' is {value!r}; give a whole number "
                              f"of characters from 1 to {MAX_COUNTED:,}.")
        return value
    if kind == "template":
        return validate_template(_text(name, value, TEXT_LENGTH), TEMPLATE_CASES[name])
    if kind == "email":
        return email_address(_text(name, value, PATH_LENGTH, lines=False))
    if kind == "url":
        return public_address(_text(name, value, PATH_LENGTH, lines=False))
    if kind == "languages":
        return _languages(name, value)
    if kind == "checks":
        return _checks(value)
    if kind == "boilerplate":  # checked by the rule that reads it; kept as written
        boilerplate.rules({name: value}, f"the edition setting '{name}'")
        return value
    return _text(name, value, PATH_LENGTH, lines=False)


def _text(name: str, value: Any, limit: int, *, lines: bool = True) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"The edition setting '{name}' must be a text.")
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()
    if not text or len(text) > limit or any(
            not c.isprintable() and not (lines and c == "\n") for c in text):
        raise ConfigError(f"The edition setting '{name}' must be a text of 1 to {limit:,} "
                          "printable characters" + (" (line breaks allowed)." if lines else "."))
    return text


def _languages(name: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [part for part in value.replace(",", " ").split() if part]
    if not isinstance(value, list) or not value or len(value) > MAX_LANGUAGES or not all(
            isinstance(code, str) for code in value):
        raise ConfigError(f"The edition setting '{name}' must be a list of language codes, "
                          "e.g. [\"en\", \"fr\"].")
    found: list[str] = []
    for code in value:
        normal = languages.normalize(code)
        if normal not in found:
            found.append(normal)
    return found


def _checks(value: Any) -> dict[str, list[str]]:
    known = check_classes()
    if not isinstance(value, Mapping) or set(value) - {"disabled", "enabled"}:
        raise ConfigError("The edition setting 'checks' takes {\"disabled\": [ids]} and/or "
                          "{\"enabled\": [ids]}.")
    checked: dict[str, list[str]] = {}
    for key, ids in value.items():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ConfigError(f"checks.{key} must be a list of check ids.")
        unknown = sorted(set(ids) - set(known))
        if unknown:
            raise ConfigError(f"checks.{key} names unknown check(s) {', '.join(unknown)}; the "
                              f"checks are: {', '.join(known)}.")
        checked[key] = sorted(set(ids), key=list(known).index)
    return checked
