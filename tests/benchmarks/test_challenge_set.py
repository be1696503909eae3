"""The challenge set: each error class applies its error and nothing else, skips pairs it
cannot apply to, is the same for the same seed, and survives odd input."""

from __future__ import annotations

import json
import random
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from wordfreq import zipf_frequency

from tests.fixtures.shared_data import require
from tests.test_input_sizes import assert_not_quadratic

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import challenge_set as cs
import checks_challenge


def apply(name: str, source: str, reference: str, lang: str, seed: int = 0,
          source_lang: str = "en"):
    return cs.PERTURBATIONS[name](cs.nfc(source), cs.nfc(reference), lang,
                                  random.Random(f"{seed}:{name}"), source_lang=source_lang)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


# --- negation dropped -----------------------------------------------------------

@pytest.mark.parametrize(("lang", "reference", "expected"), [
    ("de", "Die Polizei hat es nicht bestätigt.", "Die Polizei hat es bestätigt."),
    ("de", "Es gab keinen Beweis.", "Es gab einen Beweis."),
    ("de", "Nie zuvor war es so kalt.", "Zuvor war es so kalt."),
    ("es", "La policía no confirmó nada.", "La policía confirmó algo."),
    ("fr", "La police ne l'a pas confirmé.", "La police l'a confirmé."),
    ("fr", "Je n'aime jamais ça.", "J'aime ça."),
    ("nl", "Er was geen bewijs.", "Er was een bewijs."),
    ("it", "La polizia non l'ha mai confermato.", "La polizia l'ha confermato."),
])
def test_negation_dropped_removes_the_negation(lang, reference, expected):
    change = apply("negation-dropped", "The police did not confirm it.", reference, lang)
    assert change is not None and change.perturbed == expected


def test_negation_dropped_changes_nothing_else():
    reference = "Er sagte:  „Das ist nicht wahr“ , und ging."
    change = apply("negation-dropped", "He said it is not true.", reference, "de")
    assert change is not None and change.perturbed == "Er sagte:  „Das ist wahr“ , und ging."


def test_negation_dropped_needs_a_negation_in_the_source():
    assert apply("negation-dropped", "The police confirmed it.",
                 "Die Polizei hat es nicht bestätigt.", "de") is None


def test_negation_dropped_leaves_not_only_and_lone_ne_alone():
    assert apply("negation-dropped", "It is not only cold.", "Es ist nicht nur kalt.", "de") is None
    assert apply("negation-dropped", "It is not cold, I fear.",
                 "Je crains qu'il ne fasse froid.", "fr") is None  # "ne" explétif


@pytest.mark.parametrize(("reference", "expected"), [
    ("The police did not confirm it.", "The police did confirm it."),
    ("The police didn't confirm it.", "The police did confirm it."),
    ("The police didn’t confirm it.", "The police did confirm it."),
    ("He can't come.", "He can come."),
    ("He won't come.", "He will come."),
    ("He cannot come.", "He can come."),
    ("There was no evidence.", "There was evidence."),
    ("Nobody came.", "Somebody came."),
    ("She never said so.", "She said so."),
])
def test_negation_dropped_into_english(reference, expected):
    change = apply("negation-dropped", "Die Polizei hat es nicht bestätigt.", reference, "en",
                   source_lang="de")
    assert change is not None and change.perturbed == expected


@pytest.mark.parametrize(("lang", "negative", "positive"), [
    ("de", "Es gab keinen Beweis.", "Es gab einen Beweis."),
    ("es", "La policía no lo confirmó.", "La policía lo confirmó."),
    ("fr", "La police n'a rien confirmé.", "La police a confirmé."),
    ("nl", "Er was geen bewijs.", "Er was een bewijs."),
    ("it", "La polizia non l'ha confermato.", "La polizia l'ha confermato."),
])
def test_negation_dropped_reads_the_negation_of_every_source_language(lang, negative, positive):
    reference = "The police did not confirm it."
    assert apply("negation-dropped", negative, reference, "en", source_lang=lang) is not None
    assert apply("negation-dropped", positive, reference, "en", source_lang=lang) is None
    assert apply("negation-dropped", "No. 5 came.", reference, "en") is None


def test_negation_dropped_into_english_leaves_not_only_alone():
    assert apply("negation-dropped", "Es ist nicht nur kalt.", "It is not only cold.", "en",
                 source_lang="de") is None
    change = apply("negation-dropped", "Niemand kam.", "No one came.", "en", source_lang="de")
    assert change is not None and change.perturbed == "Someone came."


