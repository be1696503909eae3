"""``copydesk translate``: articles in, translated articles with disclosure out."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import click

from copydesk import glossary as glossary_module
from copydesk import ingest, languages, pipeline, publish
from copydesk.article import Article
from copydesk.cli.common import load_settings
from copydesk.engines import registry
from copydesk.errors import CopydeskError, InputError
from copydesk.glossary import Glossary
from copydesk.ingest import boilerplate
from copydesk.ingest.sources import EXTENSIONS
from copydesk.memory import TranslationMemory
from copydesk.memory.reuse import configured_memory
from copydesk.publish.files import write_atomic
from copydesk.settings import Settings


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--from", "source_lang", help="Source language (ISO 639-1). Detected when omitted.")
@click.option("--to", "target_lang", required=True, help="Target language (ISO 639-1), e.g. de.")
@click.option("--engine", help="Engine name from 'copydesk engines list', or auto (default).")
@click.option("--format", "fmt", type=click.Choice(publish.FORMATS), default="html",
              show_default=True, help="Output format (ninjs: a ninjs 2.1 news item, "
                                      "ninjs1: ninjs 1.5).")
@click.option("--input-format", type=click.Choice(ingest.FORMATS),
              help="Force the input format instead of guessing it.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file (one input) or folder (several inputs). Default: standard output "
                   "for one input.")
@click.option("--glossary", "glossary_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Glossary (CSV or TBX): its terms go to the engine (do-not-translate "
                   "names are kept) and the checks enforce them. Default: the edition's "
                   "'glossary' from the config file.")
@click.option("--threads", type=int, help="CPU threads for local models.")
@click.option("--allow-private-urls", is_flag=True, default=None,
              help="Allow URLs on private or loopback addresses (intranet CMS).")
def translate(inputs: tuple[str, ...], source_lang: str | None, target_lang: str,
              engine: str | None, fmt: str, input_format: str | None, output: Path | None,
              glossary_path: Path | None, threads: int | None,
              allow_private_urls: bool | None) -> None:
    """Translate INPUTS (files, folders, URLs, or - for standard input) into another language.

    Each output keeps the article's structure, links and emphasis and ends with
    the disclosure note; HTML output carries schema.org provenance. Machine
    output from this command has not been reviewed by an editor, and its
    disclosure says so. Segments the translation memory has are taken from it
    (setting 'memory'); JSON output lists fuzzy memory suggestions per segment.
    Paragraphs that the source edition's 'boilerplate' names (its own disclosure,
    say; [editions.<source>] in the config file) are left out, with a warning.

    \b
    Examples:
      copydesk translate story.html --from en --to de -o story.de.html
      copydesk translate https://example.com/news/1 --to fr --format md
      copydesk translate articles/ --from en --to de -o translated/
    """
    settings = load_settings(engine=engine, threads=threads,
                             allow_private_urls=allow_private_urls)
    sources = expand_inputs(inputs)
    job = Job(target=languages.normalize(target_lang), fmt=fmt, input_format=input_format,
              settings=settings,
              source=languages.normalize(source_lang) if source_lang else None)
    job.glossary = _glossary(glossary_path, settings, job)
    with job:
        if len(sources) == 1 and (output is None or not output.is_dir()):
            _emit(job.run(sources[0]), output)
            return
        if output is None:
            raise InputError("Several inputs need an output folder; add -o FOLDER.")
        failures = _translate_batch(sources, output, job)
    if failures:
        raise click.ClickException(f"{failures} of {len(sources)} inputs failed; see above.")


def expand_inputs(inputs: tuple[str, ...]) -> list[str]:
    """Files, URLs and ``-`` as given; folders replaced by the articles inside them."""
    found: list[str] = []
    for item in inputs:
        path = Path(item)
        if item != "-" and "://" not in item and path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() in EXTENSIONS)
            if not files:
                raise InputError(f"Folder {item} has no articles "
                                 f"({', '.join(sorted(EXTENSIONS))}).")
            found += [str(p) for p in files]
        else:
            found.append(item)
    return found


@dataclass
class Job:
    """One run of the command: what every input shares, and the engines chosen so far."""

    target: str
    fmt: str
    input_format: str | None
    settings: Settings
    source: str | None = None
    glossary: Glossary | None = None
    engines: dict[tuple[str, str], registry.Choice] = field(default_factory=dict)
    memory: TranslationMemory | None = None

    def __enter__(self) -> Job:
        self.memory = configured_memory(self.settings)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.memory is not None:
            self.memory.close()
            self.memory = None

    def run(self, ref: str) -> str:
        """Ingest, translate, check and render one input."""
        article = ingest.load(ref, settings=self.settings, format=self.input_format,
                              stdin=sys.stdin.buffer if ref == "-" else None, allow_paths=True)
        source = pipeline.source_language_of(article, self.source)
        article = self._without_boilerplate(article, source)
        choice = self._engine(source)
        draft = pipeline.translate_article(
            article, self.target, choice.engine, source_language=source,
            batch_size=self.settings.batch_size, warnings=choice.warnings,
            glossary=self.glossary, edition=self.settings.edition(self.target),
            memory=self.memory, fuzzy_threshold=self.settings.memory_threshold)
        _summarise(ref, draft)
        return publish.render(draft, self.fmt, settings=self.settings)

    def _without_boilerplate(self, article: Article, source: str) -> Article:
        """The article without its source edition's boilerplate (``[editions.<source>]``'s
        'boilerplate' in the config file), each dropped block named on standard error."""
        found = boilerplate.rules(self.settings.edition(source),
                                  f"[editions.{source}] in the config file")
        kept = boilerplate.drop(article, found, f"the {source} edition")
        for note in kept.warnings[len(article.warnings):]:
            click.secho(f"warning: {note}", fg="yellow", err=True)
        return kept

    def _engine(self, source: str) -> registry.Choice:
        if (source, self.target) not in self.engines:
            choice = registry.choose(self.settings.engine, source, self.target, self.settings)
            for warning in choice.warnings:
                click.secho(f"warning: {warning}", fg="yellow", err=True)
            self.engines[source, self.target] = choice
        return self.engines[source, self.target]


def _glossary(path: Path | None, settings: Settings, job: Job) -> Glossary | None:
    if path is not None:
        return glossary_module.load(path, job.source, job.target)
    return glossary_module.for_edition(settings.edition(job.target), job.source, job.target)


def _summarise(ref: str, draft: pipeline.Draft) -> None:
    """One line on standard error: how much the checks found, so nobody publishes blind."""
    issues = [i for found in draft.issues.values() for i in found]
    counts = Counter(i.severity.value for i in issues)
    worst = ", ".join(f"{counts[k]} {k}" for k in ("blocker", "major", "minor") if counts[k])
    reused = len(draft.from_memory())
    click.echo(f"{ref}: {len(draft.segments())} segments ({reused} from memory), "
               f"{len(issues)} issues{f' ({worst})' if worst else ''}, risk {draft.risk:.2f}",
               err=True)


def _translate_batch(sources: list[str], folder: Path, job: Job) -> int:
    failures = 0
    with click.progressbar(sources, label=f"Translating into {job.target}", file=sys.stderr,
                           item_show_func=lambda s: s and Path(s).name) as bar:
        for ref in bar:
            try:
                text = job.run(ref)
            except CopydeskError as err:
                failures += 1
                click.secho(f"\n{ref}: {err} [{err.code}]", fg="red", err=True)
                continue
            write_atomic(folder / output_name(ref, job.target, job.fmt), text)
    return failures


def output_name(ref: str, target: str, fmt: str) -> str:
    """``story.html`` -> ``story.de.html``; URLs use their last path part."""
    stem = Path(ref.rstrip("/").split("?")[0]).stem if ref != "-" else "stdin"
    suffix = {"fragment": "fragment.html", "ninjs": "ninjs.json",
              "ninjs1": "ninjs1.json"}.get(fmt, fmt)
    return f"{stem or 'article'}.{target}.{suffix}"


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        write_atomic(output, text)
        click.echo(f"Wrote {output}", err=True)
