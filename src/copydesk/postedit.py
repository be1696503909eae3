"""How much editors changed the machine draft: post-edit distance, per segment and in total.

HTER is TER (sacrebleu's implementation, default options) with the machine
draft as hypothesis and the edited text as its reference: the share of edits
(insertions, deletions, substitutions, shifts) per word of the edited text,
in percent. The character edit distance is plain Levenshtein on the text
without protected tags. Both read the text as readers see it: tags, which
editors cannot change, are left out.

TER's search for shifted phrases grows fast with sentence length (a reversed
45-word sentence takes most of a second), so a segment longer than ``SHIFT_WORDS``
words on either side is measured without shifts: its word edit distance,
tokenised as TER does, which is TER's upper bound.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import regex
from rapidfuzz.distance import Levenshtein
from sacrebleu.metrics import TER

from copydesk.article import plain_text

WORD = regex.compile(r"[\p{L}\p{N}]+(?:[.,'’\-][\p{L}\p{N}]+)*")
SHIFT_WORDS = 40
_TER = TER()


def words(tagged: str) -> int:
    """Words in a segment's text as readers see it (tags left out)."""
    return len(WORD.findall(plain_text(tagged)))


@dataclass(frozen=True)
class PostEdit:
    """What an editor did to one machine-made segment."""

    edits: float  # TER edits (shifts count as one)
    reference_words: float  # words of the edited text, as TER counts them
    characters: int  # character edit distance
    machine_chars: int

    @property
    def changed(self) -> bool:
        return self.characters > 0

    def to_dict(self) -> dict[str, float]:
        return {"edits": self.edits, "reference_words": self.reference_words,
                "characters": self.characters, "machine_chars": self.machine_chars}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PostEdit:
        return cls(edits=float(data["edits"]), reference_words=float(data["reference_words"]),
                   characters=int(data["characters"]), machine_chars=int(data["machine_chars"]))

    @property
    def hter(self) -> float:
        """Edits per 100 words of the edited text (0 for an untouched segment)."""
        return _percent(self.edits, self.reference_words)

    @property
    def char_ratio(self) -> float:
        """Character edits per 100 characters of the machine text."""
        return _percent(self.characters, self.machine_chars)


def post_edit(machine: str, edited: str) -> PostEdit:
    """Measure the change from the machine's ``machine`` text to the editor's ``edited``."""
    hypothesis, reference = plain_text(machine).strip(), plain_text(edited).strip()
    characters = Levenshtein.distance(hypothesis, reference)
    hyp_words, ref_words = hypothesis.lower().split(), reference.lower().split()
    if characters == 0:
        edits, length = 0.0, float(len(ref_words))
    elif max(len(hyp_words), len(ref_words)) > SHIFT_WORDS:
        edits, length = float(Levenshtein.distance(hyp_words, ref_words)), float(len(ref_words))
    else:
        score = _TER.sentence_score(hypothesis, [reference])
        edits, length = float(score.num_edits), float(score.ref_length)
    return PostEdit(edits=edits, reference_words=length, characters=characters,
                    machine_chars=len(hypothesis))


@dataclass(frozen=True)
class PostEditTotal:
    """Post-edit figures summed over many segments (an article, an edition, a period)."""

    segments: int = 0
    changed: int = 0
    edits: float = 0.0
    reference_words: float = 0.0
    characters: int = 0
    machine_chars: int = 0

    @classmethod
    def of(cls, measured: Iterable[PostEdit]) -> PostEditTotal:
        total = cls()
        for one in measured:
            total = total.plus(one)
        return total

    def plus(self, one: PostEdit) -> PostEditTotal:
        return PostEditTotal(self.segments + 1, self.changed + int(one.changed),
                             self.edits + one.edits, self.reference_words + one.reference_words,
                             self.characters + one.characters,
                             self.machine_chars + one.machine_chars)

    @property
    def hter(self) -> float:
        """Corpus HTER: all edits over all words of the edited texts, in percent."""
        return _percent(self.edits, self.reference_words)

    @property
    def char_ratio(self) -> float:
        return _percent(self.characters, self.machine_chars)

    @property
    def unchanged_share(self) -> float:
        """Share of segments the editors left exactly as the machine wrote them."""
        return (self.segments - self.changed) / self.segments if self.segments else 0.0


def _percent(part: float, whole: float) -> float:
    if whole <= 0:
        return 0.0 if part <= 0 else 100.0
    return 100.0 * part / whole
