"""Names check: names, brands, acronyms and codes of the source survive translation.

Only names that a translation keeps are checked, since German capitalises every
noun and translates many names ("White House" -> "Weißen Haus"):

* codes and brands with digits or inner capitals ("GTG-1002", "COVID-19", "iPhone");
* acronyms ("FT", "AFP");
* runs of two or more capitalised words that are not all titles or common words
  ("Xi Jinping", "Lin Jian"): one of them must appear.

Inflected and compound forms count ("Alibabas", "AFP-Angaben"). Exonyms and
translated acronyms per language pair are in ``data/names_exonyms.json``; a
glossary entry for the name counts too. An acronym also counts as kept when it is
spelled out (its letters open consecutive words of the translation or the source:
"NSW" -> "New South Wales") or when the translation has an acronym of its own that
the source lacks ("GDPR" -> "DSGVO"). Capitalised words of emphasis ("VERY"),
roman numerals and number-unit codes ("24V", the numbers check's business) are
not names.

Severity: a missing code, brand or acronym is major; a missing run of capitalised
words is minor, since on annotated MT output such runs are mostly terms that a good
translation renders ("Big Bang" -> "Urknall"): right about one time in ten.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from copydesk.article import mask_tags
from copydesk.checks.base import Check, Issue, SegmentContext, Severity
from copydesk.checks.tables import table

_CODE = re.compile(r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[A-Z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![\w-])")
_INNER_CAPS = re.compile(r"(?<![\w-])[a-z]+[A-Z]\w*|(?<![\w-])[A-Z][a-z]+[A-Z][a-z]\w*")
_ACRONYM = re.compile(r"(?<![\w.-])(?<!\d\s)[A-Z]{2,6}s?(?![\w-])")
_CAPS_NEIGHBOUR = re.compile(r"[A-Z]{2,}\s+[A-Z]{2,}")
_CAPITALISED_RUN = re.compile(
    r"(?<![\w'’.-])[A-Z][\w'’-]*(?:\s(?:(?:of|de|del|da|van|von|der|al|bin|la|le|du)\s)?"
    r"[A-Z][\w'’-]*)+(?![\w'’-])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“„«(]\s*|\s[-–—]\s)$")
_NUMBER_UNIT = re.compile(r"\d+(?:[.,]\d+)?[A-Za-z]{1,4}")  # "24V", "2600mAh", "5K"
_ROMAN = re.compile(r"(?=[IVXLC]{2,})C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_STRETCHED = re.compile(r"(\w)\1\1", re.IGNORECASE)  # "noooo"
_TARGET_ACRONYM = re.compile(r"(?<![\w-])[A-ZÄÖÜ]{2,6}(?=s?(?![a-zäöüß]))")
_LINK_WORDS = frozenset({"of", "and", "for", "the", "on", "de", "der", "die", "das", "des",
                         "für", "und", "von", "zur", "zum"})


@cache
def exonyms(source_lang: str, target_lang: str) -> dict[str, tuple[str, ...]]:
    """Accepted target forms of names per source name, for one language pair."""
    pair = f"{source_lang.split('-')[0]}-{target_lang.split('-')[0]}"
    return {k: tuple(v) for k, v in table("names_exonyms.json").get(pair, {}).items()}


@cache
def common_words(lang: str) -> frozenset[str] | None:
    words = table("names_common_words.json").get(lang.split("-")[0])
    return frozenset(words) if words is not None else None


@cache
def ordinary_words(source_lang: str, target_lang: str) -> frozenset[str]:
    """Lower-case words that, written in capitals, are emphasis rather than an acronym
    ("VERY", "BUT"); acronyms of the exonym table ("US", "WHO", "IT") stay acronyms."""
    lang = source_lang.split("-")[0]
    words = set(common_words(lang) or ())
    words |= set(table("names_common_words.json").get("emphasis", {}).get(lang, ()))
    return frozenset(words - {k.lower() for k in exonyms(source_lang, target_lang)})


def _is_shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 8 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _is_title_case(text: str) -> bool:
    words = [w for w in text.split() if w[:1].isalpha() and len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) > 0.7 * len(words)


# Words ending like this are mostly ordinary nouns and adjectives that get translated.
_ORDINARY_ENDING = re.compile(r"(?:al|(?<=\w{3})ian|ish|ese|ic|ary|ory|ion|ing|ment|ity|ern|"
                              r"ive|ers?|ics|ship|ance|ence|ness|ies)$")


def _distinctive(words: list[str], common: frozenset[str]) -> list[str]:
    """The words of a capitalised run that a translation would keep."""
    out = []
    for word in words:
        bare = re.sub(r"['’]s?$|\.$", "", word)
        lowered = bare.lower()
        if len(bare) >= 3 and lowered not in common and not _ORDINARY_ENDING.search(lowered):
            out.append(bare)
    return out


# name, source span, words that must appear, kind ("code", "acronym" or "run")
Candidate = tuple[str, tuple[int, int], list[str], str]


def _runs(text: str, common: frozenset[str]) -> Iterator[Candidate]:
    """Capitalised runs with their distinctive words; a run opening a sentence loses its
    first word, which may be capitalised only because of its position."""
    for m in _CAPITALISED_RUN.finditer(text):
        words = m.group(0).split()
        start = m.start()
        if _SENTENCE_START.search(text[:start]):
            start += len(words[0]) + 1
            words = words[1:]
        distinctive = _distinctive(words, common)
        # Only runs made entirely of name-like words ("Xi Jinping"); runs with ordinary
        # words ("Welsh Parliament") are too often translated word by word.
        if len(words) >= 2 and len(distinctive) == len(words):
            yield " ".join(words), (start, m.end()), distinctive, "run"


def _is_code(token: str) -> bool:
    return not _NUMBER_UNIT.fullmatch(token) and not _STRETCHED.search(token)


def _is_acronym(token: str, ordinary: frozenset[str]) -> bool:
    """An acronym, not a shouted word ("VERY") or a roman numeral ("II")."""
    bare = token.rstrip("s")
    return token.lower() not in ordinary and bare.lower() not in ordinary \
        and not _ROMAN.fullmatch(bare)


def candidates(text: str, common: frozenset[str],
               ordinary: frozenset[str] = frozenset()) -> Iterator[Candidate]:
    """(name, span, words that must appear, kind) for each name the translation should keep."""
    for pattern in (_CODE, _INNER_CAPS):
        for m in pattern.finditer(text):
            if _is_code(m.group(0)):
                yield m.group(0), m.span(), [m.group(0)], "code"
    if not _is_shouting(text):
        for m in _ACRONYM.finditer(text):
            if not _CAPS_NEIGHBOUR.search(text[max(0, m.start() - 8):m.end() + 8]) and \
                    _is_acronym(m.group(0), ordinary):
                yield m.group(0), m.span(), [m.group(0).rstrip("s")], "acronym"
    if not _is_title_case(text):
        yield from _runs(text, common)


@cache
def _word_start(word: str) -> re.Pattern[str]:
    """The word at a word start, in any case, with "-" or a space between its parts."""
    parts = [re.escape(p) for p in re.split(r"[-\s]+", word) if p]
    start = "" if len(word) >= 5 else r"(?<!\w)"  # longer words may end a compound: "Nordkorea"
    return re.compile(start + r"[-\s]?".join(parts), re.IGNORECASE)


def _present(forms: list[str] | tuple[str, ...], target: str) -> bool:
    return any(_word_start(f).search(target) for f in forms if f)


def spelled_out(acronym: str, text: str) -> bool:
    """Whether the letters of ``acronym`` open consecutive words of ``text``
    ("NSW" in "New South Wales"); "of", "and", "für" and the like may come between."""
    letters = acronym.rstrip("s")
    words = [w for w in re.findall(r"\w+", text) if w.lower() not in _LINK_WORDS]
    initials = "".join(w[0] if w[0].isupper() else "_" for w in words)
    return len(letters) >= 2 and letters.upper() in initials.upper() and \
        letters.upper() in initials


def defined(acronym: str, source: str) -> bool:
    """Whether the source spells the acronym out right before it in brackets
    ("the private rented sector (PRS)"), so a translation may use the long form."""
    at = source.find(f"({acronym})")
    letters = acronym.rstrip("s").lower()
    words = [w for w in re.findall(r"\w+", source[:max(at, 0)])
             if w.lower() not in _LINK_WORDS][-len(letters):]
    return at > 0 and "".join(w[0].lower() for w in words) == letters


def own_acronyms(source: str, target: str) -> list[str]:
    """Acronyms of the translation that the source does not have ("DSGVO" for "GDPR")."""
    return [a for a in _TARGET_ACRONYM.findall(target)
            if not re.search(rf"(?<!\w){a}", source)]


class NamesCheck(Check):
    check_id = "names"
    severity = Severity.MAJOR
    description = ("Names, brands, acronyms and codes from the source must appear in the "
                   "translation, unless the glossary or the exonym table gives another form.")
    example = "The group GTG-1002 ... -> Die Gruppe GTG-1020 ..."

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        common = common_words(context.source_lang)
        if common is None:
            return []
        table = exonyms(context.source_lang, context.target_lang)
        source, target = mask_tags(source), mask_tags(target)
        spare = own_acronyms(source, target)
        issues, seen = [], set()
        ordinary = ordinary_words(context.source_lang, context.target_lang)
        for name, span, needed, kind in candidates(source, common, ordinary):
            if name in seen or _present(needed, target):
                continue
            seen.add(name)
            accepted = table.get(name, ()) + tuple(self._glossary_forms(name, context))
            if accepted and _present(accepted, target):
                continue
            if kind == "acronym" and self._rendered(name, source, target, spare):
                continue
            severity = Severity.MINOR if kind == "run" else Severity.MAJOR
            issues.append(self.issue(f"The name “{name}” from the source is missing or "
                                     "changed in the translation.", source_span=span,
                                     severity=severity))
        return issues

    @staticmethod
    def _rendered(acronym: str, source: str, target: str, spare: list[str]) -> bool:
        """Spelled out in either text, defined in the source, or replaced by one of the
        target's own acronyms."""
        if spelled_out(acronym, target) or spelled_out(acronym, source) or \
                defined(acronym, source):
            return True
        if spare:
            spare.pop(0)
            return True
        return False

    @staticmethod
    def _glossary_forms(name: str, context: SegmentContext) -> list[str]:
        lookup = getattr(context.glossary, "target_terms", None)
        if lookup is None:
            return []
        try:
            return list(lookup(name, context.source_lang, context.target_lang))
        except Exception:  # a faulty glossary must not stop the check
            return []
