"""Nothing unreviewed is published: every path that should refuse publishing refuses it."""

from __future__ import annotations

import pytest

from copydesk.desk import gate, publishing, revisions, sources, workflow
from copydesk.desk.models import Override, Publication, Segment, TranslationState
from copydesk.errors import PermissionDeniedError, WorkflowError
from tests.desk.conftest import confirm_all, edit_all, story

BLOCKER = {"check": "numbers", "severity": "blocker", "message": "The number 3.5 is missing.",
           "id": "n35"}


def first_segment(translation) -> Segment:
    return translation.segments.filter(active=True).order_by("position").first()


def with_blocker(segment: Segment) -> Segment:
    """The segment with an editor's text (not pseudo output) and a blocking issue on it."""
    edit_all(segment.translation, segment.translation.article.versions.first().created_by)
    Segment.objects.filter(pk=segment.pk).update(issues=[BLOCKER])
    segment.refresh_from_db()
    return segment


def override(segment: Segment, user, reason: str = "The figure is in the headline.") -> Override:
    return gate.override(segment.pk, "numbers", issue="n35", version=segment.version, user=user,
                         reason=reason)


def test_an_approved_fully_confirmed_translation_is_published(approved, editor, publisher):
    publication = publishing.publish_translation(approved, user=publisher)
    approved.refresh_from_db()
    assert approved.state == TranslationState.PUBLISHED
    assert publication.kind == "first"
    assert set(publication.outputs) == {"html", "fragment", "md", "json", "ninjs", "ninjs1"}
    assert "name" not in publication.provenance["editors"][0]  # the edition names no one
    assert publication.provenance["approved_by"] is None
    assert publication.provenance["reviewed"] is True
    for text in publication.outputs.values():  # no name, and never a login name
        assert "Erika" not in text and "erika" not in text


def test_an_edition_that_names_editors_shows_full_names_only(translation, editor, make_user,
                                                             publisher):
    edition = translation.edition
    edition.options = {**edition.options, "name_editors": True}
    edition.save()
    nameless = make_user("x9-login", "editor")
    nameless.first_name = ""
    nameless.save()
    confirm_all(translation, editor)
    approved = workflow.approve(translation, user=nameless)
    publication = publishing.publish_translation(approved, user=publisher)
    assert publication.provenance["editors"][0]["name"] == "Erika"
    assert publication.provenance["approved_by"] is None  # no full name: not shown
    assert "Erika" in publication.outputs["html"]
    for text in publication.outputs.values():
        assert "x9-login" not in text


def test_an_unconfirmed_segment_blocks_approval_and_publishing(translation, editor, publisher):
    confirm_all(translation, editor)
    segment = first_segment(translation)
    revisions.save_segment(segment.pk, "Das Ministerium zahlte 3,5 Millionen Euro.",
                           base_version=segment.version, user=editor)
    with pytest.raises(WorkflowError, match=f"Segment {segment.key} is not confirmed"):
        workflow.approve(translation, user=editor)
    # Even if the state were forced to approved, publishing checks again.
    type(translation).objects.filter(pk=translation.pk).update(state=TranslationState.APPROVED)
    translation.refresh_from_db()
    with pytest.raises(WorkflowError, match="is not confirmed"):
        publishing.publish_translation(translation, user=publisher)
    assert not Publication.objects.exists()


def test_an_open_blocker_blocks_publishing(translation, editor, publisher):
    with_blocker(first_segment(translation))
    confirm_all(translation, editor)
    with pytest.raises(WorkflowError, match=r"open blocker \(numbers\)"):
        workflow.approve(translation, user=editor)
    type(translation).objects.filter(pk=translation.pk).update(state=TranslationState.APPROVED)
    translation.refresh_from_db()
    with pytest.raises(WorkflowError, match="open blocker"):
        publishing.publish_translation(translation, user=publisher)


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_override_needs_a_written_reason(translation, editor, reason):
    segment = with_blocker(first_segment(translation))
    with pytest.raises(WorkflowError, match="written reason"):
        override(segment, editor, reason)
    assert not Override.objects.exists()