def test_negation_dropped_skips_a_concord_word_that_would_leave_the_negation():
    change = apply("negation-dropped", "He never saw it.", "No lo vio nunca.", "es")
    assert change is not None and change.perturbed == "Lo vio."


# --- number changed -------------------------------------------------------------

@pytest.mark.parametrize(("source", "reference", "lang"), [
    ("The fire destroyed 4,400 homes in 2011.",
     "Das Feuer zerstörte 4\u00a0400 Häuser im Jahr 2011.", "de"),
    ("It rose 3.5 percent.", "Il a augmenté de 3,5\u202fpour cent.", "fr"),
    ("About 1,000,000 people.", "Ongeveer 1.000.000 mensen.", "nl"),
])
def test_number_changed_changes_one_digit_and_keeps_the_format(source, reference, lang):
    for seed in range(20):
        change = apply("number-changed", source, reference, lang, seed)
        assert change is not None
        assert len(change.perturbed) == len(reference)
        diff = [i for i, (a, b) in enumerate(zip(reference, change.perturbed, strict=True))
                if a != b]
        assert len(diff) == 1
        assert reference[diff[0]].isdigit() and change.perturbed[diff[0]].isdigit()
        # The separators (no-break and thin spaces included) stay where they were.
        assert re.sub(r"\d", "0", change.perturbed) == re.sub(r"\d", "0", reference)
        new = next(m.group() for m in cs.NUMBER.finditer(change.perturbed)
                   if m.start() <= diff[0] < m.end())
        assert cs._digits(new) not in {cs._digits(m.group()) for m in cs.NUMBER.finditer(source)}


def test_number_changed_keeps_a_leading_digit_nonzero():
    for seed in range(40):
        change = apply("number-changed", "In 7 days.", "In 7 Tagen.", "de", seed)
        assert change is not None and re.search(r"In [0-9] Tagen", change.perturbed)
        change = apply("number-changed", "In 12 days.", "In 12 Tagen.", "de", seed)
        assert change is not None and not change.perturbed.startswith("In 0")


def test_number_changed_skips_numbers_the_source_does_not_have():
    assert apply("number-changed", "Twelve people came.", "12 Menschen kamen.", "de") is None
    assert apply("number-changed", "No numbers here.", "Keine Zahlen.", "de") is None


def test_number_changed_ignores_digits_inside_words():
    assert apply("number-changed", "The H5N1 virus.", "Das H5N1-Virus.", "de") is None


# --- name translated ------------------------------------------------------------

def test_name_translated_renders_the_name_as_a_common_word():
    change = apply("name-translated", "The film stars Ryan Gosling and Emma Stone.",
                   "Im Film spielen Ryan Gosling und Emma Stone.", "de")
    assert change is not None
    assert change.perturbed == "Im Film spielen Ryan Gosling und Emma Stein."
    assert change.what == "Stone -> Stein"


def test_name_translated_skips_names_the_reference_renders_or_that_lead_a_name():
    # Not kept as written in the reference: nothing to translate.
    assert apply("name-translated", "They met Gordon Brown.", "Sie trafen Herrn Premier.",
                 "de") is None
    # "White House" is rightly translated; a sentence-initial word is not taken for a name.
    assert apply("name-translated", "He went to the White House.",
                 "Er ging ins White House.", "de") is None
    assert apply("name-translated", "Young people came.", "Young people kamen.", "de") is None


def test_name_translated_needs_an_english_source():
    assert apply("name-translated", "Im Film spielen Ryan Gosling und Emma Stone.",
                 "The film stars Ryan Gosling and Emma Stone.", "en", source_lang="de") is None


def test_name_translated_table_has_real_words_of_every_language():
    for word, row in cs.NAME_WORDS.items():
        assert set(row) == set(cs.TARGETS), word
        for lang, rendering in row.items():
            assert unicodedata.is_normalized("NFC", rendering)
            # A word the language uses: the error must read like a translation.
            assert zipf_frequency(rendering.lower(), lang) >= 1.4, (word, lang, rendering)


# --- clause dropped -------------------------------------------------------------

def test_clause_dropped_removes_a_clause_of_three_content_words():
    reference = ("Der Minister sprach am Montag in Berlin, und die Opposition kritisierte "
                 "seine Pläne scharf.")
    change = apply("clause-dropped", "The minister spoke, and the opposition criticised it.",
                   reference, "de")
    assert change is not None
    assert change.perturbed == "Der Minister sprach am Montag in Berlin."
    kept = words(change.perturbed)
    dropped = [w for w in words(reference) if w not in kept]
    assert sum(1 for w in dropped if len(w) >= 3 and w.lower() not in
               cs.FUNCTION_WORDS["de"].split()) >= cs.MIN_CONTENT


