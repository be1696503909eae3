"""Glossary loading (CSV, TSV, TBX) and term lookup."""

from pathlib import Path

import pytest

from copydesk.errors import EncodingError, InputError
from copydesk.glossary import Glossary, Term, TermType, find_term, load
from tests.fixtures.shared_data import SHARED_DATA, needs_shared_data

TBX = SHARED_DATA / "interop" / "okapi" / "tbx"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_header_reads_types_notes_and_case(tmp_path):
    path = write(tmp_path, "terms.csv", "source,target,type,note,case\n"
                 "tariff,Zoll,preferred,trade,\ntariff,Tarif,forbidden,,\n"
                 "Alibaba,Alibaba,dnt,brand,\nAI,KI,preferred,,sensitive\n")
    glossary = load(path, "en", "de")
    assert glossary.target_terms("tariff") == ["Zoll"]
    forbidden = glossary.forbidden("en", "de")
    assert [(t.target, t.replacements) for t in forbidden] == [("Tarif", ("Zoll",))]
    dnt = [t for t in glossary.terms if t.type is TermType.DNT]
    assert dnt[0].case_sensitive and dnt[0].note == "brand"
    assert next(t for t in glossary.terms if t.source == "AI").case_sensitive


@needs_shared_data
def test_two_column_csv_without_header_is_trimmed():
    glossary = load(TBX / "test01.csv", "en", "de")
    assert glossary.target_terms("source 2") == ["target 2"]
    assert glossary.target_terms("source 3") == ["target 3"]


def test_language_header_names_the_pair(tmp_path):
    glossary = load(write(tmp_path, "t.csv", "en,de\nsupply chain,Lieferkette\n"))
    assert glossary.entries_for("en", "de")[0].target == "Lieferkette"


def test_tsv_reads_tabs(tmp_path):
    glossary = load(write(tmp_path, "t.tsv", "source\ttarget\nretailer\tHändler\n"), "en", "de")
    assert glossary.target_terms("retailer") == ["Händler"]


@pytest.mark.parametrize("text, words", [
    ("source,note\nx,y\n", "'source' or 'target'"),
    ("a,b,c\n1,2,3\n", "header"),
    ("", "empty"),
    ("source,target,type\nx,y,banned\n", "unknown type"),
])
def test_bad_csv_gets_a_clear_error(tmp_path, text, words):
    with pytest.raises(InputError, match=words):
        load(write(tmp_path, "bad.csv", text), "en", "de")


def test_csv_without_languages_asks_for_them(tmp_path):
    with pytest.raises(InputError, match="source_lang and target_lang"):
        load(write(tmp_path, "t.csv", "source,target\nx,y\n"))


def test_binary_csv_is_refused(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"source,target\n\xff\xfe\x00x,\x9cy\n")
    with pytest.raises(EncodingError):
        load(path, "en", "de")


def test_not_xml_and_not_tbx_are_refused(tmp_path):
    with pytest.raises(InputError, match="not well-formed XML"):
        load(write(tmp_path, "t.tbx", "source,target\n"))
    with pytest.raises(InputError, match="not TBX"):
        load(write(tmp_path, "t.tbx", "<html><body/></html>"))


def test_missing_file_and_unknown_extension(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="Unknown glossary format"):
        load(write(tmp_path, "t.docx", "x"))


@needs_shared_data
def test_tbx_without_the_pair_is_refused():
    with pytest.raises(InputError, match="no terms for en->de"):
        load(TBX / "ibm_tbx.tbx", "en", "de")


@needs_shared_data
def test_ibm_tbx_gives_english_french_terms():
    glossary = load(TBX / "ibm_tbx.tbx", "en", "fr")
    assert glossary.target_terms("navigation trail") == ["historique de navigation"]


@needs_shared_data
def test_medtronic_deprecated_terms_become_forbidden():
    glossary = load(TBX / "medtronic_TBX.tbx")
    forbidden = {t.target for t in glossary.forbidden("fr", "en")}
    assert {"audible notification", "wireless alert"} <= forbidden
    replacements = {t.target: t.replacements for t in glossary.forbidden("fr", "en")}
    assert "audible alert" in replacements["audible notification"]


