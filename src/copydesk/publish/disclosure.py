"""The disclosure note: one sentence or two telling readers how the text came about.

The note is generated from the provenance (the recorded history), never typed
by hand. There are four cases, each with its own built-in wording in German,
English, French, Dutch, Spanish and Italian:

* ``reviewed``: machine-translated and confirmed by editors whose review met
  the edition's evidence policy (``desk.evidence``). The note credits the
  newsroom, or names the editors when the review allows it
  (``Review.name_editors``).
* ``approved``: confirmed and approved, but the measured review did not meet
  the policy (read too fast, or left almost unedited in little time). The
  note says the newsroom approved the publication; it does not claim a review.
* ``unreviewed``: machine-translated and not (yet) confirmed by anyone; this
  is what the command line produces. Its wording never claims human review.
* ``pseudo``: produced by the ``pseudo`` engine. A loud note that the text is
  not a translation at all; it cannot be overridden.

An edition may replace the first three through its table in the config file::

    [editions.de]
    disclosure_reviewed = "Übersetzt mit {engine}, geprüft von {editors} am {date}."
    disclosure_approved = "Übersetzt mit {engine}, freigegeben am {date}."
    disclosure_unreviewed = "Maschinell übersetzt mit {engine}; noch nicht geprüft."

Placeholders: ``{engine}`` (engine and model), ``{editors}`` (the names, joined
the way the language lists them; reviewed note only, since an unreviewed text
has no editors), ``{date}`` (review or translation date, written out in the
target language). Any other placeholder is a ``ConfigError``.

For a target language without built-in wording and without an override, the
English wording is used and ``Disclosure.language`` says ``en`` so a page can
mark it up as English.
"""

from __future__ import annotations

import dataclasses
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from babel.core import UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list

from copydesk.errors import ConfigError
from copydesk.publish.provenance import Provenance
from copydesk.settings import Settings

REVIEWED, APPROVED, UNREVIEWED, PSEUDO = "reviewed", "approved", "unreviewed", "pseudo"
FALLBACK_LANGUAGE = "en"
PLACEHOLDERS = {"reviewed": ("engine", "editors", "date"), "approved": ("engine", "date"),
                "unreviewed": ("engine", "date"), "correction": ("date", "reason"),
                "withdrawal": ("date",)}
# The notice that takes a withdrawn article's place (its internal reason is not shown).
WITHDRAWAL_WORDING = {
    "de": "Dieser Artikel wurde am {date} von unserer Redaktion zurückgezogen.",
    "en": "This article was withdrawn by our editorial team on {date}.",
    "fr": "Cet article a été retiré par notre rédaction le {date}.",
    "nl": "Dit artikel is op {date} door onze redactie ingetrokken.",
    "es": "Nuestra redacción retiró este artículo el {date}.",
    "it": "Questo articolo è stato ritirato dalla nostra redazione il {date}."}
# The note readers see for a correction, e.g. "Korrigiert am 2. Dezember 2026: ..."
CORRECTION_WORDING = {
    "de": "Korrigiert am {date}: {reason}", "en": "Corrected on {date}: {reason}",
    "fr": "Corrigé le {date} : {reason}", "nl": "Gecorrigeerd op {date}: {reason}",
    "es": "Corregido el {date}: {reason}", "it": "Corretto il {date}: {reason}"}

