"""What the review screen asks of a segment: save an edit, or save it and confirm.

Before any text reaches ``revisions.save_segment`` its protected tags are
compared with the source's: a tag that went missing, one that was invented, or
paired tags that no longer nest are refused with a message, so inline markup
(links, bold, ...) cannot be lost by editing.
"""

from __future__ import annotations

from collections import Counter

from copydesk.article import tag_ids
from copydesk.checks.markup import nesting_error
from copydesk.desk import revisions
from copydesk.desk.models import Origin, Segment, User
from copydesk.errors import InputError


def _chip(token: str) -> str:
    return f"<{token}/>" if token.startswith("x") else f"<{token}>"


def require_tags(source: str, target: str) -> None:
    """Raise ``InputError`` unless ``target`` has exactly the source's tags, properly nested."""
    wanted, found = Counter(tag_ids(source)), Counter(tag_ids(target))
    missing = sorted((wanted - found).elements())
    extra = sorted((found - wanted).elements())
    if missing:
        listed = ", ".join(_chip(t) for t in missing)
        raise InputError(f"The text lost the formatting tag(s) {listed}; put them back around "
                         "the words they mark (undo, or copy them from the source).")
    if extra:
        listed = ", ".join(_chip(t) for t in extra)
        raise InputError(f"The text has tag(s) {listed} that the source does not have; remove "
                         "them.")
    problem = nesting_error(target)
    if problem:
        raise InputError(f"The formatting tags do not nest: {problem}. Move the closing tag "
                         "after the opening one.")


def save(segment_id: int, text: str, *, base_version: int, user: User) -> Segment:
    """Save an editor's text for the segment (tags checked first)."""
    segment = revisions.find_segment(segment_id)
    require_tags(segment.source, text)
    return revisions.save_segment(segment_id, text, base_version=base_version, user=user,
                                  origin=Origin.EDITOR)


def save_and_confirm(segment_id: int, text: str | None, *, base_version: int,
                     user: User) -> Segment:
    """Save ``text`` when it differs from the stored one, then confirm what was saved."""
    segment = revisions.find_segment(segment_id)
    if text is not None and text != segment.target:
        segment = save(segment_id, text, base_version=base_version, user=user)
        base_version = segment.version
    return revisions.confirm_segment(segment_id, base_version=base_version, user=user)
