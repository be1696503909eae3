"""A translation taken out as XLIFF for a CAT tool, and the file brought back as revisions.

``export`` writes the translation's live segments (left-out blocks aside) with
their versions, states, the checks' issues and the open comments
(``copydesk.interop.xliff``). ``import_file`` reads a file back
(``copydesk.interop.xliff_read``) and saves each proposed target through
``editing.save``, the review screen's own service: the same roles, tag rules,
length limit and conflict detection. A file that does not parse or validate
changes nothing. A file that does is applied as **one atomic step**: the
segments it changes are saved together in one transaction, or (on an
unexpected failure) none is; what is refused or conflicts is reported and
left as it is, so a conflict never blocks the rest of the file.

For each segment the report says:

* ``changed``: the proposed text was saved as an editor revision (unconfirmed,
  like any edit; confirming stays on the review screen);
* ``unchanged``: the text is the desk's current one, or the one the file was
  exported with (the translator did not touch it, whatever was done since);
* ``conflicted``: the segment changed on the desk since the file's version and
  the file changes it too: both texts and the current version are given;
* ``refused``: the reason (tags lost or invented, unknown segment id, a
  segment of another translation, no version in the file, given twice).

``warnings`` lists what the XLIFF 1.2 strict schema objects to in a file
that is still valid transitional XLIFF 1.2 (``copydesk.interop.xliff12_schema``);
they do not stop the import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from copydesk.article import InlineTag
from copydesk.desk import audit, editing, roles, streaming, workflow
from copydesk.desk.models import Comment, Revision, Role, Segment, Translation, User
from copydesk.desk.revisions import EDITABLE
from copydesk.errors import ConflictError, CopydeskError, InputError, WorkflowError
from copydesk.interop import xliff, xliff_read

MEDIA_TYPE = "application/xliff+xml"


@dataclass
class ImportReport:
    translation: int
    xliff_version: str
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicted: list[dict[str, Any]] = field(default_factory=list)
    refused: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"translation": self.translation, "xliff_version": self.xliff_version,
                "changed": self.changed, "unchanged": self.unchanged,
                "conflicted": self.conflicted, "refused": self.refused,
                "warnings": self.warnings}

    def summary(self) -> str:
        return (f"{len(self.changed)} changed, {len(self.unchanged)} unchanged, "
                f"{len(self.conflicted)} conflicted, {len(self.refused)} refused")


def file_name(translation: Translation, version: str) -> str:
    return f"translation-{translation.pk}-{translation.edition.code}.xliff{version[0]}.xlf"


def export(translation_id: int, version: str) -> tuple[str, bytes]:
    """The translation as an XLIFF ``version`` file: (file name, content)."""
    if version not in xliff.VERSIONS:
        raise InputError(f"XLIFF version {version!r} is not offered; use 1.2 or 2.0.")
    translation = workflow.find_translation(translation_id)
    segments = list(translation.segments.filter(active=True, excluded=False)
                    .order_by("position"))
    if not segments:
        raise WorkflowError(f"Translation {translation.pk} has no segments to translate yet "
                            f"(it is {translation.get_state_display().lower()}); export it once "
                            "the machine draft is on the desk.")
    comments: dict[int, list[Comment]] = {}
    for comment in Comment.objects.filter(segment__in=segments, resolved_at__isnull=True
                                          ).select_related("author"):
        comments.setdefault(comment.segment_id, []).append(comment)
    draft = translation.machine_draft or {}
    document = xliff.ExportDocument(
        translation=translation.pk, article=translation.article_id,
        original=translation.article.key, source_language=_source_language(translation),
        target_language=translation.edition.language,
        segments=tuple(_segment(s, comments.get(s.pk, []), _tags(draft)) for s in segments),
        final=translation.state in ("approved", "published"))
    return file_name(translation, version), xliff.write(document, version)


def _source_language(translation: Translation) -> str:
    draft = translation.machine_draft or {}
    return (draft.get("source_language") or translation.article.source_language
            or translation.source_version.content.get("language") or "und")


def _tags(draft: dict[str, Any]) -> dict[str, dict[str, InlineTag]]:
    units = {"title": draft.get("headline") or {}, "standfirst": draft.get("standfirst") or {}}
    units.update({f"b{n}": b for n, b in enumerate(draft.get("blocks", []), 1)})
    out: dict[str, dict[str, InlineTag]] = {}
    for group, block in units.items():
        described = {}
        for tag_id, tag in (block.get("tags") or {}).items():
            try:
                described[str(tag_id)] = InlineTag.from_dict(tag)
            except CopydeskError:
                continue  # an unknown kind: the code goes out without a type
        out[group] = described
    return out


def _segment(segment: Segment, comments: list[Comment],
             tags: dict[str, dict[str, InlineTag]]) -> xliff.ExportSegment:
    notes = [xliff.Note("check", f"[{issue.get('check', '')}] {issue.get('message', '')}",
                        priority=xliff.PRIORITIES.get(str(issue.get("severity")), 5))
             for issue in segment.issues]
    notes += [xliff.Note("comment", c.text, author=c.author.get_full_name()
                         or c.author.get_username()) for c in comments]
    return xliff.ExportSegment(
        id=segment.key, source=segment.source, target=segment.target,
        version=segment.version, state=segment.state, origin=segment.origin,
        notes=tuple(notes), tags=tags.get(segment.key.split(".")[0], {}))


def import_file(translation_id: int | None, data: bytes, *, user: User) -> ImportReport:
    """Apply the file's targets to the translation as ``user``'s revisions; the report.

    With no ``translation_id`` the file's own (``cd:translation``) is taken.
    """
    roles.require(user, Role.EDITOR, "import XLIFF files")
    proposal = xliff_read.read(data)  # InputError for a bad file: nothing is touched
    translation = workflow.find_translation(translation_id or _named(proposal))
    _require_open(translation)
    report = ImportReport(translation=translation.pk, xliff_version=proposal.xliff_version,
                          warnings=list(proposal.warnings))
    live = {s.key: s for s in translation.segments.filter(active=True)}
    seen: set[str] = set()
    with transaction.atomic():
        for proposed in proposal.targets:
            _apply(proposed, live, seen, translation, report, user)
        audit.record(translation.article_id, "xliff_imported", actor=user, payload={
            "translation": translation.pk, "xliff_version": proposal.xliff_version,
            "changed": report.changed, "conflicted": [c["segment"] for c in report.conflicted],
            "refused": [r["segment"] for r in report.refused], "warnings": report.warnings})
    return report


def _named(proposal: xliff_read.Proposal) -> int:
    named = proposal.translations - {None}
    if len(named) != 1:
        raise InputError("The file does not say which one translation of the desk it belongs "
                         "to (cd:translation); name the translation to import it into.")
    return int(next(iter(named)))  # type: ignore[arg-type]


def _require_open(translation: Translation) -> None:
    if translation.state not in EDITABLE and not streaming.is_streaming(translation):
        state = translation.get_state_display().lower()
        hint = ("open a correction first" if translation.state == "published"
                else "segments can be changed only while it is in review")
        raise WorkflowError(f"Translation {translation.pk} is {state}; {hint}. Nothing from "
                            "the file was applied.")


def _apply(proposed: xliff_read.ProposedTarget, live: dict[str, Segment], seen: set[str],
           translation: Translation, report: ImportReport, user: User) -> None:
    key = proposed.id

    def refuse(reason: str) -> None:
        report.refused.append({"segment": key, "reason": reason})

    if proposed.translation is not None and proposed.translation != translation.pk:
        return refuse(f"The segment belongs to translation {proposed.translation}, not "
                      f"{translation.pk}; import the file into its own translation.")
    if key in seen:
        return refuse("The file gives this segment more than once; only the first counts.")
    seen.add(key)
    segment = live.get(key)
    if segment is None:
        return refuse("No segment of this translation has this id (it may have been dropped "
                      "by a new source version); export the translation again.")
    if proposed.base_version is None:
        return refuse("The file does not say which version of the segment it was made on "
                      "(cd:version); export the translation again and work on that file.")
    if proposed.target in (segment.target, _text_at(segment, proposed.base_version)):
        report.unchanged.append(key)
        return None
    try:
        editing.save(segment.pk, proposed.target, base_version=proposed.base_version, user=user)
    except ConflictError as err:
        report.conflicted.append({"segment": key, "theirs": err.theirs, "yours": err.yours,
                                  "current_version": err.current_version})
        return None
    except (InputError, WorkflowError) as err:
        return refuse(err.message)
    report.changed.append(key)
    return None


def _text_at(segment: Segment, version: int) -> str | None:
    """The segment's text as it stood at ``version`` (None for a version it never had)."""
    if version > segment.version or version < 1:
        return None
    last = (Revision.objects.filter(segment=segment, base_version__lt=version)
            .order_by("-id").values_list("after", flat=True).first())
    return last
