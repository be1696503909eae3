"""A translation stuck in translation is taken off the desk by an editor from its review
screen (the inbox's "withdraw it" link leads there), with a written reason; one in review is
not, and a reason nobody wrote changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from copydesk.desk.models import AuditEvent, Translation, TranslationState
from tests.desk.test_views_auth import signed_in

S = TranslationState


def stuck(translation, state=S.TRANSLATING):
    Translation.objects.filter(pk=translation.pk).update(state=state)
    translation.refresh_from_db()
    return translation


@pytest.mark.parametrize("state", [S.TRANSLATING, S.FAILED])
def test_an_editor_withdraws_a_stuck_translation_from_its_review_screen(client, editor,
                                                                       translation, state):
    stuck(translation, state)
    page = signed_in(client, editor).get(reverse("desk:review", args=[translation.pk]))
    action = reverse("desk:withdraw", args=[translation.pk])
    assert page.status_code == 200 and f'action="{action}"' in page.content.decode()
    answer = client.post(action, {"reason": "The worker never finished; done by hand."})
    assert answer.status_code == 302
    translation.refresh_from_db()
    assert translation.state == S.WITHDRAWN
    event = AuditEvent.objects.get(kind="withdrawn")
    assert (event.actor, event.payload["reason"]) == (
        "user:erika", "The worker never finished; done by hand.")
    inbox = client.get(reverse("desk:inbox")).content.decode()
    assert action not in inbox  # nothing left to withdraw


def test_a_withdrawal_without_a_reason_leaves_it_stuck(client, editor, translation):
    stuck(translation)
    signed_in(client, editor).post(reverse("desk:withdraw", args=[translation.pk]),
                                   {"reason": " \u200b "})
    translation.refresh_from_db()
    assert translation.state == S.TRANSLATING
    assert not AuditEvent.objects.filter(kind="withdrawn").exists()


def test_an_editor_may_not_withdraw_a_translation_in_review(client, editor, translation):
    answer = signed_in(client, editor).post(reverse("desk:withdraw", args=[translation.pk]),
                                            {"reason": "Not needed any more."}, follow=True)
    assert "'publisher' role" in answer.content.decode().replace("&#x27;", "'")
    translation.refresh_from_db()
    assert translation.state == S.IN_REVIEW
