"""The Markdown report and its chart: what an MT engineer needs to compare runs."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from copydesk.errors import InputError
from copydesk.evaluation import testsets
from copydesk.evaluation.report import chart_path, distribution, render_markdown, write_report
from copydesk.evaluation.result import PSEUDO_WARNING, EngineRun, Evaluation, evaluate

SVG = "{http://www.w3.org/2000/svg}"


def _evaluation(tmp_path: Path, engine: EngineRun | None = None) -> Evaluation:
    (tmp_path / "ref.txt").write_text("Der Rat tagte.\nEr stimmte zu.\n", encoding="utf-8")
    test = testsets.from_files(None, [tmp_path / "ref.txt"])
    return evaluate(test, ["Der Rat tagte.", "Er lehnte ab."], "en", "de", engine=engine,
                    hypotheses_file=None if engine else tmp_path / "sys.txt")


def test_chrf_bands_hold_every_segment_once():
    assert distribution((0.0, 9.99, 10.0, 55.5, 99.9, 100.0)) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]


def test_the_report_shows_scores_signatures_set_and_chart(tmp_path):
    evaluation = _evaluation(tmp_path)
    text = render_markdown(evaluation, "scores.chrf.svg")
    s = evaluation.scores
    assert f"| BLEU | {s.bleu.score:.1f} | `nrefs:1\\|case:mixed\\|eff:no\\|tok:13a" in text
    assert f"| chrF2 | {s.chrf.score:.1f} |" in text and f"| TER | {s.ter.score:.1f} |" in text
    assert "| COMET | none | not requested" in text
    assert "ref.txt" in text and "sys.txt" in text and "2 segments" in text
    assert "![Sentence-level chrF distribution](scores.chrf.svg)" in text
    assert PSEUDO_WARNING not in text


def test_an_engine_run_reports_its_signature_speed_and_pseudo_warning(tmp_path):
    run = EngineRun("pseudo", ("engine:pseudo|target:de|v:0.1.0",), False, 0.5, 2)
    text = render_markdown(_evaluation(tmp_path, run), "r.chrf.svg")
    assert "- Signature: `engine:pseudo\\|target:de\\|v:0.1.0`" in text
    assert "- Time taken: 0.50 s, 4.0 segments per second" in text
    assert f"> **Warning:** {PSEUDO_WARNING}" in text


def test_report_and_chart_are_written_side_by_side(tmp_path):
    report = tmp_path / "out" / "scores.md"
    chart = write_report(_evaluation(tmp_path), report)
    assert chart == chart_path(report) == tmp_path / "out" / "scores.chrf.svg"
    assert "(scores.chrf.svg)" in report.read_text(encoding="utf-8")
    svg = ET.parse(chart).getroot()
    assert svg.tag == f"{SVG}svg"
    links = [value for e in svg.iter() for key, value in e.attrib.items()
             if key.endswith(("href", "src"))]
    assert not [link for link in links if link.startswith(("http:", "https:", "//"))]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["scores.chrf.svg",
                                                                   "scores.md"]


def test_a_report_that_cannot_be_written_leaves_nothing(tmp_path):
    (tmp_path / "blocked").write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(InputError, match="Cannot write"):
        write_report(_evaluation(tmp_path), tmp_path / "blocked" / "scores.md")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocked", "ref.txt"]


def test_the_chart_goes_again_when_the_report_itself_fails(tmp_path):
    (tmp_path / "scores.md").mkdir()  # the chart can be written, the report cannot
    with pytest.raises(OSError):
        write_report(_evaluation(tmp_path), tmp_path / "scores.md")
    assert not chart_path(tmp_path / "scores.md").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
