"""A challenge set for the checks: human references with one seeded, labelled error each.

Each error class is one function registered with ``@perturbation(name)``: it gets the
source, the human reference (both NFC), the reference's language, a
``random.Random`` and the source's language (keyword ``source_lang``, English unless
the set runs into English), and returns a ``Change`` (the perturbed reference and
what was changed) or None when the class cannot be applied to that pair (no
negation in the source, no number the two share, ...). Adding a class is adding
one function; its docstring says what it does and is printed by ``--list``.

The sets run from English into German, Spanish, French, Dutch and Italian, and with
``--into-english`` also from each of them into English (FLORES-200 devtest has the
same sentences in all six), so that the checks are measured with every edition's
language as source and as target.

``generate`` applies every registered class to every pair, one class per item. The
random choices (which number, which clause) come from a generator seeded with
(seed, class, language, pair index), so an item does not change when other pairs
or classes are added. The set measures the checks against known errors; it does not
replace the human-annotated sets (``checks_eval.py``).

Usage: ``python benchmarks/challenge_set.py [--lang de] [--into-english] [--limit N]
[--seed S] [--list]`` prints the items as JSON lines.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
from checks_languages import flores  # noqa: E402

TARGETS = ("de", "es", "fr", "nl", "it")
ENGLISH = "en"


@dataclass(frozen=True)
class Change:
    perturbed: str
    what: str  # e.g. "removed 'nicht'", "2011 -> 2017"


@dataclass(frozen=True)
class Item:
    klass: str
    lang: str
    index: int  # the pair's position in its corpus
    source: str
    original: str
    perturbed: str
    what: str
    source_lang: str = ENGLISH


Perturbation = Callable[..., Change | None]  # (source, reference, lang, rng, source_lang=)
PERTURBATIONS: dict[str, Perturbation] = {}


def perturbation(name: str) -> Callable[[Perturbation], Perturbation]:
    """Register an error class under ``name``."""
    def register(func: Perturbation) -> Perturbation:
        PERTURBATIONS[name] = func
        return func
    return register


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _join(left: str, right: str) -> str:
    """The text on both sides of a removed stretch, tidied at the seam only (no space
    before punctuation, no ", ," or ",."), so nothing else of the text changes."""
    left = left.rstrip()
    rest = right.lstrip()
    if left.endswith((",", ";")) and rest[:1] in (",", ";"):
        right = rest[1:]
    elif left.endswith((",", ";")) and (not rest or rest[0] in ".!?"):
        left = left[:-1]
    if right[:1].isalnum() and left:
        right = " " + right
    return left + right


def _with_case(model: str, word: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


# --- negation dropped -------------------------------------------------------------

# Negations that make the source's statement negative, per source language ("No. 5"
# is a number, and so is Spanish "no. 5").
_NUMBER_NO = r"(?!\.\s?\d)"
SOURCE_NEGATION: dict[str, re.Pattern[str]] = {
    lang: re.compile(rf"(?<!\w)(?:(?:{words})(?!\w)|n['’](?=\w))" if lang == "fr"
                     else rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE) for lang, words in {
    "en": rf"not|never|nobody|nothing|none|neither|nor|cannot|nowhere|no{_NUMBER_NO}"
          r"|\w+n['’]t",
    "de": r"nicht|nie|niemals|nichts|niemand|nirgends|nirgendwo|kein\w*|weder",
    "es": rf"no{_NUMBER_NO}|nunca|jamás|nada|nadie|ningún|ninguna|ninguno|tampoco",
    "fr": r"ne|jamais|rien|aucun|aucune|nul|nulle",  # and an elided "n'"
    "nl": r"niet|nooit|geen|niets|niemand|nergens",
    "it": r"non|mai|niente|nulla|nessuno|nessuna|nessun|né",
}.items()}
_ONLY = r"(?!\s+(?:nur|s[oó]lo|solamente|seulement|alleen|solo|soltanto|only|just)\b)"

# Per language: (negation head, replacement template or "" to delete it; the first is
# the plain "not"). A head may pull the next concord word of its clause along
# (Spanish "no ... nada" -> "... algo").
HEADS: dict[str, list[tuple[str, str]]] = {
    "en": [(rf"not{_ONLY}", ""), (r"never", ""), (r"cannot", "can"), (r"won['’]t", "will"),
           (r"can['’]t", "can"), (r"(?!(?:wo|ca)n['’]t)(\w+)n['’]t", r"\1"),
           (r"nothing", "something"), (r"nobody", "somebody"), (r"no one", "someone"),
           (r"nowhere", "somewhere"), (r"no(?! one\b|\.\s?\d)", "")],
    "de": [(rf"nicht{_ONLY}", ""), (r"nie(?:mals)?", ""), (r"nichts", "etwas"),
           (r"niemand(\w*)", r"jemand\1"), (r"k(ein(?:e[mnrs]?)?)", r"\1"),
           (r"nirgends", "überall")],
    "es": [(rf"no{_ONLY}", ""), (r"nunca", ""), (r"jamás", ""), (r"nadie", "alguien"),
           (r"ningún", "algún"), (r"ninguna", "alguna"), (r"ninguno", "alguno")],
    "fr": [(r"ne", ""), (r"n['’]", "")],
    "nl": [(rf"niet{_ONLY}", ""), (r"nooit", ""), (r"g(een)", r"\1"), (r"niets", "iets"),
           (r"niemand", "iemand"), (r"nergens", "ergens")],
    "it": [(rf"non{_ONLY}", ""), (r"nessuno", "qualcuno"), (r"nessuna", "una"),
           (r"nessun", "un"), (r"niente", "qualcosa"), (r"nulla", "qualcosa")],
}
# Words that complete a negation after its head in the same clause.
CONCORD: dict[str, dict[str, str]] = {
    "es": {"nada": "algo", "nadie": "alguien", "nunca": "", "jamás": "", "ningún": "algún",
           "ninguna": "alguna", "ninguno": "alguno", "tampoco": "también"},
    "fr": {"pas": "", "point": "", "jamais": "", "plus": "", "guère": "", "rien": "quelque chose",
           "personne": "quelqu'un", "aucun": "un", "aucune": "une", "nulle": "une"},
    "it": {"mai": "", "niente": "qualcosa", "nulla": "qualcosa", "nessuno": "qualcuno",
           "nessuna": "una", "nessun": "un", "neanche": "anche", "nemmeno": "anche",
           "neppure": "anche", "più": "", "alcun": "un", "alcuna": "una"},
}
_CLAUSE_END = re.compile(r"[,.;:!?()«»\"“”„]")
_ELIDABLE = re.compile(r"(?<!\w)([JjMmTtSsCc]e|[Qq]ue) $")


def _replace(text: str, start: int, end: int, new: str) -> str:
    """``text[start:end]`` replaced by ``new`` (case kept); a deleted word takes one
    space with it and passes a sentence-initial capital to the next word."""
    old = text[start:end]
    if new:
        return text[:start] + _with_case(old, new) + text[end:]
    after = text[end:]
    if old.endswith(("'", "’")):
        pass  # an elided "n'": the space stays before it
    elif after.startswith(" "):
        after = after[1:]
    elif text[:start].endswith(" "):
        start -= 1
    if old[:1].isupper() and after[:1].islower():
        after = after[:1].upper() + after[1:]
    return text[:start] + after


def _elide(text: str, at: int) -> str:
    """French elision where a removal brought a vowel after "je", "que", ...: "j'aime"."""
    head = _ELIDABLE.search(text[:at])
    if head is None or not re.match(r"[aeiouyhéèêâîôûAEIOUÉ]", text[at:at + 1]):
        return text
    return text[:head.start()] + head.group(1)[:-1] + "'" + text[at:]


def _completes(text: str, start: int, concord: dict[str, str], primary: str) -> bool:
    """Whether the word at ``start`` only completes a negation opened earlier in its
    clause ("no ... nunca"): removing it alone would leave the negation standing."""
    word = re.match(r"\w+", text[start:])
    if word is None or word.group().lower() not in concord:
        return False
    clause = re.split(r"[,.;:!?()«»\"“”„]", text[max(0, start - 200):start])[-1]
    return bool(re.search(rf"(?<!\w){primary}(?!\w)", clause, re.IGNORECASE))


@perturbation("negation-dropped")
def negation_dropped(source: str, reference: str, lang: str, rng: random.Random,
                     source_lang: str = ENGLISH) -> Change | None:
    """Where the source negates, one negation of the reference goes: the word is
    deleted ("nicht", "nunca", "niet", "non", "not", "never"), or turned positive
    ("kein" -> "ein", "geen" -> "een", "nadie" -> "alguien", "didn't" -> "did",
    "nothing" -> "something"); "ne ... pas", "no ... nada", "non ... mai" lose both
    parts."""
    heads = HEADS.get(lang)
    negation = SOURCE_NEGATION.get(source_lang)
    if not heads or negation is None or not negation.search(source):
        return None
    found = [(m.start(), m.end(), re.sub(pattern, new, m.group(), count=1, flags=re.I)
              if new else "") for pattern, new in heads
             for m in re.finditer(rf"(?<!\w){pattern}" + ("" if pattern.endswith("]")
                                                          else r"(?!\w)"),
                                  reference, re.IGNORECASE)]
    concord = CONCORD.get(lang, {})
    primary = heads[0][0]
    found = [f for f in found if not _completes(reference, f[0], concord, primary)]
    if not found:
        return None
    start, end, new = rng.choice(sorted(found))
    head = reference[start:end]
    text, removed, written = reference, [head], [new] if new else []
    clause = _CLAUSE_END.search(reference, end)
    stop = clause.start() if clause else len(reference)
    for m in re.finditer(r"\w+", reference[end:stop]):
        if m.group().lower() in concord:  # edit the later word first: offsets stay valid
            a, b = end + m.start(), end + m.end()
            text = _replace(text, a, b, concord[m.group().lower()])
            removed.append(m.group())
            written += [concord[m.group().lower()]] if concord[m.group().lower()] else []
            break
    text = _replace(text, start, end, new)
    if lang == "fr" and head.endswith(("'", "’")):
        text = _elide(text, start)
    if lang == "fr" and len(removed) == 1:
        return None  # a "ne" without its "pas": not a negation ("ne" explétif)
    return Change(text, f"removed {' ... '.join(removed)!r}"
                  + (f", wrote {' ... '.join(written)!r}" if written else ""))


# --- number changed ---------------------------------------------------------------

# A number as written: digit groups (thousands with ".", ",", "'", a space, no-break
# or thin space) and decimals. ASCII digits only.
NUMBER = re.compile(r"(?<![\w.,])[0-9]{1,3}(?:[.,'’\u00a0\u202f\u2009 ][0-9]{3}(?![0-9]))+"
                    r"(?:[.,][0-9]+)?(?![\w])|(?<![\w.,])[0-9]+(?:[.,][0-9]+)?(?![\w])")


def _digits(number: str) -> str:
    return re.sub(r"[^0-9]", "", number)


@perturbation("number-changed")
def number_changed(source: str, reference: str, lang: str, rng: random.Random,
                   source_lang: str = ENGLISH) -> Change | None:
    """A number of the reference that the source also has gets one digit changed, so its
    format (digit count, separators) stays: "4 400" -> "4 700", "2011" -> "2017". The
    new value is not one the source mentions."""
    stated = {_digits(m.group()) for m in NUMBER.finditer(source)}
    candidates = [m for m in NUMBER.finditer(reference) if _digits(m.group()) in stated]
    if not candidates:
        return None
    m = rng.choice(candidates)
    number = m.group()
    places = [i for i, ch in enumerate(number) if ch.isdigit()]
    for _ in range(10):
        at = rng.choice(places)
        lowest = 1 if at == places[0] and len(places) > 1 else 0
        digit = str(rng.choice([d for d in range(lowest, 10) if str(d) != number[at]]))
        new = number[:at] + digit + number[at + 1:]
        if _digits(new) not in stated:
            return Change(reference[:m.start()] + new + reference[m.end():],
                          f"{number} -> {new}")
    return None


# --- name translated ---------------------------------------------------------------

# English names that are common words, and how a translation that takes them for the
# word renders them: the error of "Gordon Brown" -> "Gordon Marrón", "All Blacks" ->
# "All Schwarzen". Columns: de, es, fr, nl, it.
_NAME_WORDS = """
apple Apfel manzana pomme appel mela
baker Bäcker panadero boulanger bakker fornaio
banks Banken bancos banques banken banche
bell Glocke campana cloche bel campana
bird Vogel pájaro oiseau vogel uccello
bishop Bischof obispo évêque bisschop vescovo
black Schwarz negro noir zwart nero
blacks Schwarzen negros noirs zwarten neri
brooks Bäche arroyos ruisseaux beken ruscelli
brown Braun marrón brun bruin marrone
bush Busch arbusto buisson struik cespuglio
carpenter Zimmermann carpintero charpentier timmerman falegname
chase Jagd persecución poursuite achtervolging inseguimento
church Kirche iglesia église kerk chiesa
cook Koch cocinero cuisinier kok cuoco
crane Kran grúa grue kraan gru
cross Kreuz cruz croix kruis croce
fields Felder campos champs velden campi
fisher Fischer pescador pêcheur visser pescatore
ford Furt vado gué voorde guado
fox Fuchs zorro renard vos volpe
frank Offen franco franc openhartig franco
frost Frost escarcha givre vorst brina
gates Tore puertas portes poorten cancelli
grace Gnade gracia grâce genade grazia
green Grün verde vert groen verde
grey Grau gris gris grijs grigio
harper Harfenist arpista harpiste harpist arpista
hill Hügel colina colline heuvel collina
hope Hoffnung esperanza espoir hoop speranza
hunter Jäger cazador chasseur jager cacciatore
jobs Arbeitsplätze empleos emplois banen lavori
king König rey roi koning re
knight Ritter caballero chevalier ridder cavaliere
lamb Lamm cordero agneau lam agnello
little Klein pequeño petit klein piccolo
mason Maurer albañil maçon metselaar muratore
may Mai mayo mai mei maggio
miller Müller molinero meunier molenaar mugnaio
moon Mond luna lune maan luna
page Seite página page pagina pagina
power Macht poder pouvoir macht potere
price Preis precio prix prijs prezzo
rice Reis arroz riz rijst riso
rich Reich rico riche rijk ricco
rivers Flüsse ríos rivières rivieren fiumi
rose Rose rosa rose roos rosa
sharp Scharf afilado tranchant scherp affilato
shell Muschel concha coquille schelp conchiglia
smith Schmied herrero forgeron smid fabbro
snow Schnee nieve neige sneeuw neve
stone Stein piedra pierre steen pietra
swift Schnell rápido rapide snel veloce
trump Trumpf triunfo atout troef briscola
walker Wanderer caminante marcheur wandelaar camminatore
wells Brunnen pozos puits putten pozzi
white Weiß blanco blanc wit bianco
winter Winter invierno hiver winter inverno
wolf Wolf lobo loup wolf lupo
wood Holz madera bois hout legno
woods Wälder bosques bois bossen boschi
young Jung joven jeune jong giovane
"""
NAME_WORDS: dict[str, dict[str, str]] = {
    row[0]: dict(zip(TARGETS, row[1:], strict=True))
    for row in (line.split() for line in _NAME_WORDS.strip().splitlines())
}


@perturbation("name-translated")
def name_translated(source: str, reference: str, lang: str, rng: random.Random,
                    source_lang: str = ENGLISH) -> Change | None:
    """A name of the source that is also a common English word ("Brown", "Rice", "Apple",
    "All Blacks") and that the reference keeps as written is replaced by that word's
    translation, capitalised like the name. Only names inside a sentence and not
    followed by another capitalised word ("White House" is translated rightly). English
    sources only: FLORES's names are those of English articles, which no source in
    another language writes as one of its own words."""
    if source_lang != ENGLISH:
        return None
    found: list[tuple[int, int, str]] = []
    for name in sorted({m.group() for m in
                        re.finditer(r"(?<=[\w,;:] )[A-Z][a-z]+\b(?! [A-Z])", source)}):
        rendering = NAME_WORDS.get(name.lower(), {}).get(lang)
        if rendering is None or rendering.lower() == name.lower():
            continue
        found.extend((t.start(), t.end(), rendering)
                     for t in re.finditer(rf"(?<!\w){name}(?!\w)", reference))
    if not found:
        return None
    start, end, rendering = rng.choice(sorted(found))
    word = rendering[:1].upper() + rendering[1:]
    return Change(reference[:start] + word + reference[end:], f"{reference[start:end]} -> {word}")


# --- clause dropped ---------------------------------------------------------------

CONJUNCTIONS = {
    "en": "and but or because while after although when whereas",
    "de": "und aber oder sondern denn weil während nachdem obwohl",
    "es": "y pero o porque mientras aunque cuando",
    "fr": "et mais ou car parce tandis lorsque quand",
    "nl": "en maar of want omdat terwijl nadat hoewel",
    "it": "e ma o perché mentre quando sebbene",
}
FUNCTION_WORDS = {
    "en": "the a an and or but of to in on at for with by from as is are was were be been "
          "has have had it its they them their he she his her we our you this that these "
          "those which who there also not more most very",
    "de": "der die das den dem des ein eine einen einem einer eines und oder aber ist sind "
          "war waren hat haben wird werden sich sie er es wir ihr ich mit von zu zum zur "
          "auf aus bei für in im an am als auch noch nur so wie dass",
    "es": "el la los las un una unos unas y o pero de del al en con por para que se su sus "
          "es son fue era ha han lo le les como más muy",
    "fr": "le la les un une des et ou mais de du au aux en dans par pour que qui se sa son "
          "ses est sont était a ont il elle ils elles ce cette plus très sur",
    "nl": "de het een en of maar van in op met voor aan dat die is zijn was waren heeft "
          "hebben wordt worden hij zij ze het er om te bij als ook nog",
    "it": "il lo la i gli le un una uno e o ma di del della dei in con per che si suo sua "
          "è sono era ha hanno al alla come più molto",
}
MIN_CONTENT = 3


def _content_words(text: str, lang: str) -> int:
    stop = set(FUNCTION_WORDS.get(lang, "").split())
    return sum(1 for w in _words(text) if len(w) >= 3 and w.lower() not in stop)


@perturbation("clause-dropped")
def clause_dropped(source: str, reference: str, lang: str, rng: random.Random,
                   source_lang: str = ENGLISH) -> Change | None:
    """A clause of the reference disappears: the stretch after a comma, semicolon or
    coordinating/subordinating conjunction up to the next such break or the end, with
    at least three content words and at most half the reference's words."""
    conjunctions = "|".join(CONJUNCTIONS.get(lang, "").split())
    if not conjunctions:
        return None
    # A clause starts at a comma, semicolon or conjunction and ends at the next of
    # those, at a quotation mark, bracket, colon or dash, or at the sentence's end.
    breaks = re.compile(rf"(?P<start>[,;]|\s(?:{conjunctions})\b)|[:()\"„“”«»]|\s[–—-]\s"
                        r"|[.!?…]+(?=\W*$)|(?<=\w\w)[.!?]+\s", re.IGNORECASE)
    total = len(_words(reference))
    marks = [(m.start(), m.group("start") is not None) for m in breaks.finditer(reference)]
    marks.append((len(reference), False))
    candidates = []
    for (start, opens), (end, _) in itertools.pairwise(marks):
        while end > start and reference[end - 1].isspace():
            end -= 1  # the space before a bracket or quotation stays
        stretch = reference[start:end]
        if opens and _content_words(stretch, lang) >= MIN_CONTENT \
                and len(_words(stretch)) * 2 <= total:
            candidates.append((start, end))
    if not candidates:
        return None
    start, end = rng.choice(candidates)
    return Change(_join(reference[:start], reference[end:]),
                  f"dropped {reference[start:end].strip(' ,;')!r}")


