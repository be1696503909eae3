"""Names check: names, brands, acronyms and codes of the source survive translation.

``name_finder`` finds them in the source, in any language wordfreq knows
(codes, acronyms, capitalised words that are names rather than common words).
Each must appear in the translation as written (case, accents and inflection
aside: "Alibabas", "AFP-Angaben", "París"), or in a form that another language
gives it: CLDR's country and language names ("Germany" -> "Alemania"), the
tables ``data/names_equivalents.json`` and ``data/names_exonyms.json``, or the
glossary. An acronym also counts as kept when it is spelled out (its letters open
consecutive words of the translation or the source: "NSW" -> "New South Wales"),
defined in the source, or replaced by an acronym of the translation's own that the
source lacks ("GDPR" -> "DSGVO").

Severity: a missing single name, acronym or code is major when the target
language itself writes it that way, i.e. wordfreq's list of the target language
has the form ("China" -> "Porcelana", "Messenger" -> "Mensajero", "AFP" dropped): a
translation into that language has every reason to keep it. A form the target
language's list lacks is minor: such names often have a form of their own that no
table here holds ("Khufu" -> "Cheops", "Smyrna" -> "Esmirna", "Crete" -> "Kreta")
and such acronyms are spelled out in the target language ("PPWR" ->
"Verpackungsgesetz", "BST" -> "britische Sommerzeit"). A code whose digits all stand
in the translation is minor too: its letters were rendered ("WW1" -> "1.
Weltkrieg", "N585 million" -> "585 Millionen Naira"); one whose digits changed
("GTG-1002" -> "GTG-1020") is major. A missing name inside a run of capitalised
words, a word derived from a name ("Moroccan", "Egyptians") and a common word used
as a name ("Nature" -> "Carácter") are minor, since translations render many of
those legitimately ("Big Bang" -> "Urknall", "Moroccan" -> "de Marruecos").

A name the engine translated as a word is major all the same: a capitalised source
word that the target language writes as the source does (wordfreq: "Stone", "Trump",
"Apple"; not "University", "Scotland") is missing, and a capitalised word of the
target that the FreeDict word list (``bilingual``) gives as its translation stands
where the name stood: right after the word before it, kept ("Emma Stone" -> "Emma
Stein") or, for a title of ``names_words.json``, translated ("President Trump" ->
"Präsident Trumpf"); or, for a name standing alone, anywhere off a sentence's start
in a language that does not capitalise every noun ("Gosling y Piedra"). That
evidence overrides the near spellings above ("Trumpf" is no spelling of "Trump").
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Sequence

import regex
from rapidfuzz import fuzz

from copydesk.article import mask_tags
from copydesk.checks import bilingual, exonyms, lexicon
from copydesk.checks.base import Check, Issue, SegmentContext, Severity
from copydesk.checks.name_finder import (
    LEAN_MAX,
    NOUN_CAPITALISING,
    Name,
    NameFinder,
    derived,
    is_title_case,
    title_words,
)
from copydesk.checks.name_index import CapitalisedWords, FoldedTarget, Initials, WordStarts

_DIGITS = re.compile(r"\d+")
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*")
_TARGET_ACRONYM = regex.compile(r"(?<![\w-])\p{Lu}{2,6}(?=s?(?!\p{Ll}))")
_LINK_WORDS = frozenset({"of", "and", "for", "the", "on", "de", "der", "die", "das", "des",
                         "für", "und", "von", "zur", "zum", "del", "la", "le", "du", "van",
                         "het", "di", "della", "y", "et", "e", "en"})


def present(forms: Sequence[str], target: FoldedTarget) -> bool:
    """Whether any of ``forms`` occurs in the target (see ``name_index.FoldedTarget``)."""
    return any(target.has(f) for f in forms)


NEAR_RATIO = 70  # rapidfuzz ratio of a transliteration ("Bishkek" ~ "Bischkek")
CLOSE_RATIO = 85  # for a word of the target language only ("Jeruzalem", not "Mensajero")
MAX_COMPARED = 64  # target words compared with one name, so a huge segment stays linear


def _sound(letter: str) -> str:
    """Initials that transliterations swap ("Cylons" ~ "Zylonen", "Jakarta" ~ "Yakarta")."""
    return {"c": "k", "z": "k", "q": "k", "y": "i", "j": "i"}.get(letter, letter)


class TargetWords:
    """The words of a target, for finding a name in another spelling: a shared stem
    ("Tasmanian" ~ "Tasmania", "Rome" ~ "Roma") or a close transliteration."""

    def __init__(self, folded_target: str, source_lang: str, target_lang: str) -> None:
        self.source_lang, self.target_lang = source_lang, target_lang
        self.by_initial: dict[str, list[str]] = defaultdict(list)
        for word in sorted(set(regex.findall(r"\w+", folded_target))):
            self.by_initial[_sound(word[0])].append(word)

    def near(self, forms: Sequence[str]) -> bool:
        return any(self._near(lexicon.fold(w)) for f in forms for w in f.split()
                   if len(w) >= 4)

    def _near(self, word: str) -> bool:
        words = self.by_initial.get(_sound(word[0]), [])
        stem = word[:min(len(word) - 1, max(3, math.ceil(0.6 * len(word))))]
        at = bisect.bisect_left(words, stem)
        if at < len(words) and words[at].startswith(stem):
            return True
        # A close spelling counts; a word of the target language only must be closer:
        # "Bischkek", "Jeruzalem" are spellings, "Mensajero" translates Messenger.
        close = [w for w in words[:MAX_COMPARED * 4] if abs(len(w) - len(word)) <= 3]
        return any(fuzz.ratio(word, w) >= (CLOSE_RATIO if self._target_word(w) else NEAR_RATIO)
                   for w in close[:MAX_COMPARED])

    def _target_word(self, word: str) -> bool:
        return target_word(word, self.source_lang, self.target_lang)


def target_word(word: str, source_lang: str, target_lang: str) -> bool:
    """A common word of the target language that the source language lacks."""
    return lexicon.common(word, target_lang) and \
        lexicon.lean(word, target_lang, source_lang) >= LEAN_MAX


_BRACKETED = re.compile(r"\((\w{2,12})\)")
DEFINITION_WINDOW = 300  # characters before "(PRS)" read for its long form


def defined(acronym: str, source: str, brackets: dict[str, int]) -> bool:
    """Whether the source spells the acronym out right before it in brackets
    ("the private rented sector (PRS)"), so a translation may use the long form.
    ``brackets`` maps each bracketed word of the source to where it first stands."""
    at = brackets.get(acronym, -1)
    letters = acronym.rstrip("s").lower()
    before = source[max(0, at - DEFINITION_WINDOW):max(at, 0)]
    words = [w for w in re.findall(r"\w+", before) if w.lower() not in _LINK_WORDS]
    words = words[-len(letters):]
    return at > 0 and "".join(w[0].lower() for w in words) == letters


def own_acronyms(source: str, target: str) -> list[str]:
    """Acronyms of the translation that the source does not have ("DSGVO" for "GDPR")."""
    starts = WordStarts(source)
    return [a for a in _TARGET_ACRONYM.findall(target) if not starts.has(a)]


class NamesCheck(Check):
    check_id = "names"
    severity = Severity.MAJOR
    description = ("Names, brands, acronyms and codes from the source must appear in the "
                   "translation, unless the glossary or the exonym table gives another form.")
    example = "The group GTG-1002 ... -> Die Gruppe GTG-1020 ..."

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        source, target = mask_tags(source), mask_tags(target)
        folded_text = lexicon.fold(target)
        folded = FoldedTarget(folded_text)
        finder = NameFinder(context.source_lang, context.target_lang,
                            [s for s, _ in context.article])
        spare = [a for a in own_acronyms(source, target)  # "AYUNO" is a word, not one
                 if len(a) < 4 or not lexicon.common(a, context.target_lang)]
        words = TargetWords(folded_text, context.source_lang, context.target_lang)
        spelled = (Initials(target, _LINK_WORDS), Initials(source, _LINK_WORDS))
        brackets: dict[str, int] = {}
        for m in _BRACKETED.finditer(source):
            brackets.setdefault(m.group(1), m.start())
        issues, seen = [], set()
        target_digits = frozenset(_DIGITS.findall(target))
        names = list(finder.find(source))
        translated = self._translated(source, target, folded, names, context)
        for word, (span, rendering) in translated.items():
            issues.append(self.issue(f"The name “{word}” from the source seems translated as "
                                     f"a word (“{rendering}”) in the translation.",
                                     source_span=span, severity=Severity.MAJOR))
        for name in names:
            if name.text in seen or name.text in translated or present(name.needed, folded):
                continue
            seen.add(name.text)
            accepted = self._accepted(name, context)
            if present(accepted, folded):
                continue
            if name.kind in ("name", "derived", "used-name") and \
                    words.near([*name.needed, *accepted]):
                continue
            if name.kind == "acronym" and _rendered(name.text, source, spelled, brackets,
                                                    spare):
                continue
            issues.append(self.issue(f"The name “{name.text}” from the source is missing or "
                                     "changed in the translation.", source_span=name.span,
                                     severity=_severity(name, context.target_lang,
                                                        target_digits)))
        return issues

    def _translated(self, source: str, target: str, folded: FoldedTarget, names: list[Name],
                    context: SegmentContext) -> dict[str, tuple[tuple[int, int], str]]:
        """Capitalised source words that the target renders by a dictionary translation
        of theirs (``bilingual``), each with its first span and that translation. Only
        after another capitalised word, or for a name standing alone where the target
        language does not capitalise every noun (there a capital says nothing)."""
        lex = bilingual.lexicon(bilingual.base(context.source_lang),
                                bilingual.base(context.target_lang))
        if lex is None or is_title_case(source):
            return {}
        caps: CapitalisedWords | None = None  # built for the first candidate only
        lone = {n.text: n.kind for n in names if n.kind in ("name", "used-name")}
        if bilingual.base(context.target_lang) in NOUN_CAPITALISING:
            lone = {}
        out: dict[str, tuple[tuple[int, int], str]] = {}
        words = list(_WORD.finditer(source))
        for i, m in enumerate(words):
            word = m.group()
            if word in out or len(word) < 3 or not word[0].isupper() or word.isupper():
                continue
            previous = words[i - 1].group() if i else ""
            after = previous if previous[:1].isupper() and source[
                words[i - 1].end():m.start()] == " " and not bilingual.is_function_word(
                previous, context.source_lang) else ""
            if (not after and word not in lone) or not _kept_as_written(word, context):
                continue
            caps = caps or CapitalisedWords(target, context.target_lang)
            rendering = _rendering(word, after, lone.get(word), lex, caps, context)
            if rendering and not present(self._accepted_forms(word, context), folded):
                out[word] = (m.span(), rendering)
        return out

    def _accepted_forms(self, word: str, context: SegmentContext) -> list[str]:
        return [*exonyms.accepted(word, context.source_lang, context.target_lang),
                *self._glossary_forms(word, context)]

    def _accepted(self, name: Name, context: SegmentContext) -> list[str]:
        out: list[str] = []
        for text in (name.text, *name.needed):
            out.extend(exonyms.accepted(text, context.source_lang, context.target_lang))
            out.extend(self._glossary_forms(text, context))
        return out

    @staticmethod
    def _glossary_forms(name: str, context: SegmentContext) -> list[str]:
        lookup = getattr(context.glossary, "target_terms", None)
        if lookup is None:
            return []
        try:
            return list(lookup(name, context.source_lang, context.target_lang))
        except Exception:  # a faulty glossary must not stop the check
            return []


def _rendering(word: str, after: str, lone_kind: str | None, lex: bilingual.Lexicon,
               caps: CapitalisedWords, context: SegmentContext) -> str | None:
    """A capitalised target word that translates ``word`` where the name stood: right
    after the same word as in the source ("Emma Stone" -> "Emma Stein"), or, for a
    name standing alone, anywhere but at a sentence's start ("Apple" -> "Manzana"; not
    the inflected name itself: "Trusts"). None when the name also stands in the target
    as written."""
    options = lex.targets(bilingual.stem(word, context.source_lang))
    if not options:
        return None
    folded = lexicon.fold(word)
    src, tgt = context.source_lang, context.target_lang
    kept = lexicon.fold(after)
    title = (lex.targets(bilingual.stem(after, src)) or frozenset()) \
        if after.lower() in title_words(src) else frozenset()  # "Präsident Trumpf"
    for option in sorted(options):
        for rendering, before, opens in caps.by_stem.get(option, ()):
            form = lexicon.fold(rendering)
            if _inflected(form, folded, tgt):
                continue
            paired = bool(before) and (before == kept or bilingual.stem(before, tgt) in title)
            alone = lone_kind is not None and not opens and target_word(form, src, tgt) \
                and not (lone_kind == "name" and form[:3] == folded[:3])
            if (paired or alone) and not caps.has_besides(word, options, tgt):
                return rendering
    return None


def _kept_as_written(word: str, context: SegmentContext) -> bool:
    """A capitalised word that a translation into the target language keeps as written:
    one that language uses about as often as the source language does ("Stone",
    "Trump", "Apple"), unlike titles it translates ("University", "Committee") and names
    it writes its own way ("Scotland" -> "Schottland"; the tables hold many of those)."""
    src, tgt = context.source_lang, context.target_lang
    return lexicon.zipf(word, tgt) >= lexicon.COMMON and lexicon.lean(word, src, tgt) < LEAN_MAX \
        and not exonyms.listed(word, src, tgt) and not derived(word, src)


def _inflected(form: str, word: str, lang: str) -> bool:
    """Whether a folded target word is the folded source word itself, inflected
    ("Trusts", "Senatorin"), or it without a plural ending ("Unionist")."""
    endings = ("", "s", "n", "in", *bilingual.SUFFIXES.get(bilingual.base(lang), ()))
    return any(form == word + e or word == form + e for e in endings)


def _rendered(acronym: str, source: str, spelled: tuple[Initials, Initials],
              brackets: dict[str, int], spare: list[str]) -> bool:
    """Spelled out in either text, defined in the source, or replaced by one of the
    target's own acronyms (each of those used once)."""
    if any(i.spelled(acronym) for i in spelled) or defined(acronym, source, brackets):
        return True
    if spare:
        spare.pop(0)
        return True
    return False


def _severity(name: Name, target_lang: str, target_digits: frozenset[str]) -> Severity:
    """Major for a code whose digits changed, and for an acronym or single name that
    the target language writes as the source does; minor otherwise (see the module
    docstring)."""
    if name.kind == "code":
        digits = _DIGITS.findall(name.text)
        if digits:
            return Severity.MINOR if target_digits.issuperset(digits) else Severity.MAJOR
    elif not (name.kind == "acronym" or (name.kind == "name" and " " not in name.text)):
        return Severity.MINOR
    return Severity.MAJOR if _attested(name, target_lang) else Severity.MINOR


def _attested(name: Name, target_lang: str) -> bool:
    """Whether the target language's word list has the name's form (an acronym without
    its plural "s"); for a language without a list, assume it does."""
    if not lexicon.known(target_lang):
        return True
    form = name.text[:-1] if name.kind == "acronym" and name.text.endswith("s") \
        and len(name.text) > 2 else name.text
    return lexicon.zipf(form, target_lang) > lexicon.RARE
