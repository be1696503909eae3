"""Which words changed between two texts, with the work bounded.

The review screen's diffs (an edit against the machine draft, a memory match's
source against the new source) and the comparison of source versions all mark
changed words with ``difflib`` on word tokens. ``difflib`` costs the product of
the two lengths in the worst case, so the common start and end are taken off
first and a changed middle longer than ``MAX_WORD_WORK`` is one change.
"""

from __future__ import annotations

import difflib
import re

MAX_WORD_WORK = 90_000  # tokens × tokens of a changed middle that difflib compares
_TOKENS = re.compile(r"</?g\d+>|<x\d+/>|\s+|\w+|[^\w\s]")  # a tag is one token

Opcode = tuple[str, int, int, int, int]  # difflib's (tag, a1, a2, b1, b2)


def tokens(text: str) -> list[str]:
    """``text`` as the word diff sees it: words, runs of space, punctuation, tags."""
    return _TOKENS.findall(text)


def word_opcodes(before: str, after: str) -> tuple[list[str], list[str], list[Opcode]]:
    """Both texts as tokens (words, spaces, punctuation; a tag is one token) and difflib's
    opcodes from the first to the second, with the work bounded.

    A reordered 20,000-character text costs milliseconds, not minutes.
    """
    old, new = tokens(before), tokens(after)
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    a_end, b_end = len(old) - tail, len(new) - tail
    ops: list[Opcode] = [("equal", 0, head, 0, head)] if head else []
    if (a_end - head) * (b_end - head) <= MAX_WORD_WORK:
        matcher = difflib.SequenceMatcher(None, old[head:a_end], new[head:b_end],
                                          autojunk=False)
        ops += [(op, a1 + head, a2 + head, b1 + head, b2 + head)
                for op, a1, a2, b1, b2 in matcher.get_opcodes()]
    else:  # too long to compare word by word: the changed middle as a whole
        ops.append(("replace", head, a_end, head, b_end))
    if tail:
        ops.append(("equal", a_end, len(old), b_end, len(new)))
    return old, new, ops