# --- sentence left untranslated ---------------------------------------------------

SENTENCE_BREAK = re.compile(r"[.!?][\"”»]?\s+(?=[\"“„«¿¡]?[A-ZÀ-Ý0-9])")
ABBREVIATIONS = frozenset(["dr", "mr", "mrs", "ms", "st", "jr", "sr", "prof", "nr", "no", "vs",
                           "ca", "etc", "inc", "corp", "co", "ltd"])


def sentences(text: str) -> list[str]:
    """The text's sentences; a period after an initial ("John F. Kennedy") or a common
    abbreviation does not end one."""
    out, start = [], 0
    for m in SENTENCE_BREAK.finditer(text):
        word = re.search(r"(\w+)$", text[max(start, m.start() - 40):m.start()])
        if text[m.start()] == "." and (word is None or len(word.group(1)) == 1
                                       or word.group(1).lower() in ABBREVIATIONS):
            continue
        out.append(text[start:m.end()])
        start = m.end()
    out.append(text[start:])
    return out


def _same_words(a: str, b: str) -> bool:
    return [w.casefold() for w in _words(a)] == [w.casefold() for w in _words(b)]


@perturbation("untranslated")
def untranslated(source: str, reference: str, lang: str, rng: random.Random,
                 source_lang: str = ENGLISH) -> Change | None:
    """The reference is left in the source's language: where source and reference have
    the same number of sentences (two or more), either the last sentence stays
    untranslated or the whole segment does; otherwise the whole segment. Skipped when
    the reference already reads like the source (names, numbers)."""
    if not _words(source) or _same_words(source, reference):
        return None
    src_sents, ref_sents = sentences(source), sentences(reference)
    if len(src_sents) >= 2 and len(src_sents) == len(ref_sents) and rng.random() < 0.5 \
            and not _same_words(src_sents[-1], ref_sents[-1]):
        head = reference[:len(reference) - len(ref_sents[-1])]
        return Change(head + src_sents[-1], f"last sentence left in {source_lang!r}")
    return Change(source, f"whole segment left in {source_lang!r}")


