"""omission: clauses dropped or added, through FreeDict word lists (scripts/freedict)."""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from copydesk.checks import bilingual
from copydesk.checks.base import SegmentContext, Severity
from copydesk.checks.omission import (
    OmissionCheck,
    Run,
    omission_severity,
    rest_z,
    unmatched_runs,
    visible_len,
)
from tests.checks.helpers import fails, flag_rate, flores_pairs, passes, run, wmt_pairs
from tests.fixtures.shared_data import needs_shared_data
from tests.test_input_sizes import assert_not_quadratic, repeat

LANGS = ("de", "es", "fr", "nl", "it")
MISSING = [lang for lang in LANGS if not bilingual.sources("en", lang)]
installed = pytest.mark.skipif(
    bool(MISSING), reason=f"FreeDict dictionaries missing for en-{', en-'.join(MISSING)} "
    "(scripts/freedict installs them)")

SRC = ("The minister resigned on Monday after weeks of fierce criticism from his own party "
       "over the slow response to the floods in the north.")
FULL = {
    "de": "Der Minister trat am Montag nach wochenlanger heftiger Kritik aus der eigenen "
          "Partei an der langsamen Reaktion auf die Überschwemmungen im Norden zurück.",
    "es": "El ministro dimitió el lunes tras semanas de duras críticas de su propio partido "
          "por la lenta respuesta a las inundaciones en el norte.",
}
SHORT = {"de": "Der Minister trat am Montag zurück.", "es": "El ministro dimitió el lunes."}


@installed
@pytest.mark.parametrize("lang", ["de", "es"])
def test_a_faithful_translation_passes(lang: str) -> None:
    passes(OmissionCheck, SRC, FULL[lang], tgt_lang=lang)


@installed
@pytest.mark.parametrize("lang", ["de", "es"])
def test_a_dropped_clause_is_major(lang: str) -> None:
    issue = fails(OmissionCheck, SRC, SHORT[lang], tgt_lang=lang)[0]
    assert issue.severity is Severity.MAJOR and "missing" in issue.message
    start, end = issue.source_span
    assert SRC[start:end].startswith("weeks of fierce criticism")


@installed
def test_a_dropped_relative_clause_is_caught_in_every_language() -> None:
    src = ("Scientists at the university announced that they had discovered a new species of "
           "frog in the mountains, which is already threatened by farming, mining and the "
           "felling of the old forests.")
    kept = {"de": "Wissenschaftler der Universität gaben bekannt, dass sie in den Bergen eine "
                  "neue Froschart entdeckt hätten.",
            "es": "Científicos de la universidad anunciaron que habían descubierto una nueva "
                  "especie de rana en las montañas.",
            "fr": "Des scientifiques de l'université ont annoncé avoir découvert une nouvelle "
                  "espèce de grenouille dans les montagnes.",
            "nl": "Wetenschappers van de universiteit maakten bekend dat ze in de bergen een "
                  "nieuwe kikkersoort hadden ontdekt.",
            "it": "Gli scienziati dell'università hanno annunciato di aver scoperto una nuova "
                  "specie di rana nelle montagne."}
    for lang, target in kept.items():
        issues = fails(OmissionCheck, src, target, tgt_lang=lang)
        spans = [i.source_span for i in issues]
        assert all(start >= src.index("which") for start, _ in spans), (lang, spans)


@installed
def test_german_and_dutch_compounds_count_as_matches() -> None:
    src = "The government spokesman said the new children's hospital would open next spring."
    passes(OmissionCheck, src, "Der Regierungssprecher sagte, das neue Kinderkrankenhaus werde "
           "im nächsten Frühjahr eröffnet.")
    passes(OmissionCheck, src, "De regeringswoordvoerder zei dat het nieuwe kinderziekenhuis "
           "volgend voorjaar opengaat.", tgt_lang="nl")


@installed
def test_names_and_numbers_copied_verbatim_count_as_matches() -> None:
    src = "Zbigniew Kowalczyk won 4,512 votes in Wrocław, Gdańsk and Szczecin."
    passes(OmissionCheck, src, "Zbigniew Kowalczyk gewann 4.512 Stimmen in Wrocław, Gdańsk "
           "und Szczecin.")


@installed
def test_an_added_clause_is_minor() -> None:
    issues = fails(OmissionCheck, "Police arrested two men on Friday.",
                   "Die Polizei nahm am Freitag zwei Männer fest, nachdem sie stundenlang durch "
                   "die halbe Stadt gejagt worden waren und dabei mehrere Autos beschädigt "
                   "hatten.")
    assert all(i.severity is Severity.MINOR for i in issues)
    assert any("added" in i.message and i.target_span for i in issues)


