"""Page chrome that slips past extraction: login, share, newsletter and cookie residue.

Pages and pasted text often carry the labels of widgets around the article
("ODER ANMELDEN MIT" from a login box, "Share", "Teilen", "Newsletter
abonnieren", a cookie notice). Such a block is dropped when its whole text is
a known label, when it is a site's own cookie statement, or, at the end of
the article, when it is a short line in capitals.
"""

from __future__ import annotations

import re

from copydesk.article import Block, BlockKind

# Whole-block labels, per language, compared case-insensitively without
# surrounding punctuation.
UI_LABELS: dict[str, tuple[str, ...]] = {
    "en": (
        "sign in with", "or sign in with", "log in with", "or log in with", "sign in", "log in",
        "sign up", "register", "share", "share this", "share this article", "share this story",
        "tweet", "print", "email", "comments", "leave a comment", "show comments", "read more",
        "related", "related articles", "related stories", "you may also like", "subscribe",
        "subscribe to our newsletter", "sign up for our newsletter", "newsletter",
        "advertisement", "accept", "accept all", "accept cookies", "follow us", "back to top",
        "continue reading", "more on this topic", "most read", "top stories", "updated",
        "support us", "donate", "donate now",
    ),
    "de": (
        "oder anmelden mit", "anmelden mit", "anmelden", "einloggen", "registrieren", "teilen",
        "artikel teilen", "beitrag teilen", "drucken", "e-mail", "kommentare",
        "kommentar schreiben", "kommentieren", "newsletter abonnieren", "jetzt abonnieren",
        "zum newsletter", "anzeige", "werbung", "weiterlesen", "mehr lesen", "mehr zum thema",
        "das könnte sie auch interessieren",
        "auch interessant", "meistgelesen", "alle akzeptieren", "akzeptieren", "folgen sie uns",
        "nach oben", "aktualisiert am", "veröffentlicht am", "jetzt unterstützen", "jetzt spenden",
    ),
    "fr": (
        "ou se connecter avec", "se connecter avec", "se connecter", "connexion", "s'inscrire",
        "partager", "partager cet article", "imprimer", "commentaires", "réagir", "lire aussi",
        "a lire aussi", "à lire aussi", "lire la suite", "sur le même sujet", "s'abonner",
        "abonnez-vous", "s'abonner à la newsletter", "publicité", "tout accepter", "accepter",
        "suivez-nous", "retour en haut", "faire un don", "soutenez-nous", "mis à jour le",
        "publié le",
    ),
    "nl": ("of inloggen met", "inloggen", "delen", "reacties", "lees ook", "abonneren",
           "alles accepteren"),
    "es": ("o inicia sesión con", "iniciar sesión", "compartir", "comentarios", "lee también",
           "suscríbete", "aceptar todo"),
    "it": ("o accedi con", "accedi", "condividi", "commenti", "leggi anche", "iscriviti",
           "accetta tutto"),
}

# Short lines that start like a share or follow button ("Share on Facebook").
UI_PREFIXES = ("share on ", "share via ", "teilen auf ", "teilen via ", "partager sur ",
               "follow us on ", "folgen sie uns auf ", "suivez-nous sur ")

# Teasers for other articles ("Read more: …"), dropped when short.
TEASER_PREFIXES = ("read more:", "read also:", "see also:", "lesen sie auch:", "mehr zum thema:",
                   "auch interessant:", "lire aussi :", "à lire aussi :", "a lire aussi :",
                   "lire aussi:", "voir aussi :")
MAX_TEASER_WORDS = 20
# A site talking about its own cookies, not an article about cookies.
_COOKIE_STATEMENT = re.compile(
    r"\b(?:(?:this|our) (?:web)?site uses cookies|we use cookies"
    r"|(?:diese|unsere) (?:web)?seite (?:verwendet|nutzt) cookies|wir (?:verwenden|nutzen) cookies"
    r"|ce site utilise des cookies|nous utilisons des cookies)\b",
    re.IGNORECASE,
)
_COPYRIGHT = ("©", "(c) ", "copyright ©", "copyright (c)")
_LABELS = frozenset(label for labels in UI_LABELS.values() for label in labels)
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
MAX_LABEL_WORDS = 6
MAX_NOTICE_WORDS = 80


def _normalize(text: str) -> str:
    return _EDGE_PUNCT.sub("", " ".join(text.split())).casefold()


def is_ui_text(text: str) -> bool:
    """Whether a whole block is a widget label or a cookie notice."""
    words = text.split()
    if not words:
        return True
    normalized = _normalize(text)
    if normalized in _LABELS:
        return True
    if len(words) <= MAX_LABEL_WORDS and normalized.startswith(UI_PREFIXES):
        return True
    lowered = text.strip().casefold()
    if len(words) <= MAX_TEASER_WORDS and lowered.startswith(TEASER_PREFIXES + _COPYRIGHT):
        return True
    return len(words) <= MAX_NOTICE_WORDS and bool(_COOKIE_STATEMENT.search(text))


def is_caps_residue(text: str) -> bool:
    """A short line in capitals without sentence punctuation ("ODER ANMELDEN MIT")."""
    words = text.split()
    letters = [c for c in text if c.isalpha()]
    return (
        2 <= len(words) <= 5
        and bool(letters)
        and all(c.isupper() for c in letters)
        and not text.rstrip().endswith((".", "!", "?", ":", '"', "“", "»", "«"))
    )


def strip_chrome(blocks: list[Block]) -> list[Block]:
    """The blocks without widget labels, and without capitals residue at the end.

    Images stay: their text is alt text (often empty), not a widget's label.
    """
    kept = [block for block in blocks
            if block.kind == BlockKind.IMAGE or not is_ui_text(block.plain)]
    while kept and kept[-1].kind != BlockKind.IMAGE and is_caps_residue(kept[-1].plain):
        kept.pop()
    return kept
