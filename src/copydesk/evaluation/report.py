"""The Markdown report of an evaluation, with its chart as an SVG file beside it.

The chart is the distribution of sentence-level chrF: a corpus score hides
whether an engine is uniformly mediocre or mostly fine with a few disasters,
and the shape shows which. The SVG loads no script or style from elsewhere,
so it opens offline. Both files are written whole or not at
all.
"""

from __future__ import annotations

import statistics
from datetime import UTC, datetime
from pathlib import Path

import pygal
import sacrebleu

from copydesk import __version__
from copydesk.evaluation.result import Evaluation
from copydesk.publish.files import write_atomic

BIN_WIDTH = 10


def chart_path(report: Path) -> Path:
    """``scores.md`` -> ``scores.chrf.svg`` in the same folder."""
    return report.with_name(f"{report.stem}.chrf.svg")


def write_report(evaluation: Evaluation, report: Path) -> Path:
    """Write the report and its chart; return the chart's path."""
    chart = chart_path(report)
    svg, markdown = render_chart(evaluation), render_markdown(evaluation, chart.name)
    existed = chart.exists()
    write_atomic(chart, svg)
    try:
        write_atomic(report, markdown)
    except BaseException:
        if not existed:
            chart.unlink(missing_ok=True)
        raise
    return chart


def distribution(scores: tuple[float, ...]) -> list[int]:
    """Segments per chrF band of ``BIN_WIDTH`` points (0-10, ..., 90-100; 100 in the last)."""
    counts = [0] * (100 // BIN_WIDTH)
    for value in scores:
        counts[min(int(value // BIN_WIDTH), len(counts) - 1)] += 1
    return counts


def render_chart(evaluation: Evaluation) -> str:
    chart = pygal.Bar(title=f"Sentence-level chrF, {_title(evaluation)}", show_legend=False,
                      x_title="sentence chrF", y_title="segments", js=[], width=800, height=400)
    chart.x_labels = [f"{low}-{low + BIN_WIDTH}" for low in range(0, 100, BIN_WIDTH)]
    chart.add("segments", distribution(evaluation.scores.sentence_chrf))
    return str(chart.render(is_unicode=True))


def render_markdown(evaluation: Evaluation, chart_name: str) -> str:
    e, s = evaluation, evaluation.scores
    comet = f"{e.comet.score:.4f}" if e.comet.score is not None else "none"
    comet_note = (_code(f"model:{e.comet.model}") if e.comet.score is not None
                  else (e.comet.note or "").replace("|", "\\|"))
    lines = [f"# Evaluation: {_title(e)}", "",
             *(f"> **Warning:** {warning}\n" for warning in e.warnings),
             "| metric | score | signature |", "|---|---:|---|",
             *(f"| {m.name} | {m.score:.1f} | {_code(m.signature)} |"
               for m in (s.bleu, s.chrf, s.ter)),
             f"| COMET | {comet} | {comet_note} |", "",
             f"BLEU in detail: {s.bleu.verbose}.", "", "## Test set", "", *_test_set(e), "",
             "## Engine", "", *_engine(e), "",
             "## Sentence-level chrF", "", f"![Sentence-level chrF distribution]({chart_name})",
             "", *_spread(s.sentence_chrf), "",
             f"Scored by copydesk {__version__} with sacrebleu {sacrebleu.__version__} on "
             f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC.", ""]
    return "\n".join(lines)


def _title(e: Evaluation) -> str:
    if e.engine is not None:
        system = e.engine.name
    else:
        system = e.hypotheses_file.name if e.hypotheses_file else "given hypotheses"
    return f"{system} on {e.testset.name or 'own files'} ({e.source_language}-{e.target_language})"


def _test_set(e: Evaluation) -> list[str]:
    t = e.testset
    lines = [f"- Test set: {_code(t.name)}, {t.description}"] if t.name else []
    lines.append(f"- Direction: {e.source_language} -> {e.target_language}, "
                 f"{e.segments} segments")
    if t.source_file is not None:
        lines.append(f"- Source: {_code(str(t.source_file))}")
    return lines + [f"- Reference: {_code(str(path))}" for path in t.reference_files]


def _engine(e: Evaluation) -> list[str]:
    if e.engine is None:
        return [f"- Hypotheses scored as given: {_code(str(e.hypotheses_file))}",
                f"- Scoring time: {e.scoring_seconds:.2f} s"]
    run = e.engine
    return [f"- Engine: {_code(run.name)}",
            *(f"- Signature: {_code(sig)}" for sig in run.signatures),
            f"- Time taken: {run.seconds:.2f} s, {run.segments_per_second:.1f} segments "
            "per second", f"- Scoring time: {e.scoring_seconds:.2f} s"]


def _spread(scores: tuple[float, ...]) -> list[str]:
    bands = distribution(scores)
    table = ["| chrF | " + " | ".join(f"{i * BIN_WIDTH}-{(i + 1) * BIN_WIDTH}"
                                      for i in range(len(bands))) + " |",
             "|---" * (len(bands) + 1) + "|",
             "| segments | " + " | ".join(str(n) for n in bands) + " |"]
    return [f"Mean {statistics.fmean(scores):.1f}, median {statistics.median(scores):.1f}, "
            f"lowest {min(scores):.1f}, highest {max(scores):.1f}.", "", *table]


def _code(text: str | None) -> str:
    """``text`` as a Markdown code span that survives a table cell."""
    text = (text or "").replace("|", "\\|")
    return f"`` {text} ``" if "`" in text else f"`{text}`"