# --- quote moved ------------------------------------------------------------------

# A closed quotation, by the marks a language uses: (opening, inner text, closing).
QUOTATION = re.compile(
    r"(„\s?|“\s?|\"|«[\s\u00a0\u202f]?|»|‹\s?|(?<!\w)')"
    r"((?:(?<=„)[^„“”\"]|(?<=“)[^“”]|(?<=\")[^\"]|(?<=«)[^«»]|(?<=»)[^«»]|[^\"„“”«»‹›'])+?)"
    r"([\s\u00a0\u202f]?»|“|”|\"|«|›|'(?!\w))")
QUOTE_MARKS = frozenset("\"„“”«»‹›")  # apostrophes also stand inside words ("l’été")
SOURCE_QUOTATION = re.compile(r"\"[^\"]+\"|“[^”]+”|‘[^’]+’")


def _closed_quotations(text: str) -> list[re.Match[str]]:
    pairs = {"„": "“”", "“": "”“", "\"": "\"", "«": "»", "»": "«", "‹": "›", "'": "'"}
    return [m for m in QUOTATION.finditer(text)
            if m.group(3).strip() in pairs[m.group(1).strip()] and _words(m.group(2))]


@perturbation("quote-moved")
def quote_moved(source: str, reference: str, lang: str, rng: random.Random,
                source_lang: str = ENGLISH) -> Change | None:
    """A quotation of the reference (the source quotes too) is moved onto other words of
    the sentence, as many as it held where the sentence has them: the marks now enclose
    words nobody said."""
    quotes_in_source = (SOURCE_QUOTATION.search(source) if source_lang == ENGLISH
                        else _closed_quotations(source))
    if not quotes_in_source or '""' in reference:
        return None  # '""' is a CSV escape left in the text, not a quotation
    quotes = _closed_quotations(reference)
    if not quotes:
        return None
    m = rng.choice(quotes)
    opening, inner, closing = m.group(1), m.group(2).strip(), m.group(3)
    before, after = reference[:m.start()], reference[m.end():]
    plain = before + inner + after
    quoted = range(len(before), len(before) + len(inner))
    spans = [(w.start(), w.end()) for w in re.finditer(r"\S+", plain)
             if w.start() not in quoted and w.end() - 1 not in quoted
             and not QUOTE_MARKS.intersection(w.group())
             and not w.group().strip(".,;:!?)(").startswith(("'", "‘"))
             and not w.group().strip(".,;:!?)(").endswith(("'", "‘", "’"))]
    size = max(1, min(len(inner.split()), 4))
    runs = []
    for i in range(len(spans)):
        run = spans[i:i + size]
        if run and len(run) == size and not any(len(before) <= a < quoted.stop for a, _ in run) \
                and not (run[0][0] < len(before) < run[-1][1]):
            runs.append(run)
    if not runs:
        return None
    run = rng.choice(runs)
    start, end = run[0][0], run[-1][1]
    while end > start and not plain[end - 1].isalnum():
        end -= 1
    while start < end and not plain[start].isalnum():
        start += 1
    if end <= start:
        return None
    moved = plain[:start] + opening + plain[start:end] + closing + plain[end:]
    return Change(moved, f"quotation moved from {inner!r} to {plain[start:end]!r}")


