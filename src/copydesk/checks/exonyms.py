"""The forms a name may legitimately take in another language.

For every pair of languages, from three sources, case- and accent-folded:

* CLDR through Babel: names of countries and regions ("Germany" -> "Alemania"),
  and of languages, which are also the nationality adjectives in most of our
  languages ("French" -> "francés", "Französisch"/"französische");
* ``data/names_equivalents.json``: groups of the same organisation, acronym or
  name across languages ("UN", "ONU", "VN", "Vereinte Nationen"), for any pair;
* ``data/names_exonyms.json``: extra forms for one language pair (``en-de``).

A source name maps to the tuple of accepted target forms; the name itself is
always accepted too (the caller checks it first).
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from babel import Locale, UnknownLocaleError

from copydesk.checks.lexicon import fold
from copydesk.checks.tables import table


def _base(lang: str) -> str:
    return lang.split("-")[0].lower()


@cache
def _locale(lang: str) -> Locale | None:
    try:
        return Locale.parse(_base(lang))
    except (UnknownLocaleError, ValueError):
        return None


def _cldr_names(lang: str) -> dict[str, dict[str, str]]:
    """Territory and language names of a language by kind and code."""
    locale = _locale(lang)
    if locale is None:
        return {}
    return {"territory": {k: v for k, v in locale.territories.items() if "-" not in k},
            "language": {k: v for k, v in locale.languages.items() if k.isalpha()}}


@cache
def forms(source_lang: str, target_lang: str) -> dict[str, tuple[str, ...]]:
    """Folded source name -> accepted target forms, for one language pair."""
    accepted: dict[str, set[str]] = defaultdict(set)
    src_names, tgt_names = _cldr_names(source_lang), _cldr_names(target_lang)
    for kind, names in src_names.items():
        for code, name in names.items():
            target = tgt_names.get(kind, {}).get(code)
            if target:
                accepted[fold(name)].add(target)
    src, tgt = _base(source_lang), _base(target_lang)
    for group in table("names_equivalents.json").get("groups", []):
        for name in group.get(src, ()):
            accepted[fold(name)].update(group.get(tgt, ()))
    for name, extra in table("names_exonyms.json").get(f"{src}-{tgt}", {}).items():
        accepted[fold(name)].update(extra)
    out = {name: tuple(sorted(values)) for name, values in accepted.items()}
    for name, values in list(out.items()):  # "U.S." is also looked up as "US"
        out.setdefault(name.replace(".", ""), values)
    return out


def lookup_key(name: str) -> str:
    """How a name is looked up in ``forms``: folded, without dots ("U.S" -> "us")."""
    return fold(name).replace(".", "")


def accepted(name: str, source_lang: str, target_lang: str) -> tuple[str, ...]:
    """The target forms the tables accept for a source name (empty if none)."""
    return forms(source_lang, target_lang).get(lookup_key(name), ())


def listed(name: str, source_lang: str, target_lang: str) -> bool:
    """Whether the tables know the name at all (so it is a name, whatever its frequency)."""
    return lookup_key(name) in forms(source_lang, target_lang)


@cache
def multiword(source_lang: str, target_lang: str) -> tuple[str, ...]:
    """The source names of several words ("United States"), longest first, as written
    in the tables (for finding them in a text before its single words)."""
    names: set[str] = set()
    for names_by_code in _cldr_names(source_lang).values():
        names.update(n for n in names_by_code.values() if " " in n)
    src = _base(source_lang)
    for group in table("names_equivalents.json").get("groups", []):
        names.update(n for n in group.get(src, ()) if " " in n)
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


@cache
def cldr_words(lang: str) -> frozenset[str]:
    """Folded words that are a country, region or language name of ``lang`` (or part
    of one): they are names even where a sentence starts with them."""
    out: set[str] = set()
    for names_by_code in _cldr_names(lang).values():
        for name in names_by_code.values():
            if " " not in name:
                out.add(fold(name))
    return frozenset(out)