def test_clause_dropped_removes_one_stretch_and_leaves_the_rest_as_it_was():
    reference = ("Wie andere Experten  zeigte er sich skeptisch, ob es möglich sei, Diabetes zu "
                 "heilen, und wies darauf hin, dass die Befunde für Kranke keine Bedeutung haben.")
    seen = set()
    for seed in range(30):
        change = apply("clause-dropped", "x", reference, "de", seed)
        assert change is not None
        seen.add(change.perturbed)
        kept, full = words(change.perturbed), words(reference)
        cut = next(i for i, (a, b) in enumerate(zip([*kept, ""], full, strict=False)) if a != b)
        tail = full[len(full) - (len(kept) - cut):]
        assert kept == full[:cut] + tail
        assert "  zeigte" in change.perturbed  # the double space elsewhere stays
        assert ",," not in change.perturbed and ", ," not in change.perturbed
    assert len(seen) > 1


def test_clause_dropped_into_english():
    reference = "The minister spoke on Monday in Berlin, and the opposition sharply criticised "\
        "his plans."
    change = apply("clause-dropped", "x", reference, "en", source_lang="de")
    assert change is not None and change.perturbed == "The minister spoke on Monday in Berlin."


def test_clause_dropped_skips_short_clauses_and_stops_at_quotes():
    assert apply("clause-dropped", "Yes, he said.", "Ja, sagte er.", "de") is None
    change = apply("clause-dropped", "x", "„Wir haben Mäuse, die krank waren und jetzt keine "
                   "Symptome mehr zeigen“, sagte er.", "de")
    assert change is not None
    assert change.perturbed == "„Wir haben Mäuse, die krank waren“, sagte er."


# --- untranslated ---------------------------------------------------------------

def test_untranslated_leaves_the_reference_in_english():
    source = "The minister resigned on Monday."
    change = apply("untranslated", source, "Der Minister trat am Montag zurück.", "de")
    assert change is not None and change.perturbed == source


def test_untranslated_into_english_leaves_the_source_language():
    source = "Der Minister trat am Montag zurück."
    change = apply("untranslated", source, "The minister resigned on Monday.", "en",
                   source_lang="de")
    assert change is not None and change.perturbed == source and "'de'" in change.what


def test_untranslated_can_leave_the_last_of_two_sentences():
    source = "The minister resigned. His party was shocked by the news."
    reference = "Der Minister trat zurück. Seine Partei war schockiert."
    variants = {apply("untranslated", source, reference, "de", seed).perturbed
                for seed in range(20)}
    assert variants == {source, "Der Minister trat zurück. His party was shocked by the news."}


def test_untranslated_does_not_split_after_an_initial():
    assert cs.sentences("He worked for John F. Kennedy. Then he left.") == \
        ["He worked for John F. Kennedy. ", "Then he left."]


def test_untranslated_skips_a_reference_that_already_reads_like_the_source():
    assert apply("untranslated", "Donald Trump", "Donald Trump", "de") is None
    assert apply("untranslated", "2024", "2024.", "fr") is None


# --- quote moved ----------------------------------------------------------------

@pytest.mark.parametrize(("lang", "reference", "opening", "closing"), [
    ("de", "Der Sprecher sagte am Montag: „Wir werden gewinnen“.", "„", "“"),
    ("fr", "Le porte-parole a dit lundi : «\u00a0Nous gagnerons\u00a0».", "«\u00a0", "\u00a0»"),
    ("it", "Il portavoce ha detto lunedì: \"Vinceremo noi\".", "\"", "\""),
])
def test_quote_moved_puts_the_marks_on_other_words(lang, reference, opening, closing):
    change = apply("quote-moved", 'The spokesman said on Monday: "We will win."', reference, lang)
    assert change is not None
    moved = re.search(re.escape(opening) + r"(.+?)" + re.escape(closing), change.perturbed)
    assert moved is not None
    original = re.search(re.escape(opening) + r"(.+?)" + re.escape(closing), reference)
    assert original is not None and moved.group(1) != original.group(1)
    assert not set(words(moved.group(1))) & set(words(original.group(1)))
    # Only the marks moved: the words are the same, in the same order.
    assert words(change.perturbed) == words(reference)