# --- generation -------------------------------------------------------------------

def generate(pairs: Iterable[tuple[int, str, str]], lang: str, seed: int = 0,
             classes: Sequence[str] | None = None, source_lang: str = ENGLISH
             ) -> tuple[list[Item], Counter[str]]:
    """Items for every (index, source, reference) pair and class, and the number of pairs
    each class skipped. Unknown class names are an error. ``lang`` is the reference's
    language; items of a set into English keep the seeds of their own direction."""
    names = list(classes) if classes is not None else list(PERTURBATIONS)
    unknown = [n for n in names if n not in PERTURBATIONS]
    if unknown:
        raise ValueError(f"unknown class(es) {unknown}; known: {sorted(PERTURBATIONS)}")
    items: list[Item] = []
    skipped: Counter[str] = Counter()
    for index, source, reference in pairs:
        source, reference = nfc(source), nfc(reference)
        for name in names:
            direction = lang if source_lang == ENGLISH else f"{source_lang}-{lang}"
            rng = random.Random(f"{seed}:{name}:{direction}:{index}")
            change = PERTURBATIONS[name](source, reference, lang, rng,
                                         source_lang=source_lang) \
                if source.strip() and reference.strip() else None
            if change is None or change.perturbed == reference:
                skipped[name] += 1
                continue
            items.append(Item(name, lang, index, source, reference, change.perturbed,
                              change.what, source_lang))
    return items, skipped


