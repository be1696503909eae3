"""``copydesk glossary``: an edition's glossary kept by the desk (``copydesk.desk.glossary``).

The same services as the edition's glossary page in the browser, so the
same checks, and each change lands in the administration trail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from copydesk.cli.common import DeskGroup, load_settings
from copydesk.errors import InputError

TYPES = click.Choice(["preferred", "forbidden", "dnt"])
CASES = click.Choice(["sensitive", "insensitive"])


def _desk() -> tuple[Any, str]:
    """The glossary service and the actor the trail names, once the desk is set up."""
    from copydesk.desk import bootstrap

    bootstrap.setup(load_settings())
    from copydesk.desk import admin_audit
    from copydesk.desk import glossary as service

    return service, admin_audit.command_line()


@click.group(cls=DeskGroup)
def glossary() -> None:
    """Upload, list and edit an edition's glossary (preferred, forbidden, do-not-translate)."""


@glossary.command("list")
@click.argument("edition")
def list_terms(edition: str) -> None:
    """List EDITION's glossary: each term's key (for change and remove), type and text."""
    service, _ = _desk()
    found = service.show(edition)
    if not found.path:
        click.echo(f"The {found.edition.name} has no glossary.")
        return
    click.echo(f"{found.path} ({'kept by the desk' if found.managed else found.origin}), "
               f"{len(found.terms)} terms")
    if found.problem:
        raise InputError(found.problem)
    for key, term in found.keyed():
        note = f"  # {term.note}" if term.note else ""
        case = " (case-sensitive)" if term.case_sensitive else ""
        click.echo(f"{key}  {term.type.value:<9} {term.source} -> {term.target}{case}{note}")


@glossary.command("import")
@click.argument("edition")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "source_language", default="en", show_default=True,
              help="Source language to read a TBX file for (CSV terms hold for any).")
def import_file(edition: str, file: Path, source_language: str) -> None:
    """Replace EDITION's glossary with the terms of FILE (.csv, .tsv or .tbx)."""
    service, actor = _desk()
    with file.open("rb") as stream:
        data = stream.read(service.MAX_UPLOAD_BYTES + 1)
    found = service.upload(edition, data, file.name, source_language=source_language,
                           actor=actor)
    click.echo(f"The {found.edition.name}'s glossary now holds {len(found.terms)} terms "
               f"from {file.name}.")


@glossary.command("add")
@click.argument("edition")
@click.argument("source")
@click.argument("target", default="")
@click.option("--type", "kind", type=TYPES, default="preferred", show_default=True)
@click.option("--case", type=CASES, help="Match case (default: only for dnt terms).")
@click.option("--note", default="", help="A note for editors.")
def add_term(edition: str, source: str, target: str, kind: str, case: str | None,
             note: str) -> None:
    """Add a term: SOURCE should become TARGET (a dnt term may leave TARGET out)."""
    service, actor = _desk()
    term = service.add_term(edition, {"source": source, "target": target, "type": kind,
                                      "case": case or "", "note": note}, actor=actor)
    click.echo(f"Added {service.term_key(term)}: {term.source} -> {term.target} "
               f"({term.type.value}).")


@glossary.command("change")
@click.argument("edition")
@click.argument("key")
@click.option("--source", help="New source term.")
@click.option("--target", help="New target term.")
@click.option("--type", "kind", type=TYPES, help="New type.")
@click.option("--case", type=CASES, help="Match case or not.")
@click.option("--note", help="New note.")
def change_term(edition: str, key: str, **given: str | None) -> None:
    """Change the term KEY (see 'copydesk glossary list'); what is not given stays."""
    service, actor = _desk()
    current = dict(service.keyed_terms(edition)).get(key)
    if current is None:
        raise InputError(f"The {edition} glossary has no term {key!r}; see 'copydesk glossary "
                         f"list {edition}'.")
    fields = {**service.term_fields(current),
              **{("type" if k == "kind" else k): v for k, v in given.items() if v is not None}}
    term = service.change_term(edition, key, fields, actor=actor)
    click.echo(f"Changed {key}; the term is now {service.term_key(term)}: {term.source} -> "
               f"{term.target} ({term.type.value}).")


@glossary.command("remove")
@click.argument("edition")
@click.argument("key")
def remove_term(edition: str, key: str) -> None:
    """Remove the term KEY (see 'copydesk glossary list') from EDITION's glossary."""
    service, actor = _desk()
    term = service.remove_term(edition, key, actor=actor)
    click.echo(f"Removed {term.source} -> {term.target} ({term.type.value}).")