# Per language: reviewed (newsroom), reviewed (named editors), approved, unreviewed, pseudo.
WORDING: dict[str, dict[str, str]] = {
    "de": {
        "reviewed": "Dieser Artikel wurde mithilfe digitaler Werkzeuge übersetzt und von "
                    "unserer Redaktion geprüft.",
        "reviewed_named": "Dieser Artikel wurde mithilfe digitaler Werkzeuge übersetzt und von "
                          "{editors} aus unserer Redaktion geprüft.",
        "approved": "Dieser Artikel wurde mithilfe digitaler Werkzeuge übersetzt und von "
                    "unserer Redaktion zur Veröffentlichung freigegeben.",
        "unreviewed": "Dieser Artikel wurde maschinell übersetzt und ist von unserer Redaktion "
                      "noch nicht geprüft worden. Er kann Fehler enthalten.",
        "pseudo": "TESTAUSGABE – KEINE ÜBERSETZUNG. Dieser Text ist eine Pseudo-Übersetzung "
                  "für Testzwecke und darf nicht veröffentlicht werden.",
    },
    "en": {
        "reviewed": "This article was translated with the help of digital tools and checked "
                    "by our editorial team.",
        "reviewed_named": "This article was translated with the help of digital tools and "
                          "checked by {editors} of our editorial team.",
        "approved": "This article was translated with the help of digital tools and approved "
                    "for publication by our editorial team.",
        "unreviewed": "This article was translated by machine and has not yet been checked by "
                      "our editorial team. It may contain errors.",
        "pseudo": "TEST OUTPUT – NOT A TRANSLATION. This text is a pseudo-translation made "
                  "for testing and must not be published.",
    },
    "fr": {
        "reviewed": "Cet article a été traduit à l’aide d’outils numériques et relu par "
                    "notre rédaction.",
        "reviewed_named": "Cet article a été traduit à l’aide d’outils numériques et relu par "
                          "{editors}, de notre rédaction.",
        "approved": "Cet article a été traduit à l’aide d’outils numériques et sa publication "
                    "a été validée par notre rédaction.",
        "unreviewed": "Cet article a été traduit automatiquement et n’a pas encore été relu "
                      "par notre rédaction. Il peut contenir des erreurs.",
        "pseudo": "SORTIE DE TEST – CECI N’EST PAS UNE TRADUCTION. Ce texte est une "
                  "pseudo-traduction destinée aux tests et ne doit pas être publié.",
    },
    "nl": {
        "reviewed": "Dit artikel is met behulp van digitale hulpmiddelen vertaald en "
                    "gecontroleerd door onze redactie.",
        "reviewed_named": "Dit artikel is met behulp van digitale hulpmiddelen vertaald en "
                          "gecontroleerd door {editors} van onze redactie.",
        "approved": "Dit artikel is met behulp van digitale hulpmiddelen vertaald en door onze "
                    "redactie vrijgegeven voor publicatie.",
        "unreviewed": "Dit artikel is automatisch vertaald en nog niet door onze redactie "
                      "gecontroleerd. Het kan fouten bevatten.",
        "pseudo": "TESTUITVOER – GEEN VERTALING. Deze tekst is een pseudovertaling voor "
                  "testdoeleinden en mag niet worden gepubliceerd.",
    },
    "es": {
        "reviewed": "Este artículo se ha traducido con ayuda de herramientas digitales y ha "
                    "sido revisado por nuestra redacción.",
        "reviewed_named": "Este artículo se ha traducido con ayuda de herramientas digitales y "
                          "ha sido revisado por {editors}, de nuestra redacción.",
        "approved": "Este artículo se ha traducido con ayuda de herramientas digitales y "
                    "nuestra redacción ha autorizado su publicación.",
        "unreviewed": "Este artículo se ha traducido de forma automática y todavía no ha sido "
                      "revisado por nuestra redacción. Puede contener errores.",
        "pseudo": "SALIDA DE PRUEBA: NO ES UNA TRADUCCIÓN. Este texto es una pseudotraducción "
                  "hecha para pruebas y no debe publicarse.",
    },
    "it": {
        "reviewed": "Questo articolo è stato tradotto con l’ausilio di strumenti digitali e "
                    "revisionato dalla nostra redazione.",
        "reviewed_named": "Questo articolo è stato tradotto con l’ausilio di strumenti digitali "
                          "e revisionato da {editors} della nostra redazione.",
        "approved": "Questo articolo è stato tradotto con l’ausilio di strumenti digitali e la "
                    "sua pubblicazione è stata approvata dalla nostra redazione.",
        "unreviewed": "Questo articolo è stato tradotto automaticamente e non è ancora stato "
                      "revisionato dalla nostra redazione. Potrebbe contenere errori.",
        "pseudo": "OUTPUT DI PROVA – NON È UNA TRADUZIONE. Questo testo è una "
                  "pseudo-traduzione realizzata per i test e non deve essere pubblicato.",
    },
}


@dataclass(frozen=True)
class Disclosure:
    """The note as shown to readers: its ``text``, the ``language`` it is written in
    and which ``case`` it covers (``reviewed``, ``approved``, ``unreviewed`` or ``pseudo``)."""

    text: str
    language: str
    case: str
    corrections: tuple[str, ...] = ()  # one note per published correction, oldest first


def disclosure_note(provenance: Provenance,
                    edition: Mapping[str, Any] | None = None) -> Disclosure:
    """The disclosure for ``provenance``, honouring the edition's overrides, with a note
    for each published correction (``correction_note`` replaces its wording)."""
    note = _disclosure(provenance, edition)
    return dataclasses.replace(note, corrections=_correction_notes(provenance, edition))


