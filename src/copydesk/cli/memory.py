"""``copydesk memory``: import, export, search and count the translation memory.

The memory is ``memory.sqlite3`` in the data directory (``--home`` /
``COPYDESK_HOME``).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from copydesk import languages
from copydesk.cli.common import DeskGroup, load_settings
from copydesk.memory import Match, TranslationMemory, export_tmx, import_tmx


def _open() -> TranslationMemory:
    return TranslationMemory.in_home(load_settings().home_path)


@click.group(cls=DeskGroup)
def memory() -> None:
    """Reuse what editors confirmed: import, export and search the translation memory."""


@memory.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "source_lang", help="Source language (default: the file's srclang).")
@click.option("--to", "target_lang", help="Import only this target language (default: all).")
def import_file(file: Path, source_lang: str | None, target_lang: str | None) -> None:
    """Add the translation units of a TMX FILE to the memory (all or nothing)."""
    with _open() as tm:
        report = import_tmx(tm, file, source_lang=source_lang, target_lang=target_lang)
    pairs = ", ".join(f"{pair}: {count}" for pair, count in sorted(report.pairs.items()))
    click.echo(f"Imported {report.imported} segments from {file} ({pairs}).")
    if report.skipped:
        click.echo(f"Skipped {report.skipped} translation units.", err=True)
    for note, count in sorted(report.notes.items()):
        click.echo(f"note: {note} ({count}x)", err=True)


@memory.command("export")
@click.option("--from", "source_lang", required=True, help="Source language.")
@click.option("--to", "target_lang", required=True, help="Target language.")
@click.option("-o", "--output", required=True,
              type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="TMX file to write.")
def export_file(source_lang: str, target_lang: str, output: Path) -> None:
    """Write one language pair of the memory as a TMX 1.4 file."""
    with _open() as tm:
        count = export_tmx(tm, output, source_lang, target_lang)
    click.echo(f"Wrote {count} translation units to {output}.")


@memory.command("lookup")
@click.argument("text")
@click.option("--from", "source_lang", required=True, help="Source language.")
@click.option("--to", "target_lang", required=True, help="Target language.")
@click.option("--previous", help="The source segment before TEXT (for in-context matches).")
@click.option("--next", "following", help="The source segment after TEXT.")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(min=1),
              help="Most matches shown.")
@click.option("--threshold", default=0.70, show_default=True, type=click.FloatRange(0, 1),
              help="Lowest fuzzy score shown (0-1).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per match.")
def lookup(text: str, source_lang: str, target_lang: str, previous: str | None,
           following: str | None, limit: int, threshold: float, as_json: bool) -> None:
    """Show the stored translations that match TEXT, best first."""
    source_lang, target_lang = languages.normalize(source_lang), languages.normalize(target_lang)
    with _open() as tm:
        matches = tm.lookup(text, source_lang, target_lang, previous=previous, next=following,
                            limit=limit, threshold=threshold)
    if not matches and not as_json:
        click.echo(f"No match at or above {threshold:.0%}.")
    for match in matches:
        click.echo(json.dumps(_as_dict(match), ensure_ascii=False) if as_json
                   else _as_line(match))


@memory.command("stats")
def stats() -> None:
    """Count the stored segments per language pair."""
    with _open() as tm:
        rows = tm.stats()
        path = tm.path
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    click.echo(f"{path} ({size / 1e6:.1f} MB)")
    if not rows:
        click.echo("The memory is empty; add segments with 'copydesk memory import FILE.tmx'.")
    for row in rows:
        click.echo(f"{row.source_lang} -> {row.target_lang}  {row.segments:>10,} segments  "
                   f"last change {row.last_changed or '-'}")


def _as_line(match: Match) -> str:
    who = match.provenance.editor or match.origin
    return (f"{match.kind.value:<10} {match.score:>4.0%}  {match.target}\n"
            f"{'':<16}source: {match.source}  ({who}, {match.provenance.changed_at})")


def _as_dict(match: Match) -> dict[str, object]:
    return {"kind": match.kind.value, "score": match.score, "source": match.source,
            "target": match.target, "origin": match.origin,
            "editor": match.provenance.editor, "signature": match.provenance.signature,
            "created_at": match.provenance.created_at,
            "changed_at": match.provenance.changed_at}
