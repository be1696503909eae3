"""Scoring engines on test sets: BLEU, chrF and TER as sacrebleu computes them, COMET where
installed, and a Markdown report.

``testsets`` finds the WMT and FLORES-200 files in a local folder, ``lines``
reads line-aligned files as sacrebleu does, ``translation`` runs an engine in
batches, ``scoring`` and ``comet`` compute the metrics, ``result`` holds one
run and ``report`` writes it down.
"""
