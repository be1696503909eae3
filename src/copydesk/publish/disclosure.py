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

The note ends with the edition's feedback channel (``Disclosure.feedback``), one
sentence in the edition's language telling readers where to write:

    [editions.de]
    feedback_email = "leserdienst@example.de"  # "… wenden Sie sich bitte per E-Mail an …"
    feedback = "form"                          # or the desk's public report form instead

``feedback`` is ``"email"`` (the default when ``feedback_email`` is set),
``"form"`` or ``"none"``. The form's address is given by the desk for each
publication (``report_url``); a draft rendered without one (the command line)
has no form to point to and carries no feedback sentence. A pseudo-translation
never invites feedback.
"""

from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from babel.core import UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list

from copydesk import links
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
# The feedback channel that ends the note: by e-mail, or through the desk's report form
# ("{form}" stands for the linked words after it).
EMAIL, FORM, NO_FEEDBACK = "email", "form", "none"
FEEDBACK_EMAIL_WORDING = {
    "de": "Bei Fragen oder Anmerkungen wenden Sie sich bitte per E-Mail an {email}.",
    "en": "If you have questions or comments, please e-mail us at {email}.",
    "fr": "Pour toute question ou remarque, écrivez-nous à {email}.",
    "nl": "Hebt u vragen of opmerkingen? Mail ons via {email}.",
    "es": "Si tiene preguntas o comentarios, escríbanos a {email}.",
    "it": "Per domande o osservazioni, scriveteci a {email}."}
FEEDBACK_FORM_WORDING = {
    "de": ("Bei Fragen oder Anmerkungen wenden Sie sich bitte über {form} an uns.",
           "unser Formular für Leserhinweise"),
    "en": ("If you have questions or comments, please contact us through {form}.",
           "our reader feedback form"),
    "fr": ("Pour toute question ou remarque, contactez-nous via {form}.",
           "notre formulaire pour les lecteurs"),
    "nl": ("Hebt u vragen of opmerkingen? Neem contact met ons op via {form}.",
           "ons reactieformulier voor lezers"),
    "es": ("Si tiene preguntas o comentarios, contacte con nosotros a través de {form}.",
           "nuestro formulario para lectores"),
    "it": ("Per domande o osservazioni, contattateci tramite {form}.",
           "il nostro modulo per i lettori")}
# A newsroom's address as mail programs and Markdown agree on it: ASCII only (an
# internationalised domain in its xn-- form), so no look-alike letter can hide in it.
_EMAIL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@"
                    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
                    r"(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})")
MAX_EMAIL_CHARS = 254

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
class Feedback:
    """Where readers write to: the sentence is ``before``, the linked ``label``, ``after``.

    ``kind`` is ``email`` (``address`` is the e-mail address, also the label) or
    ``form`` (``address`` is the report form's web address).
    """

    kind: str
    address: str
    before: str
    label: str
    after: str
    language: str

    @property
    def text(self) -> str:
        return f"{self.before}{self.label}{self.after}"

    @property
    def href(self) -> str:
        return f"mailto:{self.address}" if self.kind == EMAIL else self.address

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "language": self.language,
                "email": self.address if self.kind == EMAIL else None,
                "url": self.address if self.kind == FORM else None}


@dataclass(frozen=True)
class Disclosure:
    """The note as shown to readers: its ``text``, the ``language`` it is written in
    and which ``case`` it covers (``reviewed``, ``approved``, ``unreviewed`` or ``pseudo``)."""

    text: str
    language: str
    case: str
    corrections: tuple[str, ...] = ()  # one note per published correction, oldest first
    feedback: Feedback | None = None  # the edition's channel, which ends the note


def disclosure_note(provenance: Provenance, edition: Mapping[str, Any] | None = None, *,
                    report_url: str | None = None) -> Disclosure:
    """The disclosure for ``provenance``, honouring the edition's overrides, with a note
    for each published correction (``correction_note`` replaces its wording) and the
    edition's feedback channel (``report_url``: this publication's report form)."""
    note = _disclosure(provenance, edition)
    feedback = (None if note.case == PSEUDO
                else feedback_channel(edition, provenance.target_language, report_url))
    return dataclasses.replace(note, corrections=_correction_notes(provenance, edition),
                               feedback=feedback)


def feedback_channel(edition: Mapping[str, Any] | None, language: str,
                     report_url: str | None = None) -> Feedback | None:
    """The edition's feedback sentence in its language, or None when it has no channel
    (or its channel is the form and no ``report_url`` is given)."""
    table = edition or {}
    mode = feedback_mode(table)
    if mode == NO_FEEDBACK or (mode == FORM and report_url is None):
        return None
    wording = _wording_language(language)
    if mode == EMAIL:
        address = email_address(table.get("feedback_email"))
        before, _, after = FEEDBACK_EMAIL_WORDING[wording].partition("{email}")
        return Feedback(EMAIL, address, before, address, after, wording)
    template, label = FEEDBACK_FORM_WORDING[wording]
    before, _, after = template.partition("{form}")
    return Feedback(FORM, _form_address(report_url or ""), before, label, after, wording)


def feedback_mode(table: Mapping[str, Any]) -> str:
    """``email``, ``form`` or ``none``: the edition's ``feedback`` setting, checked."""
    mode = table.get("feedback", EMAIL if table.get("feedback_email") else NO_FEEDBACK)
    if mode not in (EMAIL, FORM, NO_FEEDBACK):
        raise ConfigError(f"The edition setting 'feedback' is {mode!r}; use \"email\" (with "
                          "'feedback_email'), \"form\" (the desk's report form) or \"none\".")
    return str(mode)


def email_address(value: Any) -> str:
    """The edition's ``feedback_email``, checked, or ``ConfigError`` saying how to fix it."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ConfigError("The edition's feedback channel is e-mail but 'feedback_email' is not "
                          "set; give the address readers write to, e.g. leserdienst@example.de.")
    if len(text) > MAX_EMAIL_CHARS or not _EMAIL.fullmatch(text) or ".." in text:
        raise ConfigError(f"The edition setting 'feedback_email' ({links.shown(text)}) is not an "
                          "e-mail address readers can use; write it as name@example.org, in "
                          "plain Latin letters (an internationalised domain in its xn-- form).")
    return text


def public_address(value: Any) -> str:
    """An edition's ``public_url`` (where readers reach the desk), checked: an http(s)
    address with a host and nothing after its path; ``ConfigError`` otherwise."""
    text = value.strip() if isinstance(value, str) else ""
    parts = urlsplit(text)
    if (not text or links.safe_link(text) != text or parts.scheme not in links.WEB_SCHEMES
            or not parts.hostname or parts.query or parts.fragment):
        raise ConfigError("The edition's feedback channel is the report form, so its "
                          "'public_url' must be the http(s) address readers reach the desk at "
                          "(e.g. https://desk.example.org/); set it in the edition's table.")
    return text


def _form_address(url: str) -> str:
    parts = urlsplit(url)
    if (links.safe_link(url) != url or parts.scheme not in links.WEB_SCHEMES
            or not parts.hostname):
        raise ConfigError(f"The report form's address {links.shown(url)} is not an http(s) "
                          "address; set the edition's 'public_url' to where readers reach "
                          "the desk, e.g. https://desk.example.org/.")
    return url


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
