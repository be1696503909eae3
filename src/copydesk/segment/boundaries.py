"""Where sentences end in plain text, by language rules.

A candidate end is a run of ``.``, ``!``, ``?`` or ``…`` with any closing
quotes and brackets after it, followed by white space and more text (for
Chinese and Japanese: ``。！？`` with no space needed). A candidate is a real
end unless

* the next word starts in lower case (``etc. and``, ``"Stop!" he said``);
  words like ``iPhone`` or Dutch ``'s`` may still start a sentence;
* the period belongs to an abbreviation the language lists (``Dr.``, ``z.B.``),
  to an abbreviation before a number (``No. 5``, ``S. 12``), to an initial
  (``George W. Bush``, ``z. B.``) or to an ordinal (``am 3. Oktober``);
* the period follows an abbreviation that often ends a sentence too
  (``Inc.``, ``U.S.``, ``usw.``) and the next word is not a typical first word.

Decimals, times, domains and addresses (``3.5``, ``10.30``, ``Amazon.com``)
never match, because no space follows their periods.
"""

from __future__ import annotations

import re

from copydesk.segment.rules import LanguageRules

_CLOSERS = "\"'”“’‘»«)\\]}"
_OPENERS = "\"'„“”‘‚’«»(\\[{¿¡–—\\-"
# Possessive quantifiers: closing quotes always stay with the sentence they close.
_END = re.compile(rf"(?P<run>[.!?…]++)[{_CLOSERS}]*+(?=\s+\S)")
_END_FRENCH = re.compile(rf"(?P<run>[.!?…]++)(?:\s?»|[{_CLOSERS}])*+(?=\s+\S)")
_END_NO_SPACE = re.compile(r"(?P<run>[。！？!?]++)(?P<close>[”’」』）)】》\"]*+)(?=\s*\S)")
_QUOTE_PARTICLE = re.compile(r"\s*(?:と|って)")  # 「行こう。」と言った: the quote goes on
_BEFORE = re.compile(r"(?:(?P<before>\S+)\s+)?(?P<token>\S*)$")
_WORD = re.compile(r"[\w'’-]*")
_INITIALISM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_CAMEL = re.compile(r"[a-z]+[A-Z]")
_WORD_CHAR = re.compile(r"[^\W_]")  # what str.isalnum() accepts


def find_breaks(plain: str, rules: LanguageRules, no_space: bool = False) -> list[int]:
    """Offsets in ``plain`` just after each sentence end (before the space that follows)."""
    if no_space:
        breaks = [
            m.end()
            for m in _END_NO_SPACE.finditer(plain)
            if not (m.group("close") and _QUOTE_PARTICLE.match(plain, m.end()))
        ]
    else:
        pattern = _END_FRENCH if rules.language == "fr" else _END
        breaks = [m.end() for m in pattern.finditer(plain) if _is_break(plain, m, rules)]
    return _drop_empty_pieces(plain, breaks)


def _drop_empty_pieces(plain: str, breaks: list[int]) -> list[int]:
    """Keep stray quotes or dots with a neighbour: every sentence needs a letter or digit.

    The next letter or digit is searched once per kept piece, so a long run of
    pieces without one ("… … …") costs its length, not its length squared.
    """
    kept: list[int] = []
    word = _WORD_CHAR.search(plain)
    for end in [*breaks, len(plain)]:
        if word is not None and word.start() < end:
            kept.append(end)
            word = _WORD_CHAR.search(plain, end)
    if kept:
        kept[-1] = len(plain)
    return kept[:-1]


def _is_break(plain: str, end: re.Match[str], rules: LanguageRules) -> bool:
    following = plain[end.end() : end.end() + 80].lstrip()
    raw = following.split(None, 1)[0] if following else ""
    word = _WORD.match(following.lstrip(_OPENERS)).group()  # type: ignore[union-attr]
    if word[:1].islower() and not _CAMEL.match(word) and raw not in rules.lowercase_starters:
        return False
    if end.group("run") != ".":
        return True
    context = _BEFORE.search(plain[max(0, end.start() - 60) : end.start()])
    token = context.group("token").lstrip(_OPENERS) if context else ""
    before = (context.group("before") or "") if context else ""
    return _period_ends(token, before, word or following[:1], rules)


def _period_ends(token: str, before: str, word: str, rules: LanguageRules) -> bool:
    """Whether a period right after ``token`` ends the sentence, given the next word."""
    if not token or token in rules.never_final:
        return not token
    if word[:1].isdigit() and (
        token in rules.before_number or rules.endings_before_number.ends(token)
    ):
        return False
    if len(token) == 1 and token.isalpha():
        return _initial_ends(token, before, word, rules)
    if token.isdigit():
        return not (rules.has_ordinals and _is_ordinal(token, before, word, rules))
    if token in rules.final_before_starter:
        return word in rules.sentence_starters
    if _INITIALISM.fullmatch(token):
        return token.isupper() and word in rules.sentence_starters
    return True


def _initial_ends(letter: str, before: str, word: str, rules: LanguageRules) -> bool:
    """A single letter: an initial or part of ``z. B.``; rarely the end (``Plan B. The``)."""
    if letter.islower() or re.fullmatch(r"\w\.", before.lstrip(_OPENERS)):
        return False
    return word in rules.sentence_starters


def _is_ordinal(number: str, before: str, word: str, rules: LanguageRules) -> bool:
    """``am 3. Oktober``, ``im 19. Jahrhundert``: a day or an ordinal, not a sentence end.

    A number of up to three digits is an ordinal unless a typical first word
    follows; a month name or a word like ``am`` before it settles the case.
    """
    if len(number) > 3:
        return False
    bare = before.lstrip(_OPENERS).rstrip(",;:")
    if (len(number) <= 2 and word in rules.months) or bare in rules.ordinal_before:
        return True
    return word not in rules.sentence_starters
