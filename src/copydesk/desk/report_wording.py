"""What the public report form says to readers, in the languages the disclosure speaks.

The form is written in the edition's language (``de-CH`` reads ``de``); a
language without its own wording gets English, marked ``lang="en"``.
``refusal`` words each rule of ``desk.reader_reports`` that refused a report
(its ``reason``) for the reader; the desk's own messages stay in English.
"""

from __future__ import annotations

from dataclasses import dataclass

from copydesk.desk.reader_reports import MAX_TEXT_CHARS

FALLBACK = "en"
_PAGE_KEYS = ("title", "intro", "article", "kind_legend", "text_label", "text_help",
              "contact_label", "contact_help", "trap_label", "submit", "thanks_title",
              "thanks_text", "closed")
_KINDS = ("translation", "factual", "other")

WORDING: dict[str, dict[str, str]] = {
    "de": {
        "title": "Hinweis an die Redaktion",
        "intro": "Ist Ihnen in diesem Artikel ein Fehler aufgefallen? Schreiben Sie uns, "
                 "was nicht stimmt.",
        "article": "Artikel",
        "kind_legend": "Worum geht es?",
        "translation": "Fehler in der Übersetzung",
        "factual": "Sachlicher Fehler",
        "other": "Etwas anderes",
        "text_label": "Was ist falsch?",
        "text_help": "Nur Text, höchstens {max} Zeichen.",
        "contact_label": "Ihre E-Mail-Adresse (freiwillig)",
        "contact_help": "Nur wenn Sie eine Antwort möchten; wir verwenden sie für nichts "
                        "anderes.",
        "trap_label": "Dieses Feld bitte leer lassen",
        "submit": "Hinweis senden",
        "thanks_title": "Vielen Dank",
        "thanks_text": "Ihr Hinweis ist bei unserer Redaktion angekommen. Wir prüfen ihn so "
                       "bald wie möglich.",
        "closed": "Dieser Artikel ist nicht mehr veröffentlicht und nimmt keine Hinweise mehr "
                  "an.",
        "trap": "Ihr Hinweis konnte nicht gesendet werden, weil das Feld „Dieses Feld bitte "
                "leer lassen“ ausgefüllt war. Leeren Sie es und senden Sie den Hinweis erneut.",
        "token": "Dieses Formular ist nicht mehr gültig. Bitte laden Sie die Seite neu und "
                 "senden Sie Ihren Hinweis noch einmal.",
        "too_fast": "Das ging sehr schnell. Bitte prüfen Sie Ihren Hinweis, warten Sie einige "
                    "Sekunden und senden Sie ihn erneut.",
        "expired": "Dieses Formular war zu lange geöffnet. Bitte senden Sie Ihren Hinweis "
                   "jetzt noch einmal.",
        "replayed": "Dieser Hinweis wurde bereits gesendet. Für einen weiteren Hinweis laden "
                    "Sie die Seite bitte neu.",
        "kind": "Bitte wählen Sie, worum es geht.",
        "text_empty": "Bitte beschreiben Sie das Problem in einigen Worten.",
        "text_long": "Ihr Hinweis ist länger als {max} Zeichen; bitte kürzen Sie ihn.",
        "contact": "Diese E-Mail-Adresse ist nicht verwendbar. Schreiben Sie sie als "
                   "name@example.org oder lassen Sie das Feld leer.",
        "limit_address": "Sie haben in der letzten Stunde bereits mehrere Hinweise gesendet. "
                         "Bitte versuchen Sie es später noch einmal.",
        "limit_publication": "Unsere Redaktion hat in der letzten Stunde viele Hinweise zu "
                             "diesem Artikel erhalten. Bitte versuchen Sie es später noch "
                             "einmal.",
    },
    "en": {
        "title": "Tell our editors",
        "intro": "Have you found a mistake in this article? Tell us what is wrong.",
        "article": "Article",
        "kind_legend": "What is it about?",
        "translation": "An error in the translation",
        "factual": "A factual error",
        "other": "Something else",
        "text_label": "What is wrong?",
        "text_help": "Plain text, at most {max} characters.",
        "contact_label": "Your e-mail address (optional)",
        "contact_help": "Only if you would like an answer; we use it for nothing else.",
        "trap_label": "Leave this field empty",
        "submit": "Send the report",
        "thanks_title": "Thank you",
        "thanks_text": "Your report has reached our editors. We will look at it as soon as "
                       "we can.",
        "closed": "This article is no longer published, so it takes no more reports.",
        "trap": "Your report could not be sent because the field “Leave this field empty” "
                "was filled in. Empty it and send the report again.",
        "token": "This form is no longer valid. Please reload the page and send your report "
                 "again.",
        "too_fast": "That was very quick. Please check your report, wait a few seconds and "
                    "send it again.",
        "expired": "This form was open for a long time. Please send your report again now.",
        "replayed": "This report has already been sent. To report something else, reload "
                    "the page.",
        "kind": "Please choose what the report is about.",
        "text_empty": "Please describe the problem in a few words.",
        "text_long": "Your report is longer than {max} characters; please shorten it.",
        "contact": "This e-mail address cannot be used. Write it as name@example.org, or "
                   "leave the field empty.",
        "limit_address": "You have sent several reports in the last hour. Please try again "
                         "later.",
        "limit_publication": "Our editors have received many reports on this article in the "
                             "last hour. Please try again later.",
    },
    "fr": {
        "title": "Signaler à la rédaction",
        "intro": "Vous avez repéré une erreur dans cet article ? Dites-nous ce qui ne va pas.",
        "article": "Article",
        "kind_legend": "De quoi s’agit-il ?",
        "translation": "Une erreur de traduction",
        "factual": "Une erreur factuelle",
        "other": "Autre chose",
        "text_label": "Qu’est-ce qui est faux ?",
        "text_help": "Texte seul, {max} caractères au plus.",
        "contact_label": "Votre adresse e-mail (facultative)",
        "contact_help": "Seulement si vous souhaitez une réponse ; nous ne l’utilisons pour "
                        "rien d’autre.",
        "trap_label": "Laissez ce champ vide",
        "submit": "Envoyer le signalement",
        "thanks_title": "Merci",
        "thanks_text": "Votre signalement est bien parvenu à notre rédaction. Nous l’examinerons "
                       "dès que possible.",
        "closed": "Cet article n’est plus publié et ne reçoit plus de signalements.",
        "trap": "Votre signalement n’a pas pu être envoyé, car le champ « Laissez ce champ "
                "vide » était rempli. Videz-le et envoyez le signalement à nouveau.",
        "token": "Ce formulaire n’est plus valable. Rechargez la page et envoyez votre "
                 "signalement à nouveau.",
        "too_fast": "C’était très rapide. Vérifiez votre signalement, attendez quelques "
                    "secondes et envoyez-le à nouveau.",
        "expired": "Ce formulaire est resté ouvert trop longtemps. Envoyez votre signalement "
                   "à nouveau maintenant.",
        "replayed": "Ce signalement a déjà été envoyé. Pour signaler autre chose, rechargez "
                    "la page.",
        "kind": "Choisissez de quoi il s’agit.",
        "text_empty": "Décrivez le problème en quelques mots.",
        "text_long": "Votre signalement dépasse {max} caractères ; raccourcissez-le.",
        "contact": "Cette adresse e-mail n’est pas utilisable. Écrivez-la sous la forme "
                   "nom@example.org, ou laissez le champ vide.",
        "limit_address": "Vous avez déjà envoyé plusieurs signalements au cours de la "
                         "dernière heure. Réessayez plus tard.",
        "limit_publication": "Notre rédaction a reçu de nombreux signalements sur cet article "
                             "au cours de la dernière heure. Réessayez plus tard.",
    },
    "nl": {
        "title": "Melding aan de redactie",
        "intro": "Hebt u een fout in dit artikel gevonden? Laat ons weten wat er niet klopt.",
        "article": "Artikel",
        "kind_legend": "Waar gaat het om?",
        "translation": "Een fout in de vertaling",
        "factual": "Een feitelijke fout",
        "other": "Iets anders",
        "text_label": "Wat klopt er niet?",
        "text_help": "Alleen tekst, hoogstens {max} tekens.",
        "contact_label": "Uw e-mailadres (niet verplicht)",
        "contact_help": "Alleen als u een antwoord wilt; we gebruiken het voor niets anders.",
        "trap_label": "Laat dit veld leeg",
        "submit": "Melding versturen",
        "thanks_title": "Hartelijk dank",
        "thanks_text": "Uw melding is bij onze redactie aangekomen. We bekijken haar zo snel "
                       "mogelijk.",
        "closed": "Dit artikel is niet meer gepubliceerd en neemt geen meldingen meer aan.",
        "trap": "Uw melding kon niet worden verstuurd, omdat het veld ‘Laat dit veld leeg’ "
                "was ingevuld. Maak het leeg en verstuur de melding opnieuw.",
        "token": "Dit formulier is niet meer geldig. Laad de pagina opnieuw en verstuur uw "
                 "melding nog een keer.",
        "too_fast": "Dat ging erg snel. Controleer uw melding, wacht een paar seconden en "
                    "verstuur haar opnieuw.",
        "expired": "Dit formulier stond te lang open. Verstuur uw melding nu nog een keer.",
        "replayed": "Deze melding is al verstuurd. Laad de pagina opnieuw voor een nieuwe "
                    "melding.",
        "kind": "Kies waar de melding over gaat.",
        "text_empty": "Beschrijf het probleem in een paar woorden.",
        "text_long": "Uw melding is langer dan {max} tekens; maak haar korter.",
        "contact": "Dit e-mailadres is niet bruikbaar. Schrijf het als naam@example.org, of "
                   "laat het veld leeg.",
        "limit_address": "U hebt het afgelopen uur al meerdere meldingen verstuurd. Probeer "
                         "het later nog eens.",
        "limit_publication": "Onze redactie heeft het afgelopen uur veel meldingen over dit "
                             "artikel gekregen. Probeer het later nog eens.",
    },
    "es": {
        "title": "Aviso a la redacción",
        "intro": "¿Ha encontrado un error en este artículo? Díganos qué está mal.",
        "article": "Artículo",
        "kind_legend": "¿De qué se trata?",
        "translation": "Un error de traducción",
        "factual": "Un error en los hechos",
        "other": "Otra cosa",
        "text_label": "¿Qué está mal?",
        "text_help": "Solo texto, {max} caracteres como máximo.",
        "contact_label": "Su dirección de correo electrónico (opcional)",
        "contact_help": "Solo si desea una respuesta; no la usamos para nada más.",
        "trap_label": "Deje este campo vacío",
        "submit": "Enviar el aviso",
        "thanks_title": "Muchas gracias",
        "thanks_text": "Su aviso ha llegado a nuestra redacción. Lo revisaremos lo antes "
                       "posible.",
        "closed": "Este artículo ya no está publicado y no admite más avisos.",
        "trap": "Su aviso no se ha podido enviar porque el campo «Deje este campo vacío» "
                "estaba rellenado. Vacíelo y envíe el aviso de nuevo.",
        "token": "Este formulario ya no es válido. Vuelva a cargar la página y envíe su "
                 "aviso de nuevo.",
        "too_fast": "Ha sido muy rápido. Revise su aviso, espere unos segundos y envíelo de "
                    "nuevo.",
        "expired": "Este formulario ha estado abierto demasiado tiempo. Envíe su aviso de "
                   "nuevo ahora.",
        "replayed": "Este aviso ya se ha enviado. Para avisar de otra cosa, vuelva a cargar "
                    "la página.",
        "kind": "Elija de qué trata el aviso.",
        "text_empty": "Describa el problema con unas palabras.",
        "text_long": "Su aviso tiene más de {max} caracteres; acórtelo, por favor.",
        "contact": "Esta dirección de correo no se puede usar. Escríbala como "
                   "nombre@example.org o deje el campo vacío.",
        "limit_address": "Ya ha enviado varios avisos en la última hora. Inténtelo de nuevo "
                         "más tarde.",
        "limit_publication": "Nuestra redacción ha recibido muchos avisos sobre este artículo "
                             "en la última hora. Inténtelo de nuevo más tarde.",
    },
    "it": {
        "title": "Segnalazione alla redazione",
        "intro": "Avete notato un errore in questo articolo? Diteci che cosa non va.",
        "article": "Articolo",
        "kind_legend": "Di che cosa si tratta?",
        "translation": "Un errore di traduzione",
        "factual": "Un errore nei fatti",
        "other": "Altro",
        "text_label": "Che cosa è sbagliato?",
        "text_help": "Solo testo, al massimo {max} caratteri.",
        "contact_label": "Il vostro indirizzo e-mail (facoltativo)",
        "contact_help": "Solo se desiderate una risposta; non lo usiamo per nient’altro.",
        "trap_label": "Lasciate vuoto questo campo",
        "submit": "Invia la segnalazione",
        "thanks_title": "Grazie",
        "thanks_text": "La vostra segnalazione è arrivata alla nostra redazione. La "
                       "esamineremo appena possibile.",
        "closed": "Questo articolo non è più pubblicato e non accetta altre segnalazioni.",
        "trap": "Non è stato possibile inviare la segnalazione perché il campo «Lasciate "
                "vuoto questo campo» era compilato. Svuotatelo e inviate di nuovo.",
        "token": "Questo modulo non è più valido. Ricaricate la pagina e inviate di nuovo la "
                 "segnalazione.",
        "too_fast": "È stato molto rapido. Controllate la segnalazione, aspettate qualche "
                    "secondo e inviatela di nuovo.",
        "expired": "Questo modulo è rimasto aperto troppo a lungo. Inviate di nuovo la "
                   "segnalazione ora.",
        "replayed": "Questa segnalazione è già stata inviata. Per segnalare altro, ricaricate "
                    "la pagina.",
        "kind": "Scegliete di che cosa tratta la segnalazione.",
        "text_empty": "Descrivete il problema con qualche parola.",
        "text_long": "La segnalazione supera i {max} caratteri; accorciatela.",
        "contact": "Questo indirizzo e-mail non è utilizzabile. Scrivetelo nella forma "
                   "nome@example.org, oppure lasciate vuoto il campo.",
        "limit_address": "Nell’ultima ora avete già inviato diverse segnalazioni. Riprovate "
                         "più tardi.",
        "limit_publication": "Nell’ultima ora la nostra redazione ha ricevuto molte "
                             "segnalazioni su questo articolo. Riprovate più tardi.",
    },
}


@dataclass(frozen=True)
class FormWording:
    """The form's words in one ``language``."""

    language: str
    words: dict[str, str]

    def page(self) -> dict[str, str]:
        return {key: self.words[key].format(max=MAX_TEXT_CHARS) for key in _PAGE_KEYS}

    def kinds(self) -> list[tuple[str, str]]:
        return [(kind, self.words[kind]) for kind in _KINDS]

    def refusal(self, reason: str) -> str:
        return self.words.get(reason, self.words["token"]).format(max=MAX_TEXT_CHARS)


def for_language(language: str) -> FormWording:
    """The wording for ``language`` (``de-CH`` → ``de``), English where there is none."""
    base = language.split("-")[0].lower()
    chosen = base if base in WORDING else FALLBACK
    return FormWording(chosen, WORDING[chosen])