@installed
def test_nfd_input_reads_like_nfc_and_spans_point_into_the_input() -> None:
    src, tgt = unicodedata.normalize("NFD", SRC), unicodedata.normalize("NFD", SHORT["de"])
    nfc = run(OmissionCheck, SRC, SHORT["de"])
    nfd = run(OmissionCheck, src, tgt)
    assert [i.severity for i in nfd] == [i.severity for i in nfc]
    passes(OmissionCheck, src, unicodedata.normalize("NFD", FULL["de"]))
    start, end = nfd[0].source_span
    assert src[start:end].startswith("weeks")


@installed
def test_tags_and_empty_targets_are_left_to_other_checks() -> None:
    passes(OmissionCheck, SRC, "")
    tagged = SRC.replace("fierce criticism", "<g1>fierce criticism</g1>")
    assert run(OmissionCheck, tagged, SHORT["de"])[0].severity is Severity.MAJOR


def _runs(src: str, tgt: str) -> list[tuple[str, int]]:
    lex = bilingual.lexicon("en", "de")
    assert lex is not None
    return [(src[r.start:r.end], r.unmatched) for r in unmatched_runs(src, tgt, "en", "de", lex)]


DATES = "She wrote the dates 5/11/648, 12/13/648 and 1/2/649 on the page."


@installed
def test_numbers_match_group_by_group_whatever_the_order_and_zeros() -> None:
    assert _runs(DATES, "Sie schrieb die Daten 11.05.648, 13.12.648 und 02.01.649 auf die "
                 "Seite.") == []
    assert _runs(DATES, "Sie schrieb das Datum 17.07.700 auf die Seite.") == [
        ("5/11/648, 12/13/648 and 1/2/649", 8)]


@installed
def test_contractions_of_short_words_are_function_words() -> None:
    assert _runs("I’d say we can’t, and I’ll add she’ll never, so let’s wait.", "Wir warten.") == []


@installed
def test_a_listed_phrase_matches_its_rendering_as_a_whole() -> None:
    src = "Strictly speaking, the bridge is, so to speak, finished."
    assert _runs(src, "Genaugenommen ist die Brücke sozusagen fertig.") == []
    assert _runs("Of course we will keep in mind that the shop closes early.",
                 "Natürlich berücksichtigen wir, dass der Laden früh schließt.") == []
    assert _runs("Strictly speaking, the new law is fair.", "Das Gesetz ist fair.") == [
        ("Strictly speaking, the new", 3)]  # without a rendering, its words count one by one


@installed
def test_a_word_repeated_counts_once_in_a_run() -> None:
    tgt = "Mehr hören wir nicht."
    assert _runs("Crisis, crisis, crisis, that is all we hear about.", tgt) == []
    assert _runs("Crisis, famine, war, that is all we hear about.", tgt) == [
        ("Crisis, famine, war", 3)]


@installed
def test_a_run_ends_with_its_sentence_but_a_dropped_sentence_is_one() -> None:
    assert _runs("The minister said the talks failed. Farmers protested in Paris.",
                 "Der Minister sprach in Paris.") == []
    assert _runs("The minister said they paid 500. Farmers protested in Paris.",
                 "Der Minister sprach in Paris.") == []  # a number ends a sentence too
    assert _runs("The minister said Mr. Smith paid Dr. Jones. Farmers protested in Paris.",
                 "Der Minister sprach in Paris.") == [("Mr. Smith paid Dr. Jones", 5)]
    assert _runs("The minister spoke in Paris. Angry farmers blocked every road for hours.",
                 "Der Minister sprach in Paris.") == [
        ("Angry farmers blocked every road for hours", 5)]


@installed
def test_a_translation_with_room_for_the_run_is_not_major() -> None:
    src = ("We parroted these references back and forth to one another with the assumption "
           "that most people would get it.")
    rephrased = ("Wir plapperten uns diese Einzeiler gegenseitig zu und gingen davon aus, dass "
                 "die meisten uns verstehen würden.")
    assert all(i.severity is Severity.MINOR for i in run(OmissionCheck, src, rephrased))
    assert run(OmissionCheck, src, "Wir plapperten.")[0].severity is Severity.MAJOR


def test_rest_z_grows_with_the_words_taken_out() -> None:
    src, tgt = visible_len(SRC), visible_len(FULL["de"])
    small = rest_z(Run(0, 10, 3, chars=10), src, tgt, "en", "de")
    large = rest_z(Run(0, 60, 6, chars=60), src, tgt, "en", "de")
    assert small is not None and large is not None and large > small
    assert rest_z(Run(0, 60, 6, chars=src), src, tgt, "en", "de") is None  # nothing left
    assert rest_z(Run(0, 10, 3, chars=10), src, tgt, "en", "ja") is None  # no norm


