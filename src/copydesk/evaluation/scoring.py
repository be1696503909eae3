"""Corpus BLEU, chrF and TER through sacrebleu, with the signatures that make them comparable.

The metrics are built with sacrebleu's defaults, as its command line builds
them (``sacrebleu REF -i HYP -m bleu chrf ter -l SRC-TGT``): BLEU with the
13a tokeniser (``zh``, ``ja`` and ``ko`` targets get sacrebleu's tokeniser for
them), chrF2 with six character n-grams and no word n-grams, TER with
sacrebleu's defaults. A score means little without its signature, so each
carries one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.metrics.base import Metric

from copydesk.errors import ConfigError
from copydesk.evaluation.lines import check_aligned

# sacrebleu's SentencePiece tokenisers fetch their model on first use: not offered.
TOKENIZERS: tuple[str, ...] = tuple(name for name in BLEU.TOKENIZERS
                                    if name not in ("spm", "flores101", "flores200", "spBLEU-1K"))


@dataclass(frozen=True)
class MetricScore:
    """One corpus score: ``name`` as sacrebleu prints it (``BLEU``, ``chrF2``, ``TER``)."""

    name: str
    score: float
    signature: str
    verbose: str = ""

    def line(self) -> str:
        """As ``sacrebleu -f text`` prints it: ``BLEU|nrefs:1|... = 33.1 63.0/38.8/...``."""
        detail = f" {self.verbose}" if self.verbose else ""
        return f"{self.name}|{self.signature} = {self.score:.1f}{detail}"


@dataclass(frozen=True)
class Scores:
    bleu: MetricScore
    chrf: MetricScore
    ter: MetricScore
    sentence_chrf: tuple[float, ...]  # per segment, for the distribution in the report


def score(hypotheses: Sequence[str], references: Sequence[Sequence[str]], target_language: str,
          tokenize: str | None = None) -> Scores:
    """Score ``hypotheses`` against one or more ``references`` (each aligned with them)."""
    check_aligned({"hypotheses": len(hypotheses),
                   **{f"reference {i}": len(ref) for i, ref in enumerate(references, 1)}})
    bleu, chrf, ter = _metrics(target_language.split("-")[0], tokenize)
    hyps, refs = list(hypotheses), [list(ref) for ref in references]
    sentence_chrf = tuple(chrf.sentence_score(hyp, [ref[i] for ref in refs]).score
                          for i, hyp in enumerate(hyps))
    return Scores(bleu=_corpus(bleu, hyps, refs), chrf=_corpus(chrf, hyps, refs),
                  ter=_corpus(ter, hyps, refs), sentence_chrf=sentence_chrf)


def _metrics(target_language: str, tokenize: str | None) -> tuple[BLEU, CHRF, TER]:
    try:
        return BLEU(trg_lang=target_language, tokenize=tokenize), CHRF(), TER()
    except (ImportError, RuntimeError) as exc:  # e.g. ja-mecab without its dictionary
        raise ConfigError(f"The BLEU tokeniser {tokenize or 'for ' + target_language} cannot "
                          f"be used here ({exc}); install what it needs or choose another "
                          f"with --tokenize ({', '.join(TOKENIZERS)}).") from None


def _corpus(metric: Metric, hypotheses: list[str], references: list[list[str]]) -> MetricScore:
    result = metric.corpus_score(hypotheses, references)
    return MetricScore(name=result.name, score=float(result.score),
                       signature=metric.get_signature().format(),
                       verbose=getattr(result, "_verbose", ""))
