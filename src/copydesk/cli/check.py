"""``copydesk check``: run the news checks over translated segments in JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

import click

from copydesk import languages
from copydesk.checks.base import SegmentContext
from copydesk.checks.registry import check_classes, notes, run_checks, segment_risk
from copydesk.errors import CopydeskError, InputError

MAX_SEGMENT_CHARS = 20_000


def _error(line_id: Any, code: str, message: str) -> dict[str, Any]:
    return {"id": line_id, "error": {"code": code, "message": message}}


def _parse(line: str, number: int) -> tuple[Any, str, str] | dict[str, Any]:
    """(id, source, target) from one input line, or an error record for it."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return _error(number, "bad_json", f"Line {number} is not valid JSON ({exc.msg}); "
                      "write one JSON object per line.")
    if not isinstance(record, dict):
        return _error(number, "bad_json", f"Line {number} is not a JSON object; write "
                      '{"id": ..., "source": ..., "target": ...}.')
    line_id = record.get("id", number)
    for name in ("source", "target"):
        value = record.get(name)
        if not isinstance(value, str):
            return _error(line_id, "missing_field", f"Line {number} needs a '{name}' string.")
        if not value.strip():
            return _error(line_id, "empty_input", f"Line {number} has an empty '{name}'; "
                          "leave such segments out.")
        if len(value) > MAX_SEGMENT_CHARS:
            return _error(line_id, "too_large", f"Line {number}: '{name}' is over "
                          f"{MAX_SEGMENT_CHARS} characters; split it into sentences.")
    return line_id, record["source"], record["target"]


def check_lines(lines: Iterable[str], context: SegmentContext, *,
                enabled: list[str] | None, disabled: list[str]) -> Iterator[dict[str, Any]]:
    """One result record per non-blank input line, in order."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        parsed = _parse(line, number)
        if isinstance(parsed, dict):
            yield parsed
            continue
        line_id, source, target = parsed
        issues = run_checks(source, target, context, enabled=enabled, disabled=disabled)
        yield {"id": line_id, "risk": segment_risk(source, target, issues, context),
               "issues": [i.to_dict() for i in issues]}


def _load_glossary(path: str | None, source: str, target: str) -> Any:
    if path is None:
        return None
    from copydesk.glossary import load  # only needed with --glossary

    return load(path, source, target)


def _validate_checks(names: Iterable[str]) -> None:
    known = check_classes()
    unknown = sorted(set(names) - set(known))
    if unknown:
        raise InputError(f"Unknown check(s) {', '.join(unknown)}; use one of "
                         f"{', '.join(known)}.")


@click.command("check")
@click.option("--from", "source_lang", required=True, metavar="LANG",
              help="Language of the source texts, e.g. en.")
@click.option("--to", "target_lang", required=True, metavar="LANG",
              help="Language of the translations, e.g. de.")
@click.argument("input_file", metavar="[INPUT]", type=click.File("r", encoding="utf-8"),
                default="-")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8", atomic=True),
              default="-", help="Write results to this file instead of standard output.")
@click.option("--enable", multiple=True, metavar="CHECK",
              help="Run only this check; repeat for several (default: all installed).")
@click.option("--disable", multiple=True, metavar="CHECK",
              help="Skip this check; repeat for several.")
@click.option("--glossary", "glossary_path", metavar="FILE",
              help="Glossary (CSV, TSV or TBX) whose names and terms count as correct.")
def check(source_lang: str, target_lang: str, input_file: IO[str], output: IO[str],
          enable: tuple[str, ...], disable: tuple[str, ...], glossary_path: str | None) -> None:
    """Check translated segments for wrong numbers, dates, names, quotes,
    attributions and negations.

    INPUT (default: standard input) is JSON Lines, one segment per line:
    {"id": "b1.s1", "source": "...", "target": "..."}. Each line gets one JSON
    line back: {"id": ..., "risk": 0.0-1.0, "issues": [{"check", "severity",
    "message", "target_span"}]}. A line that cannot be checked (bad JSON, a
    missing or empty source/target, over 20,000 characters) gets
    {"id": ..., "error": {"code", "message"}} and the run goes on.

    Exit status: 0 when every line was checked, 1 when any line had an error,
    2 for a wrong option (unknown language, check or glossary file).
    """
    try:
        source, target = languages.normalize(source_lang), languages.normalize(target_lang)
        _validate_checks([*enable, *disable])
        glossary = _load_glossary(glossary_path, source, target)
    except CopydeskError as exc:
        raise click.UsageError(str(exc)) from None
    context = SegmentContext(source, target, glossary=glossary)
    for note in notes(context, enabled=list(enable) or None, disabled=list(disable)):
        click.echo(f"note: {note}", err=True)
    had_error = False
    for record in check_lines(input_file, context, enabled=list(enable) or None,
                              disabled=list(disable)):
        had_error |= "error" in record
        output.write(json.dumps(record, ensure_ascii=False) + "\n")
    if had_error:
        raise click.exceptions.Exit(1)
