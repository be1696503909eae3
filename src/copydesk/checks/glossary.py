"""The edition's glossary: preferred terms, forbidden terms, names not to translate.

Uses ``context.glossary`` (a ``copydesk.glossary.Glossary``); without one the
check finds nothing. For each glossary term in the source, the target must
contain one of its preferred translations (inflected forms count) or, for a
do-not-translate term, the term verbatim: major. A forbidden term in the
target is major, or minor when the preferred term is there as well; it gets
a safe fix when it appears uninflected and has exactly one replacement.
"""

from __future__ import annotations

from copydesk.article import mask_tags
from copydesk.checks.base import Check, Fix, Issue, SegmentContext, Severity
from copydesk.glossary import Glossary, Term, TermType


class GlossaryCheck(Check):
    check_id = "glossary"
    severity = Severity.MAJOR
    description = "The edition's glossary: required terms, forbidden terms and names that " \
                  "must stay untranslated."
    example = "Alibaba denied the report. -> Ali Baba dementierte den Bericht. " \
              "(glossary: Alibaba, do not translate)"

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        glossary = context.glossary
        if not isinstance(glossary, Glossary):
            return []
        src, tgt = mask_tags(source), mask_tags(target)
        langs = (context.source_lang, context.target_lang)
        forbidden = self._forbidden(glossary, tgt, langs)
        flagged_sources = {t.source.casefold() for t, _ in forbidden}
        issues = [issue for _, issue in forbidden]
        seen: set[str] = set()
        for match in glossary.find_in_source(src, *langs):
            term = match.term
            key = term.source.casefold()
            if key in seen or key in flagged_sources:
                continue
            seen.add(key)
            issue = self._required(glossary, term, match.start, match.end, tgt, langs)
            if issue:
                issues.append(issue)
        return issues

    def _required(self, glossary: Glossary, term: Term, start: int, end: int, tgt: str,
                  langs: tuple[str, str]) -> Issue | None:
        candidates = [t for t in glossary.entries_for(*langs)
                      if t.type is not TermType.FORBIDDEN
                      and t.source.casefold() == term.source.casefold()]
        if any(glossary.find_in_target(tgt, t) for t in candidates):
            return None
        wanted = " or ".join(f"“{t.target}”" for t in candidates)
        if all(t.type is TermType.DNT for t in candidates):
            message = f"“{term.source}” must stay untranslated; write {wanted}."
        else:
            message = f"The glossary wants {wanted} for “{term.source}”."
        return self.issue(message, None, source_span=(start, end))

    def _forbidden(self, glossary: Glossary, tgt: str,
                   langs: tuple[str, str]) -> list[tuple[Term, Issue]]:
        found = []
        for term in glossary.forbidden(*langs):
            for start, end in glossary.find_in_target(tgt, term):
                preferred_present = any(
                    glossary.find_in_target(tgt, Term(term.source, r, TermType.PREFERRED,
                                                      term.source_lang, term.target_lang,
                                                      term.case_sensitive))
                    for r in term.replacements)
                fix = None
                if len(term.replacements) == 1 and tgt[start:end].casefold() == \
                        term.target.casefold():
                    fix = Fix(start, end, _match_case(term.replacements[0], tgt[start:end]))
                use = f"; use “{term.replacements[0]}”" if len(term.replacements) == 1 else (
                    f"; use one of {', '.join(term.replacements)}" if term.replacements else "")
                severity = Severity.MINOR if preferred_present else Severity.MAJOR
                found.append((term, self.issue(f"“{tgt[start:end]}” is not allowed by the "
                                               f"glossary{use}.", (start, end), fix=fix,
                                               severity=severity)))
        return found


def _match_case(replacement: str, found: str) -> str:
    """Capitalise the replacement like the text it replaces (sentence starts)."""
    if found[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement
