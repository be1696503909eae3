"""House style of the target language (``copydesk.style`` packs), as a check.

Minor issues; mechanical ones carry a safe fix that the pipeline may apply
(recorded with origin "style-fix"). Edition options: see ``copydesk.style.de``.
"""

from __future__ import annotations

from copydesk.article import mask_tags
from copydesk.checks.base import Check, Issue, SegmentContext, Severity
from copydesk.errors import CopydeskError
from copydesk.style import review


class HouseStyleCheck(Check):
    check_id = "house-style"
    severity = Severity.MINOR
    description = "The edition's house style: quotation marks, gender-inclusive forms, " \
                  "number and date formats, spacing."
    example = 'Er sagte: "Wir sind 3.5 Prozent vorn." -> „Wir sind 3,5 Prozent vorn.“'

    def run(self, source: str, target: str, context: SegmentContext) -> list[Issue]:
        try:
            return review(mask_tags(target), context.target_lang, context.edition)
        except CopydeskError:
            return []  # a broken word-list path is reported by the edition's config check
