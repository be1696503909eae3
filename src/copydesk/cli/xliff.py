"""``copydesk export`` and ``copydesk import``: a translation out as XLIFF, and back in.

Both work on the desk's database (set up by ``copydesk.desk.bootstrap``, as
the other desk commands), through ``copydesk.desk.xliff_exchange``, the
service of the review screen's XLIFF buttons and of the API.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from copydesk.cli.common import load_settings
from copydesk.errors import InputError

FORMATS = {"xliff20": "2.0", "xliff12": "1.2"}


def _desk() -> None:
    from copydesk.desk import bootstrap

    bootstrap.setup(load_settings())


@click.command("export")
@click.argument("translation", type=click.IntRange(min=1))
@click.option("--format", "file_format", type=click.Choice(sorted(FORMATS)), default="xliff20",
              show_default=True, help="XLIFF 2.0 or 1.2.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the file here instead of standard output.")
def export_translation(translation: int, file_format: str, output: Path | None) -> None:
    """Write TRANSLATION (its number) as an XLIFF file for a CAT tool.

    Each segment carries its version; bring the translated file back with
    'copydesk import FILE --as EDITOR'.
    """
    _desk()
    from copydesk.desk import xliff_exchange
    from copydesk.publish.files import write_atomic

    _, data = xliff_exchange.export(translation, FORMATS[file_format])
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    write_atomic(output, data.decode("utf-8"))
    click.echo(f"Wrote {output}.", err=True)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as", "editor", required=True, help="The editor whose edits these are.")
@click.option("--translation", type=click.IntRange(min=1),
              help="The translation to apply it to (default: the one the file names).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def import_translation(file: Path, editor: str, translation: int | None, as_json: bool) -> None:
    """Apply the targets of an XLIFF 1.2 or 2.0 FILE as EDITOR's revisions.

    Prints what changed, was unchanged, conflicted (the segment changed on the
    desk since the export) or was refused. Exit status 1 when anything
    conflicted or was refused; warnings (what the strict XLIFF 1.2 schema
    objects to in a file read as transitional 1.2) do not change it.
    """
    from copydesk.interop import xliff_read
    from copydesk.interop.safexml import MAX_BYTES

    if file.stat().st_size > MAX_BYTES:
        raise InputError(f"{file} is over the limit of {MAX_BYTES:,} bytes; split it.")
    data = file.read_bytes()
    xliff_read.read(data)  # a file that cannot be used is refused before the desk is opened
    _desk()
    from copydesk.desk import staff, xliff_exchange

    report = xliff_exchange.import_file(translation, data, user=staff.find_person(editor))
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(f"Translation {report.translation} (XLIFF {report.xliff_version}): "
                   f"{report.summary()}.")
        for key in report.changed:
            click.echo(f"  changed     {key}")
        for conflict in report.conflicted:
            click.echo(f"  conflicted  {conflict['segment']}: now at version "
                       f"{conflict['current_version']}, on the desk {conflict['theirs']!r}, "
                       f"in the file {conflict['yours']!r}")
        for refusal in report.refused:
            click.echo(f"  refused     {refusal['segment']}: {refusal['reason']}")
        for warning in report.warnings:
            click.echo(f"  warning     {warning}")
    if report.conflicted or report.refused:
        raise click.exceptions.Exit(1)
