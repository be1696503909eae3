"""The source edition's boilerplate, left out of an article as the desk ingests it.

The source edition is every desk edition in the article's language (``de``
and ``de-CH`` both, for a German article), with its table as everywhere else
(``bootstrap.edition_table``: the config file's ``[editions.<language>]``
with the edition's options over it); with no such edition on the desk, the
config file's table for the language. Their ``boilerplate`` rules
(``copydesk.ingest.boilerplate``) together decide which blocks are dropped,
and the article's warnings, which every draft of it shows, say which and why.
The stored source version is the article without them, so a re-ingest of the
same page finds the same content.
"""

from __future__ import annotations

from copydesk import languages
from copydesk.article import Article as SourceArticle
from copydesk.desk.bootstrap import copydesk_settings, edition_table
from copydesk.desk.models import Edition
from copydesk.errors import LanguageError
from copydesk.ingest import boilerplate
from copydesk.pipeline import source_language_of


def without_boilerplate(source: SourceArticle) -> SourceArticle:
    """``source`` without the blocks its edition's ``boilerplate`` names, noted in its warnings."""
    try:
        language = languages.normalize(source_language_of(source))
    except LanguageError:
        return source  # no language, no edition: the intake asks for the language
    base = languages.base(language)
    editions = [e for e in Edition.objects.order_by("code")
                if languages.base(languages.normalize(e.language)) == base]
    found: list[boilerplate.Rule] = []
    for edition in editions:
        found += boilerplate.rules(edition_table(edition),
                                   f"the {edition.name} ({edition.code}); set it with "
                                   f"'copydesk editions add {edition.code} --options ...'")
    if not editions:
        found += boilerplate.rules(copydesk_settings().edition(language),
                                   f"[editions.{language}] in the config file")
    named = " and ".join(e.name for e in editions) or f"the {language} edition"
    return boilerplate.drop(source, dict.fromkeys(found), named)
