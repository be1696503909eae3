"""The desk's ninjs outputs: one news item per article and edition, a version per publication.

Every publication of a translation is a new version of the same ninjs item:
its ``uri`` is made from the article's key and the edition's code (a key that
is a web address also names the original, where the article has no address of
its own), its
``version`` counts the publications and withdrawals of the translation up to
it (1 for the first publication, 2 for an update or correction after it, or
for its withdrawal ...). A withdrawn publication answers with the withdrawal
as the item's next version
(``pubstatus`` ``canceled``, the notice as its body), which is how a news
agency kills an item; the stored output stays as it was published, byte for
byte what the audit trail hashed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from copydesk import links
from copydesk.desk.models import AuditEvent
from copydesk.errors import InputError
from copydesk.interop import ninjs_write
from copydesk.interop.ninjs_write import Identity

if TYPE_CHECKING:
    from copydesk.desk.models import Publication, Translation
    from copydesk.desk.publishing import Withdrawal

FORMATS = frozenset(ninjs_write.FORMAT_VERSIONS)


def identity(translation: Translation) -> Identity:
    """The item's identity for the publication being made now (the translation is locked)."""
    withdrawals = AuditEvent.objects.filter(article_id=translation.article_id, kind="withdrawn",
                                            payload__translation=translation.pk).count()
    key = translation.article.key
    return ninjs_write.identity_for(key, translation.edition.code,
                                    translation.publications.count() + withdrawals + 1,
                                    original=key if _is_web(key) else None)


def _is_web(key: str) -> bool:
    """A key that is a web address names the original; a made-up one (``file:…``) does not."""
    try:
        return links.web_url(key) == key
    except InputError:
        return False


def served(publication: Publication, fmt: str, withdrawal: Withdrawal | None) -> str:
    """The stored output in ``fmt``; for a withdrawn publication's ninjs, its cancellation."""
    stored = str(publication.outputs[fmt])
    if fmt not in FORMATS or withdrawal is None:
        return stored
    notice = withdrawal.notice(publication.translation)
    return ninjs_write.cancel(stored, notice,
                              withdrawal.withdrawn_at.isoformat(timespec="seconds"))
