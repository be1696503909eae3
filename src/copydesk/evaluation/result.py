"""One evaluation run, as the command prints it, the JSON carries it and the report shows it."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copydesk.evaluation.comet import CometScore, comet_score
from copydesk.evaluation.scoring import Scores, score
from copydesk.evaluation.testsets import TestSet

PSEUDO_WARNING = ("The pseudo engine's output is not a translation: these scores say nothing "
                  "about translation quality.")


@dataclass(frozen=True)
class EngineRun:
    """What an engine did on the test set (absent when hypotheses are scored as given)."""

    name: str
    signatures: tuple[str, ...]
    is_real_translation: bool
    seconds: float
    segments: int
    warnings: tuple[str, ...] = ()

    @property
    def segments_per_second(self) -> float:
        return self.segments / max(self.seconds, 1e-6)


@dataclass(frozen=True)
class Evaluation:
    source_language: str
    target_language: str
    testset: TestSet
    scores: Scores
    comet: CometScore
    scoring_seconds: float
    engine: EngineRun | None = None
    hypotheses_file: Path | None = None

    @property
    def segments(self) -> int:
        return len(self.scores.sentence_chrf)

    @property
    def warnings(self) -> tuple[str, ...]:
        if self.engine is None:
            return ()
        return self.engine.warnings + (() if self.engine.is_real_translation
                                       else (PSEUDO_WARNING,))

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of ``copydesk eval --json``; scores unrounded."""
        s, t, e = self.scores, self.testset, self.engine
        return {
            "bleu": s.bleu.score, "chrf": s.chrf.score, "ter": s.ter.score,
            "comet": self.comet.score,
            "signature": {"bleu": s.bleu.signature, "chrf": s.chrf.signature,
                          "ter": s.ter.signature},
            "bleu_detail": s.bleu.verbose,
            "comet_model": self.comet.model, "comet_note": self.comet.note,
            "segments": self.segments,
            "source_language": self.source_language, "target_language": self.target_language,
            "testset": t.name, "testset_description": t.description,
            "source_file": _path(t.source_file),
            "reference_files": [str(p) for p in t.reference_files],
            "hypotheses_file": _path(self.hypotheses_file),
            "engine": None if e is None else e.name,
            "engine_signatures": [] if e is None else list(e.signatures),
            "is_real_translation": None if e is None else e.is_real_translation,
            "translation_seconds": None if e is None else e.seconds,
            "segments_per_second": None if e is None else e.segments_per_second,
            "scoring_seconds": self.scoring_seconds,
            "warnings": list(self.warnings),
        }

    def summary(self) -> list[str]:
        """The lines ``copydesk eval`` prints: scores as sacrebleu prints them, then the run."""
        s, e = self.scores, self.engine
        comet = (f"COMET|model:{self.comet.model} = {self.comet.score:.4f}"
                 if self.comet.score is not None else f"COMET: none, {self.comet.note}")
        what = self.testset.name or ", ".join(str(p) for p in self.testset.reference_files)
        run = f"{self.segments} segments of {what}, {self.source_language}-{self.target_language}"
        if e is not None:
            run += (f"; engine {', '.join(e.signatures) or e.name}, {e.seconds:.2f} s, "
                    f"{e.segments_per_second:.1f} segments/s")
        else:
            run += f"; hypotheses {self.hypotheses_file}"
        asked = [comet] if self.comet.model else []
        return [s.bleu.line(), s.chrf.line(), s.ter.line(), *asked, run]


def evaluate(testset: TestSet, hypotheses: list[str], source_language: str,
             target_language: str, *, tokenize: str | None = None,
             comet_model: str | None = None, use_gpu: bool = False,
             engine: EngineRun | None = None, hypotheses_file: Path | None = None) -> Evaluation:
    """Score ``hypotheses`` (aligned with ``testset``'s segments) with every metric."""
    started = time.perf_counter()
    scores = score(hypotheses, testset.references, target_language, tokenize)
    if testset.sources is None and comet_model:
        comet = CometScore(comet_model, note="COMET needs the source segments (--source FILE)")
    else:
        comet = comet_score(comet_model, testset.sources or [], hypotheses,
                            testset.references[0], use_gpu=use_gpu)
    return Evaluation(source_language, target_language, testset, scores, comet,
                      time.perf_counter() - started, engine, hypotheses_file)


def _path(path: Path | None) -> str | None:
    return None if path is None else str(path)