def flores_pairs(lang: str, limit: int | None = None, source_lang: str = ENGLISH
                 ) -> list[tuple[int, str, str]]:
    """(index, source, reference) of FLORES-200 devtest from ``source_lang`` into ``lang``."""
    source, reference = flores(source_lang)[:limit], flores(lang)[:limit]
    return [(i, s, t) for i, (s, t) in enumerate(zip(source, reference, strict=True))]


def directions(langs: Sequence[str], into_english: bool) -> list[tuple[str, str]]:
    """(source, target) of the sets: English into each language, then, with
    ``into_english``, each language into English."""
    return [(ENGLISH, lang) for lang in langs] + \
        ([(lang, ENGLISH) for lang in langs] if into_english else [])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lang", choices=TARGETS, action="append",
                        help="language paired with English (repeatable; default all five)")
    parser.add_argument("--into-english", action="store_true",
                        help="also the sets from each language into English")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pairs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--list", action="store_true", help="list the error classes")
    args = parser.parse_args(argv)
    if args.list:
        for name, func in PERTURBATIONS.items():
            print(f"{name}: {' '.join((func.__doc__ or '').split())}")
        return 0
    for source_lang, lang in directions(args.lang or TARGETS, args.into_english):
        items, _ = generate(flores_pairs(lang, args.limit, source_lang), lang, args.seed,
                            source_lang=source_lang)
        for item in items:
            fields = asdict(item)
            print(json.dumps({"class": fields.pop("klass"), **fields}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
