"""A local demonstration desk: people, editions and example articles queued for translation.

Each run gives the demo people new random passwords (returned once, for the
command to print); editions and articles already there are left as they are.
An example goes only to the editions intake would take it for (``intake.check_job``).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

import copydesk
from copydesk import ingest
from copydesk.article import Article as SourceArticle
from copydesk.desk import intake, roles, sources, workflow
from copydesk.desk.bootstrap import copydesk_settings
from copydesk.desk.models import Edition, Role, User
from copydesk.errors import CopydeskError
from copydesk.ingest.sources import EXTENSIONS

PEOPLE = (("demo-editor", "Erika Editor", Role.EDITOR),
          ("demo-publisher", "Paul Publisher", Role.PUBLISHER),
          ("demo-admin", "Ada Admin", Role.ADMIN))
EDITIONS = (("de", "German edition", "de"), ("fr", "French edition", "fr"),
            ("nl", "Dutch edition", "nl"))


@dataclass
class DemoDesk:
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # user, password, role
    queued: list[str] = field(default_factory=list)  # "title -> edition"
    notes: list[str] = field(default_factory=list)  # what was skipped, and why


def find_examples(given: Path | None = None) -> Path | None:
    """The example articles: ``given``, else ``examples/`` in the source checkout or here."""
    candidates = [given] if given else [
        Path(copydesk.__file__).resolve().parents[2] / "examples", Path.cwd() / "examples"]
    return next((p for p in candidates if p is not None and p.is_dir()), None)


def prepare(examples: Path | None = None,
            password: Callable[[], str] = lambda: secrets.token_urlsafe(12)) -> DemoDesk:
    """Create the demo people and editions and queue the example articles."""
    desk = DemoDesk()
    with transaction.atomic():
        for username, name, role in PEOPLE:
            desk.logins.append((username, _person(username, name, role, password()), role.value))
        editions = [Edition.objects.get_or_create(code=code, defaults={
            "name": name, "language": language, "engine": "auto"})[0]
            for code, name, language in EDITIONS]
    folder = find_examples(examples)
    if folder is None:
        desk.notes.append("No examples folder found; add articles in the inbox instead "
                          "(or pass --examples DIR).")
        return desk
    editor = User.objects.get(username=PEOPLE[0][0])
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in EXTENSIONS:
            _queue(path, editions, editor, desk)
    return desk


def _person(username: str, name: str, role: Role, password: str) -> str:
    first, _, last = name.partition(" ")
    user, _ = User.objects.get_or_create(username=username,
                                         defaults={"first_name": first, "last_name": last})
    user.set_password(password)
    user.save()
    roles.grant(user, role)
    return password


def _queue(path: Path, editions: list[Edition], editor: User, desk: DemoDesk) -> None:
    try:
        source = ingest.load(str(path), settings=copydesk_settings(), allow_paths=True)
        wanted = [edition for edition in editions if _takes(source, edition, path, desk)]
        if not wanted:
            return
        with transaction.atomic():
            article = sources.ingest(source, key=f"example:{path.name}", user=editor).article
            on_desk = set(article.translations.values_list("edition_id", flat=True))
            for edition in wanted:
                if edition.pk not in on_desk:
                    workflow.request_translation(article, edition, user=editor)
                    desk.queued.append(f"{source.title} -> {edition.name}")
    except CopydeskError as error:
        desk.notes.append(f"Skipped {path.name}: {error}")


def _takes(source: SourceArticle, edition: Edition, path: Path, desk: DemoDesk) -> bool:
    try:
        intake.check_job(source, edition)
    except CopydeskError as error:
        desk.notes.append(f"Not queued {path.name} for the {edition.name}: {error}")
        return False
    return True