def _correction_notes(provenance: Provenance,
                      edition: Mapping[str, Any] | None) -> tuple[str, ...]:
    if not provenance.corrections:
        return ()
    override = (edition or {}).get("correction_note")
    language = _wording_language(provenance.target_language)
    if override is not None:
        template, language = validate_template(override, "correction"), provenance.target_language
    else:
        template = CORRECTION_WORDING[language]
    return tuple(template.format(reason=c.reason.strip(),
                                 date=_date_of(c.corrected_at, language))
                 for c in provenance.corrections)


def withdrawal_notice(language: str, withdrawn_at: str,
                      edition: Mapping[str, Any] | None = None) -> Disclosure:
    """The notice readers get instead of a withdrawn article (``withdrawal_note`` of the
    edition replaces its wording; ``{date}`` is the withdrawal's)."""
    override = (edition or {}).get("withdrawal_note")
    if override is not None:
        text = validate_template(override, "withdrawal").format(
            date=_date_of(withdrawn_at, language))
        return Disclosure(text, language, "withdrawal")
    wording = _wording_language(language)
    return Disclosure(WITHDRAWAL_WORDING[wording].format(date=_date_of(withdrawn_at, wording)),
                      wording, "withdrawal")


def _disclosure(provenance: Provenance, edition: Mapping[str, Any] | None) -> Disclosure:
    case = _case(provenance)
    language = provenance.target_language
    override = (edition or {}).get(f"disclosure_{case}") if case != PSEUDO else None
    if override is not None:
        template = validate_template(override, case)
        return Disclosure(_fill(template, provenance, language), language, case)
    wording_language = _wording_language(language)
    wording = WORDING[wording_language]
    key = "reviewed_named" if case == REVIEWED and provenance.name_editors else case
    return Disclosure(_fill(wording[key], provenance, wording_language), wording_language, case)


def _case(provenance: Provenance) -> str:
    if provenance.pseudo:
        return PSEUDO
    if not provenance.reviewed:
        return UNREVIEWED
    return REVIEWED if provenance.review_met else APPROVED


def edition_table(settings: Settings | None, language: str) -> Mapping[str, Any]:
    """The edition's config table for ``language`` (``de-CH`` falls back to ``de``)."""
    return settings.edition(language) if settings is not None else {}


def validate_template(template: Any, case: str) -> str:
    """Check an edition's disclosure override; raise ``ConfigError`` if it cannot be used."""
    setting = {"correction": "correction_note", "withdrawal": "withdrawal_note"}.get(
        case, f"disclosure_{case}")
    if not isinstance(template, str) or not template.strip():
        raise ConfigError(f"The edition setting '{setting}' must be a non-empty text; "
                          "fix it in the [editions] table of the config file.")
    allowed = PLACEHOLDERS[case]
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(template)
                  if name is not None]
    except ValueError as exc:
        raise ConfigError(f"The edition setting '{setting}' is not a valid template ({exc}); "
                          "write a literal brace as '{{' or '}}'.") from None
    known = ", ".join("{" + name + "}" for name in allowed)
    for name, spec, conversion in fields:
        if name not in allowed or spec or conversion:
            raise ConfigError(f"The edition setting '{setting}' uses the unknown placeholder "
                              f"{{{name}}}; use only {known}.")
    return template


def engine_label(provenance: Provenance) -> str:
    """``ctranslate2 (opus-mt-en-de)``: the engine and the models it used."""
    models = list(dict.fromkeys(t["model"] for t in provenance.translators() if t["model"]))
    return f"{provenance.engine} ({', '.join(models)})" if models else provenance.engine


def _wording_language(language: str) -> str:
    base = language.split("-")[0].lower()
    return base if base in WORDING else FALLBACK_LANGUAGE


def _fill(template: str, provenance: Provenance, language: str) -> str:
    # An edition's own template that asks for {editors} names them, like name_editors does.
    names = list(dict.fromkeys(e.name for e in provenance.editors if e.name))
    return template.format(engine=engine_label(provenance), editors=_list(names, language),
                           date=_date(provenance, language))


def _list(names: list[str], language: str) -> str:
    if not names:
        return ""
    try:
        return format_list(names, locale=language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return format_list(names, locale=FALLBACK_LANGUAGE)


def _date(provenance: Provenance, language: str) -> str:
    return _date_of(provenance.reviewed_at or provenance.translated_at, language)


def _date_of(moment: str, language: str) -> str:
    when = datetime.fromisoformat(moment)
    try:
        return format_date(when.date(), format="long", locale=language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return format_date(when.date(), format="long", locale=FALLBACK_LANGUAGE)
