"""Protected tags, links, e-mail addresses and placeholders.

Tags (``<g1>…</g1>``, ``<x1/>``) must all survive, none may be invented and
the paired ones must open before they close and nest properly (their order
among each other may change with word order): a blocker, since publishing
would break the page. URLs, e-mail addresses and placeholders (``{name}``,
``{{x}}``, ``%s``, ``%(name)s``) must come through unchanged: major.
"""

from __future__ import annotations

from collections import Counter

import regex

from copydesk.article import TAG_RE, mask_tags, tag_ids
from copydesk.checks.base import Check, Issue, SegmentContext, Severity

URL_RE = regex.compile(r"\b(?:https?://|www\.)[^\s<>\"“”„«»]+", regex.IGNORECASE)
EMAIL_RE = regex.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.\p{L}{2,}\b")
PLACEHOLDER_RE = regex.compile(r"\{\{\s*[\w.]+\s*\}\}|\{[\w.]*\}|%\([\w.]+\)[sdifr]|%[sdif]"
                               r"|%\d\$[sd]")
TRAILING = ".,;:!?)]}'’\"”"


def nesting_error(tagged: str) -> str | None:
    """Why the paired tags in ``tagged`` are malformed, or None when they nest properly."""
    open_tags: list[str] = []
    for m in TAG_RE.finditer(tagged):
        if m.group(1):
            open_tags.append(m.group(1))
        elif m.group(2):
            if m.group(2) not in open_tags:
                return f"</g{m.group(2)}> closes a tag that is not open"
            if open_tags[-1] != m.group(2):
                return f"<g{open_tags[-1]}> and <g{m.group(2)}> overlap instead of nesting"
            open_tags.pop()
    if open_tags:
        return f"<g{open_tags[-1]}> is never closed"
    return None


def _urls(text: str) -> list[str]:
    return [m.group(0).rstrip(TRAILING) for m in URL_RE.finditer(text)]


def _tag_span(target: str, token: str) -> tuple[int, int] | None:
    literal = f"<{token}>" if token.startswith("/") else (
        f"<{token}/>" if token.startswith("x") else f"<{token}>")
    at = target.find(literal)
    return (at, at + len(literal)) if at >= 0 else None


class MarkupCheck(Check):
    check_id = "markup"
    severity = Severity.BLOCKER
    description = ("Formatting tags, links, e-mail addresses and placeholders must come "
                   "through the translation intact.")
    example = "Read <g1>the report</g1>. -> Lesen Sie den Bericht."

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        issues = self._tags(source, target)
        plain_src, plain_tgt = mask_tags(source), mask_tags(target)
        issues += self._missing("link", _urls(plain_src), _urls(plain_tgt), target)
        issues += self._missing("e-mail address", EMAIL_RE.findall(plain_src),
                                EMAIL_RE.findall(plain_tgt), target)
        issues += self._missing("placeholder", PLACEHOLDER_RE.findall(plain_src),
                                PLACEHOLDER_RE.findall(plain_tgt), target)
        return issues

    def _tags(self, source: str, target: str) -> list[Issue]:
        src, tgt = Counter(tag_ids(source)), Counter(tag_ids(target))
        issues = []
        for token in sorted((src - tgt).elements()):
            issues.append(self.issue(f"Tag <{token}> of the source is missing in the translation.",
                                     None))
        for token in sorted((tgt - src).elements()):
            issues.append(self.issue(f"Tag <{token}> is not in the source; remove it.",
                                     _tag_span(target, token)))
        if not issues:
            problem = nesting_error(target)
            if problem:
                issues.append(self.issue(f"Tags are out of order: {problem}.", None))
        return issues

    def _missing(self, what: str, source_items: list[str], target_items: list[str],
                 target: str) -> list[Issue]:
        issues = []
        for item in sorted((Counter(source_items) - Counter(target_items)).elements()):
            issues.append(self.issue(f"The {what} {item} is missing or changed in the "
                                     "translation; copy it unchanged.", None,
                                     severity=Severity.MAJOR))
        for item in sorted((Counter(target_items) - Counter(source_items)).elements()):
            at = target.find(item)
            issues.append(self.issue(f"The {what} {item} is not in the source.",
                                     (at, at + len(item)) if at >= 0 else None,
                                     severity=Severity.MAJOR))
        return issues