@pytest.mark.parametrize(("lang", "source"), [
    ("de", "Der Sprecher sagte am Montag: „Wir werden gewinnen“."),
    ("fr", "Le porte-parole a dit lundi : «\u00a0Nous gagnerons\u00a0»."),
    ("es", "El portavoz dijo el lunes: «Ganaremos»."),
])
def test_quote_moved_into_english_reads_the_quotation_marks_of_the_source(lang, source):
    reference = 'The spokesman said on Monday: "We will win".'
    change = apply("quote-moved", source, reference, "en", source_lang=lang)
    assert change is not None and words(change.perturbed) == words(reference)
    assert '"We will win"' not in change.perturbed
    assert apply("quote-moved", "Er sagte, sie gewinnen.", reference, "en",
                 source_lang=lang) is None


def test_quote_moved_needs_a_quotation_in_both():
    assert apply("quote-moved", "He said we will win.", "Er sagte: „Wir gewinnen“.", "de") is None
    assert apply("quote-moved", 'He said: "We win."', "Er sagte, sie gewinnen.", "de") is None


# --- all classes ----------------------------------------------------------------

PAIRS = [
    (0, 'The minister did not confirm the 4,400 figures from 2011, Emma Stone said: '
        '"We will win the case in court."',
     "Der Minister hat die 4\u00a0400 Zahlen aus 2011 nicht bestätigt, sagte Emma Stone, "
     "und fügte hinzu: „Wir werden den Fall vor Gericht gewinnen“."),
    (1, "Prices rose.", "Die Preise stiegen."),
]


def test_every_class_applies_to_a_rich_pair_and_records_the_change():
    items, skipped = cs.generate(PAIRS[:1], "de", seed=3)
    assert sorted(i.klass for i in items) == sorted(cs.PERTURBATIONS)
    for item in items:
        assert item.perturbed != item.original and item.what and item.lang == "de"
    assert not skipped


def test_generate_counts_skips_and_is_deterministic():
    first = cs.generate(PAIRS, "de", seed=5)
    assert first == cs.generate(PAIRS, "de", seed=5)
    # An item depends on its pair and the seed only, not on what else is generated.
    reordered, _ = cs.generate(list(reversed(PAIRS)), "de", seed=5)
    assert sorted(reordered, key=lambda i: (i.index, i.klass)) == \
        sorted(first[0], key=lambda i: (i.index, i.klass))
    alone, _ = cs.generate(PAIRS[:1], "de", seed=5, classes=["number-changed"])
    assert alone == [i for i in first[0] if i.klass == "number-changed"]
    assert first[1]["negation-dropped"] == 1 and first[1]["number-changed"] == 1
    seeds = {tuple(i.perturbed for i in cs.generate(PAIRS, "de", seed=s)[0]) for s in range(8)}
    assert len(seeds) > 1


def test_generate_normalises_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Er hat die Straße nicht überquert, weil es "
                                              "2011 regnete.")
    items, _ = cs.generate([(0, "He did not cross the road in 2011.", decomposed)], "de")
    assert items
    for item in items:
        assert unicodedata.is_normalized("NFC", item.original)
        assert unicodedata.is_normalized("NFC", item.perturbed)
    negation = next(i for i in items if i.klass == "negation-dropped")
    assert negation.perturbed == unicodedata.normalize(
        "NFC", "Er hat die Straße überquert, weil es 2011 regnete.")


def test_generate_into_english_records_the_direction():
    pairs = [(0, "Der Minister hat die 4\u00a0400 Zahlen aus 2011 nicht bestätigt, sagte er, "
                 "und fügte hinzu: „Wir werden den Fall vor Gericht gewinnen“.",
              'The minister did not confirm the 4,400 figures from 2011, he said, and added: '
              '"We will win the case in court."')]
    items, skipped = cs.generate(pairs, "en", seed=1, source_lang="de")
    assert sorted(i.klass for i in items) == sorted(set(cs.PERTURBATIONS) - {"name-translated"})
    assert skipped["name-translated"] == 1
    assert {(i.lang, i.source_lang) for i in items} == {("en", "de")}
    assert cs.directions(["fr"], into_english=True) == [("en", "fr"), ("fr", "en")]
    assert cs.directions(["fr"], into_english=False) == [("en", "fr")]


def test_every_class_says_what_it_does():
    for name, func in cs.PERTURBATIONS.items():
        assert func.__doc__ and len(func.__doc__.split()) >= 10, name