@needs_shared_data
def test_lisa_samples_load_all_pairs():
    assert ("fr", "it") in load(TBX / "maryland.tbx").pairs()
    assert "Entidade de Supervisão de Província" in load(TBX / "oracle_TBX.tbx", "en", "pt") \
        .target_terms("Provincial Reporting Establishment")
    assert load(TBX / "test02_win1254.tbx", "en", "tr").terms[0].target == \
        "tr term with: éá and İı"


def test_tbx_v3_with_do_not_translate_marker(tmp_path):
    path = write(tmp_path, "v3.tbx", """<?xml version="1.0"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" xml:lang="en"><text><body>
<conceptEntry id="c1"><descrip type="definition">do not translate</descrip>
 <langSec xml:lang="en"><termSec><term>FashionUnited</term></termSec></langSec>
 <langSec xml:lang="de"><termSec><term>FashionUnited</term></termSec></langSec></conceptEntry>
<conceptEntry id="c2"><langSec xml:lang="en"><termSec><term>retailer</term></termSec></langSec>
 <langSec xml:lang="de"><termSec><term>Händler</term>
 <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
 <termSec><term>Retailer</term>
 <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec>
 </langSec></conceptEntry></body></text></tbx>""")
    glossary = load(path, "en", "de")
    kinds = {(t.source, t.target, t.type) for t in glossary.terms}
    assert ("FashionUnited", "FashionUnited", TermType.DNT) in kinds
    assert ("retailer", "Händler", TermType.PREFERRED) in kinds
    assert ("retailer", "Retailer", TermType.FORBIDDEN) in kinds


@pytest.mark.parametrize("text", ["die Zölle", "den Zöllen", "des Zolls", "Zoll-Streit"])
def test_german_inflection_is_tolerated(text):
    assert find_term(text, "Zoll", "de", case_sensitive=False)


@pytest.mark.parametrize("text", ["Zollbehörde", "Atoll"])
def test_other_words_are_not_matches(text):
    assert not find_term(text, "Zoll", "de", case_sensitive=False)


def test_find_in_source_prefers_the_longest_term():
    glossary = Glossary([
        Term("supply", "Angebot", TermType.PREFERRED, "en", "de"),
        Term("supply chain", "Lieferkette", TermType.PREFERRED, "en", "de"),
        Term("Apple", "Apple", TermType.DNT, "en", "de", case_sensitive=True),
    ])
    matches = glossary.find_in_source("Apple's supply chains and apple pie.", "en", "de")
    assert [(m.text, m.term.target) for m in matches] == [
        ("Apple's", "Apple"), ("supply chains", "Lieferkette")]


def test_target_terms_can_be_restricted_to_a_pair():
    glossary = Glossary([Term("tariff", "Zoll", TermType.PREFERRED, "en", "de"),
                         Term("tariff", "droit de douane", TermType.PREFERRED, "en", "fr")])
    assert glossary.target_terms("Tariff", "en", "de") == ["Zoll"]
    assert glossary.target_terms("tariff") == ["Zoll", "droit de douane"]


@pytest.mark.parametrize(("name", "data"), [
    ("huge.csv", 'source,target\nx,"' + "y" * 2_000_000 + '"\n'),
    ("unclosed.csv", 'source,target\nx,"never closed\n' + "z" * 200_000 + "\n"),
    ("long.csv", "source,target\nx," + "y" * 3000 + "\n"),
    ("long-note.tsv", "source\ttarget\tnote\nx\ty\t" + "n" * 5000 + "\n"),
    ("nul.csv", "source,target\nx,y\x00z\n"),
])
def test_broken_csv_glossaries_are_refused_clearly(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(data, encoding="utf-8")
    with pytest.raises(InputError, match=r"Glossary .*line \d+") as refused:
        load(path, "en", "de")
    assert len(str(refused.value)) < 300
