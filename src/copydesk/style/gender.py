"""Gender-inclusive forms in German: role nouns and the edition's chosen form.

A role noun is known by its masculine plural and the stem the inclusive form
is built on: ``Nutzer`` -> ``Nutzer:innen``, ``Kunden`` -> ``Kund:innen``,
``Ärzte`` -> ``Ärzt:innen``. A built-in list covers common newsroom nouns;
``load_wordlist(path)`` reads more from a CSV of ``id,masculine,alternative``
rows such as the GeniuS word catalogue (CC-BY-4.0), whose rows ``Benutzer,
BenutzerInnen`` and ``Kunden,Kundinnen und Kunden`` give the plural and stem.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import regex

from copydesk.errors import ConfigError

# masculine plural -> stem of the inclusive form
ROLE_NOUNS: dict[str, str] = {
    "Nutzer": "Nutzer", "Kunden": "Kund", "Mitarbeiter": "Mitarbeiter",
    "Redakteure": "Redakteur", "Leser": "Leser", "Verbraucher": "Verbraucher",
    "Experten": "Expert", "Politiker": "Politiker", "Händler": "Händler",
    "Hersteller": "Hersteller", "Käufer": "Käufer", "Besucher": "Besucher",
    "Bürger": "Bürger", "Wähler": "Wähler", "Forscher": "Forscher", "Ärzte": "Ärzt",
    "Lehrer": "Lehrer", "Schüler": "Schüler", "Studenten": "Student",
    "Investoren": "Investor", "Analysten": "Analyst", "Unternehmer": "Unternehmer",
    "Arbeitnehmer": "Arbeitnehmer", "Arbeitgeber": "Arbeitgeber",
    "Journalisten": "Journalist", "Autoren": "Autor", "Designer": "Designer",
    "Teilnehmer": "Teilnehmer", "Verkäufer": "Verkäufer", "Einwohner": "Einwohner",
    "Zuschauer": "Zuschauer", "Anleger": "Anleger", "Aktionäre": "Aktionär",
    "Abonnenten": "Abonnent", "Ökonomen": "Ökonom", "Wissenschaftler": "Wissenschaftler",
    "Einzelhändler": "Einzelhändler", "Lieferanten": "Lieferant", "Spezialisten": "Spezialist",
    "Praktikanten": "Praktikant", "Patienten": "Patient", "Konsumenten": "Konsument",
}
# Forms that can only be plural; the others need a plural cue before them.
ALWAYS_PLURAL = {"Ärzte", "Redakteure", "Aktionäre", "Investoren", "Autoren"}
PLURAL_CUES = {
    "die", "alle", "viele", "einige", "mehrere", "zahlreiche", "wenige", "manche",
    "sämtliche", "keine", "beide", "diese", "jene", "solche", "unsere", "ihre", "deren",
    "andere", "weitere", "tausende", "hunderte", "millionen", "zwei", "drei", "vier",
    "fünf", "sechs", "sieben", "acht", "neun", "zehn", "zwölf", "zwanzig", "hundert",
    "tausend", "meisten", "mehr", "weniger",
}
INCLUSIVE_RE = regex.compile(r"\b(\p{Lu}\p{L}+?)(\*|:|_|/-?|·)(innen)\b|"
                             r"\b(\p{Lu}\p{Ll}+?)(I)(nnen)\b")
SINGULAR_WORDS = {"dem", "der", "den", "des", "einen", "einem", "einer", "eines", "ein",
                  "jeden", "jedem", "keinen", "keinem"}
SEPARATORS = {"colon": ":", "star": "*"}


@lru_cache(maxsize=8)
def load_wordlist(path: str) -> dict[str, str]:
    """Masculine plural -> inclusive stem, from a GeniuS-style CSV.

    Rows are ``id,masculine,alternative``.
    """
    nouns: dict[str, str] = {}
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                if len(row) >= 3:
                    _add_row(nouns, row[1].strip(), row[2].strip())
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Cannot read the gender word list {path} ({exc}); fix the edition's "
                          "'gender_wordlist' path or remove it.") from None
    return nouns


def _add_row(nouns: dict[str, str], masculine: str, alternative: str) -> None:
    binnen = regex.fullmatch(r"(\p{Lu}\p{L}+)Innen", alternative)
    if binnen and binnen.group(1) == masculine:
        nouns[masculine] = masculine
        return
    pair = regex.fullmatch(r"(\p{Lu}\p{L}+)innen und (\p{Lu}\p{L}+)", alternative)
    if pair and pair.group(2) == masculine and masculine[:2] == pair.group(1)[:2]:
        nouns[masculine] = pair.group(1)


@lru_cache(maxsize=8)
def role_nouns(wordlist: str | None) -> dict[str, str]:
    """The built-in role nouns, plus those of a word list (merged once per list)."""
    if not wordlist:
        return ROLE_NOUNS
    return {**load_wordlist(str(wordlist)), **ROLE_NOUNS}


def inclusive(stem: str, form: str) -> str:
    return f"{stem}{SEPARATORS[form]}innen"


def has_plural_cue(text: str, start: int) -> bool:
    """A plural determiner, quantifier or number within the two words before ``start``."""
    before = regex.findall(r"[\p{L}\p{N}.,]+", text[max(0, start - 40):start])[-3:]
    if not before:
        return False
    cue_words = before[-1:] if len(before) == 1 else before[-2:]
    for n, word in enumerate(reversed(cue_words)):
        lowered = word.casefold().rstrip(".,")
        if lowered in PLURAL_CUES or regex.fullmatch(r"\d[\d.,]*", lowered):
            return n == 0 or _adjective(before[-1])  # "die deutschen Nutzer"
    return False


def _adjective(word: str) -> bool:
    """An inflected adjective between cue and noun ("deutschen"), not a singular article."""
    lowered = word.casefold()
    return word[:1].islower() and lowered.endswith(("e", "en")) and lowered not in SINGULAR_WORDS