def test_a_new_class_is_one_registered_function():
    @cs.perturbation("shouted")
    def shouted(source, reference, lang, rng, source_lang="en"):
        """The reference in capitals (an example class for this test only)."""
        return cs.Change(reference.upper(), "upper case") if reference.islower() else None

    try:
        items, skipped = cs.generate(PAIRS, "de", classes=["shouted"])
        assert items == [] and skipped["shouted"] == 2
        items, _ = cs.generate([(7, "x", "klein")], "de", classes=["shouted"])
        assert [(i.klass, i.perturbed, i.what) for i in items] == [("shouted", "KLEIN",
                                                                    "upper case")]
    finally:
        del cs.PERTURBATIONS["shouted"]


def test_unknown_class_is_an_error():
    with pytest.raises(ValueError, match="unknown class"):
        cs.generate(PAIRS, "de", classes=["typo"])


ODD = ["", " ", "\u00a0", "\n\n", "\"", "„“", "«»", "''", ",,,", "0", "1.000.000.000.", "n'",
       "ne", "nicht", "a" * 5000, ("word, " * 2000) + "und " * 500, "🙂 \u200b \u0301",
       "\"a\" \"b\" \"c\"", "„„„“““", "1\u00a0\u00a0000", "No. 5", "x\x00y", "«\u202f»"]


@pytest.mark.parametrize("odd", ODD, ids=range(len(ODD)))
@pytest.mark.parametrize(("source_lang", "lang"),
                         [*(("en", t) for t in cs.TARGETS), ("en", "xx"), ("de", "en"),
                          ("fr", "en"), ("xx", "en")])
def test_odd_input_never_crashes(odd, source_lang, lang):
    for name in cs.PERTURBATIONS:
        for source in (odd, 'He did not say "4,400 or 2011", Stone said, and left.'):
            change = apply(name, source, odd, lang, source_lang=source_lang)
            assert change is None or isinstance(change.perturbed, str)
            change = apply(name, odd, source, lang, source_lang=source_lang)
            assert change is None or isinstance(change.perturbed, str)


def _generating(lang: str, source: str, reference: str):
    """``make`` for ``assert_not_quadratic``: generating from the pair repeated n times."""
    def make(n: int):
        pair = (0, source * n, reference * n)
        return lambda: cs.generate([pair], lang)
    return make


@pytest.mark.parametrize(("lang", "source", "reference"), [
    ("es", "He did not go. ", "No fue, nada. "),
    ("de", "Emma Stone and Gordon Brown met. ", "Emma Stone traf Gordon Brown. "),
    ("nl", "J. F. K. Kennedy. ", "J. F. K. Kennedy is. "),
    ("fr", '"Yes." ', "« Oui »  "),
    ("it", "1, 2, 3, ", "1, 2, e 3, "),
])
def test_huge_repetitive_input_stays_linear(lang, source, reference):
    assert_not_quadratic(_generating(lang, source, reference), n=2_500)


def test_long_input_stays_linear():
    reference = "Er sagte nicht, dass 4\u00a0400 Menschen kamen, und „sie gingen“ wieder. "
    source = 'He did not say that 4,400 people came, and "they left" again. '
    assert_not_quadratic(_generating("de", source, reference), n=750)


# --- the benchmark on real data -------------------------------------------------

def test_benchmark_runs_on_a_few_flores_items():
    require()
    result = checks_challenge.evaluate(cs.flores_pairs("de", 40), "de", seed=0, per_class=5,
                                       examples=1)
    classes = result["classes"]
    assert set(classes) == set(cs.PERTURBATIONS)
    assert classes["untranslated"]["items"] == 5
    assert 0 <= classes["untranslated"]["flagged"] <= 5
    assert result["references"]["segments"] == 40
    for row in classes.values():
        assert row["items"] + row["skipped"] >= 5 or row["items"] <= 5
        assert row["flagged"] == 0 or row["by_check"]


def test_benchmark_prints_json(capsys):
    require()
    assert checks_challenge.main(["--json", "--lang", "fr", "--limit", "15",
                                  "--per-class", "2"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert list(figures["sets"]) == ["fr"]
    assert figures["sets"]["fr"]["references"]["segments"] == 15
    assert set(figures["all"]) == set(cs.PERTURBATIONS)


def test_benchmark_runs_into_english(capsys):
    require()
    assert checks_challenge.main(["--json", "--lang", "nl", "--into-english", "--limit", "15",
                                  "--per-class", "2"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert list(figures["sets"]) == ["nl", "nl-en"]
    into_english = figures["sets"]["nl-en"]
    assert into_english["references"]["segments"] == 15
    assert into_english["classes"]["untranslated"]["items"] == 2
    assert into_english["classes"]["name-translated"]["items"] == 0


def test_benchmark_rejects_bad_limits():
    with pytest.raises(SystemExit):
        checks_challenge.main(["--limit", "0"])
