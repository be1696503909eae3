"""Reader reports on the desk's pages: open reports in the inbox, a translation's on its
review screen, each as an inclusion tag so the pages' views need not know about them.

Report texts are plain text: the templates print them autoescaped (with line
breaks as ``<br>``), never as markup.
"""

from __future__ import annotations

from typing import Any

from django import template

from copydesk.desk import report_handling
from copydesk.desk.models import ReportState, Role, Translation
from copydesk.desk.roles import has_role

register = template.Library()

INBOX_LIMIT = 20
CORRECTION_BUTTONS = {"open": "Open a correction", "join": "Add to the open correction"}


@register.inclusion_tag("desk/_reader_reports_inbox.html")
def reader_reports_inbox() -> dict[str, Any]:
    """The newest open reports on every translation, and how many are open in all."""
    found = report_handling.open_reports()
    shown = list(found[:INBOX_LIMIT])
    count = len(shown) if len(shown) < INBOX_LIMIT else found.count()
    return {"reports": shown, "count": count, "more": count - len(shown)}


@register.inclusion_tag("desk/_reader_reports.html", takes_context=True)
def reader_reports_panel(context: template.Context, translation: Translation) -> dict[str, Any]:
    """The translation's reports with the steps the signed-in user may take on open ones."""
    request = context.get("request")
    user = getattr(request, "user", None)
    published = context.get("publications")  # the page's list, already read: no query
    never_published = published is not None and not published
    reports = [] if never_published else report_handling.reports_on(translation)
    for report in reports:
        report.default_reason = report_handling.default_reason(report)  # type: ignore[attr-defined]
    action = report_handling.correction_action(translation) if reports else None
    return {"reports": reports, "translation": translation,
            "open_count": sum(1 for r in reports if r.state == ReportState.OPEN),
            "can_handle": report_handling.may_handle(user),
            "can_correct": has_role(user, Role.EDITOR) and action is not None,
            "is_editor": has_role(user, Role.EDITOR),
            "correction_button": CORRECTION_BUTTONS.get(action or "", ""),
            "csrf_token": context.get("csrf_token")}
