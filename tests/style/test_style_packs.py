"""Style packs of other languages, the registry and apply_fixes."""

from copydesk.checks.base import Fix, Issue, Severity
from copydesk.style import PACKS, apply_fixes, pack_for, review

NNBSP = "\u202f"


def fixed(text: str, lang: str) -> str:
    return apply_fixes(text, review(text, lang))[0]


def test_registry():
    assert set(PACKS) == {"de", "fr", "nl", "es", "it"}
    assert pack_for("de-CH").language == "de"
    assert pack_for("ja") is None and review('"x"', "ja") == []


def test_french_guillemets_with_narrow_spaces():
    assert fixed('Il a dit "bonjour".', "fr") == f"Il a dit «{NNBSP}bonjour{NNBSP}»."
    assert fixed("Il a dit « oui».", "fr") == f"Il a dit «{NNBSP}oui{NNBSP}»."
    assert review(f"Il a dit «{NNBSP}oui{NNBSP}».", "fr") == []


def test_spanish_italian_dutch_quotes():
    assert fixed('Dijo "sí".', "es") == "Dijo «sí»."
    assert fixed('Ha detto "sì".', "it") == "Ha detto «sì»."
    assert fixed('Hij zei "ja".', "nl") == "Hij zei “ja”."
    assert fixed("l'economia", "it") == "l’economia"


def issue(start: int, end: int, replacement: str) -> Issue:
    return Issue("house-style", Severity.MINOR, "m", (start, end), None,
                 Fix(start, end, replacement))


def test_apply_fixes_skips_overlaps_and_issues_without_fix():
    text = "abcdef"
    plain = Issue("house-style", Severity.MINOR, "no fix", (0, 1))
    new, applied = apply_fixes(text, [issue(4, 6, "XY"), issue(0, 2, "AB"), issue(1, 3, "zz"),
                                      plain])
    assert new == "ABcdXY"
    assert [a.fix.start for a in applied] == [0, 4]


def test_apply_fixes_ignores_fixes_outside_the_text():
    assert apply_fixes("abc", [issue(2, 9, "x")]) == ("abc", [])