def test_an_override_without_reason_does_not_count_even_if_stored(translation, editor):
    segment = with_blocker(first_segment(translation))
    Override.objects.create(segment=segment, check_id="numbers", issue="n35",
                            version=segment.version, target=segment.target, reason="",
                            author=editor)
    confirm_all(translation, editor)
    with pytest.raises(WorkflowError, match="open blocker"):
        workflow.approve(translation, user=editor)


def test_an_override_with_a_reason_opens_the_gate_for_that_text_only(translation, editor):
    segment = with_blocker(first_segment(translation))
    override(segment, editor)
    confirm_all(translation, editor)
    assert gate.problems(translation) == []
    segment.refresh_from_db()
    edited = revisions.save_segment(segment.pk, segment.target + " Neu.",
                                    base_version=segment.version, user=editor)
    Segment.objects.filter(pk=edited.pk).update(issues=[BLOCKER])  # the check still fires
    confirm_all(translation, editor)
    assert any("open blocker" in p for p in gate.problems(translation))


def test_overriding_an_issue_that_is_not_there_is_refused(translation, editor):
    segment = first_segment(translation)
    with pytest.raises(WorkflowError, match="no open blocking issue"):
        gate.override(segment.pk, "numbers", issue="n35", version=segment.version, user=editor,
                      reason="Fine as it is.")


def test_real_checks_raise_a_blocker_for_a_dropped_number(translation, editor, edition):
    edition.options = {}
    edition.save()
    segment = translation.segments.get(source="The ministry paid 3.5 million euros.")
    edited = revisions.save_segment(segment.pk, "Das Ministerium zahlte viel Geld.",
                                    base_version=segment.version, user=editor)
    assert [i["check"] for i in gate.open_blockers(edited)] == ["numbers"]


@pytest.mark.parametrize("role", ["editor", None])
def test_only_a_publisher_publishes(approved, make_user, role):
    with pytest.raises(PermissionDeniedError, match="'publisher' role"):
        publishing.publish_translation(approved, user=make_user("someone", *filter(None, [role])))


def test_a_publisher_without_the_editor_role_cannot_approve(translation, editor, publisher):
    confirm_all(translation, editor)
    with pytest.raises(PermissionDeniedError, match="'editor' role"):
        workflow.approve(translation, user=publisher)


def test_an_admin_may_do_everything(translation, make_user):
    boss = make_user("boss", "admin")
    confirm_all(translation, boss)
    workflow.approve(translation, user=boss)
    assert publishing.publish_translation(translation, user=boss).kind == "first"


def test_publishing_needs_the_approved_state(translation, editor, publisher):
    confirm_all(translation, editor)
    with pytest.raises(WorkflowError, match="must approve it"):
        publishing.publish_translation(translation, user=publisher)
    with pytest.raises(WorkflowError, match="only a translation in review can be approved"):
        workflow.approve(workflow.withdraw(translation, user=publisher, reason="Legal hold."),
                         user=editor)


def test_a_published_translation_is_not_edited_without_a_correction(approved, editor, publisher):
    publishing.publish_translation(approved, user=publisher)
    segment = first_segment(approved)
    with pytest.raises(WorkflowError, match="open a correction"):
        revisions.save_segment(segment.pk, "Neu.", base_version=segment.version, user=editor)


def test_a_correction_with_an_unconfirmed_segment_is_refused(approved, editor, publisher):
    publishing.publish_translation(approved, user=publisher)
    with pytest.raises(WorkflowError, match="written reason"):
        workflow.open_correction(approved, user=editor, reason="")
    workflow.open_correction(approved, user=editor, reason="Wrong figure.")
    segment = first_segment(approved)
    revisions.save_segment(segment.pk, "Korrigiert.", base_version=segment.version, user=editor)
    with pytest.raises(WorkflowError, match="is not confirmed"):
        workflow.approve(approved, user=editor)
    confirm_all(approved, editor)
    workflow.approve(approved, user=editor)
    assert publishing.publish_translation(approved, user=publisher).kind == "correction"
    assert "Korrigiert." in Publication.objects.last().outputs["md"]


