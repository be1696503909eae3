"""Withdrawing: publishers take anything off; editors only what is stuck in translation.
A correction of a translation withdrawn before its draft arrived translates it again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from copydesk.desk import publishing, sources, workflow
from copydesk.desk.models import Translation, TranslationState
from copydesk.errors import PermissionDeniedError
from tests.desk.conftest import story
from tests.desk.test_views_auth import signed_in

S = TranslationState


def stuck(translation, state):
    Translation.objects.filter(pk=translation.pk).update(state=state)
    translation.refresh_from_db()
    return translation


@pytest.mark.parametrize("state", [S.TRANSLATING, S.FAILED])
def test_an_editor_withdraws_a_stuck_translation(translation, editor, state):
    withdrawn = workflow.withdraw(stuck(translation, state), user=editor,
                                  reason="The worker died; we translate it by hand.")
    assert withdrawn.state == S.WITHDRAWN


@pytest.mark.parametrize("state", [S.IN_REVIEW, S.APPROVED, S.PUBLISHED])
def test_an_editor_cannot_withdraw_what_reached_review(translation, editor, state):
    with pytest.raises(PermissionDeniedError, match="'publisher' role"):
        workflow.withdraw(stuck(translation, state), user=editor, reason="Not needed any more")
    translation.refresh_from_db()
    assert translation.state == state


def test_the_review_page_offers_withdraw_to_whom_it_may(client, translation, editor, publisher):
    page = signed_in(client, editor).get(reverse("desk:review", args=[translation.pk]))
    assert b'id="withdraw"' not in page.content
    stuck(translation, S.FAILED)
    page = client.get(reverse("desk:review", args=[translation.pk]))
    assert b'id="withdraw"' in page.content
    answer = client.post(reverse("desk:withdraw", args=[translation.pk]),
                         {"reason": "Stuck, translated by hand"}, HTTP_ACCEPT="application/json")
    assert answer.status_code in (200, 302)
    translation.refresh_from_db()
    assert translation.state == S.WITHDRAWN


def test_a_correction_after_withdrawing_mid_update_translates_the_new_version(
        approved, editor, publisher):
    publishing.publish_translation(approved, user=publisher)
    sources.ingest(story(title="The bridge will cost more"), key=approved.article.key,
                   user=editor)
    approved.refresh_from_db()
    # The re-translation ran at once here; make it look as if it never finished.
    Translation.objects.filter(pk=approved.pk).update(
        state=S.TRANSLATING, machine_draft={**approved.machine_draft, "source": {}})
    withdrawn = workflow.withdraw(approved, user=editor, reason="Stuck after the update")
    reopened = workflow.open_correction(withdrawn, user=editor, reason="Back with the update")
    assert reopened.state == S.IN_REVIEW  # translated again (the task runs at once here)
    assert reopened.machine_draft["source"] == reopened.source_version.content
    assert reopened.segments.filter(active=True, source="The bridge will cost more").exists()
