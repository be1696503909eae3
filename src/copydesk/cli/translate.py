"""``copydesk translate``: articles in, translated articles with disclosure out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from copydesk import ingest, languages, pipeline, publish
from copydesk.cli.common import load_settings
from copydesk.engines import registry
from copydesk.errors import CopydeskError, InputError
from copydesk.publish.files import write_atomic
from copydesk.settings import Settings

FORMATS = {"html": ".html", "md": ".md", "json": ".json"}
INPUT_SUFFIXES = {".html", ".htm", ".md", ".markdown", ".txt", ".json"}


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--from", "source_lang", help="Source language (ISO 639-1). Detected when omitted.")
@click.option("--to", "target_lang", required=True, help="Target language (ISO 639-1), e.g. de.")
@click.option("--engine", help="Engine name from 'copydesk engines list', or auto (default).")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="html",
              show_default=True, help="Output format.")
@click.option("--input-format", type=click.Choice(["html", "md", "text", "json"]),
              help="Force the input format instead of guessing it.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file (one input) or folder (several inputs). Default: standard output "
                   "for one input.")
@click.option("--threads", type=int, help="CPU threads for local models.")
@click.option("--allow-private-urls", is_flag=True, default=None,
              help="Allow URLs on private or loopback addresses (intranet CMS).")
def translate(inputs: tuple[str, ...], source_lang: str | None, target_lang: str,
              engine: str | None, fmt: str, input_format: str | None, output: Path | None,
              threads: int | None, allow_private_urls: bool | None) -> None:
    """Translate INPUTS (files, folders, URLs, or - for standard input) into another language.

    Each output keeps the article's structure, links and emphasis and ends with
    the disclosure note; HTML output carries schema.org provenance. Machine
    output from this command has not been reviewed by an editor, and its
    disclosure says so.

    \b
    Examples:
      copydesk translate story.html --from en --to de -o story.de.html
      copydesk translate https://example.com/news/1 --to fr --format md
      copydesk translate articles/ --from en --to de -o translated/
    """
    settings = load_settings(engine=engine, threads=threads,
                             allow_private_urls=allow_private_urls)
    sources = expand_inputs(inputs)
    target = languages.normalize(target_lang)
    source = languages.normalize(source_lang) if source_lang else None
    if len(sources) == 1 and (output is None or not output.is_dir()):
        text = _translate_one(sources[0], source, target, fmt, input_format, settings)
        _emit(text, output)
        return
    if output is None:
        raise InputError("Several inputs need an output folder; add -o FOLDER.")
    failures = _translate_batch(sources, output, source, target, fmt, input_format, settings)
    if failures:
        raise click.ClickException(f"{failures} of {len(sources)} inputs failed; see above.")


def expand_inputs(inputs: tuple[str, ...]) -> list[str]:
    """Files, URLs and ``-`` as given; folders replaced by the articles inside them."""
    found: list[str] = []
    for item in inputs:
        path = Path(item)
        if item != "-" and "://" not in item and path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() in INPUT_SUFFIXES)
            if not files:
                raise InputError(f"Folder {item} has no articles (.html, .md, .txt, .json).")
            found += [str(p) for p in files]
        else:
            found.append(item)
    return found


def _translate_one(source_ref: str, source: str | None, target: str, fmt: str,
                   input_format: str | None, settings: Settings,
                   engines: dict[tuple[str, str], registry.Choice] | None = None) -> str:
    """Ingest, translate and render one input; ``engines`` caches the engine per pair."""
    article = ingest.load(source_ref, settings=settings, format=input_format,
                          stdin=sys.stdin.buffer if source_ref == "-" else None)
    source = source or (languages.normalize(article.language) if article.language else None)
    source = source or languages.detect(" ".join(b.plain for b in article.blocks[:20]))
    engines = {} if engines is None else engines
    if (source, target) not in engines:
        engines[source, target] = registry.choose(settings.engine, source, target, settings)
        for warning in engines[source, target].warnings:
            click.secho(f"warning: {warning}", fg="yellow", err=True)
    choice = engines[source, target]
    draft = pipeline.translate_article(article, target, choice.engine, source_language=source,
                                       batch_size=settings.batch_size, warnings=choice.warnings)
    return publish.render(draft, fmt, settings=settings)


def _translate_batch(sources: list[str], folder: Path, source: str | None, target: str,
                     fmt: str, input_format: str | None, settings: Settings) -> int:
    failures = 0
    engines: dict[tuple[str, str], registry.Choice] = {}
    with click.progressbar(sources, label=f"Translating into {target}", file=sys.stderr,
                           item_show_func=lambda s: s and Path(s).name) as bar:
        for ref in bar:
            try:
                text = _translate_one(ref, source, target, fmt, input_format, settings, engines)
            except CopydeskError as err:
                failures += 1
                click.secho(f"\n{ref}: {err} [{err.code}]", fg="red", err=True)
                continue
            write_atomic(folder / output_name(ref, target, fmt), text)
    return failures


def output_name(ref: str, target: str, fmt: str) -> str:
    """``story.html`` -> ``story.de.html``; URLs use their last path part."""
    stem = Path(ref.rstrip("/").split("?")[0]).stem if ref != "-" else "stdin"
    return f"{stem or 'article'}.{target}{FORMATS[fmt]}"


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        write_atomic(output, text)
        click.echo(f"Wrote {output}", err=True)