def test_an_update_with_an_unconfirmed_changed_segment_is_refused(approved, editor, publisher):
    publishing.publish_translation(approved, user=publisher)
    changed = story(blocks=[{"kind": "paragraph", "text": "The ministry paid 4 million euros. "
                             "Work starts in May."}, *story().to_dict()["blocks"][1:]])
    sources.ingest(changed, key=approved.article.key, user=editor)
    approved.refresh_from_db()
    assert approved.state == TranslationState.IN_REVIEW
    with pytest.raises(WorkflowError, match="is not confirmed"):
        workflow.approve(approved, user=editor)
    confirm_all(approved, editor)
    workflow.approve(approved, user=editor)
    publication = publishing.publish_translation(approved, user=publisher)
    assert publication.kind == "update"
    assert publication.source_version.number == 2


def test_withdrawing_needs_a_publisher_and_a_reason(approved, editor, publisher):
    publishing.publish_translation(approved, user=publisher)
    with pytest.raises(PermissionDeniedError):
        workflow.withdraw(approved, user=editor, reason="Legal hold.")
    with pytest.raises(WorkflowError, match="written reason"):
        workflow.withdraw(approved, user=publisher, reason=" ")
    assert workflow.withdraw(approved, user=publisher, reason="Legal hold.").state == "withdrawn"


def test_a_correction_keeps_the_first_publication_date_and_moves_the_modified_one(
        approved, editor, publisher):
    import json
    import re
    from datetime import timedelta

    first = publishing.publish_translation(approved, user=publisher)
    workflow.open_correction(approved, user=editor, reason="Wrong figure in the headline.")
    segment = first_segment(approved)
    revisions.save_segment(segment.pk, "Korrigiert.", base_version=segment.version, user=editor)
    confirm_all(approved, editor)
    workflow.approve(approved, user=editor)
    later = first.published_at + timedelta(minutes=5)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(publishing.timezone, "now", lambda: later)
        second = publishing.publish_translation(approved, user=publisher)

    def linked(publication):
        found = re.search(r'<script type="application/ld\+json">(.*?)</script>',
                          publication.outputs["html"], re.DOTALL)
        return json.loads(found.group(1))

    assert linked(first)["datePublished"] == first.provenance["published_at"]
    assert linked(second)["datePublished"] == first.provenance["published_at"] == (
        second.provenance["first_published_at"])
    assert second.provenance["published_at"] == later.isoformat(timespec="seconds")
    assert linked(second)["dateModified"] == second.provenance["published_at"]
    assert linked(second)["dateModified"] != linked(second)["datePublished"]


def test_a_published_correction_tells_readers_what_was_corrected(approved, editor, publisher):
    import json

    first = publishing.publish_translation(approved, user=publisher)
    assert json.loads(first.outputs["json"])["corrections"] == []
    reason = "Die Summe lautet 3,5 <Millionen> Euro, nicht 35 Millionen & mehr."
    workflow.open_correction(approved, user=editor, reason=reason)
    segment = first_segment(approved)
    revisions.save_segment(segment.pk, "Korrigiert.", base_version=segment.version, user=editor)
    confirm_all(approved, editor)
    workflow.approve(approved, user=editor)
    second = publishing.publish_translation(approved, user=publisher)
    assert second.kind == "correction"
    when = second.published_at
    from babel.dates import format_date
    note = f"Korrigiert am {format_date(when.date(), format='long', locale='de')}: {reason}"
    assert json.loads(second.outputs["json"])["corrections"] == [note]
    html = second.outputs["html"]
    assert ('<p class="copydesk-correction">Korrigiert am' in html
            and "3,5 &lt;Millionen&gt; Euro, nicht 35 Millionen &amp; mehr." in html)
    assert "<Millionen>" not in html.split("</script>")[-1]  # escaped in the page
    assert f"**{note}**".replace("<", "\\<") in second.outputs["md"]  # Markdown-escaped
    assert second.provenance["corrections"] == [
        {"reason": reason, "corrected_at": second.provenance["published_at"]}]
    assert '"@type": "CorrectionComment"' in html


def test_an_update_is_not_a_correction(approved, editor, publisher):
    import json

    publishing.publish_translation(approved, user=publisher)
    changed = story(title="Ministry pays 3.6 million euros for new bridge")
    sources.ingest(changed, key="https://example.org/bridge", user=editor)
    approved.refresh_from_db()
    confirm_all(approved, editor)
    workflow.approve(approved, user=editor)
    update = publishing.publish_translation(approved, user=publisher)
    assert update.kind == "update"
    assert json.loads(update.outputs["json"])["corrections"] == []
