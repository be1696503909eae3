"""Who works on a translation: an editor takes it, or the desk chief hands it to an editor.

- An editor may take a translation nobody has, and give back one they have.
- Assigning someone else, taking a translation off another editor or moving
  it from one editor to another needs the publisher role (the desk chief who
  decides what goes out; an administrator may too): ``may_direct``.
- A translation another editor has is refused, naming them, unless the step
  says it reassigns (``reassign``). A page also sends whom it showed as the
  assignee (``seen``), so two people acting on the same view of the inbox
  cannot overwrite each other's choice without seeing it.
- Only editors (with an active account) are assigned; a published or
  withdrawn translation has nothing to review and is not assigned, but may
  be given back.

The check and the change are one step under the translation's row lock, and
each change is an audit event: ``assigned`` (with the editor and whom it had
before) or ``unassigned``.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from copydesk.desk import audit, gate, roles, workflow
from copydesk.desk.filters import DONE
from copydesk.desk.models import Role, Translation, User
from copydesk.errors import InputError, NotFoundError, WorkflowError

_USERNAME = re.compile(r"[\w.@+-]{1,150}")  # what Django's user name validator allows


def may_direct(user: User | None) -> bool:
    """Whether ``user`` may assign other editors (for the pages; ``assign`` checks it)."""
    return roles.has_role(user, Role.PUBLISHER)


def assign(translation_id: int, name: str | None, *, user: User, reassign: bool = False,
           seen: str | None = None) -> Translation:
    """Give the translation to the editor called ``name`` (``None``: to nobody).

    ``seen`` is the user name of the assignee the caller was shown ("" for
    nobody); when given and no longer true, the step is refused.
    """
    editor = find_editor(name) if name is not None else None
    with transaction.atomic():
        locked = gate.lock(translation_id)
        holder = locked.assigned_to
        _check(locked, holder, editor, user=user, reassign=reassign, seen=seen)
        if _same(holder, editor):
            return workflow.find_translation(translation_id)
        now = timezone.now()
        changed = Translation.objects.filter(pk=locked.pk, assigned_to=holder).update(
            assigned_to=editor, assigned_at=now if editor else None, updated_at=now)
        if not changed:  # the lock makes this impossible; refuse rather than overwrite
            raise WorkflowError(f"Translation {locked.pk} changed meanwhile; reload the inbox.")
        payload = {"translation": locked.pk, "edition": locked.edition.code,
                   "previous": holder.get_username() if holder else None}
        if editor is not None:
            audit.record(locked.article_id, "assigned", actor=user,
                         payload={**payload, "editor": editor.get_username()})
        else:
            audit.record(locked.article_id, "unassigned", actor=user, payload=payload)
    return workflow.find_translation(translation_id)


def find_editor(name: str) -> User:
    """The active person with this user name, or an error that says what is wrong (whether
    they are an editor is checked with the step, after who may take the step)."""
    wanted = unicodedata.normalize("NFKC", name).strip()  # as Django stores user names
    if not _USERNAME.fullmatch(wanted):
        raise InputError("Give the user name of an editor (letters, digits and . @ + - _, "
                         "at most 150 characters).")
    found = User.objects.filter(username=wanted).first()
    if found is None:
        raise NotFoundError(f"No one on the desk has the user name {wanted!r}; check it.")
    if not found.is_active:
        raise WorkflowError(f"{found.get_username()}'s account is switched off; assign an "
                            "editor who works on the desk.")
    return found


def editors() -> QuerySet[User]:
    """The people a translation can be assigned to (active editors and administrators)."""
    held = Q(groups__name__in=[Role.EDITOR.value, Role.ADMIN.value]) | Q(is_superuser=True)
    return User.objects.filter(held, is_active=True).distinct().order_by("username")


def who(user: User) -> str:
    """A person as the desk's messages name them: full name and user name."""
    full = user.get_full_name().strip()
    return f"{full} ({user.get_username()})" if full else user.get_username()


def _same(holder: User | None, editor: User | None) -> bool:
    return (holder.pk if holder else None) == (editor.pk if editor else None)


def _check(translation: Translation, holder: User | None, editor: User | None, *,
           user: User, reassign: bool, seen: str | None) -> None:
    number = translation.pk
    if editor is not None and editor.pk == user.pk:
        roles.require(user, Role.EDITOR, "take translations")
    elif editor is not None:
        roles.require(user, Role.PUBLISHER, "assign translations to other editors")
        if not roles.has_role(editor, Role.EDITOR):
            raise WorkflowError(f"{editor.get_username()} is not an editor; assign an editor.")
    if _same(holder, editor):
        return  # nothing changes
    if seen is not None and seen != (holder.get_username() if holder else ""):
        now = f"is now assigned to {who(holder)}" if holder else "is no longer assigned"
        raise WorkflowError(f"Translation {number} {now}; reload the inbox and choose again.")
    if holder is not None and holder.pk != user.pk:
        if not reassign:
            raise WorkflowError(f"Translation {number} is already taken by {who(holder)}; "
                                "ask them, or reassign it explicitly.")
        roles.require(user, Role.PUBLISHER, "take translations off other editors")
    if editor is not None and translation.state in DONE:
        raise WorkflowError(f"Translation {number} is {translation.get_state_display().lower()}"
                            "; there is nothing to review. Open a correction first.")
