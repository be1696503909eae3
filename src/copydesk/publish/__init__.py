"""Publishing a draft: renderers, the disclosure note and provenance.

``render(draft, "html" | "fragment" | "md" | "json" | "ninjs" | "ninjs1")`` gives
the translated article as a standalone HTML5 page, as the HTML of its body
alone (for a CMS's content field), as Markdown with front matter, as JSON
with source and translation side by side, or as a ninjs 2.1 (``ninjs``) or
1.5 (``ninjs1``) news item (``copydesk.interop.ninjs_write``). Every format
carries the disclosure note (``disclosure``), and all but the fragment the
provenance (``provenance``), both generated from the draft and the review
record, never typed by hand.
The note ends with the edition's feedback channel: an e-mail address, or the
desk's report form for this publication (``report_url``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from copydesk.errors import ConfigError
from copydesk.publish.disclosure import Disclosure, Feedback, disclosure_note, edition_table
from copydesk.publish.html import render_fragment, render_html
from copydesk.publish.json import render_json
from copydesk.publish.markdown import render_markdown
from copydesk.publish.page import layout
from copydesk.publish.provenance import Correction, Provenance, Review, ReviewEditor

if TYPE_CHECKING:
    from copydesk.interop.ninjs_write import Identity
    from copydesk.pipeline import Draft
    from copydesk.settings import Settings

FORMATS = ("html", "fragment", "md", "json", "ninjs", "ninjs1")

__all__ = ["FORMATS", "Correction", "Disclosure", "Feedback", "Provenance", "Review",
           "ReviewEditor", "disclosure_note", "render"]


def render(draft: Draft, format: str, *, settings: Settings | None = None,
           review: Review | None = None, report_url: str | None = None,
           identity: Identity | None = None) -> str:
    """The draft in ``format``, with the disclosure for its edition and its provenance;
    ``report_url`` is the publication's report form, for an edition whose feedback
    channel is the form; ``identity`` the ninjs item's ``uri`` and ``version``."""
    if format not in FORMATS:
        raise ConfigError(f"Unknown output format {format!r}; use one of: {', '.join(FORMATS)}.")
    provenance = Provenance.from_draft(draft, review)
    note = disclosure_note(provenance, edition_table(settings, draft.target_language),
                           report_url=report_url)
    if format == "json":
        return render_json(draft, provenance, note)
    if format in ("ninjs", "ninjs1"):
        from copydesk.interop.ninjs_write import render_ninjs  # it renders the fragment

        return render_ninjs(draft, provenance, note, format=format, identity=identity)
    page = layout(draft)
    if format == "html":
        return render_html(page, provenance, note)
    if format == "fragment":
        return render_fragment(page, provenance, note)
    return render_markdown(page, provenance, note)
