"""Four eyes, per edition: the approver wrote none of the current texts, and the publisher is
not the approver; off by default; the same for every caller."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from copydesk.desk import publishing, revisions, tokens, workflow
from copydesk.desk.models import Publication, TranslationState
from copydesk.errors import ConfigError, WorkflowError
from tests.desk.conftest import NO_CHECKS, confirm_all, spend_review_time


@pytest.fixture
def four_eyes(translation):
    edition = translation.edition
    edition.options = {**NO_CHECKS, "four_eyes": True}
    edition.save()
    translation.refresh_from_db()
    return translation


@pytest.fixture
def editor_and_publisher(make_user):
    return make_user("chris", "editor", "publisher")


def test_off_by_default_one_person_may_edit_approve_and_publish(translation,
                                                                editor_and_publisher):
    confirm_all(translation, editor_and_publisher)
    approved = workflow.approve(translation, user=editor_and_publisher)
    publishing.publish_translation(approved, user=editor_and_publisher)
    assert Publication.objects.count() == 1


def test_the_last_editor_of_a_segment_may_not_approve(four_eyes, editor):
    confirm_all(four_eyes, editor)
    with pytest.raises(WorkflowError, match=r"you are the last editor of 5 segments"):
        workflow.approve(four_eyes, user=editor)
    four_eyes.refresh_from_db()
    assert four_eyes.state == TranslationState.IN_REVIEW


def test_another_editor_may_approve_what_the_first_wrote(four_eyes, editor, second_editor):
    confirm_all(four_eyes, editor)
    spend_review_time(four_eyes, second_editor, 120)
    approved = workflow.approve(four_eyes, user=second_editor)
    assert approved.state == TranslationState.APPROVED


def test_whoever_changed_a_segment_last_counts(four_eyes, editor, second_editor):
    confirm_all(four_eyes, editor)
    segment = four_eyes.segments.filter(active=True).first()
    saved = revisions.save_segment(segment.pk, segment.target + " Geprüft.",
                                   base_version=segment.version, user=second_editor)
    revisions.confirm_segment(saved.pk, base_version=saved.version, user=second_editor)
    with pytest.raises(WorkflowError, match=r"last editor of 1 segment,"):
        workflow.approve(four_eyes, user=second_editor)
    with pytest.raises(WorkflowError, match=r"last editor of 4 segments"):
        workflow.approve(four_eyes, user=editor)


def test_the_approver_may_not_publish(four_eyes, editor, editor_and_publisher, publisher):
    confirm_all(four_eyes, editor)
    approved = workflow.approve(four_eyes, user=editor_and_publisher)
    with pytest.raises(WorkflowError, match="you approved it, so another publisher"):
        publishing.publish_translation(approved, user=editor_and_publisher)
    assert not Publication.objects.exists()
    publishing.publish_translation(approved, user=publisher)
    assert Publication.objects.get().published_by == publisher


def test_a_script_meets_four_eyes_too(four_eyes, editor):
    confirm_all(four_eyes, editor)
    _, token = tokens.issue(editor, "script")
    script = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {token}",
                                                        "Accept": "application/json"})
    refused = script.post(reverse("desk:approve", args=[four_eyes.pk]))
    assert refused.status_code == 409 and "four eyes" in refused.json()["error"]


@pytest.mark.parametrize("value", ["yes", 1, None, [True]])
def test_a_four_eyes_setting_that_is_not_true_or_false_is_named(translation, editor, value):
    edition = translation.edition
    edition.options = {**NO_CHECKS, "four_eyes": value}
    edition.save()
    confirm_all(translation, editor)
    with pytest.raises(ConfigError, match="four_eyes"):
        workflow.approve(translation, user=editor)


def test_four_eyes_from_the_config_files_edition_table_holds_too(settings, translation, editor):
    import dataclasses

    desk = settings.COPYDESK_SETTINGS
    settings.COPYDESK_SETTINGS = dataclasses.replace(
        desk, editions={**desk.editions, "de": {"four_eyes": True, "open_comments": "block"}})
    confirm_all(translation, editor)
    with pytest.raises(WorkflowError, match="four eyes"):
        workflow.approve(translation, user=editor)
