"""``copydesk eval``: an engine, or a system's output, scored on a test set."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from copydesk import languages
from copydesk.cli.common import load_settings
from copydesk.engines import registry
from copydesk.errors import InputError
from copydesk.evaluation import testsets
from copydesk.evaluation.lines import read_lines
from copydesk.evaluation.report import chart_path, write_report
from copydesk.evaluation.result import PSEUDO_WARNING, EngineRun, Evaluation, evaluate
from copydesk.evaluation.scoring import TOKENIZERS
from copydesk.evaluation.testsets import TestSet
from copydesk.evaluation.translation import translate_all
from copydesk.publish.files import write_atomic
from copydesk.settings import Settings

FILE = click.Path(dir_okay=False, path_type=Path)


@click.command("eval")
@click.option("--engine", help="Engine to evaluate (see 'copydesk engines list'). Default: the "
                               "'engine' setting.")
@click.option("--hypotheses", type=FILE, help="Score this system output (one segment a line) "
                                              "instead of running an engine.")
@click.option("--from", "source_lang", required=True, help="Source language, e.g. en.")
@click.option("--to", "target_lang", required=True, help="Target language, e.g. de.")
@click.option("--testset", help=f"Test set: {', '.join(testsets.CATALOGUE)}.")
@click.option("--testsets-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder holding wmt/ and flores200/. Env: COPYDESK_TESTSETS_DIR.")
@click.option("--source", "source_file", type=FILE, help="Own test set: source segments.")
@click.option("--reference", "reference_files", type=FILE, multiple=True,
              help="Own test set: reference translations (repeat for several references).")
@click.option("--all-references", is_flag=True,
              help="Score against every reference of a test set that has several.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N segments.")
@click.option("--tokenize", type=click.Choice(TOKENIZERS),
              help="BLEU tokeniser. Default: sacrebleu's for the target language (13a).")
@click.option("--comet-model", help="Also score with this local COMET model (checkpoint, "
                                    "model folder or cached name); never downloaded.")
@click.option("-o", "--output", type=FILE, help="Write the engine's translations here.")
@click.option("--report", type=FILE, help="Write a Markdown report here, with an SVG chart "
                                          "beside it.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def evaluate_command(engine: str | None, hypotheses: Path | None, source_lang: str,
                     target_lang: str, testset: str | None, testsets_dir: Path | None,
                     source_file: Path | None, reference_files: tuple[Path, ...],
                     all_references: bool, limit: int | None, tokenize: str | None,
                     comet_model: str | None, output: Path | None, report: Path | None,
                     as_json: bool) -> None:
    """Score an engine (or a system's output) with BLEU, chrF and TER on a test set.

    Scores and signatures are sacrebleu's, the same as 'sacrebleu REF -i HYP
    -m bleu chrf ter' gives on the same segments. Scores of the pseudo engine
    measure nothing.

    \b
    Examples:
      copydesk eval --engine ctranslate2 --from en --to de --testset wmt24-news
      copydesk eval --from en --to de --reference ref.de --hypotheses system.de
    """
    if all_references and not testset:
        raise InputError("--all-references is for a test set with several references; with "
                         "your own files, give each one with --reference.")
    _check_options(engine, hypotheses, testset, source_file, reference_files, output, report)
    settings = load_settings(engine=engine,
                             testsets_dir=str(testsets_dir) if testsets_dir else None)
    source, target = languages.normalize(source_lang), languages.normalize(target_lang)
    full = _testset(testset, source, target, settings, source_file, reference_files,
                    all_references)
    test = full.limited(limit)
    run: EngineRun | None = None
    if hypotheses is not None:
        candidates = full.select(read_lines(hypotheses, "hypotheses"))[:test.segments]
    else:
        run, candidates = _translate(test, source, target, settings, show_progress=not as_json)
    result = evaluate(test, candidates, source, target, tokenize=tokenize,
                      comet_model=comet_model, use_gpu=settings.device == "cuda", engine=run,
                      hypotheses_file=hypotheses)
    if output is not None:
        write_atomic(output, "".join(f"{line}\n" for line in candidates))
    if report is not None:
        write_report(result, report)
    _emit(result, as_json, report)


def _check_options(engine: str | None, hypotheses: Path | None, testset: str | None,
                   source_file: Path | None, reference_files: tuple[Path, ...],
                   output: Path | None, report: Path | None) -> None:
    """Refuse contradictory options before anything runs, so nothing is half done."""
    if engine and hypotheses:
        raise InputError("Give --engine to translate, or --hypotheses to score a system's "
                         "output, not both.")
    if testset and (source_file or reference_files):
        raise InputError("Give --testset NAME, or your own --source and --reference files, "
                         "not both.")
    if not testset and not reference_files:
        raise InputError("Give a test set with --testset NAME, or your own files with "
                         "--reference FILE (and --source FILE for an engine).")
    if not testset and hypotheses is None and source_file is None:
        raise InputError("An engine needs the source segments: add --source FILE, or score "
                         "a system's output with --hypotheses FILE.")
    if output is not None and hypotheses is not None:
        raise InputError("--output writes an engine's translations; with --hypotheses no "
                         "engine runs.")
    given = {str(p.resolve()) for p in (hypotheses, source_file, *reference_files) if p}
    for path in (output, report, report and chart_path(report)):
        if path is not None and str(path.resolve()) in given:
            raise InputError(f"{path} is an input; write the output somewhere else.")


def _testset(name: str | None, source: str, target: str, settings: Settings,
             source_file: Path | None, reference_files: tuple[Path, ...],
             all_references: bool) -> TestSet:
    if name is None:
        return testsets.from_files(source_file, reference_files)
    return testsets.load(name, source, target, testsets.folder(settings.testsets_dir),
                         all_references=all_references)


def _translate(test: TestSet, source: str, target: str, settings: Settings,
               show_progress: bool) -> tuple[EngineRun, list[str]]:
    """The test set's sources through the configured engine, with a progress bar."""
    choice = registry.choose(settings.engine, source, target, settings)
    engine = choice.engine
    warnings = tuple(choice.warnings)
    for warning in (*warnings, *(() if engine.is_real_translation else (PSEUDO_WARNING,))):
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    sources = test.sources or []
    if show_progress and sys.stderr.isatty():
        with click.progressbar(length=len(sources), label=f"Translating {source}->{target}",
                               file=sys.stderr) as bar:
            done = translate_all(engine, sources, source, target, settings.batch_size,
                                 bar.update)
    else:
        done = translate_all(engine, sources, source, target, settings.batch_size)
    run = EngineRun(engine.name, done.signatures, engine.is_real_translation, done.seconds,
                    len(sources), warnings)
    return run, done.hypotheses


def _emit(result: Evaluation, as_json: bool, report: Path | None) -> None:
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    for line in result.summary():
        click.echo(line)
    if report is not None:
        click.echo(f"Wrote {report} and {chart_path(report)}", err=True)