def test_severity_follows_the_run_and_the_length_ratio() -> None:
    assert omission_severity(3, -3.1) is Severity.MAJOR
    assert omission_severity(3, -1.2) is Severity.MINOR
    assert omission_severity(3, 0.5) is None
    assert omission_severity(5, -1.1) is Severity.MAJOR
    assert omission_severity(5, -0.6) is Severity.MINOR
    assert omission_severity(9, -0.6) is Severity.MAJOR
    assert omission_severity(9, -0.1) is Severity.MINOR
    assert omission_severity(9, 0.3) is None  # a longer translation has room for it
    assert omission_severity(4, None) is Severity.MINOR  # no length norm to ask
    assert omission_severity(3, None) is None
    assert omission_severity(5, -1.2, rest=0.2) is Severity.MAJOR
    assert omission_severity(5, -1.2, rest=1.3) is Severity.MINOR  # room for it in the text


@installed
@needs_shared_data
@pytest.mark.parametrize("lang", LANGS)
def test_few_false_alarms_on_flores_human_references(lang: str) -> None:
    assert flag_rate(OmissionCheck(), flores_pairs("en", lang), "en", lang) <= 0.015


@installed
@needs_shared_data
def test_few_false_alarms_on_newstest_human_references() -> None:
    assert flag_rate(OmissionCheck(), wmt_pairs(year=2019)) <= 0.015
    assert flag_rate(OmissionCheck(), wmt_pairs(year=2020)) <= 0.015


UNITS = {
    "sentence": (SRC + " ", SHORT["de"] + " "),
    "one long word": ("a" * 50 + " ", "b" * 50 + " "),
    "digits": ("1.2,3 ", "4,5.6 "),
    "marks": ("é" + "\u0301" * 30 + " ", "ü" + "\u0308" * 30 + " "),
    "tags": ("<g1>word</g1> ", "<x1/> "),
}


@installed
@pytest.mark.parametrize("unit", UNITS, ids=str)
def test_time_is_linear_in_the_input(unit: str) -> None:
    check, context = OmissionCheck(), SegmentContext("en", "de")

    def make(n: int) -> Callable[[], object]:
        src, tgt = UNITS[unit]
        source, target = repeat(src, 10 * n), repeat(tgt, 10 * n)
        return lambda: check.run(source, target, context)

    assert_not_quadratic(make, n=2_000)


def test_a_missing_dictionary_skips_the_check_with_a_note(tmp_path: Path) -> None:
    check = OmissionCheck(cache_dir=tmp_path / "cache", directories=[tmp_path])
    context = SegmentContext("en", "ja")
    note = check.unavailable(context)
    assert note is not None and "skipped" in note and "dict-freedict-eng-jpn" in note
    assert str(tmp_path) in note and "\n" not in note
    assert check.run(SRC, "大臣は月曜日に辞任した。", context) == []


def test_copydesk_check_notes_a_missing_dictionary_once(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"id": i, "source": SRC, "target": "장관이 사임했다."}) + "\n"
                    for i in range(3))
    env = {**os.environ, "COPYDESK_HOME": str(tmp_path / "home")}
    result = subprocess.run([str(Path(sys.executable).with_name("copydesk")), "check",
                             "--from", "en", "--to", "ko", "--enable", "omission"],
                            input=lines, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("omission: no FreeDict dictionary for en-ko") == 1
    assert [json.loads(line)["issues"] for line in result.stdout.splitlines()] == [[], [], []]


# --- compiling a dictd dictionary -------------------------------------------------

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(number: int) -> str:
    digits = ""
    while True:
        digits = B64[number % 64] + digits
        number //= 64
        if not number:
            return digits


def write_dictd(folder: Path, name: str, entries: list[tuple[str, str]]) -> None:
    """A dictd dictionary as dictfmt writes it: the entries' text and an index of
    (headword, offset, length) in dictd's base64."""
    body, index = b"", ["00databaseshort\tA\tB"]
    for headword, text in entries:
        raw = text.encode("utf-8")
        index.append(f"{headword}\t{_b64(len(body))}\t{_b64(len(raw))}")
        body += raw
    (folder / f"{name}.index").write_text("\n".join(index) + "\n", encoding="utf-8")
    with gzip.open(folder / f"{name}.dict.dz", "wb") as handle:
        handle.write(body)


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    dictd = tmp_path / "dictd"
    dictd.mkdir()
    write_dictd(dictd, "freedict-eng-deu", [
        ("hospital", "hospital /hɒspɪtəl/\nKrankenhaus <neut>, Spital <neut>\n"
                     " see: {clinic}\n"),
        ("ferry", "ferry /fɛɹi/\n1. Fähre <fem>\n2. Fährschiff <neut> [naut.]\n"
                  '      "a car ferry"  - eine Autofähre\n'),
        ("go back", "go back\nzurückgehen\n"),
    ])
    write_dictd(dictd, "freedict-deu-eng", [
        ("Brücke", "Brücke /bʁʏkə/ <fem>\nbridge <n>\n"),
        ("Hafen", "Hafen <masc>\n1. harbour, port\n2. haven\n"),
    ])
    return dictd


def test_compile_reads_both_directions_of_a_tiny_dictionary(tiny: Path, tmp_path: Path) -> None:
    path = bilingual.compile_pair("en", "de", tmp_path / "cache", [tiny])
    assert path is not None and path.name == "en-de.sqlite3"
    lex = bilingual.Lexicon(path, "en", "de")
    assert lex.targets(bilingual.stem("hospitals", "en")) == {
        bilingual.stem("Krankenhaus", "de"), bilingual.stem("Spital", "de")}
    assert lex.targets(bilingual.stem("ferry", "en")) == {"fahr", "fahrschiff"}
    assert lex.targets(bilingual.stem("bridge", "en")) == {"bruck"}  # read backwards
    assert lex.targets(bilingual.stem("port", "en")) == {bilingual.stem("Hafen", "de")}
    assert lex.targets("clinic") is None  # a cross-reference is no translation
    assert lex.targets("go") is None  # a two-word headword is kept as a phrase
    assert lex.targets(bilingual.phrase_key(["go", "back"], "en")) == {
        bilingual.stem("zurückgehen", "de")}
    assert list((tmp_path / "cache").iterdir()) == [path]  # no temporary file left


def test_compile_is_redone_only_when_a_dictionary_changes(tiny: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = bilingual.compile_pair("en", "de", cache, [tiny])
    assert path is not None
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO words VALUES ('marker', 'x')")
    db.close()
    assert bilingual.compile_pair("en", "de", cache, [tiny]) == path
    assert bilingual.Lexicon(path, "en", "de").targets("marker") == {"x"}  # kept
    write_dictd(tiny, "freedict-eng-deu", [("ship", "ship\nSchiff <neut>\n")])
    path = bilingual.compile_pair("en", "de", cache, [tiny])
    assert path is not None
    lex = bilingual.Lexicon(path, "en", "de")
    assert lex.targets("marker") is None and lex.targets("ship") == {"schiff"}


def test_a_compiled_file_in_a_shared_folder_is_used(tiny: Path, tmp_path: Path) -> None:
    machine = bilingual.compile_pair("en", "de", tmp_path / "machine", [tiny])
    found = bilingual.compile_pair("en", "de", tmp_path / "home", [tiny], [tmp_path / "machine"])
    assert found == machine and not (tmp_path / "home").exists()


def test_the_check_runs_on_a_tiny_dictionary(tiny: Path, tmp_path: Path) -> None:
    check = OmissionCheck(cache_dir=tmp_path / "cache", directories=[tiny])
    context = SegmentContext("en", "de")
    assert check.unavailable(context) is None
    lex = bilingual.lexicon("en", "de", tmp_path / "cache", (tiny,))
    assert lex is not None
    runs = unmatched_runs("hospital ferry bridge harbour", "Das Krankenhaus.", "en", "de", lex)
    assert [(r.start, r.unmatched) for r in runs] == [(9, 3)]
    assert unmatched_runs("hospital ferry bridge harbour",
                          "Krankenhaus, Autofähre, Brückenbau, Hafenstadt.", "en", "de", lex) == []


def test_a_corrupt_dictionary_is_skipped_not_raised(tmp_path: Path) -> None:
    (tmp_path / "freedict-eng-deu.index").write_text("ship\tA\tZZ\n", encoding="utf-8")
    (tmp_path / "freedict-eng-deu.dict.dz").write_bytes(b"not gzip at all")
    check = OmissionCheck(cache_dir=tmp_path / "cache", directories=[tmp_path])
    note = check.unavailable(SegmentContext("en", "de"))
    assert note is not None and "could not be read or compiled" in note
    assert check.run(SRC, SHORT["de"], SegmentContext("en", "de")) == []


def test_base64_offsets_round_trip() -> None:
    assert bilingual._b64(_b64(123_456_789)) == 123_456_789
    assert _b64(0) == "A" and bilingual._b64("BA") == 64


def test_lookups_from_many_threads_agree(tiny: Path, tmp_path: Path) -> None:
    path = bilingual.compile_pair("en", "de", tmp_path / "cache", [tiny])
    assert path is not None
    lex = bilingual.Lexicon(path, "en", "de")
    words = [bilingual.stem(w, "en") for w in ("hospital", "ferry", "bridge", "port", "x")] * 200
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lex.targets, words))
    assert found == [bilingual.Lexicon(path, "en", "de").targets(w) for w in words]
